"""The frozen shape of a form: the builder's StreamField turned into plain JSON.

A schema is a list of pages, each with a title, an optional condition and items
(questions, groups, explanations). Conditions point at an earlier question by its key.
`build_schema` checks what an administrator wrote (unique identifiers, conditions that
refer to an earlier question, choices with options) and says what is wrong in French.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.utils.text import slugify
from django.utils.translation import gettext as _

QUESTION_TYPES = {
    "text",
    "long_text",
    "email",
    "phone",
    "date",
    "number",
    "choice",
    "yes_no",
    "address",
    "file",
    "siret",
    "family_quotient",
}
YES, NO = "oui", "non"

Schema = dict[str, Any]


class SchemaError(ValueError):
    """The form cannot be published as written; `messages` say why, in French."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


def _key(raw: str, label: str) -> str:
    """ "Date de l'évènement" → "date_de_l_evenement" (apostrophes separate words)."""
    words = re.sub(r"['’ʼ]", " ", raw or label)
    return (slugify(words).replace("-", "_") or "question")[:50]


def _question(block_type: str, value: dict[str, Any]) -> dict[str, Any]:
    item: dict[str, Any] = {
        "type": block_type,
        "key": _key(value.get("key") or "", value.get("label") or ""),
        "label": value.get("label") or "",
        "help": value.get("help_text") or "",
        "required": bool(value.get("required", True)),
    }
    options = ("max_length", "autocomplete", "when", "min_value", "max_value", "widget", "max_size_mb", "document_kind")
    for option in options:
        if value.get(option) not in (None, ""):
            item[option] = value[option]
    if block_type == "choice":
        item["options"] = [str(o) for o in value.get("options") or [] if str(o).strip()]
    if block_type == "file":
        item["file_types"] = list(value.get("file_types") or ["pdf", "jpeg", "png"])
    return item


def _condition(value: dict[str, Any] | None) -> dict[str, Any] | None:
    if not value or not (value.get("question") or "").strip():
        return None
    return {
        "question": value["question"].strip(),
        "operator": value.get("operator") or "equals",
        "value": (value.get("value") or "").strip(),
    }


def _pair(block: Any) -> tuple[str, dict[str, Any]]:
    """(type, value) of a StreamField child or of a plain (type, value) tuple."""
    if hasattr(block, "block_type"):
        return str(block.block_type), dict(block.value or {})
    return str(block[0]), dict(block[1] or {})


def build_schema(stream: Iterable[Any], first_page_title: str) -> Schema:
    """Plain JSON of the form from the builder's stream (block_type, value) pairs."""
    pages: list[dict[str, Any]] = [{"title": first_page_title, "condition": None, "items": []}]
    for block in stream:
        block_type, value = _pair(block)
        if block_type == "page_break":
            pages.append(
                {"title": value.get("title") or "", "condition": _condition(value.get("condition")), "items": []}
            )
        elif block_type == "explanation":
            text = value.get("text")
            html = str(getattr(text, "source", text or ""))
            pages[-1]["items"].append(
                {"type": "explanation", "html": html, "condition": _condition(value.get("condition"))}
            )
        elif block_type == "group":
            fields = []
            for sub in value.get("fields") or []:
                field = _question(*_pair(sub))
                field["condition"] = None
                fields.append(field)
            pages[-1]["items"].append(
                {
                    "type": "group",
                    "key": _key(value.get("key") or "", value.get("label") or ""),
                    "label": value.get("label") or "",
                    "help": value.get("help_text") or "",
                    "min_items": int(value.get("min_items") or 0),
                    "max_items": int(value.get("max_items") or 1),
                    "fields": fields,
                    "condition": _condition(value.get("condition")),
                }
            )
        elif block_type in QUESTION_TYPES:
            item = _question(block_type, value)
            item["condition"] = _condition(value.get("condition"))
            pages[-1]["items"].append(item)
    if not pages[0]["items"] and len(pages) > 1:
        pages.pop(0)
    schema = {"pages": pages}
    check_schema(schema)
    return schema


def questions(schema: Schema) -> Iterable[dict[str, Any]]:
    for page in schema["pages"]:
        for item in page["items"]:
            if item["type"] != "explanation":
                yield item


def check_schema(schema: Schema) -> None:
    """Resolve conditions to keys and refuse what cannot work."""
    errors: list[str] = []
    seen: dict[str, dict[str, Any]] = {}
    by_label: dict[str, str] = {}

    def resolve(condition: dict[str, Any] | None, where: str) -> None:
        if condition is None:
            return
        ref = condition["question"]
        key = ref if ref in seen else by_label.get(ref.casefold())
        if key is None:
            errors.append(
                _("« %(where)s » : la condition renvoie à « %(ref)s », qui n'est pas une question placée avant.")
                % {"where": where, "ref": ref}
            )
            return
        condition["question"] = key
        target = seen[key]
        if condition["operator"] != "filled" and not condition["value"]:
            errors.append(_("« %(where)s » : indiquez la valeur attendue dans la condition.") % {"where": where})
        elif target["type"] == "yes_no" and condition["operator"] != "filled":
            if condition["value"].casefold() not in (YES, NO):
                errors.append(
                    _("« %(where)s » : pour une question oui / non, la valeur est « oui » ou « non ».")
                    % {"where": where}
                )
            condition["value"] = condition["value"].casefold()
        elif target["type"] == "choice" and condition["operator"] != "filled":
            if condition["value"] not in target.get("options", []):
                errors.append(
                    _("« %(where)s » : « %(value)s » ne fait pas partie des choix de « %(label)s ».")
                    % {"where": where, "value": condition["value"], "label": target["label"]}
                )

    for page in schema["pages"]:
        resolve(page["condition"], page["title"])
        for item in page["items"]:
            where = item.get("label") or _("texte explicatif")
            resolve(item.get("condition"), where)
            if item["type"] == "explanation":
                continue
            if item["key"] in seen:
                errors.append(
                    _(
                        "Deux questions ont le même identifiant « %(key)s » : "
                        "donnez-leur des intitulés ou identifiants différents."
                    )
                    % {"key": item["key"]}
                )
            if item["type"] == "choice" and len(item.get("options", [])) < 2:
                errors.append(_("« %(label)s » : proposez au moins deux choix.") % {"label": item["label"]})
            if item["type"] == "group":
                if item["min_items"] > item["max_items"]:
                    errors.append(_("« %(label)s » : le minimum dépasse le maximum.") % {"label": item["label"]})
                if not item["fields"]:
                    errors.append(
                        _("« %(label)s » : ajoutez au moins une question au groupe.") % {"label": item["label"]}
                    )
                sub_keys = [f["key"] for f in item["fields"]]
                if len(set(sub_keys)) != len(sub_keys):
                    errors.append(
                        _("« %(label)s » : deux questions du groupe ont le même intitulé.") % {"label": item["label"]}
                    )
            seen[item["key"]] = item
            by_label.setdefault(item["label"].casefold(), item["key"])
    if not seen:
        errors.append(_("Le formulaire ne contient aucune question."))
    if errors:
        raise SchemaError(errors)
