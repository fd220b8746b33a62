"""Public interface of the accounts app (other apps and commands use this, not the models)."""

from .models import User
from .services import create_operator, create_staff_user, find_or_create_citizen, register_citizen


def email_is_registered(email: str) -> bool:
    return User.objects.filter(email__iexact=email.strip()).exists()


__all__ = ["create_operator", "create_staff_user", "email_is_registered", "find_or_create_citizen", "register_citizen"]
