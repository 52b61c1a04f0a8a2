"""`manage.py rundemo` (what `make run` starts): one web server and one cluster per lane, all
stopped when the command is stopped, whether by Ctrl-C or by SIGTERM (no orphans)."""

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from config.lanes import LANES
from tests.reliability.cluster import is_alive, wait_until

ROOT = Path(__file__).resolve().parents[2]


CLUSTER_RUNNING = re.compile(r"Q Cluster \S+ \[\S+\] running\.")


def read(tmp_path: Path) -> str:
    return (tmp_path / "rundemo.log").read_text(errors="replace")


def as_from_a_terminal() -> None:
    """Ctrl-C reaches the command as it does from a terminal, even when this suite runs in
    the background of a shell (which starts it with SIGINT ignored, inherited across exec)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


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
        # Port 0: the server takes a free port as it binds (one found free beforehand may be
        # taken by then); nothing here connects to it.
        [sys.executable, "manage.py", "rundemo", "--addr", "127.0.0.1:0"],
        cwd=ROOT, env=demo_env, stdout=log, stderr=subprocess.STDOUT,
        preexec_fn=as_from_a_terminal,
    )  # fmt: skip
    try:
        # Every lane's cluster up (its workers spawned): then the server plus, per lane, a
        # cluster's main process with its workers under it are all there to be counted.
        wait_until(
            lambda: len(CLUSTER_RUNNING.findall(read(tmp_path))) == len(LANES),
            timeout=60,
            what=lambda: f"a cluster per lane to run:\n{read(tmp_path)}",
        )
        children = descendants(demo.pid)
        assert len(children) > 1 + len(LANES), children
        assert all(lane in read(tmp_path) for lane in LANES)
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
