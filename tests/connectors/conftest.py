"""Fixtures of the connector tests: a real local fake of API Particulier per test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from guichet.connectors.fake_api_particulier import FakeApiParticulier

FOUESNANT_TOKEN = "jeton-fouesnant-0123456789"
PLEUVEN_TOKEN = "jeton-pleuven-9876543210"


@pytest.fixture
def fake_api() -> Iterator[FakeApiParticulier]:
    """The fake server; it accepts Fouesnant's token (`server.token` may be changed)."""
    server = FakeApiParticulier(token=FOUESNANT_TOKEN).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def allow_http(settings: pytest.FixtureRequest) -> None:
    """The fake server speaks plain http on 127.0.0.1: allowed as in development."""
    settings.GUICHET_CONNECTORS_ALLOW_HTTP = True  # type: ignore[attr-defined]
