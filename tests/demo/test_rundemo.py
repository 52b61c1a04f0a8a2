"""`manage.py rundemo` (what `make run` starts): one web server and one cluster per lane, all
stopped when the command is stopped, whether by Ctrl-C or by SIGTERM (no orphans)."""

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from config.lanes import LANES
from tests.reliability.cluster import is_alive, wait_until

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def descendants(pid: int) -> set[int]:
    found, todo = set(), [pid]
    while todo:
        parent = todo.pop()
        for task in Path(f"/proc/{parent}/task").glob("*"):
            children = (task / "children").read_text().split()
            for child in map(int, children):
                if child not in found:
                    found.add(child)
                    todo.append(child)
    return found


@pytest.fixture
def demo_env(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}",
        "SANDBOX": "true",
        "DEBUG": "true",
        "PYTHONUNBUFFERED": "1",
    }
    subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "migrate", "--noinput"],
        cwd=ROOT, env=env, check=True, capture_output=True,
    )  # fmt: skip
    return env


@pytest.mark.slow
@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_rundemo_stops_its_server_and_every_lane_cluster(demo_env, tmp_path, stop_signal):
    log, children = (tmp_path / "rundemo.log").open("wb"), set()
    demo = subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", "rundemo", "--addr", f"127.0.0.1:{free_port()}"],
        cwd=ROOT, env=demo_env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        # The server plus, per lane, a cluster's main process with its workers under it.
        children = wait_until(
            lambda: len(descendants(demo.pid)) > 1 + len(LANES) and descendants(demo.pid),
            timeout=60,
            what=lambda: (tmp_path / "rundemo.log").read_text(),
        )
        lanes_started = (tmp_path / "rundemo.log").read_text()
        assert all(lane in lanes_started for lane in LANES)
        demo.send_signal(stop_signal)
        demo.wait(timeout=60)
        wait_until(
            lambda: not [pid for pid in children if is_alive(pid)],
            timeout=30,
            what=lambda: f"children to stop: {[p for p in children if is_alive(p)]}",
        )
    finally:
        for pid in [demo.pid, *children]:
            if is_alive(pid):
                os.kill(pid, signal.SIGKILL)
