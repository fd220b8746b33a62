"""Each kind of answer checked with good, wrong, oversize, script-bearing and
unicode-tricky values; the messages are French and say what to do."""

from __future__ import annotations

from io import BytesIO
from zipfile import ZipFile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from services_catalog.validators import check_upload, clean_french_phone, clean_siret, clean_text, normalise_place

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64


def _odt() -> bytes:
    buffer = BytesIO()
    with ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("02 98 12 34 56", "02 98 12 34 56"),
        ("0298123456", "02 98 12 34 56"),
        ("+33 6 12 34 56 78", "06 12 34 56 78"),
        ("0033612345678", "06 12 34 56 78"),
        ("06.12.34.56.78", "06 12 34 56 78"),
        ("0590 12 34 56", "05 90 12 34 56"),  # Guadeloupe
    ],
)
def test_french_phone_numbers_are_accepted_and_written_the_french_way(raw: str, expected: str) -> None:
    assert clean_french_phone(raw) == expected


@pytest.mark.parametrize(
    "raw", ["12345", "00 98 12 34 56", "+44 20 7946 0958", "02 98 12 34 5X", "０２９８１２３４５６"]
)
def test_other_phone_numbers_are_refused_in_french(raw: str) -> None:
    with pytest.raises(ValidationError) as error:
        clean_french_phone(raw)
    assert "numéro de téléphone français" in error.value.messages[0]


def test_siret_checksum() -> None:
    assert clean_siret("732 829 320 00074") == "73282932000074"  # a real, Luhn-valid SIRET
    assert clean_siret("356 000 000 00001") == "35600000000001"  # La Poste: digit sum multiple of 5
    with pytest.raises(ValidationError, match="n'existe pas"):
        clean_siret("73282932000075")
    with pytest.raises(ValidationError, match="14 chiffres"):
        clean_siret("7328293200007")
    with pytest.raises(ValidationError, match="14 chiffres"):
        clean_siret("<script>alert(1)</script>")


def test_tricky_unicode_is_refused_but_accents_and_scripts_as_text_are_kept() -> None:
    assert clean_text("Éloïse Le Goff") == "Éloïse Le Goff"
    assert clean_text("E\u0301loi\u0308se") == "Éloïse"  # combining accents normalised (NFC)
    assert clean_text("<script>alert(1)</script>") == "<script>alert(1)</script>"  # text; escaped when shown
    for tricky in ("Jean\u202eeuqcaJ", "Jean\u200bPierre", "nul\x00", "\ufeffBOM"):
        with pytest.raises(ValidationError, match="caractères invisibles"):
            clean_text(tricky)


def test_place_names_match_whatever_the_accents_and_abbreviations() -> None:
    assert normalise_place("St-Évarzec") == normalise_place("Saint-Évarzec") == normalise_place("SAINT EVARZEC")
    assert normalise_place("Fouesnant") != normalise_place("Pleuven")


def test_uploads_are_checked_by_their_content() -> None:
    assert check_upload(SimpleUploadedFile("photo.png", PNG), ["jpeg", "png"], 1) == "png"
    assert check_upload(SimpleUploadedFile("scan.PDF", PDF), ["pdf"], 1) == "pdf"
    assert check_upload(SimpleUploadedFile("photo.jpg", JPEG), ["jpeg"], 1) == "jpeg"
    assert check_upload(SimpleUploadedFile("lettre.odt", _odt()), ["odt", "pdf"], 1) == "odt"


@pytest.mark.parametrize(
    ("name", "content", "allowed", "message"),
    [
        ("virus.pdf", b"MZ\x90\x00\x03" + b"\x00" * 64, ["pdf"], "n'est pas d'un type accepté (PDF)"),
        ("page.pdf", b"<html><script>alert(1)</script></html>", ["pdf", "png"], "type accepté (PDF, PNG)"),
        ("photo.pdf", PNG, ["pdf", "png"], "ne correspond pas à son contenu (PNG)"),
        ("vide.pdf", b"", ["pdf"], "Le fichier est vide"),
        ("gros.pdf", b"%PDF-" + b"0" * (2 * 1024 * 1024), ["pdf"], "2,0 Mo ; 1 Mo au maximum"),
        ("archive.odt", b"PK\x03\x04not really a zip", ["odt"], "type accepté (ODT)"),
    ],
)
def test_bad_uploads_are_refused_with_a_french_reason(
    name: str, content: bytes, allowed: list[str], message: str
) -> None:
    with pytest.raises(ValidationError) as error:
        check_upload(SimpleUploadedFile(name, content), allowed, 1)
    assert message in error.value.messages[0]
