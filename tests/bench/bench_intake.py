"""Webhook intake against its floor, side by side in one run.

Ours: `gunicorn config.wsgi` (production settings, DEBUG and SANDBOX off, no qcluster: the
tasks wait in the broker). The floor: `gunicorn tests.bench.floor.wsgi`, a Django app with no
middleware whose one view parses the JSON and INSERTs the body keyed by its delivery id (one
commit, persistent connection). Both run at the same time with the same workers, on the same
PostgreSQL database (the floor has its own table), and get the same load: Pipedrive v2
`person.change` bodies (~1 KB, unique `meta.id`, valid HTTP Basic) from keep-alive
connections, then a tenth of them again (each must answer "duplicate" and store nothing).
Rounds alternate ours / floor, so both meet the same moments of a shared machine.

Lost = "stored" answers without their row. Bells = tasks our intake queued in the database
broker for them (one per event, or one per integration while its bell is out)."""

import base64
import http.client
import itertools
import json
import tempfile
import threading
import time
import uuid
from pathlib import Path

from tests.bench import processes
from tests.bench.floor.urls import CREATE_TABLE, TABLE

WORKERS = 4
WARM_UP = 200
OURS_ROWS = (
    "SELECT count(*) FROM syncengine_inboundevent e JOIN integrations_integration i "
    "ON i.id = e.integration_id WHERE i.uuid = %s"
)
TASKS = "SELECT count(*) FROM django_q_ormq"


def person_change(n: int) -> bytes:
    """A realistic body (~1 KB) of the size the Pipedrive sandbox sends."""
    now = time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime())
    meta = {
        "action": "change", "entity": "person", "entity_id": str(n), "id": str(uuid.uuid4()),
        "company_id": "1", "user_id": "1", "correlation_id": str(uuid.uuid4()),
        "is_bulk_edit": False, "timestamp": now, "type": "general", "version": "2.0",
        "webhook_id": "1", "webhook_owner_id": "1", "change_source": "app", "attempt": 1,
        "host": "demo.pipedrive.com", "permitted_user_ids": ["1", "2", "3"],
    }  # fmt: skip
    data = {
        "id": n, "name": f"Load Person {n}", "first_name": "Load", "last_name": f"Person {n}",
        "owner_id": 1, "org_id": None, "add_time": now, "update_time": now,
        "emails": [{"value": f"load{n}@example.net", "primary": True, "label": "work"}],
        "phones": [{"value": f"+1 555 {n:06d}", "primary": True, "label": "work"}],
        "is_deleted": False, "visible_to": 3, "label_ids": [], "picture_id": None,
        "job_title": "Buyer", "custom_fields": {},
    }  # fmt: skip
    previous = {"job_title": "Engineer"}
    return json.dumps({"meta": meta, "data": data, "previous": previous}).encode()


def post_all(port: int, path: str, headers: dict, bodies: list[bytes], concurrency: int):
    """Send every body once over `concurrency` connections: [(status, answer, seconds)]."""
    results: list = [None] * len(bodies)
    counter = itertools.count()

    def worker():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while (i := next(counter)) < len(bodies):
            started = time.perf_counter()
            try:
                conn.request("POST", path, body=bodies[i], headers=headers)
                response = conn.getresponse()
                answer = json.loads(response.read() or b"{}")
                results[i] = (response.status, answer.get("status"))
            except (OSError, http.client.HTTPException, ValueError) as exc:
                conn.close()
                results[i] = (None, type(exc).__name__)
            results[i] = (*results[i], time.perf_counter() - started)
        conn.close()

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


class Target:
    """One server under load and how to count what it stored."""

    def __init__(self, name, server, port, path, db_url, count_sql, *params, tasks=False):
        self.name, self.server, self.port, self.path = name, server, port, path
        self.db_url, self.count_sql, self.params, self.tasks = db_url, count_sql, params, tasks

    def rows(self) -> int:
        return processes.query_one(self.db_url, self.count_sql, *self.params)[0]

    def queued(self) -> int | None:
        return processes.query_one(self.db_url, TASKS)[0] if self.tasks else None


