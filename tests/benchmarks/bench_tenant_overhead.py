"""Cost of tenant resolution: a commune's home page under gunicorn, host → tenant vs fixed.

Two gunicorn servers (one sync worker each, so that both fit on two cores) serve the
session's committed demo tenants:

- "tenant": the real middleware stack (TenantFromHostMiddleware, host lookup cached);
- "bypass": the same stack with that middleware replaced by one that always sets
  Fouesnant (tests/benchmarks/fixed_tenant.py, settings single_tenant_settings.py).

Both use persistent database connections as in production (tests/benchmarks/
server_settings.py). After a warm-up, each server gets sequential GETs of "/" with the
Host fouesnant.localhost for a bounded time slice, alternately (ABBA order) over
several rounds; requests and seconds are summed over the rounds. The median of the
per-round ratios is printed too: on a shared machine, bursts of load from other
processes move single rounds by tens of percent.

Goal: tenant/bypass throughput ≥ 0.92. Printed, not asserted.
"""

from __future__ import annotations

import contextlib
import os
import statistics
import time
from dataclasses import dataclass, field

import pytest
import requests

from tests.conftest import DemoTenants
from tests.live_server import LiveServer, gunicorn

from .report import emit

ROUNDS = 10
SLICE_SECONDS = 1.0
MAX_REQUESTS_PER_SLICE = 1000  # the loop is bounded even if the clock were not
WARMUP_REQUESTS = 40
GOAL_RATIO = 0.92
SLUG = "fouesnant"
NAME = "Fouesnant"


@dataclass
class Server:
    label: str
    live: LiveServer
    host: str
    served: int = 0
    seconds: float = 0.0
    per_round: list[float] = field(default_factory=list)

    def get(self, session: requests.Session, host: str | None = None) -> requests.Response:
        return session.get(
            f"http://127.0.0.1:{self.live.port}/",
            headers={"Host": f"{host or self.host}:{self.live.port}"},
            timeout=10,
            allow_redirects=False,
        )

    @property
    def rate(self) -> float:
        return self.served / self.seconds

    def measure(self, session: requests.Session) -> None:
        count = 0
        started = time.perf_counter()
        deadline = started + SLICE_SECONDS
        for _ in range(MAX_REQUESTS_PER_SLICE):
            response = self.get(session)
            assert response.status_code == 200, f"{self.label}: HTTP {response.status_code}"
            count += 1
            if time.perf_counter() >= deadline:
                break
        elapsed = time.perf_counter() - started
        self.served += count
        self.seconds += elapsed
        self.per_round.append(count / elapsed)


@pytest.mark.benchmark
@pytest.mark.django_db  # pytest-django creates the test database only for tests that ask for it
def test_tenant_resolution_overhead(demo: DemoTenants, capsys: pytest.CaptureFixture[str]) -> None:
    fouesnant = demo[SLUG]
    host = f"{SLUG}.localhost"
    conn_max_age = os.environ.get("BENCH_CONN_MAX_AGE", "60")
    env = {
        "BENCH_SCHEMA": fouesnant.schema_name,
        "BENCH_CONN_MAX_AGE": conn_max_age,
        # Two servers at once: gunicorn 27's control socket has one default path.
        "GUNICORN_CMD_ARGS": "--no-control-socket",
    }
    with contextlib.ExitStack() as stack:
        started = time.perf_counter()
        tenant = Server(
            "tenant",
            stack.enter_context(
                gunicorn(
                    workers=1,
                    settings_module="tests.benchmarks.server_settings",
                    extra_env=env,
                )
            ),
            host,
        )
        bypass = Server(
            "bypass",
            stack.enter_context(
                gunicorn(
                    workers=1,
                    settings_module="tests.benchmarks.single_tenant_settings",
                    extra_env=env,
                )
            ),
            host,
        )
        startup = time.perf_counter() - started
        servers = (tenant, bypass)
        with requests.Session() as session:
            for server in servers:
                first = server.get(session)
                assert first.status_code == 200
                assert f"<h1>{NAME}</h1>" in first.text, f"{server.label} does not serve {NAME}"
            # The bypass really ignores the host; the real stack does not.
            assert f"<h1>{NAME}</h1>" in bypass.get(session, "inconnue.localhost").text
            assert tenant.get(session, "inconnue.localhost").status_code == 404
            for server in servers:
                for _ in range(WARMUP_REQUESTS):
                    assert server.get(session).status_code == 200
            for round_no in range(ROUNDS):  # ABBA order: a drift in load hits both alike
                for server in servers if round_no % 2 == 0 else servers[::-1]:
                    server.measure(session)

    ratio = tenant.rate / bypass.rate
    # Each round's two slices are adjacent in time; their ratio is less exposed to bursts
    # of load from other processes than the totals are.
    round_ratios = [t / b for t, b in zip(tenant.per_round, bypass.per_round, strict=True)]
    median_ratio = statistics.median(round_ratios)
    met = ratio >= GOAL_RATIO

    def line(server: Server) -> str:
        rounds = ", ".join(f"{r:.0f}" for r in server.per_round)
        return (
            f"{server.label:<6}: {server.rate:6.1f} req/s "
            f"({server.served} requests in {server.seconds:.1f} s; per round: {rounds})"
        )

    emit(
        capsys,
        "tenant-overhead",
        [
            (
                f"GET / of {NAME} under gunicorn (1 sync worker each, started in {startup:.1f} s), "
                f"{ROUNDS} interleaved rounds of {SLICE_SECONDS:g} s per server, CONN_MAX_AGE={conn_max_age}"
            ),
            line(tenant),
            line(bypass),
            f"ratio tenant/bypass: {ratio:.3f} (median of per-round ratios {median_ratio:.3f})",
            f"goal: ratio >= {GOAL_RATIO} [{'met' if met else 'MISSED'}]",
        ],
        {
            "schema": fouesnant.schema_name,
            "conn_max_age": int(conn_max_age),
            "rounds": ROUNDS,
            "slice_s": SLICE_SECONDS,
            "startup_s": round(startup, 2),
            "tenant_rps": round(tenant.rate, 2),
            "bypass_rps": round(bypass.rate, 2),
            "tenant_rps_rounds": [round(r, 2) for r in tenant.per_round],
            "bypass_rps_rounds": [round(r, 2) for r in bypass.per_round],
            "ratio_tenant_over_bypass": round(ratio, 4),
            "median_round_ratio": round(median_ratio, 4),
            "goal_ratio": GOAL_RATIO,
            "goal_met": met,
        },
    )
    assert tenant.served > 0
    assert bypass.served > 0
