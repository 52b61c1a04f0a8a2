"""The whole transfer through the in-process sandboxes: API calls against the floor.

The sandbox answers in-process (no network), so the time is mostly the sandbox's own work."""

import math
import time
import tracemalloc
from collections import Counter

import responses

from integrations.sandbox.pipedrive.models import Organization
from integrations.sandbox.pipedrive.models import Person as SandboxPerson
from integrations.sandbox.snovio.seed import seed_sandbox as seed_snovio
from syncengine.transfer.services import start_transfer
from tests.conftest import METHODS, TESTSERVER, _forward_to_django
from tests.transfer.helpers import add_persons


def seed(n: int) -> None:
    seed_snovio(prospects=n)
    shared = int(n * 0.2)
    rows = [{"email": f"prospect{i}@example.com", "job_title": "Buyer"} for i in range(3, shared)]
    rows += [{"email": f"other{i}@example.org", "name": f"Other {i}"} for i in range(n - shared)]
    add_persons(rows)


def run(integration, n: int) -> dict:
    seed(n)
    persons, orgs = SandboxPerson.objects.count(), Organization.objects.count()
    with responses.RequestsMock(assert_all_requests_are_fired=False) as http:
        for method in METHODS:
            http.add_callback(method, TESTSERVER, callback=_forward_to_django())
        tracemalloc.start()
        started = time.perf_counter()
        job = start_transfer(
            integration=integration, direction="to_pipedrive", source="snovio", dry_run=False
        )
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        calls = Counter(c.request.method for c in http.calls)
    job.refresh_from_db()
    plan = job.counts["plan"]
    writes = plan.get("create", 0) + plan.get("update", 0) + plan.get("conflict", 0)
    writes += Organization.objects.count() - orgs
    pages = 1 + 4 + math.ceil(orgs / 500) + math.ceil(persons / 500)
    return {
        "records": n,
        "state": job.state,
        "calls": sum(calls.values()),
        "floor": pages + writes,
        "seconds": elapsed,
        "peak_mb": peak / 2**20,
    }
