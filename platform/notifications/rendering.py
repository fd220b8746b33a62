"""Rendering of a message when it is queued: default templates, tenant overrides, common context.

Default templates (shipped by each app in its templates/ folder):
`notifications/<event>/subject.txt`, `body.txt`, optional `body.html` (extending
`notifications/email_base.html`) and, for SMS, `sms.txt` (else `body.txt`).

A tenant's override is plain text written in the admin: its `{{ marker }}` placeholders are
substituted here, by a regular expression; the text is never compiled as a Django template.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from email.headerregistry import Address
from email.utils import parseaddr
from typing import Any
from urllib.parse import urljoin

from django.conf import settings
from django.db import connection
from django.template import Context, TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.utils.translation import gettext as _

from tenants import api as tenants_api
from theming import api as theming_api

MARKER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)\s*\}\}")
TEMPLATE_SYNTAX = ("{{", "}}", "{%", "%}", "{#", "#}")


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


@dataclass(frozen=True)
class Sender:
    name: str
    from_header: str
    reply_to: str
    sms_daily_cap: int


# --- tenant context ---------------------------------------------------------------------


def _tenant_name_and_url() -> tuple[str, str]:
    tenant = getattr(connection, "tenant", None)
    info = tenants_api.tenant_for_schema(str(getattr(connection, "schema_name", "")))
    if info is not None:
        return info.name, info.url
    return str(getattr(tenant, "name", "") or settings.WAGTAIL_SITE_NAME), ""


def _parent_schema() -> str | None:
    info = tenants_api.tenant_for_schema(str(getattr(connection, "schema_name", "")))
    return (info.parent_schema or None) if info is not None else None


def sender() -> Sender:
    from .models import NotificationSettings

    row = NotificationSettings.objects.filter(pk=1).first()
    tenant_name, _url = _tenant_name_and_url()
    name = (row.sender_name if row else "") or tenant_name
    address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1] or "ne-pas-repondre@guichet.localhost"
    default_cap = int(getattr(settings, "GUICHET_SMS_DAILY_CAP", 3))
    return Sender(
        name=name,
        # Like email.utils.formataddr (quoted when needed) but not RFC 2047-encoded: the
        # outbox keeps it readable; Django encodes it when sending.
        from_header=str(Address(display_name=name, addr_spec=address)),
        reply_to=row.reply_to if row else "",
        sms_daily_cap=row.sms_daily_cap if row else default_cap,
    )


def base_context(*, sender_name: str | None = None) -> dict[str, Any]:
    """What every message can use: the tenant's name, site, colours, logo and sender name."""
    tenant_name, site_url = _tenant_name_and_url()
    tokens = theming_api.tokens_for_current_tenant(parent_schema_getter=_parent_schema)
    logo_url = tokens.logo_url
    if logo_url and site_url and not logo_url.startswith(("http://", "https://")):
        logo_url = urljoin(site_url, logo_url)
    return {
        "tenant_name": tenant_name,
        "site_url": site_url,
        "primary_colour": tokens.primary_colour,
        "secondary_colour": tokens.secondary_colour,
        "logo_url": logo_url,
        "sender_name": sender_name if sender_name is not None else sender().name,
    }


# --- placeholders in admin-written text ----------------------------------------------------


def marker_errors(text: str, allowed: tuple[str, ...] | list[str]) -> list[str]:
    """French reasons why `text` is not an acceptable override (empty list: fine)."""
    errors: list[str] = []
    possible = ", ".join(f"{{{{ {a} }}}}" for a in allowed)
    for name in sorted({m.group(1) for m in MARKER.finditer(text)} - set(allowed)):
        errors.append(
            _("Marqueur inconnu : %(marker)s. Marqueurs possibles : %(allowed)s.")
            % {"marker": f"{{{{ {name} }}}}", "allowed": possible}
        )
    rest = MARKER.sub("", text)
    if "{%" in rest or "%}" in rest:
        errors.append(
            _("Les instructions %(tag)s ne sont pas permises : seuls les marqueurs %(marker)s le sont.")
            % {"tag": "{% … %}", "marker": "{{ nom }}"}
        )
    elif any(token in rest for token in TEMPLATE_SYNTAX):
        errors.append(
            _("Accolades mal formées : écrivez chaque marqueur sous la forme %(marker)s, sans autre signe.")
            % {"marker": "{{ nom }}"}
        )
    return errors


def _lookup(context: dict[str, Any], dotted: str) -> str:
    value: Any = context
    for part in dotted.split("."):
        if isinstance(value, dict) and part in value:
            value = value[part]
        else:
            return ""
    return "" if value is None else str(value)


def substitute(text: str, context: dict[str, Any]) -> str:
    """Replace each {{ marker }} by its value, as plain text (no template language at all)."""
    return MARKER.sub(lambda m: _lookup(context, m.group(1)), text)


# --- rendering ----------------------------------------------------------------------------


def _render_text(name: str, context: dict[str, Any]) -> str | None:
    try:
        template = get_template(name)
    except TemplateDoesNotExist:
        return None
    # Plain text: no HTML escaping (the backend template's engine autoescapes by default).
    return template.template.render(Context(context, autoescape=False))  # type: ignore[attr-defined]


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _text_as_html(text: str, context: dict[str, Any], subject: str) -> str:
    return render_to_string("notifications/text_body.html", {**context, "body_text": text, "subject": subject})


def render_email(event: str, context: dict[str, Any], *, base: dict[str, Any]) -> Rendered:
    from .models import NotificationTemplate

    full = {**context, **base}
    override = NotificationTemplate.objects.filter(event=event).first()
    default_subject = _render_text(f"notifications/{event}/subject.txt", full)
    default_text = _render_text(f"notifications/{event}/body.txt", full)
    if override and override.subject.strip():
        subject = substitute(override.subject, full)
    elif default_subject is not None:
        subject = default_subject
    else:
        raise TemplateDoesNotExist(f"notifications/{event}/subject.txt")
    subject = _one_line(subject)
    if override and override.body.strip():
        text = substitute(override.body, full).strip() + "\n"
        html = _text_as_html(text, full, subject)
    elif default_text is not None:
        text = default_text.strip() + "\n"
        try:
            html = render_to_string(f"notifications/{event}/body.html", {**full, "subject": subject})
        except TemplateDoesNotExist:
            html = _text_as_html(text, full, subject)
    else:
        raise TemplateDoesNotExist(f"notifications/{event}/body.txt")
    return Rendered(subject=subject, text=text, html=html)


def render_sms(event: str, context: dict[str, Any], *, base: dict[str, Any]) -> str:
    from .models import NotificationTemplate

    full = {**context, **base}
    override = NotificationTemplate.objects.filter(event=event).first()
    if override and override.sms_text.strip():
        return substitute(override.sms_text, full).strip()
    for name in (f"notifications/{event}/sms.txt", f"notifications/{event}/body.txt"):
        text = _render_text(name, full)
        if text is not None:
            return text.strip()
    raise TemplateDoesNotExist(f"notifications/{event}/sms.txt")
