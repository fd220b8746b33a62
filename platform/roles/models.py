"""Staff memberships, one table per schema.

`Membership` is the through table of `User.groups`. It lives in every tenant schema
(and in public, where only the operator works), so the same person can be an agent
of commune A and nothing in commune B.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """Staff roles of a tenant. The operator role is global (User.is_superuser)."""

    EPCI_ADMIN = "epci_admin", _("Administrateur de l'EPCI")
    COMMUNE_ADMIN = "commune_admin", _("Administrateur de la commune")
    EDITOR = "editor", _("Éditeur")
    AGENT = "agent", _("Agent")


class Membership(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="+")
    granted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("appartenance")
        constraints = [models.UniqueConstraint(fields=["user", "group"], name="roles_membership_unique")]

    def __str__(self) -> str:
        return f"{self.user_id} ∈ {self.group_id}"


class DirectPermission(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    permission = models.ForeignKey(Permission, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("permission individuelle")
        constraints = [
            models.UniqueConstraint(fields=["user", "permission"], name="roles_directpermission_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} : {self.permission_id}"
