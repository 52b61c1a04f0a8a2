"""Fairness between tenants on one deployment (tests/bench/deployment.py).

Tenant A (remote accounts of its own, so its rate limits are its own) runs a transfer of its
Snov.io prospects to Pipedrive (the bulk lane) and, once the transfer is writing, receives a
burst of Pipedrive `person.change` webhooks (posted by this benchmark to its endpoint from 8
connections: the emulator keeps no webhook for A, so its own deliveries, which run on the
housekeeping lane, do not queue A's burst in front of B's). Meanwhile tenant B's persons are
edited one every 1.25 s, as in the propagation benchmark: B's delays are what this measures.
A is Syncing during its transfer, so its events wait (they are stored, claimed and parked)."""

import base64
import threading
import time

from tests.bench import bench_intake, bench_propagation

JOB = "SELECT phase, state, processed FROM syncengine_transferjob WHERE id = %s"
WRITTEN = "SELECT count(*) FROM syncengine_transferitem WHERE job_id = %s AND state = 'done'"
A_EVENTS = (
    "SELECT e.state, count(*) FROM syncengine_inboundevent e JOIN integrations_integration i "
    "ON i.id = e.integration_id WHERE i.uuid = %s GROUP BY e.state"
)


def wait_for_writing(deployment, job: int, timeout: float) -> tuple:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        phase, state, processed = deployment.query(JOB, job)[0]
        if state in ("failed", "cancelled", "done"):
            raise RuntimeError(f"tenant A's transfer ended early: {state}")
        if phase == "write" and processed:
            return phase, state, processed
        time.sleep(0.5)
    raise RuntimeError(f"tenant A's transfer was not writing after {timeout} s")


class Burst(threading.Thread):
    """Tenant A's webhooks, posted in a thread of their own."""

    def __init__(self, deployment, setup: dict, n: int):
        super().__init__()
        basic = base64.b64encode(f"{setup['user']}:{setup['password']}".encode()).decode()
        self.headers = {"Content-Type": "application/json", "Authorization": f"Basic {basic}"}
        self.port, self.path, self.n = deployment.port, setup["pipedrive_path"], n
        self.results: list = []
        self.seconds = 0.0

    def run(self):
        bodies = [bench_intake.person_change(i) for i in range(self.n)]
        started = time.perf_counter()
        self.results = bench_intake.post_all(self.port, self.path, self.headers, bodies, 8)
        self.seconds = time.perf_counter() - started

    @property
    def accepted(self) -> int:
        return sum(1 for r in self.results if r[0] == 200 and r[1] == "stored")


def run(deployment, tenant_b, records: int, burst_size: int, interval: float) -> dict:
    a = deployment.script("tenant", "a", str(records))
    job = deployment.script("transfer", a["uuid"])["job"]
    wait_for_writing(deployment, job, timeout=600)
    written_before, started = deployment.query(WRITTEN, job)[0][0], time.monotonic()
    burst = Burst(deployment, a, burst_size)
    burst.start()
    time.sleep(1.0)
    b = bench_propagation.edit_phase(tenant_b, tenant_b.emails, interval, "edit, A loaded")
    burst.join()
    phase, state, _ = deployment.query(JOB, job)[0]
    written = deployment.query(WRITTEN, job)[0][0] - written_before
    a_events = dict(deployment.query(A_EVENTS, a["uuid"]))
    return {
        **b,
        "a_records": records,
        "a_transfer": f"{state}/{phase}",
        "a_written_per_s": written / (time.monotonic() - started),
        "a_burst": burst_size,
        "a_accepted": burst.accepted,
        "a_burst_per_s": burst.accepted / burst.seconds if burst.seconds else 0.0,
        "a_events": a_events,
    }
