"""The citizen's form to add a piece to their vault."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import PieceKind


class PieceForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Type de pièce"),
        choices=[("", _("— Choisissez —")), *PieceKind.choices],
        error_messages={
            "required": _("Choisissez le type de pièce."),
            "invalid_choice": _("Choisissez un type de pièce de la liste."),
        },
        widget=forms.Select(attrs={"aria-describedby": "kind-aide"}),
    )
    label = forms.CharField(
        label=_("Libellé (facultatif)"),
        required=False,
        max_length=150,
        widget=forms.TextInput(attrs={"aria-describedby": "label-aide"}),
        error_messages={"max_length": _("150 caractères au plus.")},
    )
    fichier = forms.FileField(
        label=_("Fichier"),
        error_messages={"required": _("Choisissez le fichier à garder."), "empty": _("Le fichier est vide.")},
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png", "aria-describedby": "fichier-aide"}),
    )
    valid_until = forms.DateField(
        label=_("Valable jusqu'au (facultatif)"),
        required=False,
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date", "aria-describedby": "valid_until-aide"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Saisissez une date valide, par exemple 14/07/2027.")},
    )

    def error_summary(self) -> list[tuple[str, str]]:
        summary: list[tuple[str, str]] = []
        for name, errors in self.errors.items():
            label = self.fields[name].label if name in self.fields else ""
            anchor = f"id_{name}" if name in self.fields else ""
            summary += [(anchor, f"{label} : {e}" if label else str(e)) for e in errors]
        return summary
