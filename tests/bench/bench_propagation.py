"""Propagation through a running deployment (tests/bench/deployment.py), at default settings.

- create: new persons through the Pipedrive emulator's API; each must appear as a prospect in
  the target list (two Snov.io calls: search, add);
- edit: the same persons' job titles changed; each must reach the prospect's position (one
  Snov.io call: the link exists);
- campaign: the Snov.io emulator "sends" each of those prospects a campaign email; each must
  appear as a done activity on the person in Pipedrive (the email history; one Pipedrive call).

The clock starts just before the change; a thread reads the emulators' rows every 20 ms.
Changes are paced under Snov.io's 60 requests a minute (our limiter makes a faster stream
wait, by design). Where the time went, per change (medians): from the change to our
InboundEvent (the emulator's delivery, on the housekeeping lane) and from there to our
SyncEntry (our processing, on the realtime lane)."""

import datetime as dt
import math
import subprocess
import threading
import time
import uuid
from dataclasses import dataclass, field

import psycopg
import requests

from tests.bench import processes

POLL_SECONDS = 0.02
PROSPECTS = (
    "SELECT p.email, p.position FROM sandbox_snovio_prospect p "
    "JOIN sandbox_snovio_listmembership m ON m.prospect_id = p.id "
    "JOIN sandbox_snovio_prospectlist l ON l.id = m.prospect_list_id "
    "WHERE l.name = %s AND p.email = ANY(%s)"
)
ACTIVITIES = (
    "SELECT p.emails->0->>'value', count(a.id) FROM sandbox_pipedrive_person p "
    "JOIN sandbox_pipedrive_activity a ON a.person_id = p.id AND NOT a.is_deleted "
    "WHERE p.emails->0->>'value' = ANY(%s) GROUP BY 1"
)
HOPS = (
    "SELECT e.email, min(ev.received_at), min(e.created_at) FROM syncengine_syncentry e "
    "JOIN syncengine_inboundevent ev ON ev.id = e.event_id "
    "WHERE ev.kind = %s AND e.email = ANY(%s) AND ev.received_at >= %s GROUP BY e.email"
)


class Watch:
    """Waits for each key's value (read by `read(conn, keys)`) to pass its check."""

    def __init__(self, db_url: str, read):
        self.db_url, self.read = db_url, read
        self.checks, self.started, self.walls, self.delays = {}, {}, {}, {}
        self.lock = threading.Lock()

    def expect(self, key: str, check) -> None:
        with self.lock:
            self.checks[key] = check
            self.started[key], self.walls[key] = time.perf_counter(), time.time()

    def poll_until_done(self, total: int, deadline: float) -> None:
        with psycopg.connect(self.db_url, autocommit=True) as conn:
            while len(self.delays) < total and time.perf_counter() < deadline:
                with self.lock:
                    waiting = {k: c for k, c in self.checks.items() if k not in self.delays}
                if waiting:
                    values = self.read(conn, list(waiting))
                    now = time.perf_counter()
                    for key, check in waiting.items():
                        if key in values and check(values[key]):
                            self.delays[key] = now - self.started[key]
                time.sleep(POLL_SECONDS)


def prospects_in(target_list: str):
    def read(conn, emails):
        return dict(conn.execute(PROSPECTS, (target_list, emails)).fetchall())

    return read


def activities(conn, emails):
    return dict(conn.execute(ACTIVITIES, (emails,)).fetchall())


TIMEOUT = 60.0  # seconds a change may take after the last one was sent


def phase(db_url: str, read, changes: list, interval: float, timeout: float | None = None) -> dict:
    """Send `changes` [(key, check, send)] one every `interval` s; wait; the delays (a change
    that has not arrived `timeout` s after the last was sent counts as later than all)."""
    timeout = TIMEOUT if timeout is None else timeout
    watch = Watch(db_url, read)
    poller = threading.Thread(
        target=watch.poll_until_done,
        args=(len(changes), time.perf_counter() + timeout + interval * len(changes)),
    )
    poller.start()
    for key, check, send in changes:
        watch.expect(key, check)
        send()
        time.sleep(interval)
    poller.join()
    arrived = [d * 1000 for d in watch.delays.values()]
    delays = arrived + [math.inf] * (len(changes) - len(arrived))  # not arrived: later than all
    return {
        "changes": len(changes),
        "interval_s": interval,
        "arrived": len(arrived),
        "timeout_s": timeout,
        "p50_ms": processes.percentile(delays, 0.50),
        "p95_ms": processes.percentile(delays, 0.95),
        "max_ms": max(delays),
        "walls": watch.walls,
    }


