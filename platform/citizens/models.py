"""Models of guichet.citizens: no table, only the permission of the EPCI's cross-commune view.

The citizen's space and the 360° view read the other apps (requests, vault, drafts, audit
log); what they write is audit rows. `CitizenFile` exists so that the permission
"Voir le dossier d'un usager dans toutes les communes" has a home Django and Wagtail know
(groups, the Wagtail group editor).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

VIEW_ACROSS_EPCI = "view_across_epci"
VIEW_ACROSS_EPCI_PERMISSION = f"citizens.{VIEW_ACROSS_EPCI}"


class CitizenFile(models.Model):
    class Meta:
        managed = False
        db_table = "citizens_citizenfile_unused"
        default_permissions = ()
        permissions = [(VIEW_ACROSS_EPCI, _("Voir le dossier d'un usager dans toutes les communes"))]
        verbose_name = _("dossier d'usager")
        verbose_name_plural = _("dossiers d'usagers")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)
