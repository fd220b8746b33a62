"""`make demo`: the whole platform on one machine.

Starts (when not configured by the environment) an embedded PostgreSQL and Redis,
migrates, provisions the CC du Pays Fouesnantais and its 7 communes, creates demo
accounts, then runs the web server, a Celery worker and Celery beat until Ctrl-C.
Running it again keeps the data (var/demo).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from .embedded import EmbeddedPostgres, EmbeddedRedis

ROOT = Path(__file__).resolve().parents[2]
VAR = ROOT / "var" / "demo"
PORT = int(os.environ.get("GUICHET_DEMO_PORT", "8000"))
# The local stand-in for API Particulier (family quotient), enabled for Fouesnant and Pleuven.
FAKE_API_PORT = int(os.environ.get("GUICHET_DEMO_API_PARTICULIER_PORT", "8765"))


def _manage(*args: str, env: dict[str, str]) -> None:
    subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], check=True, env=env, cwd=ROOT)  # noqa: S603


def _interrupt(*_: object) -> None:
    raise KeyboardInterrupt


def main() -> int:
    # Ctrl-C must stop the demo even when a launcher started it with SIGINT ignored.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    VAR.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    env.setdefault("DJANGO_SETTINGS_MODULE", "guichet.settings.dev")
    env.setdefault("GUICHET_SITE_PORT", str(PORT))
    env.setdefault("DJANGO_DEBUG", "0")
    env.setdefault("MEDIA_ROOT", str(VAR / "media"))
    env.setdefault("PRIVATE_MEDIA_ROOT", str(VAR / "private"))
    # Emails (acknowledgments, decisions…) are written as files to read: var/demo/courriels/.
    env.setdefault("EMAIL_URL", f"filemail:///{VAR / 'courriels'}")  # 4 slashes: an absolute path
    started: list[EmbeddedPostgres | EmbeddedRedis] = []
    children: list[subprocess.Popen[bytes]] = []

    def shutdown(*_: object) -> None:
        for child in children:
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
        for child in children:
            try:
                child.wait(15)
            except subprocess.TimeoutExpired:
                child.kill()
        for service in reversed(started):
            service.stop()

    try:
        if not env.get("DATABASE_URL"):
            pg = EmbeddedPostgres(VAR / "pgdata")
            pg.start()
            started.append(pg)
            pg.create_database("guichet")
            env["DATABASE_URL"] = pg.url("guichet")
            print(f"PostgreSQL embarqué : {pg.url('guichet')} (données : {pg.data_dir})", flush=True)  # noqa: T201
        if not env.get("REDIS_URL") and not env.get("CELERY_BROKER_URL"):
            redis = EmbeddedRedis(VAR / "redis", persist=True)
            env["REDIS_URL"] = redis.start()
            started.append(redis)
            print(f"Redis embarqué (broker et cache) : {env['REDIS_URL']}", flush=True)  # noqa: T201

        bin_dir = Path(sys.executable).parent
        env.setdefault("GUICHET_CONNECTORS_ALLOW_HTTP", "1")  # the fake server is plain http on 127.0.0.1
        env.setdefault("GUICHET_DEMO_API_PARTICULIER_TOKEN", "demo-api-particulier")
        fake_api = [
            sys.executable,
            "-m",
            "guichet.connectors.fake_api_particulier",
            "--port",
            str(FAKE_API_PORT),
            "--token",
            env["GUICHET_DEMO_API_PARTICULIER_TOKEN"],
        ]
        children.append(subprocess.Popen(fake_api, env=env, cwd=ROOT, start_new_session=True))  # noqa: S603

        _manage("migrate_schemas", "--noinput", "-v", "0", env=env)
        _manage("demo_setup", env=env)
        _manage("demo_requests", env=env)
        seed = f"from guichet.local.demo_guichet import seed; seed('http://127.0.0.1:{FAKE_API_PORT}')"
        _manage("shell", "-c", seed, env=env)

        children.append(
            subprocess.Popen(  # noqa: S603
                [
                    str(bin_dir / "gunicorn"),
                    "guichet.wsgi:application",
                    "--bind",
                    f"0.0.0.0:{PORT}",
                    "--workers",
                    "2",
                    "--access-logfile",
                    "-",
                    "--log-level",
                    "warning",
                    "--env",
                    f"DJANGO_SETTINGS_MODULE={env['DJANGO_SETTINGS_MODULE']}",
                ],
                env=env,
                cwd=ROOT,
                start_new_session=True,  # Ctrl-C reaches this script, which stops them in order
            )
        )
        celery = [str(bin_dir / "celery"), "-A", "guichet.celery"]
        worker = [*celery, "worker", "-l", "warning", "-c", "1"]
        children.append(subprocess.Popen(worker, env=env, cwd=ROOT, start_new_session=True))  # noqa: S603
        beat = [*celery, "beat", "-l", "warning", "-s", str(VAR / "celerybeat-schedule")]
        children.append(subprocess.Popen(beat, env=env, cwd=ROOT, start_new_session=True))  # noqa: S603
        print(f"\nGuichet tourne sur http://localhost:{PORT}/ — Ctrl-C pour tout arrêter.\n", flush=True)  # noqa: T201
        signal.signal(signal.SIGTERM, _interrupt)
        while all(child.poll() is None for child in children):
            time.sleep(0.5)
        print("Un processus s'est arrêté ; arrêt de la démo.", file=sys.stderr)  # noqa: T201
        return 1
    except KeyboardInterrupt:
        print("\nArrêt de la démo…", flush=True)  # noqa: T201
        return 0
    finally:
        shutdown()


if __name__ == "__main__":
    sys.exit(main())
