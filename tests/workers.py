"""A real Celery worker process on the test database, for tests that need one.

    from tests.workers import celery_worker

    with celery_worker(extra_env={"EMAIL_URL": "smtp://127.0.0.1:2525"}) as worker:
        with override_settings(GUICHET_NOTIFICATIONS_QUEUE=worker.queue):
            ...  # tasks sent to worker.queue run in the worker
        worker.kill()  # SIGKILL, as a crash would (unacked tasks stay in the broker)

- The worker consumes one queue of its own (`worker.queue`, unique per call), so parallel
  test runs sharing a broker never take each other's tasks. Send tasks there with
  `task.apply_async(..., queue=worker.queue)`; the outbox uses the setting
  GUICHET_NOTIFICATIONS_QUEUE (also set in the worker's environment).
- It only sees **committed** rows: write them outside the test transaction
  (`django_db_blocker.unblock()` without the `db` fixture, then delete them yourself) —
  the session's demo tenants are committed already.
- Settings: `guichet.settings.test`, which reads EMAIL_URL and the GUICHET_OUTBOX_* /
  GUICHET_NOTIFICATIONS_QUEUE variables from the environment.
- `concurrency=1` runs the solo pool (one process: `kill()` kills the task too);
  more uses prefork with that many children (`kill()` kills the whole process group).
- The context manager returns once the worker answers a ping (60 s at most: a worker needs
  8 to 13 s to start on a loaded machine), and stops it (warm shutdown, then SIGKILL) on exit.
- `celery_workers(n, ...)` starts n workers at once (each on its own queue) and yields their
  handles: cheaper than starting them one after the other.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

from tests.live_server import ROOT, database_url

WORKER_SETTINGS = "guichet.settings.test"


@dataclass
class WorkerHandle:
    process: subprocess.Popen[bytes]
    queue: str
    nodename: str

    def kill(self) -> None:
        """SIGKILL the worker and its pool children, and wait for it."""
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)

    def terminate(self) -> None:
        """Ask for a warm shutdown (SIGTERM) without waiting."""
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)

    def stop(self, timeout: float = 20) -> None:
        """Warm shutdown, SIGKILL after `timeout` seconds."""
        if self.process.poll() is None:
            self.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.kill()


def _wait_until_ready(handles: list[WorkerHandle], timeout: float) -> None:
    from guichet.celery import app

    deadline = time.monotonic() + timeout
    waiting = {handle.nodename: handle for handle in handles}
    while waiting and time.monotonic() < deadline:
        for handle in waiting.values():
            if handle.process.poll() is not None:
                raise RuntimeError(f"the Celery worker exited with status {handle.process.returncode}")
        for reply in app.control.ping(destination=list(waiting), timeout=0.5) or []:
            for nodename in reply:
                waiting.pop(nodename, None)
    if waiting:
        raise RuntimeError(f"Celery worker(s) {', '.join(waiting)} did not answer within {timeout} s")


def _spawn(*, queue: str, extra_env: dict[str, str], concurrency: int, settings_module: str) -> WorkerHandle:
    nodename = f"{queue}@localhost"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": settings_module,
        "DATABASE_URL": database_url(),
        "PYTHONPATH": str(ROOT),
        "GUICHET_NOTIFICATIONS_QUEUE": queue,
        **extra_env,
    }
    pool = ["-P", "solo"] if concurrency == 1 else ["-P", "prefork", "-c", str(concurrency)]
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "guichet.celery",
            "worker",
            *pool,
            "-Q",
            queue,
            "-n",
            nodename,
            "--without-gossip",
            "--without-mingle",
            "-l",
            "warning",
        ],
        env=env,
        cwd=ROOT,
        start_new_session=True,  # its own process group: kill() reaches the pool children
    )
    return WorkerHandle(process=process, queue=queue, nodename=nodename)


@contextlib.contextmanager
def celery_workers(
    count: int,
    *,
    extra_env: dict[str, str] | None = None,
    concurrency: int = 1,
    settings_module: str = WORKER_SETTINGS,
    ready_timeout: float = 60,
) -> Iterator[list[WorkerHandle]]:
    """`count` workers started at once (start-up is the slow part), each on its own queue."""
    handles: list[WorkerHandle] = []
    try:
        for _ in range(count):
            queue = f"test-{os.getpid()}-{uuid.uuid4().hex[:8]}"
            handles.append(
                _spawn(queue=queue, extra_env=extra_env or {}, concurrency=concurrency, settings_module=settings_module)
            )
        _wait_until_ready(handles, ready_timeout)
        yield handles
    finally:
        for handle in handles:
            handle.terminate()
        for handle in handles:
            handle.stop()


@contextlib.contextmanager
def celery_worker(
    *,
    extra_env: dict[str, str] | None = None,
    concurrency: int = 1,
    queue: str | None = None,
    settings_module: str = WORKER_SETTINGS,
    ready_timeout: float = 60,
) -> Iterator[WorkerHandle]:
    """One worker on `queue` (default: a unique name), ready when it answers a ping."""
    handle = _spawn(
        queue=queue or f"test-{os.getpid()}-{uuid.uuid4().hex[:8]}",
        extra_env=extra_env or {},
        concurrency=concurrency,
        settings_module=settings_module,
    )
    try:
        _wait_until_ready([handle], ready_timeout)
        yield handle
    finally:
        handle.stop()
