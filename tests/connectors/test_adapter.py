"""The API Particulier adapter against the fake server (a real local HTTP server that
behaves like the documented API): success, unknown allocataire, bad token, timeout, 503,
malformed input refused before any call (R-DLNUF-3)."""

from __future__ import annotations

import logging
import subprocess
import sys
import time
import urllib.request

import pytest

from guichet.connectors.api import InvalidInput, NotAuthorised, NotFound, Unavailable
from guichet.connectors.fake_api_particulier import FakeApiParticulier
from guichet.connectors.sources import ApiParticulierClient
from tests.connectors.conftest import FOUESNANT_TOKEN


def _client(server: FakeApiParticulier, token: str = FOUESNANT_TOKEN, timeout: float = 5.0) -> ApiParticulierClient:
    return ApiParticulierClient(base_url=server.url, token=token, timeout=timeout)


def test_a_known_allocataire_gives_the_family_quotient_with_its_source(
    fake_api: FakeApiParticulier, caplog: pytest.LogCaptureFixture
) -> None:
    """R-DLNUF-3: the adapter reads the documented answer; nothing personal is logged."""
    caplog.set_level(logging.DEBUG)
    fetched = _client(fake_api).family_quotient(beneficiary_number="123 4567", postal_code="29170")
    assert fetched.values["quotient_familial"] == 850
    assert fetched.values["mois"] == "2026-10"
    assert fetched.values["allocataires"] == ["KERFICTIF NOLWENN"]
    assert fetched.source_label == "CAF via API Particulier"
    assert fetched.fetched_at.tzinfo is not None
    msa = _client(fake_api).family_quotient(beneficiary_number="2345678", postal_code="29170")
    assert (msa.values["quotient_familial"], msa.source_label) == (1250, "MSA via API Particulier")
    assert fake_api.seen_tokens == [FOUESNANT_TOKEN, FOUESNANT_TOKEN]
    assert FOUESNANT_TOKEN not in caplog.text and "1234567" not in caplog.text


def test_unknown_allocataire_bad_token_and_outage_are_told_apart(
    fake_api: FakeApiParticulier, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    with pytest.raises(NotFound) as unknown:
        _client(fake_api).family_quotient(beneficiary_number="1111111", postal_code="29170")
    assert "Aucun dossier allocataire" in unknown.value.message
    with pytest.raises(NotFound):  # the right number with another postal code
        _client(fake_api).family_quotient(beneficiary_number="1234567", postal_code="29950")
    with pytest.raises(NotAuthorised) as refused:
        _client(fake_api, token="jeton-faux").family_quotient(beneficiary_number="1234567", postal_code="29170")
    assert "habilitée" in refused.value.message
    fake_api.fail_with = 503
    with pytest.raises(Unavailable) as outage:
        _client(fake_api).family_quotient(beneficiary_number="1234567", postal_code="29170")
    assert "ne répond pas" in outage.value.message
    assert "jeton-faux" not in caplog.text and FOUESNANT_TOKEN not in caplog.text
    assert "HTTP 503" in caplog.text and "HTTP 401" in caplog.text


def test_a_slow_server_is_given_up_after_the_timeout(fake_api: FakeApiParticulier) -> None:
    fake_api.delay = 2.0
    started = time.monotonic()
    with pytest.raises(Unavailable):
        _client(fake_api, timeout=0.3).family_quotient(beneficiary_number="1234567", postal_code="29170")
    assert time.monotonic() - started < 1.5


def test_a_closed_port_is_unavailable() -> None:
    server = FakeApiParticulier(token="x")
    url = server.url
    server.server_close()
    with pytest.raises(Unavailable):
        ApiParticulierClient(base_url=url, token="x", timeout=1).family_quotient(
            beneficiary_number="1234567", postal_code="29170"
        )


@pytest.mark.parametrize(
    ("number", "postal", "error"),
    [
        ("12345", "29170", "7 chiffres"),
        ("12345678", "29170", "7 chiffres"),
        ("abcdefg", "29170", "7 chiffres"),
        ("1234567", "2917", "5 chiffres"),
        ("1234567", "29170&x=1", "5 chiffres"),
        ("", "", "7 chiffres"),
    ],
)
def test_malformed_input_is_refused_before_any_call(
    fake_api: FakeApiParticulier, number: str, postal: str, error: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        _client(fake_api).family_quotient(beneficiary_number=number, postal_code=postal)
    assert error in refused.value.message
    assert fake_api.seen_tokens == []


def test_the_fake_server_itself_checks_token_and_parameters(fake_api: FakeApiParticulier) -> None:
    """The fake behaves like the documented API for any client: 401, 400, 404, 200."""

    def status(query: str, token: str = FOUESNANT_TOKEN) -> int:
        request = urllib.request.Request(f"{fake_api.url}/api/v2/composition-familiale?{query}")  # noqa: S310
        if token:
            request.add_header("X-Api-Key", token)
        try:
            with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
                return int(response.status)
        except urllib.error.HTTPError as exc:
            return exc.code

    assert status("numeroAllocataire=1234567&codePostal=29170", token="") == 401
    assert status("numeroAllocataire=1234567") == 400
    assert status("numeroAllocataire=12&codePostal=29170") == 400
    assert status("numeroAllocataire=9999999&codePostal=29170") == 404
    assert status("numeroAllocataire=1234567&codePostal=29170") == 200


def test_the_fake_server_runs_as_a_module() -> None:
    """How `make demo` starts it: `python -m guichet.connectors.fake_api_particulier`."""
    probe = FakeApiParticulier(token="x")
    port = probe.server_address[1]
    probe.server_close()
    process = subprocess.Popen(
        [sys.executable, "-m", "guichet.connectors.fake_api_particulier", "--port", str(port), "--token", "demo"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        client = ApiParticulierClient(base_url=f"http://127.0.0.1:{port}", token="demo", timeout=2)
        for _attempt in range(50):
            try:
                fetched = client.family_quotient(beneficiary_number="7654321", postal_code="29950")
                break
            except Unavailable:
                time.sleep(0.1)
        else:
            pytest.fail("the fake server did not start")
        assert fetched.values["quotient_familial"] == 420
        assert "habilitée" not in client.check()
    finally:
        process.terminate()
        process.wait(timeout=10)
