"""A running deployment for the real-time benchmarks, set up the way the README says.

Production settings (DEBUG off, the emulators on with SANDBOX_IN_PRODUCTION, secrets of this
run), a throwaway PostgreSQL database (migrated, cache table, the tick's schedule), one
gunicorn (4 sync workers) serving our pages, our webhooks and both emulators (SITE_URL points
at it, so the emulators deliver webhooks to us over HTTP), and one `qcluster` per lane
(realtime, bulk, housekeeping; the emulators' webhook deliveries run on housekeeping). The
broker is the database (`orm`) or Redis (`redis://…/<db>`, a database number nobody else's
keys are in). Every process is stopped by its own pid; the database is dropped at the end."""

import contextlib
import json
import os
import tempfile
import time
from pathlib import Path

from tests.bench import processes

LANES = ("realtime", "bulk", "housekeeping")
WORKERS = 4
REDIS = os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379")


def redis_url() -> str:
    """BENCH_REDIS_URL, else the first empty Redis database from 15 down to 8."""
    import redis

    if os.environ.get("BENCH_REDIS_URL"):
        return os.environ["BENCH_REDIS_URL"]
    for number in range(15, 7, -1):
        if redis.Redis.from_url(f"{REDIS}/{number}").dbsize() == 0:
            return f"{REDIS}/{number}"
    raise RuntimeError("no empty Redis database between 8 and 15: set BENCH_REDIS_URL")


def clear_redis(url: str) -> None:
    import redis

    client = redis.Redis.from_url(url)
    for key in client.scan_iter("django_q:*"):
        client.delete(key)


class Deployment:
    def __init__(self, broker: str, kind: str = "realtime"):
        self.broker = redis_url() if broker == "redis" else "orm"
        self.label = "Redis" if broker == "redis" else "database"
        self.name = processes.database_name(f"{kind}_{broker}")
        self.logs = Path(tempfile.mkdtemp(prefix=f"bench-{kind}-{broker}-"))
        self.clusters: dict[str, list] = {lane: [] for lane in LANES}
        self.web = None

    def __enter__(self) -> "Deployment":
        self.db_url = processes.fresh_database(self.name)
        self.port = processes.free_port()
        self.env = processes.server_env(
            self.db_url,
            self.port,
            SANDBOX="true",
            SANDBOX_IN_PRODUCTION="true",
            Q_BROKER=self.broker,
        )
        try:
            for command in ("migrate", "createcachetable", "setup_schedules"):
                processes.run(self.env, "manage.py", command)
            self.web = processes.gunicorn(self.env, self.port, WORKERS, self.logs / "web.log")
            self.setup = self.script("propagation")
            for lane in LANES:
                self.start_cluster(lane)
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, *exc) -> None:
        for lane in LANES:
            self.stop_clusters(lane)
        if self.web is not None:
            processes.stop(self.web)
        processes.drop_database(self.name)
        if self.broker != "orm":
            with contextlib.suppress(Exception):
                clear_redis(self.broker)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def script(self, *args: str) -> dict:
        out = processes.run(self.env, "scripts/bench/setup_realtime.py", *args)
        return json.loads(out.strip().splitlines()[-1])

    def start_cluster(self, lane: str) -> None:
        number = len(self.clusters[lane]) + 1
        log = self.logs / f"qcluster-{lane}-{number}-{time.monotonic_ns()}.log"
        self.clusters[lane].append(processes.qcluster(self.env, log, lane=lane))

    def stop_clusters(self, lane: str) -> None:
        for process in self.clusters[lane]:
            processes.stop(process)
        self.clusters[lane] = []

    def query(self, sql: str, *params):
        import psycopg

        with psycopg.connect(self.db_url) as conn:
            return conn.execute(sql, params).fetchall()
