"""Writes of the catalogue: publishing a form version, a commune's settings for a shared
service, the starter catalogue. One transaction each, an audit row, caches dropped on commit."""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from guichet.audit import api as audit

from .models import Draft, DraftStatus, FormVersion, Service, SharedServiceSetting
from .schema import build_schema

# Tenant-scoped keys (django-tenants' key function): "local" holds the schema's own live
# services, "shared" (in a commune's namespace) its EPCI's live shared services, "settings"
# the commune's choices about them.
SHARED_CACHE_KEY = "catalogue:shared"
LOCAL_CACHE_KEY = "catalogue:local"
SETTINGS_CACHE_KEY = "catalogue:settings"


def forget_catalogue() -> None:
    """Drop the cached catalogue of the current schema and, for an EPCI, of its members
    (they cache its shared services in their own namespace)."""
    from django_tenants.utils import schema_context

    from tenants import api as tenants_api

    forget_catalogue_here()
    for schema in tenants_api.member_schemas(str(getattr(connection, "schema_name", ""))):
        with schema_context(schema):
            forget_catalogue_here()


def _forget_on_commit() -> None:
    """Drop the caches once the transaction commits, in the schema of the write (the
    callback may run after the connection has moved on to another schema)."""
    from django_tenants.utils import schema_context

    schema = str(getattr(connection, "schema_name", ""))

    def forget() -> None:
        with schema_context(schema):
            forget_catalogue()

    transaction.on_commit(forget)


def forget_catalogue_here() -> None:
    """Drop the cached catalogue of the current schema only (no database access)."""
    cache.delete_many([SHARED_CACHE_KEY, LOCAL_CACHE_KEY, SETTINGS_CACHE_KEY])


def record_version(service: Service, *, actor: Any = None) -> FormVersion:
    """Freeze the service as published now. A new version only when something changed."""
    with transaction.atomic():
        Service.objects.select_for_update().filter(pk=service.pk).first()
        schema = build_schema(service.form, first_page_title=_("Votre demande"))
        settings = service.legal_settings()
        latest = service.versions.order_by("-number").first()
        if latest is not None and latest.schema == schema and latest.settings == settings:
            version = latest
        else:
            version = FormVersion.objects.create(
                service=service, number=(latest.number + 1) if latest else 1, schema=schema, settings=settings
            )
            audit.record(
                "service.version_published",
                actor=actor,
                target_type="service",
                target_id=service.pk,
                data={"slug": service.slug, "version": version.number},
            )
        _forget_on_commit()
    return version


def publish_service(service: Service, *, actor: Any = None) -> FormVersion:
    """Validate, save a revision and publish it (as the admin's "Publier" does)."""
    service.full_clean()
    with transaction.atomic():
        if service.pk is None:
            service.live = False
            service.save()
        revision = service.save_revision(user=actor)
        revision.publish(user=actor)  # the `published` signal records the version
    return service.versions.order_by("-number").first()  # type: ignore[return-value]


def save_shared_setting(
    *,
    service_key: str,
    enabled: bool,
    local_title: str = "",
    local_summary: str = "",
    local_contact: str = "",
    actor: Any = None,
) -> SharedServiceSetting:
    """A commune's choices for one of its EPCI's shared services (current schema = the commune)."""
    if getattr(connection, "tenant", None) is not None and connection.tenant.kind != "commune":  # type: ignore[attr-defined]
        raise ValidationError(_("Seule une commune règle les démarches que son EPCI partage."))
    with transaction.atomic():
        setting, _created = SharedServiceSetting.objects.update_or_create(
            service_key=service_key,
            defaults={
                "enabled": enabled,
                "local_title": local_title.strip(),
                "local_summary": local_summary.strip(),
                "local_contact": local_contact.strip(),
            },
        )
        audit.record(
            "service.shared_setting_changed",
            actor=actor,
            target_type="shared_service",
            target_id=service_key,
            data={"enabled": enabled, "local_title": setting.local_title},
        )
        _forget_on_commit()
    return setting


