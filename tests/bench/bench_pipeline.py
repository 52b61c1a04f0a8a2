"""The whole transfer, in-process: API calls against the floor, time, records/s, peak memory.

Both sandboxes are seeded in bulk (tests/bench/seed_fast.py), the steps run one after another
through the django-q entry point (tests/bench/inprocess.py `drive`) and every HTTP call is
answered in this process by the sandboxes, counted by path. Rate limits are off. The time spent
inside the sandbox is measured apart, so "our side" is the wall time minus the sandbox's.

Limits off still leaves Pipedrive's daily token budget in the headers, and our limiter obeys it:
at the sandbox's default 30,000 tokens (5 per write) a transfer sleeps until midnight after
~6,000 writes. Here the budget is raised out of the way (`UNLIMITED_DAILY`)."""

import math
import time

from django.db.models import Count, Q

from sandbox.pipedrive.models import Organization, RateLimitSettings
from sandbox.pipedrive.models import Person as SandboxPerson
from sandbox.snovio.models import ProspectList
from syncengine.models import TransferJob
from syncengine.transfer.services import start_transfer
from tests.bench import seed_fast
from tests.bench.inprocess import InProcessHttp, RssSampler, drive

PERSONS_PAGE, PROSPECTS_PAGE = 500, 5000
UNLIMITED_DAILY = 10**9


def pages_floor(direction: str) -> int:
    """Pages a transfer must read: the list of lists, every list, organizations, persons."""
    lists = ProspectList.objects.filter(is_deleted=False).annotate(
        n=Count("memberships", filter=Q(memberships__prospect__isnull=False))
    )
    list_pages = sum(max(1, math.ceil(x.n / PROSPECTS_PAGE)) for x in lists)
    orgs = max(1, math.ceil(Organization.objects.count() / PERSONS_PAGE))
    persons = max(1, math.ceil(SandboxPerson.objects.count() / PERSONS_PAGE))
    return 1 + list_pages + orgs + persons


def run(
    integration, n: int, *, direction: str = "to_pipedrive", seed: bool = True, dry_run=False
) -> dict:
    """A transfer of `n` records (or its preview: read and classify everything, write nothing)."""
    seeding = seed_fast.seed(n) if seed else {}
    RateLimitSettings.objects.update_or_create(
        pk=1, defaults={"enabled": False, "daily_budget": UNLIMITED_DAILY}
    )
    floor_pages = pages_floor(direction)
    orgs_before = Organization.objects.count()
    with InProcessHttp() as http, RssSampler() as memory:
        started, cpu = time.perf_counter(), time.process_time()
        job = start_transfer(
            integration=integration,
            direction=direction,
            source="snovio",
            dry_run=dry_run,
            enqueue=False,
        )
        driven = drive(job.pk, http=http)
        elapsed = time.perf_counter() - started
        cpu = time.process_time() - cpu
    job = TransferJob.objects.get(pk=job.pk)
    plan = job.counts["plan"]
    writes = plan.get("create", 0) + plan.get("update", 0) + plan.get("conflict", 0)
    writes = 0 if dry_run else writes
    new_orgs = Organization.objects.count() - orgs_before
    floor = floor_pages + writes + new_orgs
    ours = elapsed - http.sandbox_seconds
    return {
        "records": n,
        "direction": direction,
        "dry_run": dry_run,
        "state": job.state,
        "error": job.error,
        "plan": plan,
        "done": job.counts.get("done", {}),
        "calls": http.total,
        "by_path": dict(http.calls),
        "statuses": dict(http.statuses),
        "floor": floor,
        "floor_parts": {"pages": floor_pages, "writes": writes, "organizations": new_orgs},
        "seconds": elapsed,
        "records_per_s": n / elapsed,
        "sandbox_s": http.sandbox_seconds,
        "ours_s": ours,
        "ours_records_per_s": n / ours,
        "cpu_s": cpu,
        "ours_cpu_s": cpu - http.sandbox_cpu,
        "ours_cpu_records_per_s": n / (cpu - http.sandbox_cpu),
        "peak_mb": memory.peak_mb,
        "start_mb": memory.start_mb,
        "seed_s": seeding,
        "write": write_cost(driven["phases"].get("write"), job.counts.get("done", {})),
        **driven,
    }


SAVEPOINTS = ("SAVEPOINT", "RELEASE", "ROLLBACK")


def write_cost(write: dict | None, done: dict) -> dict:
    """The write phase per written record (created or updated): our statements (savepoints
    apart), our commits, our CPU (process CPU minus the sandbox's), the sandbox's statements."""
    written = done.get("created", 0) + done.get("updated", 0)
    if not write or not written:
        return {}
    queries = write["queries"]
    savepoints = sum(n for kind, n in queries.items() if kind in SAVEPOINTS)
    return {
        "written": written,
        "steps": write["steps"],
        "queries_per_record": sum(queries.values()) / written,
        "savepoints_per_record": savepoints / written,
        "commits_per_record": write["commits"] / written,
        "cpu_ms_per_record": (write["cpu_s"] - write["sandbox_cpu_s"]) * 1000 / written,
        "wall_ms_per_record": write["wall_s"] * 1000 / written,
        "sandbox_queries_per_record": write["sandbox_queries"] / written,
        "queries": queries,
    }
