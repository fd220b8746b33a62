"""Append-only audit log, one table per schema.

In the public schema it records the operator's actions (provisioning, suspension…);
in a tenant schema, what happens in that collectivité.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    occurred_at = models.DateTimeField(default=timezone.now, db_index=True)
    # The actor's id in the public user table; no FK so that the row outlives an account.
    actor_id = models.BigIntegerField(null=True, blank=True)
    actor_label = models.CharField(max_length=254, blank=True)
    action = models.CharField(max_length=100, db_index=True)
    target_type = models.CharField(max_length=100, blank=True)
    target_id = models.CharField(max_length=100, blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("évènement d'audit")
        verbose_name_plural = _("évènements d'audit")
        ordering = ("-occurred_at", "-id")

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.action}"
