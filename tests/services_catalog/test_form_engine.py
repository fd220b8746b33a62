"""The form builder's schema and the citizen's form: every question type, conditions,
repeatable groups, and what an administrator may not build."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.datastructures import MultiValueDict

from services_catalog.engine import StepForm, condition_met, display_value, visible_pages
from services_catalog.schema import SchemaError, build_schema

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64

STREAM: list[tuple[str, dict[str, Any]]] = [
    ("text", {"label": "Nom", "key": "nom", "autocomplete": "family-name"}),
    ("email", {"label": "Courriel"}),
    ("phone", {"label": "Téléphone", "required": False}),
    ("yes_no", {"label": "Êtes-vous la personne concernée ?", "key": "concerne"}),
    (
        "text",
        {"label": "Lien avec la personne", "condition": {"question": "concerne", "operator": "equals", "value": "non"}},
    ),
    ("page_break", {"title": "Votre demande"}),
    ("date", {"label": "Date de l'évènement", "when": "past"}),
    ("number", {"label": "Nombre d'exemplaires", "min_value": 1, "max_value": 5}),
    ("choice", {"label": "Type de copie", "options": ["Copie intégrale", "Extrait"], "widget": "radio"}),
    ("choice", {"label": "Jours", "options": ["Lundi", "Mardi", "Jeudi"], "widget": "checkbox", "required": False}),
    ("address", {"label": "Adresse d'envoi"}),
    ("siret", {"label": "SIRET", "required": False}),
    ("file", {"label": "Justificatif", "file_types": ["pdf", "png"], "max_size_mb": 1, "required": False}),
    ("long_text", {"label": "Précisions", "max_length": 50, "required": False}),
    ("page_break", {"title": "Le tiers", "condition": {"question": "concerne", "operator": "equals", "value": "non"}}),
    ("explanation", {"text": "<p>Indiquez les coordonnées de la personne concernée.</p>"}),
    (
        "group",
        {
            "label": "Enfant",
            "key": "enfants",
            "min_items": 1,
            "max_items": 3,
            "fields": [("text", {"label": "Prénom"}), ("date", {"label": "Né le"})],
        },
    ),
]


def _schema() -> dict[str, Any]:
    return build_schema(STREAM, first_page_title="Vous")


def _post(
    schema: dict[str, Any], page: int, data: dict[str, Any], answers: dict[str, Any] | None = None, files: Any = None
) -> StepForm:
    form = StepForm(
        schema=schema,
        page_index=page,
        answers=answers or {},
        data=MultiValueDict({k: v if isinstance(v, list) else [v] for k, v in data.items()}),
        files=files,
    )
    form.is_valid()
    return form


def test_the_stream_becomes_pages_with_resolved_conditions() -> None:
    schema = _schema()
    assert [p["title"] for p in schema["pages"]] == ["Vous", "Votre demande", "Le tiers"]
    assert schema["pages"][0]["items"][4]["condition"] == {"question": "concerne", "operator": "equals", "value": "non"}
    assert schema["pages"][2]["condition"]["question"] == "concerne"
    assert schema["pages"][0]["items"][0]["key"] == "nom"
    assert schema["pages"][0]["items"][1]["key"] == "courriel"  # derived from the label


@pytest.mark.parametrize(
    ("stream", "message"),
    [
        (
            [("text", {"label": "A", "condition": {"question": "Z", "operator": "equals", "value": "x"}})],
            "n'est pas une question placée avant",
        ),
        ([("text", {"label": "Nom"}), ("text", {"label": "Nom"})], "même identifiant « nom »"),
        ([("choice", {"label": "Un seul", "options": ["A"]})], "au moins deux choix"),
        (
            [
                ("yes_no", {"label": "Q", "key": "q"}),
                ("text", {"label": "R", "condition": {"question": "q", "operator": "equals", "value": "peut-être"}}),
            ],
            "« oui » ou « non »",
        ),
        (
            [
                ("choice", {"label": "C", "key": "c", "options": ["A", "B"]}),
                ("text", {"label": "R", "condition": {"question": "c", "operator": "equals", "value": "D"}}),
            ],
            "ne fait pas partie des choix",
        ),
        ([("explanation", {"text": "<p>Rien</p>"})], "aucune question"),
        (
            [("group", {"label": "G", "min_items": 4, "max_items": 2, "fields": [("text", {"label": "X"})]})],
            "le minimum dépasse le maximum",
        ),
    ],
)
def test_a_form_that_cannot_work_is_refused_in_french(stream: list[Any], message: str) -> None:
    with pytest.raises(SchemaError) as error:
        build_schema(stream, first_page_title="Page")
    assert any(message in m for m in error.value.messages), error.value.messages


def test_conditions_by_operator() -> None:
    equals = {"question": "q", "operator": "equals", "value": "non"}
    assert (
        condition_met(equals, {"q": "non"})
        and not condition_met(equals, {"q": "oui"})
        and not condition_met(equals, {})
    )
    assert condition_met({"question": "q", "operator": "filled", "value": ""}, {"q": ["Lundi"]})
    differs = {"question": "q", "operator": "not_equals", "value": "oui"}
    assert (
        condition_met(differs, {"q": "non"})
        and not condition_met(differs, {})
        and not condition_met(differs, {"q": "oui"})
    )
    assert condition_met({"question": "j", "operator": "equals", "value": "Mardi"}, {"j": ["Lundi", "Mardi"]})


def test_a_page_with_a_condition_appears_only_when_it_applies() -> None:
    schema = _schema()
    assert visible_pages(schema, {"concerne": "oui"}) == [0, 1]
    assert visible_pages(schema, {"concerne": "non"}) == [0, 1, 2]


def test_same_page_condition_shows_a_hint_and_is_required_only_when_it_applies() -> None:
    schema = _schema()
    blank = StepForm(schema=schema, page_index=0, answers={})
    hinted = [e for e in blank.items if e.hint]
    assert hinted[0].hint == "À remplir si vous avez répondu « Non » à « Êtes-vous la personne concernée ? »."
    base = {"nom": "Le Goff", "courriel": "anne@example.fr"}
    form = _post(schema, 0, {**base, "concerne": "non"})
    assert form.errors["lien_avec_la_personne"] == ["Ce champ est obligatoire."]
    form = _post(schema, 0, {**base, "concerne": "oui", "lien_avec_la_personne": "réponse oubliée"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["answers"]["lien_avec_la_personne"] is None  # dropped: does not apply
    assert form.cleaned_data["answers"]["nom"] == "Le Goff"


def test_first_page_errors_are_french_and_tied_to_their_field() -> None:
    form = _post(_schema(), 0, {"nom": "", "courriel": "pas-une-adresse", "telephone": "12", "concerne": "peut-être"})
    assert form.errors["nom"] == ["Ce champ est obligatoire."]
    assert "adresse électronique valide" in form.errors["courriel"][0]
    assert "numéro de téléphone français" in form.errors["telephone"][0]
    assert "Sélectionnez un choix valide" in form.errors["concerne"][0]
    anchors = [anchor for anchor, _message in form.error_summary()]
    assert "id_nom" in anchors and "id_courriel" in anchors
    html = str(form["nom"])
    assert (
        'aria-describedby="nom-aide"' in html and 'autocomplete="family-name"' in html and 'aria-invalid="true"' in html
    )
    assert 'autocomplete="email"' in str(form["courriel"]) and 'type="tel"' in str(form["telephone"])


def _second_page(**overrides: Any) -> dict[str, Any]:
    data = {
        "date_de_l_evenement": "2020-05-14",
        "nombre_d_exemplaires": "2",
        "type_de_copie": "Extrait",
        "adresse_d_envoi__rue": "3 rue de Kerler",
        "adresse_d_envoi__code_postal": "29170",
        "adresse_d_envoi__commune": "fouesnant",
    }
    data.update(overrides)
    return data


def test_second_page_answers_are_kept_as_plain_json() -> None:
    form = _post(_schema(), 1, _second_page(jours=["Lundi", "Jeudi"], siret="732 829 320 00074"))
    assert form.is_valid(), form.errors
    answers = form.cleaned_data["answers"]
    assert answers["date_de_l_evenement"] == "2020-05-14"
    assert answers["nombre_d_exemplaires"] == 2
    assert answers["jours"] == ["Lundi", "Jeudi"]
    assert answers["siret"] == "73282932000074"
    assert answers["adresse_d_envoi"] == {
        "rue": "3 rue de Kerler",
        "complement": "",
        "code_postal": "29170",
        "commune": "Fouesnant",
        "insee": "29058",
    }


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"date_de_l_evenement": "31/02/2020"}, "date_de_l_evenement", "date valide"),
        (
            {"date_de_l_evenement": (timezone.localdate().replace(year=timezone.localdate().year + 1)).isoformat()},
            "date_de_l_evenement",
            "dans le futur",
        ),
        ({"nombre_d_exemplaires": "9"}, "nombre_d_exemplaires", "inférieure ou égale à 5"),
        ({"nombre_d_exemplaires": "deux"}, "nombre_d_exemplaires", "nombre entier"),
        ({"type_de_copie": "<script>"}, "type_de_copie", "Sélectionnez un choix valide"),
        ({"adresse_d_envoi__code_postal": "2917"}, "adresse_d_envoi__code_postal", "5 chiffres"),
        ({"adresse_d_envoi__code_postal": "99999"}, "adresse_d_envoi__code_postal", "n'existe pas"),
        ({"adresse_d_envoi__commune": "Quimper"}, "adresse_d_envoi__commune", "Fouesnant, Pleuven, Saint-Évarzec"),
        ({"adresse_d_envoi__rue": ""}, "adresse_d_envoi__rue", "numéro et la voie"),
        ({"siret": "123"}, "siret", "14 chiffres"),
        ({"precisions": "x" * 51}, "precisions", "au plus 50 caractères"),
        ({"precisions": "Bonjour\u202e"}, "precisions", "caractères invisibles"),
    ],
)
def test_wrong_answers_get_a_french_error_next_to_the_field(
    overrides: dict[str, Any], field: str, message: str
) -> None:
    form = _post(_schema(), 1, _second_page(**overrides))
    assert field in form.errors, form.errors
    assert message in form.errors[field][0], form.errors[field]
    assert len(form.errors) == 1  # the other answers are fine and kept


def test_uploads_are_checked_on_the_page() -> None:
    files = MultiValueDict({"justificatif": [SimpleUploadedFile("scan.pdf", PNG)]})
    form = _post(_schema(), 1, _second_page(), files=files)
    assert "ne correspond pas à son contenu (PNG)" in form.errors["justificatif"][0]
    files = MultiValueDict({"justificatif": [SimpleUploadedFile("scan.png", PNG)]})
    form = _post(_schema(), 1, _second_page(), files=files)
    assert form.is_valid(), form.errors
    assert form.uploads["justificatif"][1] == "png"


def test_repeatable_group_rows() -> None:
    schema = _schema()

    def page(data: dict[str, str]) -> StepForm:
        form = StepForm(
            schema=schema,
            page_index=2,
            answers={"concerne": "non"},
            group_counts={"enfants": 2},
            data=MultiValueDict({k: [v] for k, v in data.items()}),
        )
        form.is_valid()
        return form

    rows = {"enfants__0__prenom": "Lena", "enfants__0__ne_le": "2019-03-02", "enfants__1__prenom": "Yann"}
    form = page({**rows, "enfants__1__ne_le": ""})
    assert form.errors == {"enfants__1__ne_le": ["Ce champ est obligatoire."]}
    form = page({**rows, "enfants__1__ne_le": "2021-07-14"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["answers"]["enfants"] == [
        {"prenom": "Lena", "ne_le": "2019-03-02"},
        {"prenom": "Yann", "ne_le": "2021-07-14"},
    ]
    form = page({})
    assert "« Enfant » : au moins 1." in form.errors["__all__"]
    assert StepForm(schema=schema, page_index=2, answers={}, group_counts={"enfants": 10}).items[1].count == 3  # max


def test_answers_are_shown_for_review_in_french() -> None:
    schema = _schema()
    items = {i["key"]: i for p in schema["pages"] for i in p["items"] if "key" in i}
    assert display_value(items["concerne"], "non") == "Non"
    assert display_value(items["date_de_l_evenement"], "2020-05-14") == "14 mai 2020"
    assert display_value(items["telephone"], None) == "Pas de réponse"
    address = {"rue": "3 rue de Kerler", "complement": "", "code_postal": "29170", "commune": "Fouesnant"}
    assert display_value(items["adresse_d_envoi"], address) == "3 rue de Kerler\n29170 Fouesnant"
