"""Official list of communes and EPCIs (compact extract of @etalab/decoupage-administratif).

Read-only reference data shipped with the project (data/SOURCE.md), loaded once per
process.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA_FILE = Path(__file__).with_name("data") / "decoupage-administratif.json.gz"


@dataclass(frozen=True)
class CommuneRecord:
    insee: str
    name: str
    siren: str
    departement: str
    region: str
    postal_codes: tuple[str, ...]
    population: int
    epci_siren: str


@dataclass(frozen=True)
class EpciRecord:
    siren: str
    name: str
    type: str
    population: int
    members: tuple[str, ...]


@dataclass(frozen=True)
class Referential:
    communes: dict[str, CommuneRecord]
    epcis: dict[str, EpciRecord]


@lru_cache(maxsize=1)
def referential() -> Referential:
    payload = json.loads(gzip.decompress(DATA_FILE.read_bytes()).decode("utf-8"))
    communes = {
        c["insee"]: CommuneRecord(
            insee=c["insee"],
            name=c["name"],
            siren=c["siren"],
            departement=c["departement"],
            region=c["region"],
            postal_codes=tuple(c["postal_codes"]),
            population=int(c["population"]),
            epci_siren=c["epci"],
        )
        for c in payload["communes"]
    }
    epcis = {
        e["siren"]: EpciRecord(
            siren=e["siren"],
            name=e["name"],
            type=e["type"],
            population=int(e["population"]),
            members=tuple(e["members"]),
        )
        for e in payload["epcis"]
    }
    return Referential(communes=communes, epcis=epcis)


def find_commune(insee_code: str) -> CommuneRecord | None:
    return referential().communes.get(insee_code.strip().upper())


def find_epci(siren: str) -> EpciRecord | None:
    return referential().epcis.get(siren.strip().replace(" ", ""))


@lru_cache(maxsize=1)
def _by_postal_code() -> dict[str, tuple[tuple[str, str], ...]]:
    index: dict[str, list[tuple[str, str]]] = {}
    for commune in referential().communes.values():
        for code in commune.postal_codes:
            index.setdefault(code, []).append((commune.insee, commune.name))
    return {code: tuple(sorted(found, key=lambda c: c[1])) for code, found in index.items()}


def communes_for_postal_code(postal_code: str) -> tuple[tuple[str, str], ...]:
    """(INSEE code, name) of the communes served by a postal code, by name; empty if unknown."""
    return _by_postal_code().get(postal_code.strip(), ())
