"""Past one machine: realtime processing throughput with one and with two realtime clusters
(`Q_CLUSTER_NAME=realtime manage.py qcluster`, Q_WORKERS each) against the same PostgreSQL.

On a running deployment (tests/bench/deployment.py, Redis broker) after the propagation
benchmark: its realtime cluster is stopped, N Snov.io `campaign_email.sent` webhooks for the
tenant's linked prospects (copies of the ones the emulator delivered, each with its own event
and message id) are posted to our endpoint and wait in the broker; then 1 (or 2) realtime
clusters start and drain them. Each event is a whole real-time unit of work: claim, find the
person by its link, create the email's activity in Pipedrive (one call), log it. The Pipedrive
emulator's burst and daily budget are lifted first, so the vendor's per-account limit (what
does not scale out) is not what is measured. Events/s = finished events over the time from the
first to the last one finished (cluster start-up left out)."""

import json
import time
import uuid

from tests.bench import bench_intake, processes

PAYLOADS = (
    "SELECT DISTINCT ON (e.payload->'data'->>'prospect_email') e.payload "
    "FROM syncengine_inboundevent e JOIN integrations_integration i ON i.id = e.integration_id "
    "WHERE i.uuid = %s AND e.kind = 'campaign_email.sent'"
)
DRAINED = (
    "SELECT e.state, count(*), min(e.processed_at), max(e.processed_at) "
    "FROM syncengine_inboundevent e WHERE e.id > %s AND e.kind = 'campaign_email.sent' "
    "GROUP BY e.state"
)
UNFINISHED = ("pending", "running", "waiting")


def copies(templates: list[dict], n: int) -> list[bytes]:
    bodies = []
    for i in range(n):
        payload = json.loads(json.dumps(templates[i % len(templates)]))
        payload["data"]["event_id"] = uuid.uuid4().hex
        payload["data"]["message_id"] = uuid.uuid4().hex
        bodies.append(json.dumps(payload).encode())
    return bodies


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


def measure(deployment, setup: dict, templates: list, clusters: int, n: int) -> dict:
    marker = deployment.query("SELECT coalesce(max(id), 0) FROM syncengine_inboundevent")[0][0]
    headers = {"Content-Type": "application/json"}
    answers = bench_intake.post_all(
        deployment.port, setup["snovio_path"], headers, copies(templates, n), 8
    )
    stored = sum(1 for r in answers if r[0] == 200 and r[1] == "stored")
    load = processes.load_average()
    for _ in range(clusters):
        deployment.start_cluster("realtime")
    result = drained(deployment, marker, stored, timeout=60 + n)
    deployment.stop_clusters("realtime")
    done = result["states"].get("done", 0)
    span = (result["times"][0][1] - result["times"][0][0]).total_seconds() if done > 1 else 0
    return {
        "clusters": clusters,
        "events": stored,
        "done": done,
        "states": result["states"],
        "span_s": span,
        "per_s": (done - 1) / span if span else None,
        "load": load,
    }


def run(deployment, n: int, cluster_counts=(1, 2)) -> list[dict]:
    deployment.script("unlimit")
    setup = deployment.setup
    templates = [row[0] for row in deployment.query(PAYLOADS, setup["uuid"])]
    if not templates:
        raise RuntimeError("no campaign event to copy: run the propagation benchmark first")
    deployment.stop_clusters("realtime")
    try:
        return [measure(deployment, setup, templates, k, n) for k in cluster_counts]
    finally:
        deployment.start_cluster("realtime")
