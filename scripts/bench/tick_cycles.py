"""Time the tick (`syncengine.scheduler.tick`) with many Active integrations; print JSON.

    DATABASE_URL=… python scripts/bench/tick_cycles.py 250,500,1000 5

Run on a migrated throwaway database with production settings and the database broker
(tests/bench/bench_tenants.py does it). Integrations are bulk-seeded with everything the tick
reads: an owner, both connections, a RealtimeState with webhook secrets and webhook ids, and a
history per tenant (finished events and sync log entries). Nothing calls out: the tick only
enqueues (polls, webhook checks, events), and no cluster runs those tasks here.

Every cycle starts from the worst case: every integration due for a poll and a webhook check,
and one tenant in ten with an event stuck longer than EVENT_STUCK_MINUTES. Each size runs with
the product's POLLS_PER_TICK and again with the cap a one-minute tick needs to poll every
integration every POLL_INTERVAL_MINUTES (size / interval). Per run: the tick's seconds (p50,
p95, max over the cycles), its statements and what it enqueued."""

import datetime as dt
import json
import os
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import override_settings  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_q.models import OrmQ  # noqa: E402

from integrations.models import (  # noqa: E402
    AuthMethod,
    Integration,
    PipedriveConnection,
    RealtimeState,
    SnovioConnection,
    Status,
    new_secret,
    snovio_token_hash,
)
from syncengine.models import App, EventState, InboundEvent, Outcome, SyncEntry  # noqa: E402
from syncengine.scheduler import tick  # noqa: E402

HISTORY = 20  # finished events and log entries per tenant
STUCK_EVERY = 10  # one tenant in ten has an event stuck for the tick to take back
BATCH = 500


def seed_tenants(first: int, count: int) -> list[Integration]:
    """`count` Active integrations numbered from `first`, with what the tick reads."""
    now = timezone.now()
    users = get_user_model().objects.bulk_create(
        [
            get_user_model()(username=f"tenant{i}", email=f"tenant{i}@bench.example")
            for i in range(first, first + count)
        ],
        batch_size=BATCH,
    )
    integrations = Integration.objects.bulk_create(
        [
            Integration(owner=user, status=Status.ACTIVE, launched_at=now, target_list_id="1")
            for user in users
        ],
        batch_size=BATCH,
    )
    seed_connections(integrations, now)
    seed_history(integrations, now)
    return integrations


def seed_connections(integrations: list[Integration], now) -> None:
    SnovioConnection.objects.bulk_create(
        [
            SnovioConnection(integration=i, client_id=f"id-{i.pk}", client_secret="s")
            for i in integrations
        ],
        batch_size=BATCH,
    )
    PipedriveConnection.objects.bulk_create(
        [
            PipedriveConnection(
                integration=i, auth_method=AuthMethod.OAUTH, access_token="a", refresh_token="r",
                expires_at=now + dt.timedelta(hours=1), api_domain="https://bench.example",
                company_id=i.pk, user_id=1,
            )
            for i in integrations
        ],
        batch_size=BATCH,
    )  # fmt: skip
    states = []
    for i in integrations:
        token = new_secret()
        states.append(
            RealtimeState(
                integration=i, pipedrive_auth_user=f"pd-{i.uuid.hex[:12]}",
                pipedrive_auth_password=new_secret(), snovio_token=token,
                snovio_token_hash=snovio_token_hash(token), pipedrive_webhook_ids=[1, 2, 3],
                snovio_webhook_ids=[1, 2], webhooks_checked_at=now, next_poll_at=now,
            )
        )  # fmt: skip
    RealtimeState.objects.bulk_create(states, batch_size=BATCH)


def seed_history(integrations: list[Integration], now) -> None:
    events, entries = [], []
    for i in integrations:
        for n in range(HISTORY):
            events.append(
                InboundEvent(
                    integration=i, source=App.PIPEDRIVE, kind="person.change",
                    idempotency_key=uuid.uuid4().hex, payload={"meta": {"id": n}},
                    state=EventState.DONE, processed_at=now,
                )
            )  # fmt: skip
            entries.append(
                SyncEntry(
                    integration=i, receiver=App.SNOVIO, origin="realtime",
                    outcome=Outcome.UPDATED, email=f"p{n}@t{i.pk}.example",
                )
            )  # fmt: skip
    with transaction.atomic():
        InboundEvent.objects.bulk_create(events, batch_size=BATCH * 4)
        SyncEntry.objects.bulk_create(entries, batch_size=BATCH * 4)


def make_due(stuck_ids: list[int]) -> None:
    """Every integration due for a poll and a webhook check; the stuck events pending and old."""
    long_ago = timezone.now() - dt.timedelta(hours=2)
    RealtimeState.objects.update(next_poll_at=None, webhooks_checked_at=long_ago)
    InboundEvent.objects.filter(pk__in=stuck_ids).update(
        state=EventState.PENDING, next_attempt_at=None, received_at=long_ago, attempts=0
    )
    OrmQ.objects.all().delete()
    cache.clear()  # bells rung by the previous cycle (their leases) are out no more


def stuck_events() -> list[int]:
    integrations = Integration.objects.order_by("pk").values_list("pk", flat=True)
    ids = []
    for integration_id in list(integrations)[::STUCK_EVERY]:
        event = InboundEvent.objects.filter(integration_id=integration_id).order_by("pk").first()
        ids.append(event.pk)
    return ids


class Statements:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def cycle(stuck_ids: list[int]) -> dict:
    make_due(stuck_ids)
    statements = Statements()
    started = time.perf_counter()
    with connection.execute_wrapper(statements):
        done = tick()
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "statements": statements.count, "done": done}


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def measure(size: int, cycles: int, polls_per_tick: int) -> dict:
    stuck = stuck_events()
    with override_settings(POLLS_PER_TICK=polls_per_tick):
        runs = [cycle(stuck) for _ in range(cycles)]
    seconds = [r["seconds"] for r in runs]
    last = runs[-1]["done"]
    return {
        "integrations": size,
        "polls_per_tick": polls_per_tick,
        "cycles": cycles,
        "p50_s": percentile(seconds, 0.5),
        "p95_s": percentile(seconds, 0.95),
        "max_s": max(seconds),
        "statements": runs[-1]["statements"],
        "polls": last.get("polls"),
        "events": last.get("events"),
        "webhooks": last.get("webhooks"),
        "failed_duties": last.get("failed_duties", []),
        "load": os.getloadavg()[0],
    }


def main(sizes: list[int], cycles: int) -> list[dict]:
    results, seeded = [], 0
    for size in sizes:
        started = time.perf_counter()
        seed_tenants(seeded, size - seeded)
        seeded = size
        seed_s = time.perf_counter() - started
        # The product's cap, then the cap a minute's tick needs to poll everyone every
        # POLL_INTERVAL_MINUTES.
        caps = {"product": settings.POLLS_PER_TICK}
        caps["keep-up"] = -(-size // settings.POLL_INTERVAL_MINUTES)
        for cap in dict.fromkeys(caps.values()):
            series = [name for name, value in caps.items() if value == cap]
            results.append({**measure(size, cycles, cap), "seed_s": seed_s, "series": series})
    return results


if __name__ == "__main__":
    sizes = [int(s) for s in sys.argv[1].split(",")]
    print(json.dumps(main(sizes, int(sys.argv[2])), default=str))
