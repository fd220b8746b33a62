"""A local stand-in for API Particulier's family quotient endpoint (CNAF/MSA), for tests and
the demo: a real HTTP server (stdlib `ThreadingHTTPServer`) that behaves like the documented
API, because the national service cannot run locally (R-DLNUF-3).

What it imitates (API Particulier v2, "composition familiale", documented at
https://particulier.api.gouv.fr/developpeurs/openapi and
https://www.data.gouv.fr/dataservices/api-quotient-familial-msa-caf-bouquet-api-particulier):

- `GET /api/v2/composition-familiale?numeroAllocataire=1234567&codePostal=29170` with the
  token in the `X-Api-Key` header; 200 with `quotientFamilial`, `annee`, `mois`,
  `allocataires`, `enfants`, `adresse` (plus `regime`, "CNAF" or "MSA");
- `GET /api/introspect`: what the token may read (its scopes), used by "Tester la connexion";
- 401 without a token or with a wrong one, 400 when a parameter is missing or malformed
  (`numeroAllocataire`: 7 digits, `codePostal`: 5 digits), 404 for an unknown allocataire,
  errors as `{"errors": [{"code", "title", "detail"}]}`.

Switches for tests: `server.delay` (seconds before answering) and `server.fail_with` (an HTTP
status such as 503 answered to every data request). `server.seen_tokens` lists the tokens
received, so a test can check which tenant's token reached the server.

Run it: `python -m guichet.connectors.fake_api_particulier --port 8765 --token demo-token`.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import threading
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

FAMILY_PATH = "/api/v2/composition-familiale"
INTROSPECT_PATH = "/api/introspect"
SCOPES = ["cnaf_quotient_familial", "cnaf_allocataires", "cnaf_enfants", "cnaf_adresse"]


def _person(first: str, last: str, born: str, sex: str) -> dict[str, str]:
    return {"nomPrenom": f"{last} {first}", "dateDeNaissance": born, "sexe": sex}


# FICTIONAL DATA. These families do not exist: names, numbers and amounts are invented for
# tests and the demo; any resemblance to real allocataires is accidental.
# Key: (numeroAllocataire, codePostal).
ALLOCATAIRES: dict[tuple[str, str], dict[str, Any]] = {
    ("1234567", "29170"): {  # Fouesnant
        "regime": "CNAF",
        "quotientFamilial": 850,
        "annee": 2026,
        "mois": 10,
        "allocataires": [_person("NOLWENN", "KERFICTIF", "12031988", "F")],
        "enfants": [_person("MAEL", "KERFICTIF", "02092017", "M"), _person("ANNA", "KERFICTIF", "21052019", "F")],
        "adresse": {
            "identite": "Madame KERFICTIF NOLWENN",
            "complementIdentite": None,
            "complementIdentiteGeo": None,
            "numeroRue": "1 RUE IMAGINAIRE",
            "lieuDit": None,
            "codePostalVille": "29170 FOUESNANT",
            "pays": "FRANCE",
        },
    },
    ("7654321", "29950"): {  # Bénodet
        "regime": "CNAF",
        "quotientFamilial": 420,
        "annee": 2026,
        "mois": 10,
        "allocataires": [_person("YANN", "INVENTEC", "30111985", "M"), _person("MARIE", "INVENTEC", "04071987", "F")],
        "enfants": [_person("LOUISE", "INVENTEC", "15012016", "F")],
        "adresse": {
            "identite": "Monsieur INVENTEC YANN",
            "complementIdentite": None,
            "complementIdentiteGeo": None,
            "numeroRue": "7 ALLEE DU SONGE",
            "lieuDit": None,
            "codePostalVille": "29950 BENODET",
            "pays": "FRANCE",
        },
    },
    ("2345678", "29170"): {  # Pleuven shares Fouesnant's postal code; an MSA family
        "regime": "MSA",
        "quotientFamilial": 1250,
        "annee": 2026,
        "mois": 9,
        "allocataires": [_person("ERWAN", "FICTIVEL", "08081979", "M")],
        "enfants": [_person("LENA", "FICTIVEL", "19032014", "F")],
        "adresse": {
            "identite": "Monsieur FICTIVEL ERWAN",
            "complementIdentite": None,
            "complementIdentiteGeo": "FERME DE L'EXEMPLE",
            "numeroRue": None,
            "lieuDit": "KERNEVEZ-FICTIF",
            "codePostalVille": "29170 PLEUVEN",
            "pays": "FRANCE",
        },
    },
}


def _error(code: str, title: str, detail: str) -> dict[str, Any]:
    return {"errors": [{"code": code, "title": title, "detail": detail, "source": None, "meta": {}}]}


class _Handler(BaseHTTPRequestHandler):
    server: FakeApiParticulier

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (stdlib signature)
        return  # quiet: the query string holds personal data

    def _send(self, status: int, body: dict[str, Any]) -> None:
        payload = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def do_GET(self) -> None:  # noqa: N802 (stdlib name)
        url = urlsplit(self.path)
        token = self.headers.get("X-Api-Key", "")
        with self.server.lock:
            self.server.seen_tokens.append(token)
        if self.server.delay:
            time.sleep(self.server.delay)
        if url.path not in (FAMILY_PATH, INTROSPECT_PATH):
            self._send(404, _error("00404", "Route inconnue", "Cette route n'existe pas."))
            return
        if not token or token != self.server.token:
            self._send(401, _error("50001", "Jeton invalide", "Le jeton d'accès est absent ou invalide."))
            return
        if url.path == INTROSPECT_PATH:
            self._send(200, {"_id": "fake", "name": "Fake API Particulier", "scopes": SCOPES})
            return
        if self.server.fail_with:
            status = self.server.fail_with
            self._send(status, _error(f"37{status}", HTTPStatus(status).phrase, "Le fournisseur ne répond pas."))
            return
        params = {k: v[0] for k, v in parse_qs(url.query).items()}
        number = params.get("numeroAllocataire", "")
        postal = params.get("codePostal", "")
        if not re.fullmatch(r"\d{7}", number) or not re.fullmatch(r"\d{5}", postal):
            self._send(
                400,
                _error(
                    "00400",
                    "Entité non traitable",
                    "numeroAllocataire compte 7 chiffres et codePostal 5 chiffres.",
                ),
            )
            return
        family = ALLOCATAIRES.get((number, postal))
        if family is None:
            self._send(404, _error("37003", "Entité non trouvée", "Dossier allocataire inexistant."))
            return
        self._send(200, family)


class FakeApiParticulier(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, *, token: str, host: str = "127.0.0.1", port: int = 0) -> None:
        super().__init__((host, port), _Handler)
        self.token = token
        self.delay = 0.0
        self.fail_with = 0
        self.seen_tokens: list[str] = []
        self.lock = threading.Lock()

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            return  # the client gave up waiting (the timeout tests): nothing to report
        super().handle_error(request, client_address)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> FakeApiParticulier:
        threading.Thread(
            target=self.serve_forever, kwargs={"poll_interval": 0.05}, name="fake-api-particulier", daemon=True
        ).start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Fake API Particulier (quotient familial), fictional data.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--token", required=True, help="the token expected in the X-Api-Key header")
    parser.add_argument("--delay", type=float, default=0.0, help="seconds to wait before each answer")
    parser.add_argument("--fail-with", type=int, default=0, help="answer every data request with this status")
    args = parser.parse_args(argv)
    server = FakeApiParticulier(token=args.token, host=args.host, port=args.port)
    server.delay, server.fail_with = args.delay, args.fail_with
    sys.stdout.write(
        f"Fake API Particulier on {server.url} (fictional allocataires: 1234567/29170, 7654321/29950, 2345678/29170)\n"
    )
    sys.stdout.flush()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
