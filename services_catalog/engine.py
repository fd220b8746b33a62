"""Citizens' forms built from a frozen schema: one Django form per page.

- A condition on a question of an earlier page is decided on the server: the question is
  shown or left out.
- A condition on a question of the same page cannot be decided before the page is sent:
  without JavaScript the question is shown with an "if…" hint (a small script hides it
  until it applies), and on submission it is required only if its condition is met; an
  answer given to a question that does not apply is dropped.
- Answers are kept as plain JSON (the draft, then the request).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext as _

from tenants import api as tenants_api

from . import prefill, validators, vault_pick
from .schema import NO, YES, Schema

REQUIRED = _("Ce champ est obligatoire.")
AUTOCOMPLETE_BY_TYPE = {"email": "email", "phone": "tel"}


def condition_met(condition: dict[str, Any] | None, answers: dict[str, Any]) -> bool:
    if condition is None:
        return True
    answer = answers.get(condition["question"])
    filled = answer not in (None, "", [], {})
    if condition["operator"] == "filled":
        return filled
    expected = condition["value"]
    matches = expected in answer if isinstance(answer, list) else str(answer) == expected
    return matches if condition["operator"] == "equals" else filled and not matches


def page_keys(page: dict[str, Any]) -> set[str]:
    return {item["key"] for item in page["items"] if item["type"] != "explanation"}


def visible_pages(schema: Schema, answers: dict[str, Any]) -> list[int]:
    return [i for i, page in enumerate(schema["pages"]) if condition_met(page["condition"], answers)]


@dataclass(frozen=True)
class AnsweredPage:
    """A visible page of the form with its answers as (label, shown value) rows."""

    index: int
    title: str
    rows: list[tuple[str, str]]
    missing: bool  # a required question has no answer


def answered_pages(schema: Schema, answers: dict[str, Any]) -> list[AnsweredPage]:
    """The answers as the review page, the citizen's request page and the agents show them."""
    result = []
    for index in visible_pages(schema, answers):
        page = schema["pages"][index]
        rows: list[tuple[str, str]] = []
        missing = False
        for item in page["items"]:
            if item["type"] == "explanation" or not condition_met(item.get("condition"), answers):
                continue
            value = answers.get(item["key"])
            if item["type"] == "group":
                for n, entry in enumerate(value or [], start=1):
                    for sub in item["fields"]:
                        rows.append(
                            (f"{item['label']} {n} — {sub['label']}", display_value(sub, entry.get(sub["key"])))
                        )
                continue
            if value in (None, "", []) and item.get("required", True):
                missing = True
            rows.append((item["label"], display_value(item, value)))
        result.append(AnsweredPage(index=index, title=page["title"], rows=rows, missing=missing))
    return result


def _item_of(schema: Schema, key: str) -> dict[str, Any]:
    for page in schema["pages"]:
        for item in page["items"]:
            if item.get("key") == key:
                return dict(item)
    return {"label": key, "type": "text"}


def condition_hint(schema: Schema, condition: dict[str, Any]) -> str:
    target = _item_of(schema, condition["question"])
    label = target["label"]
    value = condition["value"]
    if target["type"] == "yes_no":
        value = _("Oui") if value == YES else _("Non")
    if condition["operator"] == "filled":
        return _("À remplir si vous avez répondu à « %(label)s ».") % {"label": label}
    if condition["operator"] == "not_equals":
        return _("À remplir si vous n'avez pas répondu « %(value)s » à « %(label)s ».") % {
            "value": value,
            "label": label,
        }
    return _("À remplir si vous avez répondu « %(value)s » à « %(label)s ».") % {
        "value": value,
        "label": label,
    }


# --- Fields ----------------------------------------------------------------------------


class FrenchPhoneField(forms.CharField):
    def to_python(self, value: Any) -> str:
        value = super().to_python(value)
        return validators.clean_french_phone(value) if value else value


class SiretField(forms.CharField):
    def to_python(self, value: Any) -> str:
        value = super().to_python(value)
        return validators.clean_siret(value) if value else value


class TextField(forms.CharField):
    def to_python(self, value: Any) -> str:
        value = super().to_python(value)
        return validators.clean_text(value) if value else value


def _attrs(item: dict[str, Any], described_by: str) -> dict[str, str]:
    attrs = {"aria-describedby": described_by}
    autocomplete = item.get("autocomplete") or AUTOCOMPLETE_BY_TYPE.get(item["type"])
    if autocomplete:
        attrs["autocomplete"] = autocomplete
    return attrs