def seed_starter_catalogue(scope: str) -> list[str]:
    """Create and publish the starter services of `scope` ("commune" or "epci") in the
    current schema, skipping slugs that already exist. Returns the slugs created."""
    from django.db.models.signals import post_save
    from wagtail.search.backends import get_search_backend
    from wagtail.search.signal_handlers import post_save_signal_handler
    from wagtail.signal_handlers import disable_reference_index_auto_update

    from .starter import starter_services

    created: list[Service] = []
    existing = set(Service.objects.values_list("slug", flat=True))
    # Provisioning speed: the starter services reference nothing (no reference index to
    # update) and are indexed for the admin's search in one pass at the end, instead of
    # once per save of each object and revision.
    post_save.disconnect(post_save_signal_handler, sender=Service)
    try:
        with disable_reference_index_auto_update(), transaction.atomic():
            for data in starter_services(scope):
                if data["slug"] in existing:
                    continue
                values = {k: v for k, v in data.items() if k not in ("scope", "form")}
                service = Service(**values)
                service.form = data["form"]  # type: ignore[assignment]
                publish_service(service)
                created.append(service)
            if created:
                get_search_backend().add_bulk(Service, created)
    finally:
        post_save.connect(post_save_signal_handler, sender=Service)
    return [s.slug for s in created]


def forget_catalogue_on_commit() -> None:
    _forget_on_commit()


# --- Drafts (cross-channel: online, at the counter, on another device) -------------------------

# No I, L, O, 0, 1: a code read aloud or copied from a screen is never ambiguous.
RESUME_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
RESUME_LENGTH = 8
DRAFTS_FOLDER = "brouillons"
# Failed code attempts an agent may make in the window (tenant-scoped cache key).
RESUME_MAX_FAILURES = 10
RESUME_WINDOW_SECONDS = 15 * 60
ORIGINAL_MAX_BYTES = 15 * 1024 * 1024
ORIGINAL_TYPES = {"pdf": "application/pdf", "jpeg": "image/jpeg", "png": "image/png", "eml": "message/rfc822"}


UNKNOWN_CHANNEL = gettext_lazy("Canal inconnu : choisissez guichet, téléphone, courrier, courriel ou réseau social.")


class DraftError(ValidationError):
    """A refused action on a draft, with a French message for the person who tried it."""


def draft_days() -> int:
    return int(getattr(settings, "GUICHET_DRAFT_DAYS", 30))


def draft_warning_days() -> int:
    return int(getattr(settings, "GUICHET_DRAFT_WARNING_DAYS", 7))


def normalise_code(text: str) -> str | None:
    """ "abcd-efgh", "ABCD EFGH" → "ABCDEFGH"; None when it cannot be a resume code."""
    code = "".join(c for c in str(text or "").upper() if c not in " -\t")
    if len(code) != RESUME_LENGTH or any(c not in RESUME_ALPHABET for c in code):
        return None
    return code


def _new_code() -> str:
    while True:
        code = "".join(secrets.choice(RESUME_ALPHABET) for _i in range(RESUME_LENGTH))
        if not Draft.objects.filter(code=code).exists():
            return code


def _draft_audit(action: str, draft: Draft | None, *, actor: Any = None, **data: Any) -> None:
    audit.record(action, actor=actor, target_type="draft", target_id=draft.pk if draft else "", data=data)


def record_draft_refusal(*, actor: Any, draft_id: int, action: str) -> None:
    """A draft was asked for by someone it does not belong to (another citizen, session or agent)."""
    audit.record("drafts.access_refused", actor=actor, target_type="draft", target_id=draft_id, data={"action": action})


def _expiry(now: dt.datetime) -> dt.datetime:
    return now + dt.timedelta(days=draft_days())


def _keys_of(schema: dict[str, Any]) -> set[str]:
    return {i["key"] for p in schema["pages"] for i in p["items"] if "key" in i}


def _file_paths(answers: dict[str, Any]) -> list[str]:
    return [v["path"] for v in answers.values() if isinstance(v, dict) and isinstance(v.get("path"), str)]


