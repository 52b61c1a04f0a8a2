"""From a Pipedrive sandbox change to the Snov.io sandbox write: gunicorn serves both sandboxes
and our webhook endpoint (SITE_URL points at it), a real qcluster (2 workers, ORM broker) runs
the sandbox's webhook delivery task and our processing, all on a throwaway PostgreSQL database.

Phase "create": N new persons through the sandbox API, each must appear as a prospect in the
target list. Phase "edit": the same persons' job titles changed, each must reach the prospect's
position. An edit's clock starts just before its API call; a thread reads the sandbox's prospect
rows every 20 ms. Edits are paced under Snov.io's 60 requests/minute (our limiter): a create
costs two Snov.io calls (search, add), an update of a linked prospect one."""

import json
import tempfile
import threading
import time
import uuid
from pathlib import Path

import psycopg
import requests

from tests.bench import processes

DATABASE = "bench_snovsync_propagation"
WORKERS = 4
POLL_SECONDS = 0.02
PROSPECTS = (
    "SELECT p.email, p.position FROM sandbox_snovio_prospect p "
    "JOIN sandbox_snovio_listmembership m ON m.prospect_id = p.id "
    "JOIN sandbox_snovio_prospectlist l ON l.id = m.prospect_list_id "
    "WHERE l.name = %s AND p.email = ANY(%s)"
)
# Where the time went, per change: the sandbox's event time → our intake → our SyncEntry.
HOPS = (
    "SELECT (ev.payload->'meta'->>'timestamp')::timestamptz, ev.received_at, e.created_at "
    "FROM syncengine_syncentry e JOIN syncengine_inboundevent ev ON ev.id = e.event_id "
    "WHERE ev.kind = %s AND e.email = ANY(%s)"
)


class Watch:
    """Waits for each email's prospect to reach an expected position; the seconds it took."""

    def __init__(self, db_url: str, target_list: str):
        self.db_url, self.target_list = db_url, target_list
        self.expected, self.started, self.delays = {}, {}, {}
        self.lock = threading.Lock()

    def expect(self, email: str, position: str | None) -> None:
        with self.lock:
            self.expected[email], self.started[email] = position, time.perf_counter()

    def poll_until_done(self, total: int, deadline: float) -> None:
        with psycopg.connect(self.db_url, autocommit=True) as conn:
            while len(self.delays) < total and time.perf_counter() < deadline:
                with self.lock:
                    waiting = {e: p for e, p in self.expected.items() if e not in self.delays}
                if waiting:
                    rows = conn.execute(PROSPECTS, (self.target_list, list(waiting))).fetchall()
                    now = time.perf_counter()
                    for email, position in rows:
                        if waiting[email] in (None, position):
                            self.delays[email] = now - self.started[email]
                time.sleep(POLL_SECONDS)


def watched(watch: Watch, total: int, timeout: float) -> threading.Thread:
    thread = threading.Thread(
        target=watch.poll_until_done, args=(total, time.perf_counter() + timeout)
    )
    thread.start()
    return thread


def phase(api, watch: Watch, changes: list, interval: float, timeout: float) -> dict:
    """Send `changes` [(email, expected position, send)] paced; wait; summarise the delays."""
    poller = watched(watch, len(changes), timeout + interval * len(changes))
    for email, position, send in changes:
        watch.expect(email, position)
        send(api).raise_for_status()
        time.sleep(interval)
    poller.join()
    delays = [d * 1000 for d in watch.delays.values()]
    return {
        "changes": len(changes),
        "arrived": len(delays),
        "p50_ms": processes.percentile(delays, 0.50) if delays else None,
        "p95_ms": processes.percentile(delays, 0.95) if delays else None,
        "max_ms": max(delays) if delays else None,
    }


def hops(db_url: str, kind: str, emails: list[str]) -> dict:
    with psycopg.connect(db_url) as conn:
        rows = conn.execute(HOPS, (kind, emails)).fetchall()
    if not rows:
        return {"delivery_p50_ms": None, "processing_p50_ms": None}
    delivery = [(received - edited).total_seconds() * 1000 for edited, received, _ in rows]
    processing = [(written - received).total_seconds() * 1000 for _, received, written in rows]
    return {
        "delivery_p50_ms": processes.percentile(delivery, 0.5),
        "processing_p50_ms": processes.percentile(processing, 0.5),
    }


def api_session(setup: dict) -> requests.Session:
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {setup['access_token']}"
    session.base = setup["api_url"]
    return session


def create(email: str):
    body = {"name": f"Bench {email}", "emails": [{"value": email, "primary": True}]}
    return lambda api: api.post(f"{api.base}/api/v2/persons", json=body, timeout=10)


def edit(person_id: int, title: str):
    body = {"job_title": title}
    return lambda api: api.patch(f"{api.base}/api/v2/persons/{person_id}", json=body, timeout=10)


def person_ids(db_url: str, emails: list[str]) -> dict:
    sql = "SELECT emails->0->>'value', id FROM sandbox_pipedrive_person WHERE NOT is_deleted"
    with psycopg.connect(db_url) as conn:
        return {email: pk for email, pk in conn.execute(sql).fetchall() if email in emails}


def measure(db_url: str, setup: dict, n: int, interval: float) -> list[dict]:
    api = api_session(setup)
    run_id = uuid.uuid4().hex[:6]
    emails = [f"bench{i}-{run_id}@example.net" for i in range(n)]
    watch = Watch(db_url, setup["target_list"])
    created = phase(api, watch, [(e, None, create(e)) for e in emails], interval * 2, 60)
    created |= hops(db_url, "person.create", emails)
    ids = person_ids(db_url, emails)
    watch = Watch(db_url, setup["target_list"])
    titles = {e: f"Title {i} {run_id}" for i, e in enumerate(emails)}
    changes = [(e, titles[e], edit(ids[e], titles[e])) for e in emails]
    edited = phase(api, watch, changes, interval, 60)
    edited |= hops(db_url, "person.change", emails)
    return [
        {"phase": "create", "interval_s": interval * 2, **created},
        {"phase": "edit", "interval_s": interval, **edited},
    ]


def run(n: int, interval: float, poll: float = 1.0) -> list[dict]:
    """`poll`: the ORM broker's poll interval in seconds (the product's setting is 1)."""
    db_url = processes.fresh_database(DATABASE)
    logs = Path(tempfile.mkdtemp(prefix="bench-propagation-"))
    port = processes.free_port()
    env = processes.server_env(
        db_url, port, SANDBOX="true", SANDBOX_IN_PRODUCTION="true", Q_WORKERS="2", Q_BROKER="orm"
    )
    env |= {"DJANGO_SETTINGS_MODULE": "tests.bench.settings_poll", "BENCH_Q_POLL": str(poll)}
    started = []
    try:
        processes.run(env, "manage.py", "migrate", "--noinput")
        started.append(processes.gunicorn(env, port, WORKERS, logs / "gunicorn.log"))
        setup = json.loads(processes.run(env, "scripts/bench/setup_realtime.py", "propagation"))
        started.append(processes.qcluster(env, logs / "qcluster.log"))
        return [{"poll_s": poll, **r} for r in measure(db_url, setup, n, interval)]
    finally:
        for process in reversed(started):
            processes.stop(process)
        processes.drop_database(DATABASE)