def measure(target: Target, headers: dict, n: int, concurrency: int) -> dict:
    rows_before, tasks_before = target.rows(), target.queued()
    bodies = [person_change(i) for i in range(n)]
    load = processes.load_average()
    cpu_before, started = processes.cpu_seconds(target.server.pid), time.perf_counter()
    results = post_all(target.port, target.path, headers, bodies, concurrency)
    elapsed = time.perf_counter() - started
    cpu = processes.cpu_seconds(target.server.pid) - cpu_before
    stored = [r for r in results if r[0] == 200 and r[1] == "stored"]
    again = post_all(target.port, target.path, headers, bodies[::10], concurrency)
    rows = target.rows() - rows_before
    tasks = None if tasks_before is None else target.queued() - tasks_before
    latencies = [r[2] * 1000 for r in results]
    return {
        "app": target.name,
        "requests": n,
        "concurrency": concurrency,
        "accepted_per_s": len(stored) / elapsed,
        "p50_ms": processes.percentile(latencies, 0.50),
        "p99_ms": processes.percentile(latencies, 0.99),
        "worker_cpu_ms": cpu / n * 1000,
        "errors": n - len(stored),
        "lost": len(stored) - rows,
        "bells": tasks,
        "resent": len(again),
        "resent_duplicate": sum(1 for r in again if r[0] == 200 and r[1] == "duplicate"),
        "load": load,
    }


def start_servers(env: dict, setup: dict, logs: Path, db_url: str) -> list[Target]:
    path = f"/webhooks/pipedrive/{setup['uuid']}/"
    ours_port, floor_port = processes.free_port(), processes.free_port()
    ours = processes.gunicorn(env, ours_port, WORKERS, logs / "ours.log")
    try:
        floor_env = {**env, "DJANGO_SETTINGS_MODULE": "tests.bench.floor.settings"}
        floor = processes.gunicorn(
            floor_env, floor_port, WORKERS, logs / "floor.log", app="tests.bench.floor.wsgi"
        )
    except BaseException:
        processes.stop(ours)
        raise
    return [
        Target("ours", ours, ours_port, path, db_url, OURS_ROWS, setup["uuid"], tasks=True),
        Target("floor", floor, floor_port, path, db_url, f"SELECT count(*) FROM {TABLE}"),
    ]


def prepare(db_url: str, port: int) -> tuple[dict, dict]:
    env = processes.server_env(db_url, port, SANDBOX="false")
    for command in ("migrate", "createcachetable"):
        processes.run(env, "manage.py", command)
    setup = json.loads(processes.run(env, "scripts/bench/setup_realtime.py", "intake"))
    processes.admin_sql_in(db_url, CREATE_TABLE)
    return env, setup


def run(n: int, rounds: int, concurrency: int):
    """Yield one result per server per round (ours, then the floor), after a warm-up each."""
    name = processes.database_name("intake")
    db_url = processes.fresh_database(name)
    logs = Path(tempfile.mkdtemp(prefix="bench-intake-"))
    targets: list[Target] = []
    try:
        env, setup = prepare(db_url, processes.free_port())
        basic = base64.b64encode(f"{setup['user']}:{setup['password']}".encode()).decode()
        headers = {"Content-Type": "application/json", "Authorization": f"Basic {basic}"}
        targets = start_servers(env, setup, logs, db_url)
        for target in targets:
            warm = [person_change(i) for i in range(WARM_UP)]
            post_all(target.port, target.path, headers, warm, concurrency)
        for round_ in range(1, rounds + 1):
            for target in targets:
                yield {"round": round_, **measure(target, headers, n, concurrency)}
    finally:
        for target in targets:
            processes.stop(target.server)
        processes.drop_database(name)
