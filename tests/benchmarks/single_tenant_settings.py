"""The benchmark servers' settings with tenant resolution bypassed: every request is
served by the one tenant whose schema is in BENCH_SCHEMA (tests/benchmarks/fixed_tenant.py).
"""

from __future__ import annotations

from tests.benchmarks.server_settings import *  # noqa: F403
from tests.benchmarks.server_settings import MIDDLEWARE as _TENANT_MIDDLEWARE

_RESOLVER = "guichet.ops.middleware.TenantFromHostMiddleware"
_FIXED = "tests.benchmarks.fixed_tenant.FixedTenantMiddleware"

if _RESOLVER not in _TENANT_MIDDLEWARE:
    raise RuntimeError(f"{_RESOLVER} is no longer in MIDDLEWARE: update the benchmark's bypass")
MIDDLEWARE = [_FIXED if name == _RESOLVER else name for name in _TENANT_MIDDLEWARE]