def _delete_files_on_commit(paths: list[str]) -> None:
    schema = str(getattr(connection, "schema_name", ""))

    def delete() -> None:
        from django_tenants.utils import schema_context

        with schema_context(schema):
            for path in paths:
                if path:
                    storages["private"].delete(path)

    transaction.on_commit(delete)


def create_draft(
    *,
    service: Any,
    owner: Any = None,
    session_key: str = "",
    agent: Any = None,
    channel: str = "",
    answers: dict[str, Any] | None = None,
) -> Draft:
    """A new active draft of `service` (a `api.ServiceDetail`) in the current schema."""
    now = timezone.now()
    with transaction.atomic():
        draft = Draft.objects.create(
            service_key=service.entry.key,
            service_slug=service.entry.slug,
            service_title=service.entry.title[:150],
            version_id=service.version_id,
            answers=answers or {},
            owner=owner if getattr(owner, "is_authenticated", False) else None,
            session_key="" if getattr(owner, "is_authenticated", False) else session_key[:40],
            code=_new_code(),
            created_at=now,
            updated_at=now,
            expires_at=_expiry(now),
            agent=agent,
            channel=channel,
        )
        _draft_audit("drafts.created", draft, actor=agent or draft.owner, service=draft.service_slug, channel=channel)
    return draft


def refresh_draft_version(draft: Draft, service: Any) -> bool:
    """Move a draft to the service's current version, keeping the answers to questions that
    still exist. True when the version changed."""
    if draft.version_id == service.version_id:
        return False
    keys = _keys_of(service.schema)
    kept = {k: v for k, v in draft.answers.items() if k in keys}
    dropped = _file_paths({k: v for k, v in draft.answers.items() if k not in keys})
    with transaction.atomic():
        draft.version_id = service.version_id
        draft.answers = kept
        draft.save(update_fields=["version_id", "answers"])
        _delete_files_on_commit(dropped)
    return True


def store_draft_upload(upload: Any, kind: str) -> dict[str, Any]:
    """A checked file answer, kept in the tenant's private storage until the draft is sent."""
    extension = {"jpeg": "jpg"}.get(kind, kind)
    name = storages["private"].save(f"{DRAFTS_FOLDER}/{uuid.uuid4().hex}.{extension}", upload)
    return {"name": upload.name[:150], "path": name, "size": upload.size, "type": kind}


def save_draft_answers(draft: Draft, answers: dict[str, Any]) -> Draft:
    """Keep the answers; the draft lives GUICHET_DRAFT_DAYS more from now (a new warning later)."""
    now = timezone.now()
    replaced = [p for p in _file_paths(draft.answers) if p not in set(_file_paths(answers))]
    with transaction.atomic():
        locked = Draft.objects.select_for_update().get(pk=draft.pk)
        if locked.status != DraftStatus.ACTIVE:
            raise DraftError(_("Ce brouillon a déjà été envoyé ou a expiré."))
        locked.answers = answers
        locked.updated_at = now
        locked.expires_at = _expiry(now)
        locked.warned_at = None
        locked.save(update_fields=["answers", "updated_at", "expires_at", "warned_at"])
        _delete_files_on_commit(replaced)
    return locked


def adopt_draft(draft: Draft, user: Any) -> Draft:
    """An anonymous visitor signed in: their draft now belongs to their account."""
    with transaction.atomic():
        Draft.objects.filter(pk=draft.pk, owner__isnull=True).update(owner=user, session_key="")
        draft.refresh_from_db()
        _draft_audit("drafts.adopted", draft, actor=user)
    return draft


def delete_draft(*, draft_id: int, user: Any) -> None:
    """The owner deletes their draft and its files; anybody else is refused (and logged)."""
    with transaction.atomic():
        draft = Draft.objects.select_for_update().filter(pk=draft_id, status=DraftStatus.ACTIVE).first()
        if draft is None or draft.owner_id is None or draft.owner_id != getattr(user, "pk", None):
            _draft_audit("drafts.access_refused", None, actor=user, draft_id=str(draft_id)[:20], attempt="delete")
            draft = None
        else:
            paths = _file_paths(draft.answers) + ([draft.original_path] if draft.original_path else [])
            _draft_audit("drafts.deleted", draft, actor=user, service=draft.service_slug)
            draft.delete()
            _delete_files_on_commit(paths)
    if draft is None:
        raise DraftError(_("Ce brouillon est introuvable."))


