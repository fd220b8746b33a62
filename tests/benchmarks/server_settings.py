"""Settings of the gunicorn servers measured by bench_tenant_overhead: the test settings
with persistent database connections, as in production (base.py keeps them 60 s; the
test settings close them after each request). BENCH_CONN_MAX_AGE=0 measures without.
"""

from __future__ import annotations

from guichet.settings.test import *  # noqa: F403
from guichet.settings.test import DATABASES, env

DATABASES["default"]["CONN_MAX_AGE"] = env.int("BENCH_CONN_MAX_AGE", default=60)
