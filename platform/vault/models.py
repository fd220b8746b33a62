"""The citizen's document vault (R-DLNUF-2): typed supporting documents kept in the schema of
the site where the citizen stored them (their home tenant), in private storage."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PieceKind(models.TextChoices):
    IDENTITY = "identity", _("Pièce d'identité")
    ADDRESS_PROOF = "address_proof", _("Justificatif de domicile")
    FAMILY_QUOTIENT = "family_quotient", _("Attestation de quotient familial")
    TAX_NOTICE = "tax_notice", _("Avis d'imposition")
    OTHER = "other", _("Autre pièce")


class PieceSource(models.TextChoices):
    UPLOADED = "uploaded", _("Envoyée par l'usager")
    COPIED = "copied", _("Copiée d'une demande")


class VaultPiece(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("usager")
    )
    kind = models.CharField(_("type de pièce"), max_length=30, choices=PieceKind.choices)
    label = models.CharField(_("libellé"), max_length=150, blank=True)
    # A name in storages["private"] (tenant-prefixed): "<schema>/coffre/<uuid>.<ext>".
    path = models.CharField(_("fichier"), max_length=300)
    original_name = models.CharField(_("nom du fichier envoyé"), max_length=150)
    size = models.PositiveIntegerField(_("taille (octets)"))
    content_type = models.CharField(_("format"), max_length=10)  # "pdf" | "jpeg" | "png"
    valid_until = models.DateField(_("valable jusqu'au"))
    checked_at = models.DateTimeField(_("vérifiée le"), null=True, blank=True)
    checked_by_id = models.BigIntegerField(_("vérifiée par (identifiant)"), null=True, blank=True)
    checked_by_label = models.CharField(_("vérifiée par"), max_length=200, blank=True)
    warned_at = models.DateTimeField(_("usager prévenu de l'expiration le"), null=True, blank=True)
    created_at = models.DateTimeField(_("ajoutée le"), auto_now_add=True)
    source = models.CharField(_("origine"), max_length=10, choices=PieceSource.choices, default=PieceSource.UPLOADED)

    class Meta:
        verbose_name = _("pièce du coffre-fort")
        verbose_name_plural = _("pièces du coffre-fort")
        ordering = ["kind", "-valid_until", "-pk"]
        indexes = [models.Index(fields=["owner", "kind"], name="vault_piece_owner_kind")]

    def __str__(self) -> str:
        return self.label or str(self.original_name)
