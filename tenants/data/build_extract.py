"""Rebuild `decoupage-administratif.json.gz` from the @etalab/decoupage-administratif files.

Usage: python tenants/data/build_extract.py /path/to/decoupage-administratif/data

The source folder holds `communes.json` and `epci.json` of the npm package
`@etalab/decoupage-administratif` (MIT licence, see LICENSE beside this file). The
extract keeps only current communes and the fields provisioning needs.
"""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path


def build(source: Path, target: Path) -> dict[str, int]:
    communes = json.loads((source / "communes.json").read_text(encoding="utf-8"))
    epcis = json.loads((source / "epci.json").read_text(encoding="utf-8"))
    epci_of: dict[str, str] = {}
    compact_epcis = []
    for epci in epcis:
        members = [m["code"] for m in epci["membres"]]
        for code in members:
            epci_of[code] = epci["code"]
        compact_epcis.append(
            {
                "siren": epci["code"],
                "name": epci["nom"],
                "type": epci.get("type", ""),
                "population": epci.get("populationTotale") or epci.get("populationMunicipale") or 0,
                "members": members,
            }
        )
    compact_communes = [
        {
            "insee": c["code"],
            "name": c["nom"],
            "siren": c.get("siren", ""),
            "departement": c.get("departement", ""),
            "region": c.get("region", ""),
            "postal_codes": c.get("codesPostaux", []),
            "population": c.get("population") or 0,
            "epci": epci_of.get(c["code"], ""),
        }
        for c in communes
        if c.get("type") == "commune-actuelle"
    ]
    payload = {
        "source": "@etalab/decoupage-administratif 6.0.0 (MIT)",
        "communes": compact_communes,
        "epcis": compact_epcis,
    }
    raw = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    target.write_bytes(gzip.compress(raw, compresslevel=9, mtime=0))
    return {"communes": len(compact_communes), "epcis": len(compact_epcis)}


if __name__ == "__main__":
    counts = build(Path(sys.argv[1]), Path(__file__).with_name("decoupage-administratif.json.gz"))
    print(counts)  # noqa: T201
