import contextlib, time
import pytest, requests
from tests.live_server import gunicorn
from tests.benchmarks.bench_tenant_overhead import Server, patient_readiness_probe
import tests.benchmarks.bench_tenant_overhead as b

@pytest.mark.django_db
@pytest.mark.parametrize("pair", [("bypass", "tenant"), ("tenant", "tenant"), ("bypass", "bypass")])
def test_aa(demo, capsys, pair):
    env = {"BENCH_SCHEMA": "c_29058", "BENCH_CONN_MAX_AGE": "60", "GUNICORN_CMD_ARGS": "--no-control-socket"}
    mods = {"tenant": "tests.benchmarks.server_settings", "bypass": "tests.benchmarks.single_tenant_settings"}
    with contextlib.ExitStack() as stack:
        stack.enter_context(patient_readiness_probe())
        servers = [Server(f"{i}{k}", stack.enter_context(gunicorn(workers=1, settings_module=mods[k], extra_env=env)), "fouesnant.localhost") for i, k in enumerate(pair)]
        with requests.Session() as s:
            for sv in servers:
                for _ in range(40): sv.get(s)
            for r in range(10):
                for sv in (servers if r % 2 == 0 else servers[::-1]):
                    sv.measure(s)
    with capsys.disabled():
        print("\n", pair, [f"{sv.label} {sv.rate:.1f}" for sv in servers], f"ratio {servers[0].rate / servers[1].rate:.3f}")
