"""Forms of the agents' back office: the work queue's filters, assignment, and the actions
on a request. They only parse and check the input; the services decide and write."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from guichet.roles import api as roles_api

from . import services
from .forms import UPLOAD_MAX_MB, UPLOAD_TYPES, checked_upload
from .models import CorrectionReason, IntakeChannel, State, Team
from .services import Upload

OPEN = "ouvertes"
SORTS = {
    "-depot": ("-submitted_at", "-pk"),
    "depot": ("submitted_at", "pk"),
    "echeance": ("decision_due_on", "submitted_at"),
    "reference": ("reference",),
}


class QueueFilterForm(forms.Form):
    """GET filters of the work queue: every field optional, an invalid value is ignored."""

    q = forms.CharField(
        label=_("Référence ou nom de l'usager"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    etat = forms.ChoiceField(label=_("État"), required=False)
    demarche = forms.ChoiceField(label=_("Démarche"), required=False)
    canal = forms.ChoiceField(label=_("Canal"), required=False, choices=[("", _("Tous"))] + list(IntakeChannel.choices))
    equipe = forms.ModelChoiceField(
        label=_("Équipe"), required=False, queryset=Team.objects.none(), empty_label=_("Toutes")
    )
    mes = forms.BooleanField(label=_("Assignées à moi"), required=False)
    retard = forms.BooleanField(label=_("Décision implicite dépassée (demandes ouvertes)"), required=False)
    proches = forms.BooleanField(label=_("Décision implicite dans les prochains jours"), required=False)
    jours = forms.IntegerField(label=_("Nombre de jours"), required=False, min_value=1, max_value=365)
    tri = forms.ChoiceField(
        label=_("Trier par"),
        required=False,
        choices=[
            ("-depot", _("Dépôt, plus récentes d'abord")),
            ("depot", _("Dépôt, plus anciennes d'abord")),
            ("echeance", _("Date de décision implicite")),
            ("reference", _("Référence")),
        ],
    )

    def __init__(self, *args: Any, services: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        states = [c for c in State.choices if c[0] != State.DRAFT]
        cast(forms.ChoiceField, self.fields["etat"]).choices = [
            ("", _("Tous")),
            (OPEN, _("Ouvertes (à traiter)")),
            *states,
        ]
        cast(forms.ChoiceField, self.fields["demarche"]).choices = [("", _("Toutes")), *services]
        self.fields["equipe"].queryset = Team.objects.all()  # type: ignore[attr-defined]

    def value(self, name: str, default: Any = None) -> Any:
        """The cleaned value of a valid field, else `default` (a bad filter is just ignored)."""
        if not hasattr(self, "cleaned_data"):
            self.is_valid()
        if name in self.errors:
            return default
        found = self.cleaned_data.get(name)
        return default if found in (None, "") else found


def _agent_choices(empty_label: str) -> list[tuple[str, str]]:
    return [("", empty_label)] + [(str(pk), label) for pk, label in roles_api.tenant_agents()]


class AssignForm(forms.Form):
    """An agent and/or a team; both empty removes the assignment."""

    agent = forms.ChoiceField(label=_("Agent"), required=False)
    team = forms.ModelChoiceField(
        label=_("Équipe"), required=False, queryset=Team.objects.none(), empty_label=_("— Aucune —")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["agent"]).choices = _agent_choices(str(_("— Personne —")))
        self.fields["team"].queryset = Team.objects.all()  # type: ignore[attr-defined]

    def ids(self) -> tuple[int | None, int | None]:
        agent = self.cleaned_data.get("agent")
        team = self.cleaned_data.get("team")
        return (int(agent) if agent else None), (team.pk if team else None)


class BulkAssignForm(AssignForm):
    """Assignment of the requests ticked in the queue (`demandes`, ids as posted: the service
    refuses any that is not an open request of this tenant)."""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        ids: list[int] = []
        for raw in self.data.getlist("demandes") if hasattr(self.data, "getlist") else []:
            try:
                ids.append(int(raw))
            except (TypeError, ValueError):
                raise ValidationError(_("Sélection invalide : rechargez la page.")) from None
        if not ids:
            raise ValidationError(_("Cochez au moins une demande à attribuer."))
        data["request_ids"] = ids
        return data


class NoteForm(forms.Form):
    body = forms.CharField(
        label=_("Note interne"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Jamais visible de l'usager."),
    )


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Message à l'usager"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("L'usager le reçoit par courriel et le retrouve sur la page de sa demande."),
    )
    attachment = forms.FileField(
        label=_("Joindre un fichier (facultatif)"),
        required=False,
        help_text=_("PDF, JPEG ou PNG, %(size)s Mo au maximum.") % {"size": UPLOAD_MAX_MB},
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(f".{t}" for t in UPLOAD_TYPES)}),
    )

    def clean_attachment(self) -> Upload | None:
        return checked_upload(self.cleaned_data.get("attachment"))


class CorrectionForm(forms.Form):
    reason = forms.ChoiceField(label=_("Motif"), choices=[("", "—")] + list(CorrectionReason.choices))
    message = forms.CharField(
        label=_("Ce qui est demandé à l'usager"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    deadline = forms.DateField(
        label=_("À fournir avant le"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
    )

    def clean_deadline(self) -> dt.date:
        deadline: dt.date = self.cleaned_data["deadline"]
        if deadline <= timezone.localdate():
            raise ValidationError(_("La date limite doit être postérieure à aujourd'hui."))
        return deadline


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Décision"),
        widget=forms.RadioSelect,
        choices=[(s.value, s.label) for s in (State.ACCEPTED, State.REJECTED, State.CLOSED)],
    )
    reason = forms.CharField(
        label=_("Motif"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Obligatoire pour un refus ou un classement sans suite ; il figure sur le courrier à l'usager."),
    )
    confirm = forms.BooleanField(
        label=_("Je confirme cette décision : elle est définitive et notifiée à l'usager."), required=True
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("outcome") and data["outcome"] != State.ACCEPTED and not str(data.get("reason") or "").strip():
            self.add_error("reason", _("Indiquez le motif de la décision : il figure sur le courrier à l'usager."))
        return data


class TeamForm(WagtailAdminModelForm):
    """A team's members are chosen among this tenant's agents and administrators only."""

    class Meta:
        model = Team
        fields = ["name", "members"]
        widgets = {"members": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ids = [pk for pk, _label in roles_api.tenant_agents()]
        members = self.fields["members"]
        members.queryset = get_user_model().objects.filter(pk__in=ids).order_by("last_name", "first_name", "email")  # type: ignore[attr-defined]
        members.label_from_instance = lambda u: f"{u.first_name} {u.last_name}".strip() or u.email  # type: ignore[attr-defined]
        members.help_text = _("Les agents et administrateurs de la collectivité.")

    def save(self, commit: bool = True) -> Team:
        """Through the services (one transaction, audit row), never a bare model save."""
        team = services.save_team(
            actor=getattr(self, "for_user", None),
            name=self.cleaned_data["name"],
            member_ids=[user.pk for user in self.cleaned_data["members"]],
            team_id=getattr(self.instance, "pk", None),  # type: ignore[has-type]
        )
        self.instance = team
        return team