def make_field(item: dict[str, Any], name: str) -> forms.Field:
    """The Django field of one question (`required` is enforced by the form's clean)."""
    kind = item["type"]
    attrs = _attrs(item, f"{name}-aide")
    common: dict[str, Any] = {"label": item["label"], "required": False}
    if kind == "text":
        return TextField(max_length=item.get("max_length", 200), widget=forms.TextInput(attrs=attrs), **common)
    if kind == "long_text":
        return TextField(
            max_length=item.get("max_length", 2000), widget=forms.Textarea(attrs={**attrs, "rows": 5}), **common
        )
    if kind == "email":
        return forms.EmailField(
            max_length=254,
            widget=forms.EmailInput(attrs=attrs),
            error_messages={"invalid": _("Saisissez une adresse électronique valide, par exemple nom@exemple.fr.")},
            **common,
        )
    if kind == "phone":
        return FrenchPhoneField(max_length=30, widget=forms.TextInput(attrs={**attrs, "type": "tel"}), **common)
    if kind == "siret":
        return SiretField(max_length=20, widget=forms.TextInput(attrs={**attrs, "inputmode": "numeric"}), **common)
    if kind == "date":
        return forms.DateField(
            input_formats=["%Y-%m-%d", "%d/%m/%Y"],
            widget=forms.DateInput(attrs={**attrs, "type": "date"}, format="%Y-%m-%d"),
            error_messages={"invalid": _("Saisissez une date valide, par exemple 14/07/2026.")},
            **common,
        )
    if kind == "number":
        return forms.IntegerField(
            min_value=item.get("min_value"),
            max_value=item.get("max_value"),
            widget=forms.NumberInput(attrs={**attrs, "inputmode": "numeric"}),
            error_messages={"invalid": _("Saisissez un nombre entier, en chiffres.")},
            **common,
        )
    if kind == "yes_no":
        return forms.ChoiceField(
            choices=[(YES, _("Oui")), (NO, _("Non"))], widget=forms.RadioSelect(attrs=attrs), **common
        )
    if kind == "choice":
        choices = [(o, o) for o in item["options"]]
        if item.get("widget") == "checkbox":
            return forms.MultipleChoiceField(
                choices=choices, widget=forms.CheckboxSelectMultiple(attrs=attrs), **common
            )
        if item.get("widget") == "select":
            return forms.ChoiceField(
                choices=[("", _("— Choisissez —")), *choices], widget=forms.Select(attrs=attrs), **common
            )
        return forms.ChoiceField(choices=choices, widget=forms.RadioSelect(attrs=attrs), **common)
    if kind == "file":
        accept = ",".join("." + ext for t in item["file_types"] for ext in validators.EXTENSIONS[t])
        return forms.FileField(widget=forms.ClearableFileInput(attrs={**attrs, "accept": accept}), **common)
    raise ValueError(f"unknown question type {kind}")


ADDRESS_PARTS = [
    ("rue", _("Numéro et voie"), "address-line1", 200),
    ("complement", _("Complément d'adresse (facultatif)"), "address-line2", 200),
    ("code_postal", _("Code postal"), "postal-code", 5),
    ("commune", _("Commune"), "address-level2", 100),
]


@dataclass
class RenderItem:
    """What the template draws for one item of the page, in order."""

    kind: str  # "explanation" | "field" | "address" | "group"
    item: dict[str, Any]
    name: str = ""
    hint: str = ""
    fields: list[Any] = field(default_factory=list)  # bound fields (address parts)
    rows: list[list[Any]] = field(default_factory=list)  # group: bound fields per repetition
    count: int = 0
    existing_file: dict[str, Any] | None = None
    bound: Any = None
    prefill: Any = None  # prefill.QuotientContext of a national-data question
    vault: Any = None  # vault_pick.VaultPick: the citizen's stored pieces for a file question (R-DLNUF-2)


