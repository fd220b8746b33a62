"""Output of the benchmarks: lines on the terminal (even without -s) and one JSON line each.

The JSON lines are appended to test-output/benchmarks.jsonl at the repository root, so
successive runs can be compared (the folder is ignored by git).
"""

from __future__ import annotations

import json
import platform
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
JSONL = ROOT / "test-output" / "benchmarks.jsonl"


def _commit() -> str:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return out.stdout.strip()


def emit(
    capsys: pytest.CaptureFixture[str],
    name: str,
    lines: list[str],
    figures: dict[str, Any],
) -> None:
    """Print the result lines past pytest's capture and append the figures as one JSON line."""
    with capsys.disabled():
        sys.stdout.write("\n" + "".join(f"[benchmark {name}] {line}\n" for line in lines))
        sys.stdout.flush()
    record = {
        "benchmark": name,
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": _commit(),
        "host": platform.node(),
        **figures,
    }
    JSONL.parent.mkdir(parents=True, exist_ok=True)
    with JSONL.open("a", encoding="utf-8") as out:
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
