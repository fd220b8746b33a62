"""The "Quotient familial (CAF/MSA)" question: data fetched from a national API instead of
asked again (R-DLNUF-1, R-DLNUF-3).

On a site whose collectivité has API Particulier enabled, the question asks the allocataire
number and postal code, says what will be fetched, from whom and why, and that the citizen
may give the amount themselves instead. When the page is validated the engine fetches the
family quotient (with the settings of the site's schema only) and keeps

    {"value": 850, "source": "CAF via API Particulier", "fetched_at": "<iso>", "month": "2026-10", …}

Without the connector, or when the national service fails or does not know the allocataire,
the citizen types the amount (optional), and nothing already answered is lost. A declared
amount is kept as {"value": 620, "declared": True}.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db import connection
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from guichet.connectors import api as connectors

FAMILY_QUOTIENT = "family_quotient"
NUMBER, POSTAL, AMOUNT = "numero", "code_postal", "montant"
MAX_AMOUNT = 100_000
REUSE_FOR = dt.timedelta(days=1)


@dataclass(frozen=True)
class QuotientContext:
    """What the template needs besides the fields."""

    available: bool  # the connector is enabled for the site's collectivité
    fetched: dict[str, Any] | None  # an answer already fetched (shown above the fields)


def _schema_name(form: Any) -> str:
    extras = getattr(form, "extras", None)
    return str(getattr(extras, "schema_name", "") or getattr(connection, "schema_name", ""))


def _actor(form: Any) -> Any:
    """Who asked for the data: the person at the keyboard (an agent at the counter), else the citizen."""
    extras = getattr(form, "extras", None)
    return getattr(extras, "actor", None) or getattr(extras, "user", None)


def _described(key: str, part: str) -> str:
    """The question's notice, then the field's own errors (`<div id="…-aide">` in the template)."""
    return f"{key}-aide {key}__{part}-aide"


def add_fields(form: Any, item: dict[str, Any]) -> tuple[list[Any], QuotientContext]:
    """Add the question's fields to `form`; return its bound fields and context."""
    key = item["key"]
    available = connectors.family_quotient_available(schema_name=_schema_name(form))
    saved = form.answers.get(key) if isinstance(form.answers.get(key), dict) else {}
    names = []
    if available:
        form.fields[f"{key}__{NUMBER}"] = forms.CharField(
            label=_("Numéro d'allocataire CAF ou MSA"),
            required=False,
            max_length=20,
            widget=forms.TextInput(attrs={"inputmode": "numeric", "aria-describedby": _described(key, NUMBER)}),
        )
        form.fields[f"{key}__{POSTAL}"] = forms.CharField(
            label=_("Code postal de votre adresse connue de la caisse"),
            required=False,
            max_length=10,
            widget=forms.TextInput(
                attrs={
                    "inputmode": "numeric",
                    "autocomplete": "postal-code",
                    "aria-describedby": _described(key, POSTAL),
                }
            ),
        )
        form.initial[f"{key}__{NUMBER}"] = saved.get("numero_allocataire", "")
        form.initial[f"{key}__{POSTAL}"] = saved.get("code_postal", "")
        names += [f"{key}__{NUMBER}", f"{key}__{POSTAL}"]
    form.fields[f"{key}__{AMOUNT}"] = forms.IntegerField(
        label=_("Ou montant de votre quotient familial, en euros") if available else item["label"],
        required=False,
        min_value=0,
        max_value=MAX_AMOUNT,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "aria-describedby": _described(key, AMOUNT)}),
        error_messages={"invalid": _("Saisissez un nombre entier, en chiffres.")},
    )
    if saved.get("declared"):
        form.initial[f"{key}__{AMOUNT}"] = saved.get("value")
    names.append(f"{key}__{AMOUNT}")
    fetched = saved if saved.get("source") else None
    return [form[name] for name in names], QuotientContext(available=available, fetched=fetched)