class StepForm(forms.Form):
    """One page of a citizen's form."""

    def __init__(
        self,
        *,
        schema: Schema,
        page_index: int,
        answers: dict[str, Any],
        data: Any = None,
        files: Any = None,
        group_counts: dict[str, int] | None = None,
        extras: Any = None,
    ) -> None:
        super().__init__(data=data, files=files)
        self.schema = schema
        # services_catalog.extras.FormExtras: vault pieces and national data for this visitor.
        self.extras = extras
        self.page = schema["pages"][page_index]
        self.answers = answers
        self.group_counts = group_counts or {}
        self.items: list[RenderItem] = []
        self.uploads: dict[str, tuple[UploadedFile, str]] = {}
        same_page = page_keys(self.page)
        for item in self.page["items"]:
            condition = item.get("condition")
            hint = ""
            if condition is not None:
                if condition["question"] in same_page:
                    hint = condition_hint(schema, condition)
                elif not condition_met(condition, answers):
                    continue
            self._add(item, hint)

    def _add(self, item: dict[str, Any], hint: str) -> None:
        kind = item["type"]
        if kind == "explanation":
            self.items.append(RenderItem("explanation", item, hint=hint))
            return
        key = item["key"]
        if kind == prefill.FAMILY_QUOTIENT:  # data fetched from a national API (R-DLNUF-3)
            bound, context = prefill.add_fields(self, item)
            self.items.append(RenderItem(kind, item, name=key, hint=hint, fields=bound, prefill=context))
            return
        if kind == "address":
            for part, label, autocomplete, max_length in ADDRESS_PARTS:
                name = f"{key}__{part}"
                self.fields[name] = TextField(
                    label=label,
                    required=False,
                    max_length=max_length,
                    widget=forms.TextInput(attrs={"autocomplete": autocomplete, "aria-describedby": f"{key}-aide"}),
                )
                self.initial[name] = (self.answers.get(key) or {}).get(part, "")
            self.items.append(
                RenderItem("address", item, name=key, hint=hint, fields=[self[f"{key}__{p[0]}"] for p in ADDRESS_PARTS])
            )
            return
        if kind == "group":
            saved = self.answers.get(key) or []
            count = self.group_counts.get(key, max(len(saved), item["min_items"], 1))
            count = max(min(count, item["max_items"]), 1 if item["min_items"] else 0)
            rows = []
            for index in range(count):
                row = []
                for sub in item["fields"]:
                    name = f"{key}__{index}__{sub['key']}"
                    self.fields[name] = make_field(sub, name)
                    if index < len(saved):
                        self.initial[name] = saved[index].get(sub["key"])
                    row.append(self[name])
                rows.append(row)
            self.items.append(RenderItem("group", item, name=key, hint=hint, rows=rows, count=count))
            return
        self.fields[key] = make_field(item, key)
        if key in self.answers and kind != "file":
            self.initial[key] = self.answers[key]
        existing = self.answers.get(key) if kind == "file" else None
        pick = vault_pick.add_fields(self, item, key) if kind == "file" else None
        self.items.append(
            RenderItem("field", item, name=key, hint=hint, existing_file=existing, bound=self[key], vault=pick)
        )

    # --- validation ----------------------------------------------------------------------

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        answers = {**self.answers}
        result: dict[str, Any] = {}
        for entry in self.items:
            item = entry.item
            if item["type"] == "explanation":
                continue
            key = item["key"]
            applies = condition_met(item.get("condition"), {**answers, **result}) if entry.hint else True
            if not applies:
                result[key] = None
                for name in list(self.errors):
                    if name == key or name.startswith(f"{key}__"):
                        del self.errors[name]
                continue
            value = self._clean_item(entry, cleaned)
            if value is not None:
                result[key] = value
        vault_pick.copy_pending(self, result)
        cleaned["answers"] = result
        return cleaned

    def _clean_item(self, entry: RenderItem, cleaned: dict[str, Any]) -> Any:
        item = entry.item
        key = item["key"]
        kind = item["type"]
        if kind == "address":
            return self._clean_address(item, cleaned)
        if kind == "group":
            return self._clean_group(entry, cleaned)
        if kind == prefill.FAMILY_QUOTIENT:
            return prefill.clean(self, item, cleaned, REQUIRED)
        if key in self.errors:
            return None
        value = cleaned.get(key)
        if kind == "file":
            upload = self.files.get(key) if self.files else None
            if entry.vault is not None and not upload:
                handled, picked = vault_pick.clean(self, entry, key)
                if handled:
                    return picked
            if upload:
                try:
                    kind = validators.check_upload(upload, item["file_types"], int(item.get("max_size_mb", 10)))
                except ValidationError as error:
                    self.add_error(key, error)
                    return None
                self.uploads[key] = (upload, kind)
                return None  # stored by the view, which records the answer
            if entry.existing_file:
                return entry.existing_file
            value = None
        if kind == "date" and isinstance(value, dt.date):
            today = timezone.localdate()
            if item.get("when") == "past" and value > today:
                self.add_error(key, _("La date ne peut pas être dans le futur."))
                return None
            if item.get("when") == "future" and value < today:
                self.add_error(key, _("La date ne peut pas être déjà passée."))
                return None
            value = value.isoformat()
        if value in (None, "", []):
            if item.get("required", True):
                self.add_error(key, REQUIRED)
            return None
        return value

    def _clean_address(self, item: dict[str, Any], cleaned: dict[str, Any]) -> dict[str, str] | None:
        key = item["key"]
        parts = {p: (cleaned.get(f"{key}__{p}") or "").strip() for p, *_rest in ADDRESS_PARTS}
        if any(f"{key}__{p}" in self.errors for p, *_rest in ADDRESS_PARTS):
            return None
        if not any(parts.values()):
            if item.get("required", True):
                self.add_error(f"{key}__rue", REQUIRED)
            return None
        ok = True
        if not parts["rue"]:
            self.add_error(f"{key}__rue", _("Indiquez le numéro et la voie."))
            ok = False
        postal = parts["code_postal"].replace(" ", "")
        communes = tenants_api.communes_for_postal_code(postal) if postal.isdigit() and len(postal) == 5 else None
        if communes is None:
            self.add_error(f"{key}__code_postal", _("Le code postal compte 5 chiffres, par exemple 29170."))
            return None
        if not communes:
            self.add_error(f"{key}__code_postal", _("Ce code postal n'existe pas."))
            return None
        wanted = validators.normalise_place(parts["commune"])
        match = next((c for c in communes if validators.normalise_place(c[1]) == wanted), None)
        if match is None:
            names = ", ".join(name for _insee, name in communes[:8])
            self.add_error(
                f"{key}__commune",
                _("Cette commune n'a pas le code postal %(code)s. Communes de ce code : %(names)s.")
                % {"code": postal, "names": names},
            )
            return None
        if not ok:
            return None
        return {
            "rue": parts["rue"],
            "complement": parts["complement"],
            "code_postal": postal,
            "commune": match[1],
            "insee": match[0],
        }

    def _clean_group(self, entry: RenderItem, cleaned: dict[str, Any]) -> list[dict[str, Any]] | None:
        item = entry.item
        rows: list[dict[str, Any]] = []
        for index in range(entry.count):
            row: dict[str, Any] = {}
            for sub in item["fields"]:
                name = f"{item['key']}__{index}__{sub['key']}"
                if name in self.errors:
                    continue
                value = cleaned.get(name)
                if isinstance(value, dt.date):
                    value = value.isoformat()
                if value in (None, "", []):
                    if sub.get("required", True):
                        self.add_error(name, REQUIRED)
                    continue
                row[sub["key"]] = value
            rows.append(row)
        if len([r for r in rows if r]) < item["min_items"]:
            self.add_error(
                None, _("« %(label)s » : au moins %(n)s.") % {"label": item["label"], "n": item["min_items"]}
            )
        return [r for r in rows if r] or None

    def error_summary(self) -> list[tuple[str, str]]:
        """(anchor id, message) for the summary at the top of the page."""
        summary: list[tuple[str, str]] = []
        for name, errors in self.errors.items():
            if name == "__all__":
                summary += [("", str(e)) for e in errors]
                continue
            label = self.fields[name].label if name in self.fields else name
            summary += [(f"id_{name}", f"{label} : {e}") for e in errors]
        return summary


def display_value(item: dict[str, Any], value: Any) -> str:
    """An answer as the review page shows it."""
    if value in (None, "", []):
        return _("Pas de réponse")
    kind = item["type"]
    if kind == "yes_no":
        return _("Oui") if value == YES else _("Non")
    if kind == "date":
        from django.utils.formats import date_format

        return date_format(dt.date.fromisoformat(value), "DATE_FORMAT")
    if kind == "address":
        lines = [value["rue"], value.get("complement", ""), f"{value['code_postal']} {value['commune']}"]
        return "\n".join(line for line in lines if line)
    if kind == "file":
        return str(value.get("name", "")) + vault_pick.display_suffix(value)
    if kind == prefill.FAMILY_QUOTIENT:
        return prefill.display(value)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)
