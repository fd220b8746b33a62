"""Writes of the accounts app."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import transaction

from guichet.audit import api as audit

from .models import User


def register_citizen(*, email: str, password: str, first_name: str = "", last_name: str = "") -> User:
    """Create a person's account (one for the whole deployment). No staff right comes with it."""
    normalised = User.objects.normalize_email(email).strip().lower()
    if User.objects.filter(email__iexact=normalised).exists():
        raise ValidationError(
            "Un compte existe déjà avec cette adresse. Connectez-vous ou réinitialisez votre mot de passe.",
            code="duplicate_email",
        )
    candidate = User(email=normalised, first_name=first_name.strip(), last_name=last_name.strip())
    password_validation.validate_password(password, candidate)
    with transaction.atomic():
        candidate.set_password(password)
        candidate.save()
        audit.record("account.registered", actor=candidate, target_type="user", target_id=candidate.pk)
    return candidate


def create_staff_user(
    *, email: str, password: str | None, first_name: str = "", last_name: str = "", actor: Any = None
) -> User:
    """An account for a staff member; roles are granted per tenant by roles.services."""
    normalised = User.objects.normalize_email(email).strip().lower()
    with transaction.atomic():
        user, created = User.objects.get_or_create(
            email=normalised, defaults={"first_name": first_name, "last_name": last_name}
        )
        if created:
            user.set_password(password)
            user.save(update_fields=["password"])
            audit.record("account.created_by_staff", actor=actor, target_type="user", target_id=user.pk)
    return user


def create_operator(*, email: str, password: str, actor: Any = None) -> User:
    normalised = User.objects.normalize_email(email).strip().lower()
    with transaction.atomic():
        user, _ = User.objects.get_or_create(email=normalised)
        user.is_superuser = True
        user.set_password(password)
        user.save()
        audit.record("account.operator_set", actor=actor, target_type="user", target_id=user.pk)
    return user


def find_or_create_citizen(*, email: str, first_name: str = "", last_name: str = "", actor: Any = None) -> User:
    """The account of the person with this email, or a new one (no usable password: they set it
    with "mot de passe oublié") when an agent records a request for them at the counter, on the
    phone or from a letter. Nothing else about an existing account is changed."""
    normalised = User.objects.normalize_email(email).strip().lower()
    if not normalised or "@" not in normalised:
        raise ValidationError("Adresse électronique invalide.", code="invalid_email")
    with transaction.atomic():
        user, created = User.objects.get_or_create(
            email=normalised, defaults={"first_name": first_name.strip()[:150], "last_name": last_name.strip()[:150]}
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
            audit.record("account.created_for_citizen", actor=actor, target_type="user", target_id=user.pk)
    return user
