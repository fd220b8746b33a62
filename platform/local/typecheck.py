"""Run mypy (with django-stubs) on the project's packages.

mypy cannot follow setuptools' editable-install finder that maps `guichet` onto the
`platform/` folder, and must never see the folder as a module named `platform` (the
stdlib's). So this gives it a path where `guichet` is a link to `platform/`.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ["guichet", "tenants", "cms", "services_catalog", "theming"]


def main() -> int:
    shim = ROOT / ".typecheck"
    shim.mkdir(exist_ok=True)
    link = shim / "guichet"
    if not link.is_symlink():
        link.symlink_to(ROOT / "platform", target_is_directory=True)
    env = {**os.environ, "MYPYPATH": f"{shim}{os.pathsep}{ROOT}"}
    env.setdefault("DJANGO_SETTINGS_MODULE", "guichet.settings.test")
    env.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/guichet")
    args = [sys.executable, "-m", "mypy"]
    for package in PACKAGES:
        args += ["-p", package]
    return subprocess.call(args, cwd=ROOT, env=env)  # noqa: S603


if __name__ == "__main__":
    sys.exit(main())
