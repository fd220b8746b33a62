"""Checks of citizens' answers, each with a plain French message."""

from __future__ import annotations

import re
import unicodedata
import zipfile
from io import BytesIO

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

# Invisible or direction-changing characters: they can make a text read differently
# from what is stored (a name that displays reversed, a hidden word).
_TRICKY = re.compile(
    "[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)


def clean_text(value: str) -> str:
    """NFC-normalised text; control, zero-width and bidirectional-override characters refused."""
    value = unicodedata.normalize("NFC", value)
    if _TRICKY.search(value):
        raise ValidationError(
            _("Le texte contient des caractères invisibles ou de contrôle : retapez-le sans copier-coller."),
            code="invisible_characters",
        )
    return value


_PHONE = re.compile(r"^(?:\+33|0033|0)([1-9])(\d{8})$")


def clean_french_phone(value: str) -> str:
    """A French number (mainland or overseas), written 02 98 12 34 56."""
    compact = re.sub(r"[\s.\-()]", "", value)
    match = _PHONE.match(compact)
    if not match:
        raise ValidationError(
            _(
                "Saisissez un numéro de téléphone français à 10 chiffres, "
                "par exemple 02 98 12 34 56 ou +33 2 98 12 34 56."
            ),
            code="phone",
        )
    digits = "0" + match.group(1) + match.group(2)
    return " ".join(digits[i : i + 2] for i in range(0, 10, 2))


def validate_french_phone(value: str) -> None:
    """Field validator form of `clean_french_phone` (same rule, same message)."""
    clean_french_phone(value)


def _luhn_ok(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        number = int(char)
        if index % 2 == 1:
            number *= 2
            if number > 9:
                number -= 9
        total += number
    return total % 10 == 0


LA_POSTE_SIREN = "356000000"


def clean_siret(value: str) -> str:
    """14 digits with a valid checksum (La Poste's establishments follow their own rule)."""
    digits = re.sub(r"\s", "", value)
    if not re.fullmatch(r"\d{14}", digits):
        raise ValidationError(_("Le SIRET compte 14 chiffres, par exemple 123 456 789 00012."), code="siret_format")
    if digits.startswith(LA_POSTE_SIREN):
        valid = sum(int(c) for c in digits) % 5 == 0
    else:
        valid = _luhn_ok(digits)
    if not valid:
        raise ValidationError(
            _("Ce numéro SIRET n'existe pas (erreur de saisie ?) : vérifiez-le sur votre avis de situation Insee."),
            code="siret_checksum",
        )
    return digits


def normalise_place(name: str) -> str:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()
    text = re.sub(r"[^a-z0-9]+", " ", text).strip()
    text = re.sub(r"^(st|ste)\b", lambda m: "saint" if m.group(1) == "st" else "sainte", text)
    return re.sub(r"\b(st)\b", "saint", text).replace(" ", "")


# File types by their content, not their name.
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF-",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
}
EXTENSIONS = {"pdf": ("pdf",), "jpeg": ("jpg", "jpeg"), "png": ("png",), "odt": ("odt",), "docx": ("docx",)}
ZIP_TYPES = {"odt": "application/vnd.oasis.opendocument.text", "docx": "word/document.xml"}
TYPE_NAMES = {"pdf": "PDF", "jpeg": "JPEG", "png": "PNG", "odt": "ODT", "docx": "DOCX"}


def detect_type(head: bytes, data_for_zip: bytes | None = None) -> str | None:
    for kind, signatures in SIGNATURES.items():
        if any(head.startswith(s) for s in signatures):
            return kind
    if head.startswith(b"PK\x03\x04") and data_for_zip is not None:
        try:
            archive = zipfile.ZipFile(BytesIO(data_for_zip))
            names = set(archive.namelist())
            if "mimetype" in names and archive.read("mimetype").decode(errors="ignore").strip() == ZIP_TYPES["odt"]:
                return "odt"
            if ZIP_TYPES["docx"] in names:
                return "docx"
        except (zipfile.BadZipFile, KeyError, ValueError):
            return None
    return None


def check_upload(upload: UploadedFile, allowed: list[str], max_size_mb: int) -> str:
    """The file's real type (one of `allowed`), or a French error."""
    names = ", ".join(TYPE_NAMES[t] for t in allowed)
    size = upload.size or 0
    if size == 0:
        raise ValidationError(_("Le fichier est vide : choisissez un autre fichier."), code="empty_file")
    if size > max_size_mb * 1024 * 1024:
        raise ValidationError(
            _("Le fichier pèse %(size)s Mo ; %(max)s Mo au maximum. Réduisez-le (photo moins grande, PDF compressé).")
            % {"size": f"{size / 1024 / 1024:.1f}".replace(".", ","), "max": max_size_mb},
            code="file_too_large",
        )
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    needs_zip = head.startswith(b"PK\x03\x04") and ({"odt", "docx"} & set(allowed))
    data = upload.read() if needs_zip else None
    upload.seek(0)
    kind = detect_type(head, data)
    extension = (upload.name or "").rsplit(".", 1)[-1].casefold() if "." in (upload.name or "") else ""
    if kind is None or kind not in allowed:
        raise ValidationError(
            _("Ce fichier n'est pas d'un type accepté (%(types)s), quel que soit son nom.") % {"types": names},
            code="file_type",
        )
    if extension not in EXTENSIONS[kind]:
        raise ValidationError(
            _(
                "Le nom du fichier (.%(ext)s) ne correspond pas à son contenu (%(kind)s) : "
                "renommez-le ou choisissez le bon fichier."
            )
            % {"ext": extension or "?", "kind": TYPE_NAMES[kind]},
            code="file_extension",
        )
    return kind
