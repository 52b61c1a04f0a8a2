"""The production setup for the real-time benchmarks: a throwaway PostgreSQL database, gunicorn,
qcluster. Only 127.0.0.1; every process started here is stopped by its own pid."""

import contextlib
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import requests
from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def admin_sql(sql: str) -> None:
    with psycopg.connect(f"{PG_URL}/postgres", autocommit=True) as conn:
        conn.execute(sql)


def admin_sql_in(db_url: str, sql: str) -> None:
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute(sql)


def database_name(kind: str) -> str:
    """A throwaway database of this run (two runs on one server never share one)."""
    return f"bench_{kind}_{os.getpid()}"


def fresh_database(name: str) -> str:
    """Drop and create `name`; its URL."""
    admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin_sql(f'CREATE DATABASE "{name}"')
    return f"{PG_URL}/{name}"


def drop_database(name: str) -> None:
    admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def query_one(db_url: str, sql: str, *params):
    with psycopg.connect(db_url) as conn:
        return conn.execute(sql, params).fetchone()


def server_env(db_url: str, port: int, **extra: str) -> dict:
    """Production settings (DEBUG off) pointed at the bench database and this port, with secrets
    of this run's own (production refuses committed ones)."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": db_url,
        "DEBUG": "false",
        "SANDBOX": "false",
        "Q_BROKER": "orm",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "ALLOWED_HOSTS": "127.0.0.1,testserver",
        "SECURE_COOKIES": "false",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "LOG_LEVEL": "WARNING",
        **extra,
    }


def run(env: dict, *args: str) -> str:
    """Run a Python script of the project; its output, or an error quoting its last words."""
    done = subprocess.run(
        [str(BIN / "python"), *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if done.returncode:
        command = " ".join(args)
        raise RuntimeError(f"{command} exited with {done.returncode}: {done.stderr[-3000:]}")
    return done.stdout


def start(env: dict, *args: str, log: Path) -> subprocess.Popen:
    out = log.open("w")
    return subprocess.Popen(args, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)


def gunicorn(
    env: dict, port: int, workers: int, log: Path, app: str = "config.wsgi"
) -> subprocess.Popen:
    cmd = [str(BIN / "gunicorn"), app, "--workers", str(workers)]
    process = start(env, *cmd, "--bind", f"127.0.0.1:{port}", log=log)
    try:
        wait_until_up(f"http://127.0.0.1:{port}/", process)
    except BaseException:
        stop(process)
        raise
    return process


def qcluster(env: dict, log: Path, lane: str | None = None) -> subprocess.Popen:
    """`manage.py qcluster`, serving one lane of work when `lane` is given."""
    env = {**env, "Q_CLUSTER_NAME": lane} if lane else env
    return start(env, str(BIN / "python"), "manage.py", "qcluster", log=log)


def wait_until_up(url: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        with contextlib.suppress(requests.RequestException):  # not listening yet, or booting
            requests.get(url, timeout=5)
            return
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {timeout} s")


def descendants(pid: int) -> list[int]:
    """The process' children, grandchildren, … (from /proc), deepest last."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        for task in Path(f"/proc/{current}/task").glob("*"):
            with contextlib.suppress(OSError):
                for child in (task / "children").read_text().split():
                    found.append(int(child))
                    todo.append(int(child))
    return found


def stop(process: subprocess.Popen, timeout: float = 20) -> None:
    """SIGTERM to the main pid (gunicorn and qcluster stop their children), then wait; if it
    does not stop in time, SIGKILL to it and to each of its descendants, by pid."""
    if process.poll() is not None:
        return
    family = descendants(process.pid)
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        family = descendants(process.pid) or family
        process.kill()
        process.wait()
        for pid in family:
            if same_program(pid, process.args):
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)


def same_program(pid: int, args) -> bool:
    """The pid still runs what we started (not a pid reused by another program since)."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return False
    return all(str(arg) in cmdline for arg in args)


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process' children (gunicorn's workers), from /proc."""
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    total = 0
    for child in children:
        with contextlib.suppress(FileNotFoundError):
            fields = Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14, 15)
    return total / os.sysconf("SC_CLK_TCK")


def load_average() -> str:
    return " / ".join(f"{x:.1f}" for x in os.getloadavg())


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]
