"""One user account per person across the whole deployment (public schema).

Staff rights are *not* stored here: group memberships and direct permissions go
through models of the `roles` app, whose tables live in every schema. Seen from
tenant A, a user's groups are A's memberships only, so a staff member of commune A
has no right at all in commune B (docs/adr/0002-identity-and-roles.md).
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import Group, Permission, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: Any) -> User:
        if not email:
            raise ValueError("Une adresse électronique est obligatoire.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra["is_superuser"] = True
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    """A person: a citizen, a staff member of one or several tenants, or the operator.

    `is_superuser` is the operator role (the deployment's own staff): it is global.
    """

    email = models.EmailField(_("adresse électronique"), unique=True)
    first_name = models.CharField(_("prénom"), max_length=150, blank=True)
    last_name = models.CharField(_("nom"), max_length=150, blank=True)
    is_active = models.BooleanField(_("actif"), default=True)
    date_joined = models.DateTimeField(_("inscrit le"), default=timezone.now)

    # Per-schema relations: the through tables live in each tenant schema.
    groups = models.ManyToManyField(  # type: ignore[assignment]
        Group,
        through="roles.Membership",
        related_name="user_set",
        related_query_name="user",
        blank=True,
        verbose_name=_("groupes"),
    )
    user_permissions = models.ManyToManyField(  # type: ignore[assignment]
        Permission,
        through="roles.DirectPermission",
        related_name="user_set",
        related_query_name="user",
        blank=True,
        verbose_name=_("permissions"),
    )

    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self) -> str:
        return self.first_name or self.email

    @property
    def is_staff(self) -> bool:
        """Staff *of the current schema*: the operator, or a member of one of its groups.

        Django's admin and Wagtail read this; it is computed per request against the
        tenant's own membership table.
        """
        if not self.is_active:
            return False
        if self.is_superuser:
            return True
        cached = getattr(self, "_tenant_staff_cache", None)
        from django.db import connection

        schema = getattr(connection, "schema_name", "public")
        if cached is None or cached[0] != schema:
            cached = (schema, self.groups.exists())
            self._tenant_staff_cache = cached
        return cached[1]
