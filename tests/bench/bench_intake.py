"""Webhook intake under load: gunicorn (4 sync workers, DEBUG off) on PostgreSQL, no qcluster.

A thread pool of keep-alive `http.client` connections posts Pipedrive v2 `person.change`
bodies with unique `meta.id`s to /webhooks/pipedrive/<uuid>/, then re-sends a tenth of them:
the re-sends must answer "duplicate" and store nothing. Lost = accepted "stored" answers that
have no InboundEvent row (or no queued task)."""

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

DATABASE = "bench_snovsync_intake"
WORKERS = 4


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
    results = [None] * len(bodies)
    counter = itertools.count()

    def worker():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while (i := next(counter)) < len(bodies):
            started = time.perf_counter()
            try:
                conn.request("POST", path, body=bodies[i], headers=headers)
                response = conn.getresponse()
                answer = json.loads(response.read() or b"{}")
                results[i] = (response.status, answer.get("status"), 0.0)
            except (OSError, http.client.HTTPException, ValueError) as exc:
                conn.close()
                results[i] = (None, type(exc).__name__, 0.0)
            results[i] = (*results[i][:2], time.perf_counter() - started)
        conn.close()

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def measure(server, port, path, headers, n, concurrency, db_url, integration_uuid) -> dict:
    count_rows = (
        "SELECT count(*) FROM syncengine_inboundevent e JOIN integrations_integration i "
        "ON i.id = e.integration_id WHERE i.uuid = %s"
    )
    rows_before = processes.query_one(db_url, count_rows, integration_uuid)[0]
    tasks_before = processes.query_one(db_url, "SELECT count(*) FROM django_q_ormq")[0]
    bodies = [person_change(i) for i in range(n)]
    cpu_before, started = processes.cpu_seconds(server.pid), time.perf_counter()
    results = post_all(port, path, headers, bodies, concurrency)
    elapsed = time.perf_counter() - started
    cpu = processes.cpu_seconds(server.pid) - cpu_before
    stored = [r for r in results if r[0] == 200 and r[1] == "stored"]
    resend = bodies[::10]
    again = post_all(port, path, headers, resend, concurrency)
    rows = processes.query_one(db_url, count_rows, integration_uuid)[0] - rows_before
    tasks = processes.query_one(db_url, "SELECT count(*) FROM django_q_ormq")[0] - tasks_before
    latencies = [r[2] * 1000 for r in results]
    return {
        "requests": n,
        "concurrency": concurrency,
        "accepted_per_s": len(stored) / elapsed,
        "p50_ms": processes.percentile(latencies, 0.50),
        "p99_ms": processes.percentile(latencies, 0.99),
        "max_ms": max(latencies),
        "worker_cpu_ms": cpu / n * 1000,
        "errors": n - len(stored),
        "lost": len(stored) - rows,
        "tasks_queued": tasks,
        "resent": len(resend),
        "resent_duplicate": sum(1 for r in again if r[0] == 200 and r[1] == "duplicate"),
    }


def run(requests_count: int, levels: list[int], conn_max_age: list[int]):
    """One server per DB_CONN_MAX_AGE value; every concurrency level against it (yielded)."""
    db_url = processes.fresh_database(DATABASE)
    logs = Path(tempfile.mkdtemp(prefix="bench-intake-"))
    try:
        port = processes.free_port()
        env = processes.server_env(db_url, port, SANDBOX="false")
        processes.run(env, "manage.py", "migrate", "--noinput")
        secrets = json.loads(processes.run(env, "scripts/bench/setup_realtime.py", "intake"))
        path = f"/webhooks/pipedrive/{secrets['uuid']}/"
        basic = base64.b64encode(f"{secrets['user']}:{secrets['password']}".encode()).decode()
        headers = {"Content-Type": "application/json", "Authorization": f"Basic {basic}"}
        for age in conn_max_age:
            server_env = {**env, "DB_CONN_MAX_AGE": str(age)}
            server = processes.gunicorn(server_env, port, WORKERS, logs / f"gunicorn-{age}.log")
            try:
                post_all(port, path, headers, [person_change(i) for i in range(200)], 8)  # warm
                for level in levels:
                    result = measure(
                        server, port, path, headers, requests_count, level, db_url, secrets["uuid"]
                    )
                    yield {"conn_max_age": age, **result}
            finally:
                processes.stop(server)
    finally:
        processes.drop_database(DATABASE)
