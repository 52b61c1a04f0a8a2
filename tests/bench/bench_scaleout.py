"""Past one machine: realtime processing throughput with one and with two realtime clusters
(`Q_CLUSTER_NAME=realtime manage.py qcluster`, Q_WORKERS each) against the same PostgreSQL.

On a running deployment (tests/bench/deployment.py, Redis broker): K tenants with remote
accounts of their own and the email history on (real time drains one integration at a time,
so one tenant's events never run on two workers at once: throughput across workers needs
several tenants). The realtime cluster is stopped; N Snov.io `campaign_email.sent` webhooks,
spread over the tenants' persons, are posted to our endpoints and wait; then 1 (or 2) realtime
clusters start and drain them. Each event is a whole unit of real-time work: claim, find the
person (Pipedrive's search by email), create the email's activity in Pipedrive, log it. The
Pipedrive emulator's bursts and daily budget are lifted first, so the vendor's per-account
limit (what does not scale out) is not what is measured. Events/s = finished events over the
time from the first to the last one finished (cluster start-up left out)."""

import json
import time
import uuid

from tests.bench import bench_intake, processes

DRAINED = (
    "SELECT e.state, count(*), min(e.processed_at), max(e.processed_at) "
    "FROM syncengine_inboundevent e WHERE e.id > %s AND e.kind = 'campaign_email.sent' "
    "GROUP BY e.state"
)
UNFINISHED = ("pending", "running", "waiting")
TENANTS, PERSONS = 4, 25


def campaign_email(email: str) -> bytes:
    """A Snov.io `campaign_email.sent` body as the emulator sends it (no prospect id: the
    person is found by email)."""
    data = {
        "campaign_id": 1, "campaign": "Bench campaign", "prospect_id": "",
        "prospect_email": email, "prospect_first_name": "Bench", "prospect_last_name": "Person",
        "prospect_full_name": "Bench Person", "email_subject": "Quick question",
        "email_body": "Hi,\n\nWould a short call make sense?", "message": "",
        "sender_email": "sales@bench.example", "message_id": uuid.uuid4().hex,
        "event_id": uuid.uuid4().hex,
    }  # fmt: skip
    body = {"event_object": "campaign_email", "event_action": "sent"}
    return json.dumps({**body, "created_at": int(time.time()), "data": data}).encode()


def post_events(deployment, tenants: list[dict], n: int) -> int:
    """`n` events, round-robin over the tenants and their persons; how many were stored."""
    headers, stored = {"Content-Type": "application/json"}, 0
    for k, tenant in enumerate(tenants):
        emails = tenant["person_emails"]
        bodies = [campaign_email(emails[i % len(emails)]) for i in range(k, n, len(tenants))]
        answers = bench_intake.post_all(deployment.port, tenant["snovio_path"], headers, bodies, 8)
        stored += sum(1 for r in answers if r[0] == 200 and r[1] == "stored")
    return stored


def drained(deployment, marker: int, n: int, timeout: float) -> dict:
    """Wait until the `n` events after `marker` are finished (or the timeout); their states."""
    deadline = time.monotonic() + timeout
    while True:
        rows = deployment.query(DRAINED, marker)
        states = {state: count for state, count, _, _ in rows}
        finished = sum(c for s, c in states.items() if s not in UNFINISHED)
        if finished >= n or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    times = [(first, last) for state, _, first, last in rows if state == "done" and first]
    return {"states": states, "times": times}


def measure(deployment, tenants: list[dict], clusters: int, n: int) -> dict:
    marker = deployment.query("SELECT coalesce(max(id), 0) FROM syncengine_inboundevent")[0][0]
    stored = post_events(deployment, tenants, n)
    load = processes.load_average()
    for _ in range(clusters):
        deployment.start_cluster("realtime")
    result = drained(deployment, marker, stored, timeout=60 + n)
    deployment.stop_clusters("realtime")
    done = result["states"].get("done", 0)
    span = (result["times"][0][1] - result["times"][0][0]).total_seconds() if done > 1 else 0
    return {
        "clusters": clusters,
        "tenants": len(tenants),
        "events": stored,
        "done": done,
        "states": result["states"],
        "span_s": span,
        "per_s": (done - 1) / span if span else None,
        "load": load,
    }


def run(deployment, n: int, cluster_counts=(1, 2), tenants: int = TENANTS) -> list[dict]:
    made = deployment.script("tenants", "scale", str(tenants), str(PERSONS))["tenants"]
    deployment.script("unlimit")
    deployment.stop_clusters("realtime")
    try:
        return [measure(deployment, made, k, n) for k in cluster_counts]
    finally:
        deployment.start_cluster("realtime")