def _recent(saved: dict[str, Any]) -> bool:
    """A fetched answer less than a day old (a draft resumed later asks the caisse again)."""
    if not saved.get("source"):
        return False
    try:
        fetched_at = dt.datetime.fromisoformat(str(saved.get("fetched_at")))
    except ValueError:
        return False
    return fetched_at.tzinfo is not None and timezone.now() - fetched_at < REUSE_FOR


def _fallback(reason: str) -> str:
    return _(
        "%(reason)s Vous pouvez indiquer vous-même le montant de votre quotient familial dans le champ "
        "« Ou montant de votre quotient familial » (ou effacer le numéro si vous ne souhaitez pas répondre) ; "
        "vous pourrez joindre votre attestation plus tard."
    ) % {"reason": reason}


def clean(form: Any, item: dict[str, Any], cleaned: dict[str, Any], required_message: str) -> Any:
    """The answer to keep (None when there is none or on error, errors added to `form`)."""
    key = item["key"]
    names = {part: f"{key}__{part}" for part in (NUMBER, POSTAL, AMOUNT)}
    if any(name in form.errors for name in names.values()):
        return None
    saved = form.answers.get(key) if isinstance(form.answers.get(key), dict) else {}
    amount = cleaned.get(names[AMOUNT])
    number = (cleaned.get(names[NUMBER]) or "").strip()
    postal = (cleaned.get(names[POSTAL]) or "").strip()
    if amount is not None:
        return {"value": amount, "declared": True}
    if names[NUMBER] not in form.fields or not (number or postal):
        if saved.get("source"):  # fetched earlier, nothing new given
            return saved
        if item.get("required", True):
            form.add_error(names[NUMBER] if names[NUMBER] in form.fields else names[AMOUNT], required_message)
        return None
    try:
        number, postal = connectors.check_family_quotient_input(number, postal)
    except connectors.InvalidInput as error:
        field = names[POSTAL] if error.field == "postal_code" else names[NUMBER]
        form.add_error(field, error.message)
        return None
    if _recent(saved) and (saved.get("numero_allocataire"), saved.get("code_postal")) == (number, postal):
        return saved  # fetched today for these numbers: no second call
    if form.errors:  # the page goes back to the citizen anyway: no call yet
        return None
    try:
        fetched = connectors.fetch_family_quotient(
            schema_name=_schema_name(form), beneficiary_number=number, postal_code=postal, actor=_actor(form)
        )
    except connectors.NotFound as error:
        form.add_error(names[NUMBER], _fallback(error.message))
        return None
    except connectors.ConnectorError as error:
        reason = _("Votre quotient familial n'a pas pu être obtenu auprès de la caisse : %(why)s") % {
            "why": error.message
        }
        form.add_error(names[NUMBER], _fallback(reason))
        return None
    return {
        "value": fetched.values["quotient_familial"],
        "source": fetched.source_label,
        "fetched_at": fetched.fetched_at.isoformat(),
        "month": fetched.values["mois"],
        "regime": fetched.values.get("regime", ""),
        "numero_allocataire": number,
        "code_postal": postal,
    }


def _euros(value: Any) -> str:
    return f"{value}\u00a0€"


def display(value: dict[str, Any]) -> str:
    """ "850 € — donnée transmise par la CAF via API Particulier le 23 novembre 2026" (R-DLNUF-1)."""
    if not isinstance(value, dict):
        return str(value)
    if value.get("source"):
        when = value.get("fetched_at", "")
        try:
            day = date_format(timezone.localtime(dt.datetime.fromisoformat(when)).date(), "DATE_FORMAT")
        except (TypeError, ValueError):
            day = "?"
        text = _("%(amount)s — donnée transmise par la %(source)s le %(day)s") % {
            "amount": _euros(value.get("value")),
            "source": value["source"],
            "day": day,
        }
        month = str(value.get("month") or "")
        try:
            year, number = (int(part) for part in month.split("-"))
            text += " " + _("(quotient de %(month)s)") % {"month": date_format(dt.date(year, number, 1), "F Y")}
        except ValueError:
            pass
        return text
    return _("%(amount)s — montant déclaré par le demandeur (attestation à fournir)") % {
        "amount": _euros(value.get("value"))
    }