def hops(db_url: str, kind: str, walls: dict) -> dict:
    """The change → our intake (median); our intake → our log entry (median, p95): of the
    changes that arrived."""
    since = dt.datetime.fromtimestamp(min(walls.values()) - 1, dt.UTC) if walls else None
    with psycopg.connect(db_url) as conn:
        rows = conn.execute(HOPS, (kind, list(walls), since)).fetchall() if walls else []
    if not rows:
        return dict.fromkeys(("delivery_p50_ms", "processing_p50_ms", "processing_p95_ms"))
    delivery = [(got.timestamp() - walls[email]) * 1000 for email, got, _ in rows]
    processing = [(done - got).total_seconds() * 1000 for _, got, done in rows]
    return {
        "delivery_p50_ms": processes.percentile(delivery, 0.5),
        "processing_p50_ms": processes.percentile(processing, 0.5),
        "processing_p95_ms": processes.percentile(processing, 0.95),
    }


@dataclass
class Tenant:
    """What the phases need of one tenant: its API session and the persons made so far."""

    db_url: str
    setup: dict
    api: requests.Session = field(default_factory=requests.Session)
    emails: list = field(default_factory=list)
    ids: dict = field(default_factory=dict)

    def __post_init__(self):
        self.api.headers["Authorization"] = f"Bearer {self.setup['access_token']}"
        self.base = self.setup["api_url"]

    def create(self, email: str):
        body = {"name": f"Bench {email}", "emails": [{"value": email, "primary": True}]}
        answer = self.api.post(f"{self.base}/api/v2/persons", json=body, timeout=10)
        answer.raise_for_status()
        self.ids[email] = answer.json()["data"]["id"]

    def edit(self, email: str, title: str):
        body = {"job_title": title}
        url = f"{self.base}/api/v2/persons/{self.ids[email]}"
        self.api.patch(url, json=body, timeout=10).raise_for_status()


def create_phase(tenant: Tenant, n: int, interval: float) -> dict:
    run_id = uuid.uuid4().hex[:6]
    emails = [f"bench{i}-{run_id}@example.net" for i in range(n)]
    changes = [(e, lambda v: True, lambda e=e: tenant.create(e)) for e in emails]
    result = phase(tenant.db_url, prospects_in(tenant.setup["target_list"]), changes, interval)
    tenant.emails += emails
    return {"phase": "create", **result, **hops(tenant.db_url, "person.create", result["walls"])}


def edit_phase(tenant: Tenant, emails: list, interval: float, name: str = "edit") -> dict:
    run_id = uuid.uuid4().hex[:6]
    titles = {e: f"Title {i} {run_id}" for i, e in enumerate(emails)}
    changes = [
        (e, lambda v, t=titles[e]: v == t, lambda e=e: tenant.edit(e, titles[e])) for e in emails
    ]
    result = phase(tenant.db_url, prospects_in(tenant.setup["target_list"]), changes, interval)
    return {"phase": name, **result, **hops(tenant.db_url, "person.change", result["walls"])}


class CampaignDriver:
    """scripts/bench/campaign_driver.py in a process of its own: one email in, "ok" out."""

    def __init__(self, env: dict, campaign_id: int):
        cmd = [str(processes.BIN / "python"), "scripts/bench/campaign_driver.py"]
        self.process = subprocess.Popen(
            [*cmd, str(campaign_id)], cwd=processes.ROOT, env=env, text=True,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        )  # fmt: skip
        if self.process.stdout.readline().strip() != "ready":
            raise RuntimeError("the campaign driver did not start")

    def fire(self, email: str) -> None:
        self.process.stdin.write(email + "\n")
        self.process.stdin.flush()
        answer = self.process.stdout.readline().strip()
        if answer != "ok":
            raise RuntimeError(f"campaign event for {email}: {answer or 'no answer'}")

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=30)


def more_than(count: int):
    return lambda value: value > count


def campaign_phase(tenant: Tenant, env: dict, emails: list, interval: float) -> dict:
    driver = CampaignDriver(env, tenant.setup["campaign_id"])
    try:
        with psycopg.connect(tenant.db_url) as conn:
            before = activities(conn, emails)
        changes = [(e, more_than(before.get(e, 0)), lambda e=e: driver.fire(e)) for e in emails]
        result = phase(tenant.db_url, activities, changes, interval)
    finally:
        driver.close()
    kind = "campaign_email.sent"
    return {"phase": "campaign", **result, **hops(tenant.db_url, kind, result["walls"])}


def run(deployment, n: int, interval: float) -> tuple[list[dict], Tenant]:
    """Warm up (one create, not counted), then the three phases; the tenant for more."""
    tenant = Tenant(deployment.db_url, deployment.setup)
    create_phase(tenant, 1, 0.1)
    tenant.emails.clear()
    rows = [create_phase(tenant, n, interval * 2)]
    rows.append(edit_phase(tenant, tenant.emails, interval))
    rows.append(campaign_phase(tenant, deployment.env, tenant.emails, interval / 2))
    return rows, tenant
