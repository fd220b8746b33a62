"""Agents' vault pages in the tenant's Wagtail admin (R-DLNUF-2).

- `/admin/coffre/usager/<user_id>/`: a citizen's pieces kept by this tenant (audited read),
  linked from the agent's 360° view.
- `/admin/coffre/<piece_id>/verifier/` (POST): mark a piece of this tenant as checked.
- `/admin/coffre/<piece_id>/fichier/`: open the piece's file (audited).

The current tenant's agents only (403 otherwise); a piece of another tenant is a 404,
and the attempt is audited.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guichet.roles import api as roles_api

from . import api, services
from .models import VaultPiece
from .views import file_response


def _agent_only(request: HttpRequest) -> HttpResponse | None:
    tenant = getattr(request, "tenant", None)
    if tenant is None or tenant.kind not in ("epci", "commune"):
        raise Http404
    if not roles_api.is_tenant_agent(request.user):
        return render(request, "vault/admin/forbidden.html", status=403)
    return None


def _refused(request: HttpRequest, piece_id: int, why: str) -> Http404:
    with transaction.atomic():
        services.record_refusal(actor=request.user, schema=services.current_schema(), piece_id=piece_id, why=why)
    return Http404()


def citizen_pieces(request: HttpRequest, user_id: int) -> HttpResponse:
    denied = _agent_only(request)
    if denied is not None:
        return denied
    # Only a citizen with pieces kept in this tenant: the account table is global, and an agent
    # must not learn the name of a person who has nothing here (another commune's citizen).
    pieces = api.pieces_in_schema(user_id=user_id)
    citizen = get_user_model().objects.filter(pk=user_id).first() if pieces else None
    if citizen is None:
        with transaction.atomic():
            services.record_citizen_refusal(agent=request.user, user_id=user_id)
        raise Http404
    with transaction.atomic():
        services.record_agent_read(agent=request.user, user_id=user_id, count=len(pieces))
    return render(
        request,
        "vault/admin/citizen.html",
        {
            "citizen_label": f"{citizen.first_name} {citizen.last_name}".strip() or citizen.email,
            "citizen_email": citizen.email,
            "pieces": pieces,
            "user_id": user_id,
        },
    )


@require_POST
def mark_checked(request: HttpRequest, piece_id: int) -> HttpResponse:
    denied = _agent_only(request)
    if denied is not None:
        return denied
    owner_id = VaultPiece.objects.filter(pk=piece_id).values_list("owner_id", flat=True).first()
    if owner_id is None:
        raise _refused(request, piece_id, "check_not_here")
    try:
        services.mark_checked(agent=request.user, piece_id=piece_id)
    except services.VaultError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("La pièce est marquée comme vérifiée."))
    return HttpResponseRedirect(reverse("vault_admin:citizen", kwargs={"user_id": owner_id}))


def piece_file(request: HttpRequest, piece_id: int) -> Any:
    denied = _agent_only(request)
    if denied is not None:
        return denied
    piece = VaultPiece.objects.filter(pk=piece_id).values("path", "original_name", "owner_id").first()
    if piece is None:
        raise _refused(request, piece_id, "file_not_here")
    with transaction.atomic():
        services.record_file_read(agent=request.user, piece_id=piece_id, owner_id=piece["owner_id"])
    return file_response(piece["path"], piece["original_name"])
