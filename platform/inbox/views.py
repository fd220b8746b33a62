"""The inbound-mail webhook: `POST /courriels-entrants/<token>/` with the raw RFC 822 message
as the body (Content-Type: message/rfc822), for a mail provider that pushes instead of
being polled.

- 404 when the token is not this tenant's or the webhook is disabled (constant-time
  comparison; the refusal is logged and audited), 405 for any other method, 415 for another
  content type, 413 beyond `GUICHET_INBOX_MAX_BYTES` (20 MB by default), 422 when the bytes
  are not an email; 201 with the item's id when stored, 200 when already stored.
- CSRF-exempt: the token in the URL is the credential.
"""

from __future__ import annotations

import hmac

from django.http import Http404, HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from . import lookups, services

ACCEPTED_TYPES = ("message/rfc822", "application/octet-stream")


def _remote(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", ""))[:64]


@csrf_exempt
@require_http_methods(["POST"])
def webhook(request: HttpRequest, token: str) -> JsonResponse:
    tenant = getattr(request, "tenant", None)
    if tenant is None or getattr(tenant, "kind", "") not in ("epci", "commune"):
        raise Http404
    if services.webhook_refusals_exceeded(_remote(request)):
        return JsonResponse({"error": "Trop de tentatives refusées : réessayez plus tard."}, status=429)
    row = lookups.mailbox_settings()
    expected = row.webhook_token if row is not None else ""
    valid = hmac.compare_digest(token.encode(), expected.encode()) if expected else False
    if not (valid and row is not None and row.webhook_enabled):
        services.record_webhook_refusal(reason="token" if not valid else "disabled", remote=_remote(request))
        raise Http404
    limit = services.max_message_bytes()
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > limit:
        return JsonResponse({"error": "Message trop volumineux."}, status=413)
    raw = request.read(limit + 1)
    if len(raw) > limit:
        return JsonResponse({"error": "Message trop volumineux."}, status=413)
    content_type = (request.content_type or "").lower()
    if raw.strip() and content_type not in ACCEPTED_TYPES:
        return JsonResponse({"error": "Content-Type attendu : message/rfc822."}, status=415)
    outcome = services.ingest_with_outcome(raw, source="webhook")
    if outcome.item is not None:
        return JsonResponse({"status": "created", "id": outcome.item.pk}, status=201)
    if outcome.existing_id is not None:
        return JsonResponse({"status": "duplicate", "id": outcome.existing_id}, status=200)
    return JsonResponse({"error": "Ce contenu n'est pas un courriel lisible."}, status=422)
