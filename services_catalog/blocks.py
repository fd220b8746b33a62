"""The no-code form builder: one StreamField block per kind of question.

Each question has a label, an optional help text, "required", an optional identifier
(derived from the label when empty) and an optional condition: show it only when an
earlier answer matches. A page break starts a new page (which may have its own
condition). `schema.build_schema` turns the stream into the frozen JSON of a version.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from guichet.vault.api import KINDS as VAULT_KINDS

FILE_TYPES = [
    ("pdf", "PDF"),
    ("jpeg", "JPEG"),
    ("png", "PNG"),
    ("odt", "OpenDocument (ODT)"),
    ("docx", "Word (DOCX)"),
]
OPERATORS = [
    ("equals", _("est égale à")),
    ("not_equals", _("est différente de")),
    ("filled", _("est renseignée")),
]
AUTOCOMPLETE = [
    ("", _("aucune")),
    ("family-name", _("nom de famille")),
    ("given-name", _("prénom")),
    ("organization", _("organisme")),
    ("bday", _("date de naissance")),
]


class ConditionBlock(blocks.StructBlock):
    question = blocks.CharBlock(
        label=_("si la réponse à la question"),
        required=False,
        help_text=_("Intitulé ou identifiant d'une question placée avant. Laissez vide : toujours affiché."),
    )
    operator = blocks.ChoiceBlock(choices=OPERATORS, default="equals", label=_("condition"))
    value = blocks.CharBlock(label=_("valeur"), required=False)

    class Meta:
        label = _("Afficher seulement si…")
        collapsed = True


class QuestionBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("question"), max_length=200)
    help_text = blocks.CharBlock(label=_("aide"), required=False, max_length=300)
    required = blocks.BooleanBlock(label=_("réponse obligatoire"), required=False, default=True)
    key = blocks.CharBlock(
        label=_("identifiant"),
        required=False,
        max_length=50,
        help_text=_("Laissez vide : il est déduit de la question."),
    )
    condition = ConditionBlock(required=False)


class TextQuestion(QuestionBlock):
    max_length = blocks.IntegerBlock(label=_("longueur maximale"), default=200, min_value=1, max_value=500)
    autocomplete = blocks.ChoiceBlock(choices=AUTOCOMPLETE, required=False, label=_("saisie automatique"))

    class Meta:
        icon = "pilcrow"
        label = _("Texte court")


class LongTextQuestion(QuestionBlock):
    max_length = blocks.IntegerBlock(label=_("longueur maximale"), default=2000, min_value=1, max_value=10000)

    class Meta:
        icon = "doc-full"
        label = _("Texte long")


class EmailQuestion(QuestionBlock):
    class Meta:
        icon = "mail"
        label = _("Courriel")


class PhoneQuestion(QuestionBlock):
    class Meta:
        icon = "mobile-alt"
        label = _("Téléphone")


class DateQuestion(QuestionBlock):
    when = blocks.ChoiceBlock(
        choices=[
            ("any", _("toute date")),
            ("past", _("passée ou aujourd'hui")),
            ("future", _("à venir ou aujourd'hui")),
        ],
        default="any",
        label=_("dates acceptées"),
    )

    class Meta:
        icon = "date"
        label = _("Date")


class NumberQuestion(QuestionBlock):
    min_value = blocks.IntegerBlock(label=_("minimum"), required=False)
    max_value = blocks.IntegerBlock(label=_("maximum"), required=False)

    class Meta:
        icon = "order"
        label = _("Nombre")


class ChoiceQuestion(QuestionBlock):
    options = blocks.ListBlock(blocks.CharBlock(label=_("choix"), max_length=150), label=_("choix proposés"), min_num=2)
    widget = blocks.ChoiceBlock(
        choices=[
            ("radio", _("boutons radio (un seul choix)")),
            ("select", _("liste déroulante (un seul choix)")),
            ("checkbox", _("cases à cocher (plusieurs choix)")),
        ],
        default="radio",
        label=_("présentation"),
    )

    class Meta:
        icon = "list-ul"
        label = _("Choix")


class YesNoQuestion(QuestionBlock):
    class Meta:
        icon = "tick-inverse"
        label = _("Oui / non")


class AddressQuestion(QuestionBlock):
    class Meta:
        icon = "home"
        label = _("Adresse")


class FileQuestion(QuestionBlock):
    file_types = blocks.MultipleChoiceBlock(
        choices=FILE_TYPES,
        default=["pdf", "jpeg", "png"],
        label=_("types de fichier acceptés"),
        widget=forms.CheckboxSelectMultiple,
    )
    max_size_mb = blocks.IntegerBlock(label=_("taille maximale (Mo)"), default=10, min_value=1, max_value=20)
    # R-DLNUF-2: the citizen may pick a stored piece of this type from their vault instead of uploading.
    document_kind = blocks.ChoiceBlock(
        choices=[("", _("aucun")), *VAULT_KINDS],
        required=False,
        label=_("type de pièce (coffre-fort)"),
        help_text=_("Laissez « aucun » : l'usager envoie toujours un fichier."),
    )

    class Meta:
        icon = "doc-empty"
        label = _("Pièce jointe")


class SiretQuestion(QuestionBlock):
    class Meta:
        icon = "site"
        label = _("SIRET")


class FamilyQuotientQuestion(QuestionBlock):
    """Fetched from the CAF or the MSA through API Particulier when the collectivité has the
    connector enabled (R-DLNUF-3); otherwise the citizen types the amount."""

    class Meta:
        icon = "user"
        label = _("Quotient familial (CAF/MSA)")


class GroupFields(blocks.StreamBlock):
    text = TextQuestion()
    long_text = LongTextQuestion()
    email = EmailQuestion()
    phone = PhoneQuestion()
    date = DateQuestion()
    number = NumberQuestion()
    choice = ChoiceQuestion()
    yes_no = YesNoQuestion()


class GroupQuestion(blocks.StructBlock):
    label = blocks.CharBlock(label=_("intitulé du groupe"), max_length=200, help_text=_("Par exemple : Enfant"))
    help_text = blocks.CharBlock(label=_("aide"), required=False, max_length=300)
    key = blocks.CharBlock(label=_("identifiant"), required=False, max_length=50)
    min_items = blocks.IntegerBlock(label=_("nombre minimum"), default=1, min_value=0, max_value=20)
    max_items = blocks.IntegerBlock(label=_("nombre maximum"), default=5, min_value=1, max_value=20)
    fields = GroupFields(label=_("questions du groupe"))
    condition = ConditionBlock(required=False)

    class Meta:
        icon = "group"
        label = _("Groupe répétable")


class PageBreak(blocks.StructBlock):
    title = blocks.CharBlock(label=_("titre de la nouvelle page"), max_length=150)
    condition = ConditionBlock(required=False)

    class Meta:
        icon = "arrow-right"
        label = _("Nouvelle page")


class Explanation(blocks.StructBlock):
    text = blocks.RichTextBlock(label=_("texte"), features=["bold", "italic", "link", "ul", "ol"])
    condition = ConditionBlock(required=False)

    class Meta:
        icon = "info-circle"
        label = _("Texte explicatif")


class FormBlock(blocks.StreamBlock):
    page_break = PageBreak()
    explanation = Explanation()
    text = TextQuestion()
    long_text = LongTextQuestion()
    email = EmailQuestion()
    phone = PhoneQuestion()
    date = DateQuestion()
    number = NumberQuestion()
    choice = ChoiceQuestion()
    yes_no = YesNoQuestion()
    address = AddressQuestion()
    file = FileQuestion()
    siret = SiretQuestion()
    family_quotient = FamilyQuotientQuestion()
    group = GroupQuestion()
