"""National data sources behind one small interface (R-DLNUF-3), and their errors.

`NationalDataSource` is what the rest of the app asks of a source; `ApiParticulierClient` is
the first adapter: API Particulier's family quotient ("composition familiale", CNAF/MSA),
documented at https://particulier.api.gouv.fr/developpeurs/openapi and
https://www.data.gouv.fr/dataservices/api-quotient-familial-msa-caf-bouquet-api-particulier
(`GET /api/v2/composition-familiale?numeroAllocataire=…&codePostal=…`, token in the
`X-Api-Key` header; `GET /api/introspect` lists what the token may read).

Nothing here logs the token, the parameters or the values received: only the HTTP status.
"""

from __future__ import annotations

import json
import logging
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from django.utils import timezone
from django.utils.translation import gettext as _

log = logging.getLogger(__name__)

BENEFICIARY_NUMBER = re.compile(r"\d{7}")
POSTAL_CODE = re.compile(r"\d{5}")
FAMILY_PATH = "/api/v2/composition-familiale"
INTROSPECT_PATH = "/api/introspect"
QUOTIENT_SCOPE = "cnaf_quotient_familial"


class ConnectorError(Exception):
    """A national data source could not give the data; `message` says why, in French."""

    outcome = "error"

    def __init__(self, message: str = "") -> None:
        super().__init__(message or self.default_message())
        self.message = message or self.default_message()

    def default_message(self) -> str:
        return _("Les données n'ont pas pu être obtenues.")


class NotConfigured(ConnectorError):
    outcome = "not_configured"

    def default_message(self) -> str:
        return _("Ce service de données n'est pas activé pour cette collectivité.")


class NotAuthorised(ConnectorError):
    outcome = "not_authorised"

    def default_message(self) -> str:
        return _("La collectivité n'est pas habilitée à obtenir ces données (jeton refusé).")


class NotFound(ConnectorError):
    outcome = "not_found"

    def default_message(self) -> str:
        return _("Aucun dossier allocataire ne correspond à ce numéro et à ce code postal.")


class Unavailable(ConnectorError):
    outcome = "unavailable"

    def default_message(self) -> str:
        return _("Le service national ne répond pas pour le moment.")


class InvalidInput(ConnectorError):
    outcome = "invalid_input"
    field = ""  # which parameter is malformed ("beneficiary_number", "postal_code"), when known

    def default_message(self) -> str:
        return _("Les renseignements donnés ne sont pas dans le format attendu.")


@dataclass(frozen=True)
class FetchedData:
    """Data received from a national source, with where and when they came from (R-DLNUF-1)."""

    values: dict[str, Any]
    source_label: str
    fetched_at: datetime = field(default_factory=timezone.now)


class NationalDataSource(Protocol):
    """What a national data source offers; each adapter maps its errors onto ConnectorError."""

    def family_quotient(self, *, beneficiary_number: str, postal_code: str) -> FetchedData: ...

    def check(self) -> str:
        """Try the connection and the token; return a short French report, or raise ConnectorError."""
        ...


def check_family_quotient_input(beneficiary_number: str, postal_code: str) -> tuple[str, str]:
    """The two parameters without spaces; InvalidInput (French message) when malformed."""
    number = re.sub(r"\s", "", beneficiary_number or "")
    postal = re.sub(r"\s", "", postal_code or "")
    if not BENEFICIARY_NUMBER.fullmatch(number):
        error = InvalidInput(_("Le numéro d'allocataire compte 7 chiffres, par exemple 1234567."))
        error.field = "beneficiary_number"
        raise error
    if not POSTAL_CODE.fullmatch(postal):
        error = InvalidInput(_("Le code postal compte 5 chiffres, par exemple 29170."))
        error.field = "postal_code"
        raise error
    return number, postal


def _names(people: Any) -> list[str]:
    return [str(p.get("nomPrenom", "")).strip() for p in people or [] if isinstance(p, dict)]


class ApiParticulierClient:
    """API Particulier over HTTPS (stdlib urllib), one token per collectivité."""

    def __init__(self, *, base_url: str, token: str, timeout: float = 10.0) -> None:
        if not base_url.startswith(("https://", "http://")):
            raise NotConfigured(_("L'adresse du service doit commencer par https://."))
        if not token:
            raise NotConfigured()
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.timeout = timeout

    def __repr__(self) -> str:  # never show the token
        return f"ApiParticulierClient({self.base_url!r})"

    def _get(self, path: str, params: dict[str, str] | None = None) -> dict[str, Any]:
        url = self.base_url + path
        if params:
            url += "?" + urllib.parse.urlencode(params)
        request = urllib.request.Request(  # noqa: S310 (scheme checked in __init__)
            url, method="GET", headers={"X-Api-Key": self.token, "Accept": "application/json"}
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                body = json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as exc:
            log.warning("API Particulier %s answered HTTP %s", path, exc.code)
            exc.close()
            raise self._error_for(exc.code) from None
        except TimeoutError as exc:
            log.warning("API Particulier %s timed out", path)
            raise Unavailable() from exc
        except urllib.error.URLError as exc:
            log.warning("API Particulier %s unreachable (%s)", path, type(exc.reason).__name__)
            raise Unavailable() from None
        except (ValueError, OSError):
            log.warning("API Particulier %s gave an unreadable answer", path)
            raise Unavailable() from None
        if not isinstance(body, dict):
            raise Unavailable()
        return body

    @staticmethod
    def _error_for(status: int) -> ConnectorError:
        if status in (401, 403):
            return NotAuthorised()
        if status == 404:
            return NotFound()
        if status in (400, 422):
            return InvalidInput()
        return Unavailable()

    def family_quotient(self, *, beneficiary_number: str, postal_code: str) -> FetchedData:
        number, postal = check_family_quotient_input(beneficiary_number, postal_code)
        body = self._get(FAMILY_PATH, {"numeroAllocataire": number, "codePostal": postal})
        try:
            amount = int(body["quotientFamilial"])
            month = f"{int(body['annee']):04d}-{int(body['mois']):02d}"
        except (KeyError, TypeError, ValueError):
            log.warning("API Particulier %s: answer without a family quotient", FAMILY_PATH)
            raise Unavailable() from None
        regime = "MSA" if str(body.get("regime", "")).upper() == "MSA" else "CNAF"
        label = _("MSA via API Particulier") if regime == "MSA" else _("CAF via API Particulier")
        return FetchedData(
            values={
                "quotient_familial": amount,
                "mois": month,
                "regime": regime,
                "allocataires": _names(body.get("allocataires")),
                "enfants": _names(body.get("enfants")),
            },
            source_label=label,
        )

    def check(self) -> str:
        body = self._get(INTROSPECT_PATH)
        scopes = body.get("scopes") or []
        if QUOTIENT_SCOPE not in scopes:
            raise NotAuthorised(_("Le jeton est valide mais ne donne pas accès au quotient familial."))
        return _("Connexion réussie : le jeton donne accès au quotient familial CAF/MSA.")