def agent_drafts(agent: Any) -> list[Draft]:
    """The requests this agent started for citizens and has not sent yet (current schema)."""
    return list(
        Draft.objects.filter(
            agent_id=getattr(agent, "pk", None), status=DraftStatus.ACTIVE, expires_at__gt=timezone.now()
        ).select_related("owner")
    )


def _failures_key(agent: Any) -> str:
    return f"drafts:resume-failures:{getattr(agent, 'pk', 0)}"


def open_draft_with_code(*, code: str, agent: Any) -> Draft:
    """An agent of this tenant opens a citizen's draft with its resume code. A malformed, unknown
    (another commune's drafts live in another schema), expired or already sent code gets the same
    neutral message; each refusal is logged with its reason; failures are throttled per agent."""
    from guichet.roles import api as roles_api

    if not roles_api.is_tenant_agent(agent):
        _draft_audit("drafts.resume_refused", None, actor=agent, reason="not_agent")
        raise DraftError(_("Seuls les agents de la collectivité peuvent reprendre un brouillon."), code="not_agent")
    key = _failures_key(agent)
    failures = int(cache.get(key) or 0)
    if failures >= RESUME_MAX_FAILURES:
        _draft_audit("drafts.resume_refused", None, actor=agent, reason="throttled")
        raise DraftError(
            _("Trop de codes erronés : réessayez dans 15 minutes, ou demandez à l'usager de vérifier son code."),
            code="throttled",
        )
    normalised = normalise_code(code)
    draft = Draft.objects.filter(code=normalised).first() if normalised else None
    reason = ""
    if normalised is None:
        reason = "malformed"
    elif draft is None:
        reason = "unknown"
    elif draft.status == DraftStatus.SUBMITTED:
        reason = "submitted"
    elif draft.status == DraftStatus.EXPIRED or draft.expires_at <= timezone.now():
        reason = "expired"
    if reason or draft is None:
        try:
            cache.add(key, 0, RESUME_WINDOW_SECONDS)
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, RESUME_WINDOW_SECONDS)
        _draft_audit("drafts.resume_refused", draft, actor=agent, reason=reason, code=str(code)[:20])
        raise DraftError(_("Code inconnu ou expiré."), code="unknown_code")
    _draft_audit("drafts.resumed_by_agent", draft, actor=agent, service=draft.service_slug)
    return draft


def _original_type(original: Any) -> str:
    content: bytes = original.content
    if not content:
        raise DraftError(_("L'original est vide : choisissez un autre fichier."))
    if len(content) > ORIGINAL_MAX_BYTES:
        raise DraftError(_("L'original pèse plus de 15 Mo : réduisez-le (numérisation moins fine)."))
    from .validators import detect_type

    kind = detect_type(content[:8])
    if kind in ("pdf", "jpeg", "png"):
        return kind
    name = str(original.name).casefold()
    if name.endswith(".eml") and b":" in content[:2000] and b"\x00" not in content[:2000]:
        return "eml"
    raise DraftError(_("L'original doit être un courrier numérisé (PDF, JPEG, PNG) ou un courriel (.eml)."))


def check_assisted_input(*, agent: Any, channel: str, original: Any = None) -> str:
    """Refuse a forged channel (logged) or an original of a refused type; return the original's type."""
    from guichet.casework import api as casework_api

    if channel not in [c.value for c in casework_api.ASSISTED_CHANNELS]:
        _draft_audit("drafts.channel_refused", None, actor=agent, channel=str(channel)[:20])
        raise DraftError(str(UNKNOWN_CHANNEL), code="unknown_channel")
    return _original_type(original) if original is not None else ""


