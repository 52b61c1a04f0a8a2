"""The one global schedule: a tick every minute enqueues what is due for every integration.

Never one schedule row per integration: the tick picks due integrations by their next-due
time, re-enqueues events whose bell was lost, checks webhooks, and prunes old rows."""

import datetime as dt
import logging

from django.conf import settings
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from config import lanes
from integrations.clients.errors import ApiError
from integrations.guards import guard_pipedrive, guard_snovio
from integrations.models import Integration, RealtimeState, Status
from operations.digest import notification_duty
from operations.models import TickRun
from syncengine.models import EventState, InboundEvent
from syncengine.realtime import decide, drain, failures
from syncengine.retention import prune_old_rows
from syncengine.transfer.services import resume_transfer, stalled_jobs
from syncengine.webhook_registration import LIVE_STATUSES, ensure_realtime_state

logger = logging.getLogger(__name__)

TICK_SCHEDULE = "syncengine-tick"
EVENTS_PER_TICK = 500
INTEGRATIONS_PER_TICK = 1000
WEBHOOK_CHECKS_PER_TICK = 50
# Live integrations: webhooks checked hourly (Pipedrive deletes failing ones, Snov.io
# deactivates them). Others still holding webhooks: retried every 10 minutes until removed.
LIVE_WEBHOOK_CHECK = dt.timedelta(hours=1)
IDLE_WEBHOOK_CHECK = dt.timedelta(minutes=10)


TRANSFERS_PER_TICK = 20
TICK_RUNS_KEPT = dt.timedelta(days=1)


def tick() -> dict:
    """Every duty runs whatever another one does: one that raises is logged and counted in
    the tick's record, and the others still run (B13)."""
    now = timezone.now()
    duties = {
        "polls": enqueue_due_polls,
        "events": requeue_stuck_events,
        "webhooks": enqueue_webhook_checks,
        "transfers": resume_stalled_transfers,
        "pruned": prune_old_rows,
        "tick_runs_pruned": prune_tick_runs,
        "notifications": notification_duty,
    }
    done: dict = {}
    for name, duty in duties.items():
        try:
            done[name] = duty(now=now)
        except Exception:
            logger.exception("tick duty %s failed", name)
            done.setdefault("failed_duties", []).append(name)
    TickRun.objects.create(started_at=now, finished_at=timezone.now(), counts=done)
    return done


def prune_tick_runs(*, now: dt.datetime) -> int:
    return TickRun.objects.filter(started_at__lt=now - TICK_RUNS_KEPT).delete()[0]


def resume_stalled_transfers(*, now: dt.datetime) -> int:
    """Ring again for transfers whose next step was lost; the job's lease keeps it single."""
    return sum(resume_transfer(job=job) for job in stalled_jobs(now=now)[:TRANSFERS_PER_TICK])


def enqueue_due_polls(*, now: dt.datetime) -> int:
    """Active integrations whose next poll is due, oldest first, at most POLLS_PER_TICK."""
    for integration in Integration.objects.filter(status=Status.ACTIVE, realtime__isnull=True):
        RealtimeState.objects.get_or_create(integration=integration)
    due = (
        RealtimeState.objects.filter(integration__status=Status.ACTIVE)
        .filter(Q(next_poll_at__isnull=True) | Q(next_poll_at__lte=now))
        .order_by(F("next_poll_at").asc(nulls_first=True), "pk")
        .values_list("pk", "integration_id", "next_poll_at")[: settings.POLLS_PER_TICK]
    )
    next_at = now + dt.timedelta(minutes=settings.POLL_INTERVAL_MINUTES)
    enqueued = 0
    for pk, integration_id, was in due:
        # Claim: a concurrent tick that read the same row updates nothing and skips it.
        if RealtimeState.objects.filter(pk=pk, next_poll_at=was).update(next_poll_at=next_at):
            lanes.enqueue(lanes.POLL_INTEGRATION, integration_id)
            enqueued += 1
    return enqueued


def poll_integration(integration_id: int) -> None:
    """Task: poll both apps for one integration (each only if its direction needs it)."""
    from syncengine.polling import poll_pipedrive, poll_snovio

    integration = Integration.objects.filter(pk=integration_id).first()
    if integration is None or integration.snovio is None or integration.pipedrive is None:
        return
    try:
        with guard_snovio(integration):
            poll_snovio(integration)
        with guard_pipedrive(integration):
            poll_pipedrive(integration)
    except ApiError as exc:
        # Next poll retries: the cursor and the watermark only moved past stored work.
        logger.warning("poll failed integration=%s reason=%s", integration_id, exc.reason_code)


def requeue_stuck_events(*, now: dt.datetime) -> int:
    """Take back events a dead worker left running (EVENT_STUCK_MINUTES after their claim),
    then ring for every integration with due events whose bell is not out (never rung, or
    lost with its broker message or its worker). Returns how many integrations were rung."""
    old = now - dt.timedelta(minutes=settings.EVENT_STUCK_MINUTES)
    claimed_at = Coalesce("next_attempt_at", "received_at")
    running = InboundEvent.objects.alias(claimed_at=claimed_at).filter(
        state=EventState.RUNNING, claimed_at__lte=old
    )
    ids = list(running.order_by("claimed_at", "pk").values_list("pk", flat=True)[:EVENTS_PER_TICK])
    lost = take_back_running(ids)
    back = InboundEvent.objects.filter(pk__in=ids, state=EventState.RUNNING).exclude(pk__in=lost)
    back.update(state=EventState.PENDING, next_attempt_at=None)
    return drain.ring_due(now=now, limit=INTEGRATIONS_PER_TICK)


def take_back_running(ids: list[int]) -> set[int]:
    """A running event taken back counts as an attempt: one whose worker dies every time
    (killed, out of time or memory) is failed with a reason after MAX_ATTEMPTS, not looped.
    Returns the ids failed."""
    running = InboundEvent.objects.filter(pk__in=ids, state=EventState.RUNNING)
    running.update(attempts=F("attempts") + 1)
    return set(failures.fail_lost_events(ids, attempts_limit=decide.MAX_ATTEMPTS))


def enqueue_webhook_checks(*, now: dt.datetime) -> int:
    """Live integrations not checked for an hour; stopped ones that still hold webhooks."""
    for integration in Integration.objects.filter(status__in=LIVE_STATUSES, realtime__isnull=True):
        ensure_realtime_state(integration)
    live = Q(integration__status__in=LIVE_STATUSES)
    holding = ~Q(pipedrive_webhook_ids=[]) | ~Q(snovio_webhook_ids=[])
    never = Q(webhooks_checked_at__isnull=True)
    due = RealtimeState.objects.filter(
        (live & (never | Q(webhooks_checked_at__lte=now - LIVE_WEBHOOK_CHECK)))
        | (~live & holding & (never | Q(webhooks_checked_at__lte=now - IDLE_WEBHOOK_CHECK)))
    )
    rows = list(due.values_list("pk", "integration_id")[:WEBHOOK_CHECKS_PER_TICK])
    RealtimeState.objects.filter(pk__in=[pk for pk, _ in rows]).update(webhooks_checked_at=now)
    for _, integration_id in rows:
        lanes.enqueue(lanes.SYNC_WEBHOOKS, integration_id)
    return len(rows)
