"""A real `manage.py qcluster` in a subprocess, pointed at the test database and at the
live server that serves the sandboxes; plus bounded waiting.

Stopping follows django-tooling.md §B1.5: SIGINT to the main pid only (never the process
group), wait, then SIGKILL."""

import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from urllib.parse import quote

from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
READY = re.compile(r"(Process-[0-9a-f]+) ready for work at (\d+)")
PROCESSING = re.compile(r"(Process-[0-9a-f]+) processing (\S+) '([^']+)'")


def test_database_url() -> str:
    """DATABASE_URL of the database this test runs on (the test database, not the real one)."""
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{db['NAME']}"
    auth = quote(db["USER"] or "")
    if db["PASSWORD"]:
        auth += ":" + quote(db["PASSWORD"])
    host = f"{auth}@" if auth else ""
    host += db["HOST"] or "localhost"
    if db["PORT"]:
        host += f":{db['PORT']}"
    return f"postgres://{host}/{db['NAME']}"


def wait_until(check, *, timeout: float, what, every: float = 0.25, tick=None):
    """Poll `check()` until it returns something truthy; fail after `timeout` seconds.

    `tick`, if given, runs before every check (the scheduler's tick, standing in for the
    cluster's one-minute schedule). Returns what `check` returned."""
    deadline = time.monotonic() + timeout
    while True:
        if tick is not None:
            tick()
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            what = what() if callable(what) else what
            raise AssertionError(f"gave up after {timeout:.0f} s waiting for {what}")
        time.sleep(every)


WORKERS_SETTING = {"realtime": "Q_WORKERS", "bulk": "Q_BULK_WORKERS"}


class Cluster:
    """One qcluster process serving one lane (config/lanes.py). Use as a context manager: it
    is always stopped on exit."""

    def __init__(
        self, *, site_url: str, workers: int = 2, broker: str = "orm", lane="realtime", **env
    ):
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.test_settings",
            "DATABASE_URL": test_database_url(),
            "TEST_SITE_URL": site_url,
            "Q_SYNC": "0",
            "Q_CLUSTER_NAME": lane,
            WORKERS_SETTING.get(lane, "Q_HOUSEKEEPING_WORKERS"): str(workers),
            "Q_BROKER": broker,
            "Q_RETRY": "30",
            "Q_TIMEOUT": "20",
            "SNOVIO_REQUESTS_PER_MINUTE": "100000",
            "PYTHONUNBUFFERED": "1",
            **{k: str(v) for k, v in env.items()},
        }
        self.size = workers
        self.log = Path(tempfile.mkstemp(prefix="qcluster-", suffix=".log")[1])
        self.process: subprocess.Popen | None = None
        self.killed: list[int] = []

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def start(self) -> "Cluster":
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                [sys.executable, "manage.py", "qcluster"],
                cwd=ROOT,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        wait_until(
            lambda: len(self.alive_workers()) >= self.size,
            timeout=30,
            what=lambda: f"the cluster's workers to start; log:\n{self.tail()}",
        )
        return self

    def stop(self) -> None:
        """SIGINT to the main pid, wait, then SIGKILL (never the process group)."""
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)

    def text(self) -> str:
        return self.log.read_text(errors="replace")

    def tail(self, lines: int = 40) -> str:
        return "\n".join(self.text().splitlines()[-lines:])

    def workers(self) -> dict[str, int]:
        """Worker name → pid, from the workers' own "ready for work" log lines."""
        return {name: int(pid) for name, pid in READY.findall(self.text())}

    def alive_workers(self) -> dict[str, int]:
        return {name: pid for name, pid in self.workers().items() if is_alive(pid)}

    def tasks_started(self) -> Counter:
        """Worker name → how many tasks it has started (its "processing" log lines)."""
        return Counter(name for name, _task, _func in PROCESSING.findall(self.text()))

    def idle(self) -> bool:
        """Every live worker waits for a task: none is in the middle of one."""
        return all(waiting_for_a_task(pid) for pid in self.alive_workers().values())

    def busy_worker(self, func: str) -> int | None:
        """The pid of the live worker that most recently started a task running `func`, if
        it is still at it.

        Never an idle worker: one blocked on the task queue holds the queue's reader lock,
        and killing it would stall every other worker (django-q2 #23), which says nothing
        about our code. An idle worker sleeps in a pipe read (or on that lock's futex)."""
        alive = self.alive_workers()
        for name, _task, started in reversed(PROCESSING.findall(self.text())):
            if started == func and name in alive:
                pid = alive[name]
                return pid if not waiting_for_a_task(pid) else None
        return None

    def kill_worker(self, pid: int) -> None:
        """SIGKILL one worker process: it dies mid-task, with no chance to clean up."""
        os.kill(pid, signal.SIGKILL)
        self.killed.append(pid)
        wait_until(lambda: not is_alive(pid), timeout=10, what=f"worker {pid} to die")

    def report(self) -> str:
        """The log's tail and the tasks that failed, for a failure message."""
        from django_q.models import Failure, OrmQ, Success

        failed = [f"{f.func}{f.args}: {f.result[-600:]}" for f in Failure.objects.all()[:5]]
        results = [f"{s.func}{s.args} -> {s.result}" for s in Success.objects.all()]
        return "\n".join(
            [self.tail(), f"log: {self.log}", "failed tasks:", *failed,
             f"queued: {OrmQ.objects.count()}", "results:", *results[-60:]]
        )  # fmt: skip


def waiting_for_a_task(pid: int) -> bool:
    try:
        where = Path(f"/proc/{pid}/wchan").read_text()
    except OSError:
        return True
    return "pipe_read" in where or "futex" in where


def is_alive(pid: int) -> bool:
    """True for a running process (a zombie, killed but not yet reaped, counts as dead)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"