def start_assisted_draft(*, service: Any, agent: Any, channel: str, citizen: Any, original: Any = None) -> Draft:
    """An agent starts recording a request for `citizen` through `channel`, with the original
    (scanned letter, email) if any: a draft owned by the citizen, opened in the agent's session."""
    kind = check_assisted_input(agent=agent, channel=channel, original=original)
    with transaction.atomic():
        draft = create_draft(service=service, owner=citizen, agent=agent, channel=channel)
        if original is not None:
            from django.core.files.base import ContentFile

            extension = {"jpeg": "jpg"}.get(kind, kind)
            path = storages["private"].save(
                f"{DRAFTS_FOLDER}/originaux/{uuid.uuid4().hex}.{extension}", ContentFile(original.content)
            )
            draft.original_path = path
            draft.original_name = str(original.name)[:150]
            draft.original_type = ORIGINAL_TYPES[kind]
            draft.save(update_fields=["original_path", "original_name", "original_type"])
        _draft_audit(
            "drafts.assisted_started",
            draft,
            actor=agent,
            service=draft.service_slug,
            channel=channel,
            citizen=getattr(citizen, "pk", None),
            original=bool(original),
        )
    return draft


def read_original(draft: Draft) -> bytes:
    with storages["private"].open(draft.original_path) as handle:
        return bytes(handle.read())


def mark_draft_submitted(draft: Draft, *, reference: str, tracking_code: str, actor: Any = None) -> None:
    """The request is stored: the draft's code is dead, its original copied to the request."""
    with transaction.atomic():
        Draft.objects.filter(pk=draft.pk).update(
            status=DraftStatus.SUBMITTED,
            request_reference=reference[:24],
            tracking_code=tracking_code[:64],
            answers={},
            updated_at=timezone.now(),
        )
        _draft_audit("drafts.submitted", draft, actor=actor, reference=reference, channel=draft.channel)
        if draft.original_path:
            _delete_files_on_commit([draft.original_path])


def expire_drafts(*, now: dt.datetime | None = None) -> dict[str, int]:
    """The current schema's daily run: warn each owner once, GUICHET_DRAFT_WARNING_DAYS before
    their draft expires (by email), then expire it and delete its files."""
    from guichet.notifications import api as notifications
    from tenants import api as tenants_api

    now = now or timezone.now()
    warned = expired = 0
    info = tenants_api.tenant_for_schema(str(getattr(connection, "schema_name", "")))
    site_url = (info.url if info else "").rstrip("/")
    due = Draft.objects.filter(
        status=DraftStatus.ACTIVE,
        warned_at__isnull=True,
        owner__isnull=False,
        expires_at__gt=now,
        expires_at__lte=now + dt.timedelta(days=draft_warning_days()),
    ).select_related("owner")
    for draft in due:
        with transaction.atomic():
            if not Draft.objects.filter(pk=draft.pk, warned_at__isnull=True).update(warned_at=now):
                continue
            notifications.enqueue_email(
                event="drafts.expiring",
                to=draft.owner.email,  # type: ignore[union-attr]
                context={
                    "service_title": draft.service_title,
                    "expires_on": timezone.localtime(draft.expires_at).strftime("%d/%m/%Y"),
                    "resume_url": f"{site_url}/mes-brouillons/",
                    "code": draft.display_code,
                },
                related=f"draft:{draft.pk}",
            )
            _draft_audit("drafts.warned", draft, service=draft.service_slug)
            warned += 1
    for draft in Draft.objects.filter(status=DraftStatus.ACTIVE, expires_at__lte=now):
        with transaction.atomic():
            if not Draft.objects.filter(pk=draft.pk, status=DraftStatus.ACTIVE).update(
                status=DraftStatus.EXPIRED, answers={}, original_path=""
            ):
                continue
            _delete_files_on_commit(_file_paths(draft.answers) + ([draft.original_path] if draft.original_path else []))
            _draft_audit("drafts.expired", draft, service=draft.service_slug)
            expired += 1
    return {"warned": warned, "expired": expired}


def refuse_channel(*, agent: Any, channel: str) -> None:
    """A forged channel value: logged (the caller shows the French error)."""
    _draft_audit("drafts.channel_refused", None, actor=agent, channel=str(channel)[:20])
