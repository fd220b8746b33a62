"""pytest plugin (loaded with `-p guichet.local.pytest_plugin`): embedded services for tests.

With DATABASE_URL unset, an embedded PostgreSQL is started (fsync off: a throw-away
cluster under var/test); with REDIS_URL and CELERY_BROKER_URL unset, an embedded
Redis. This must run before pytest-django configures Django, hence a hook wrapper.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Generator
from pathlib import Path
from typing import Any

import pytest

from .embedded import EmbeddedPostgres, EmbeddedRedis

_started: list[Any] = []
_folders: list[Path] = []


@pytest.hookimpl(wrapper=True)
def pytest_load_initial_conftests(early_config: pytest.Config, parser: Any, args: Any) -> Generator[None, Any, Any]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guichet.settings.test")
    root = Path(str(early_config.rootpath))
    var = root / "var" / "test"
    var.mkdir(parents=True, exist_ok=True)
    if not os.environ.get("DATABASE_URL"):
        # One throw-away cluster per pytest process, so that two runs never share a database.
        pg = EmbeddedPostgres(var / f"pg-{os.getpid()}", fast_unsafe=True, delete_on_stop=True)
        pg.start()
        _started.append(pg)
        os.environ["DATABASE_URL"] = pg.url("guichet")
        os.environ["GUICHET_EMBEDDED_PG"] = "1"
    if not os.environ.get("REDIS_URL") and not os.environ.get("CELERY_BROKER_URL"):
        redis = EmbeddedRedis(var / "redis")
        os.environ["REDIS_URL"] = redis.start()
        _started.append(redis)
        os.environ["GUICHET_EMBEDDED_REDIS"] = "1"
    os.environ.setdefault("CACHE_KEY_PREFIX", f"test{os.getpid()}")
    for name, folder in (("MEDIA_ROOT", "media"), ("PRIVATE_MEDIA_ROOT", "private")):
        if not os.environ.get(name):
            path = var / f"{folder}-{os.getpid()}"
            os.environ[name] = str(path)
            _folders.append(path)
    return (yield)


def pytest_unconfigure(config: pytest.Config) -> None:
    while _started:
        _started.pop().stop()
    while _folders:
        shutil.rmtree(_folders.pop(), ignore_errors=True)
