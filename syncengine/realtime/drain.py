"""Fair real time: the realtime lane's bell is per integration, not per event.

Events are rows (InboundEvent); a bell (`lanes.DRAIN`) says "this integration has events to
run". A drain runs the integration's due events oldest first for a few seconds, then, if more
are due, rings again at the back of the queue. So every integration has at most one bell in
the queue: a 5,000-webhook burst of one account takes turns with everyone else's events
instead of queueing in front of them.

At most one bell per integration is out: a lease row (DrainLease), taken when ringing (one
conditional UPDATE: of many callers at once, one wins) and given back when the drain finds
nothing left. Intake reads the lease after its event has committed, so a drain that gives the
lease back and then looks once more for due events cannot miss it: either it sees the event, or
the intake sees the lease given back and rings. On PostgreSQL a webhook's one statement reads
the lease before its event commits, but under a share lock held until then (FOR SHARE): a
drain giving the lease back waits for that commit, so its last look sees the event, and a
lease given back before the read is seen given back (a locking read sees the newest row).
A bell lost with its broker message or its dead worker is rung again once its lease has
lapsed (the tick); so is an event whose process died between its commit and its ring (no lease
was taken)."""

import datetime as dt
import time
from functools import partial

from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone

from config import lanes
from syncengine.models import DrainLease, EventState, InboundEvent
from syncengine.realtime.process import process_event

DRAIN_SECONDS = 5.0  # then the integration goes to the back of the queue
DRAIN_BATCH = 50
# A bell not heard of for this long is taken as lost (its message or its worker); a drain
# renews the lease every third of it, so only a dead one lets it lapse.
LEASE_SECONDS = 30
RENEW_SECONDS = LEASE_SECONDS / 3
LEASE_HELD_SQL = "SELECT 1 FROM syncengine_drainlease WHERE integration_id = %s AND until > %s"


def lease_held(integration_id: int) -> bool:
    """Read once per delivery of a burst (intake's hot path): plain SQL, not a queryset
    compiled anew each time (a third of the statement's CPU)."""
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(LEASE_HELD_SQL, [integration_id, now])
        return cursor.fetchone() is not None


def take_lease(integration_id: int) -> bool:
    """Take the lease if it is free; True if taken. Atomic between processes: the UPDATE
    re-checks `until` on the row it locks, and the first INSERT is unique."""
    now = timezone.now()
    until = now + dt.timedelta(seconds=LEASE_SECONDS)
    if DrainLease.objects.filter(pk=integration_id, until__lte=now).update(until=until):
        return True
    try:
        with transaction.atomic():
            DrainLease.objects.create(integration_id=integration_id, until=until)
    except IntegrityError:  # held (or just taken by another process)
        return False
    return True


def renew_lease(integration_id: int) -> None:
    until = timezone.now() + dt.timedelta(seconds=LEASE_SECONDS)
    DrainLease.objects.filter(pk=integration_id).update(until=until)


def give_back_lease(integration_id: int) -> None:
    DrainLease.objects.filter(pk=integration_id).update(until=timezone.now())


def ring(integration_id: int, *, lease_read: bool = False) -> bool:
    """Ring for an integration unless its bell is already out; True if rung. A burst costs
    one read per event: only the first takes the lease and rings. `lease_read`: the caller
    has just read the lease free (intake's statement), so go straight to taking it."""
    if not lease_read and lease_held(integration_id):
        return False
    if not take_lease(integration_id):
        return False
    lanes.enqueue(lanes.DRAIN, integration_id)
    return True


def ring_when_committed(integration_id: int, *, lease_read: bool = False) -> None:
    """Ring once the caller's transaction has committed (at once outside a transaction):
    a drain can only run what it can read. `robust`: a broker that is down must not fail the
    caller; the tick rings for due events with no lease out."""
    transaction.on_commit(partial(ring, integration_id, lease_read=lease_read), robust=True)


def due_events(integration_id: int, *, now=None):
    now = now or timezone.now()
    due = Q(state=EventState.PENDING) | Q(state=EventState.WAITING, next_attempt_at__lte=now)
    return InboundEvent.objects.filter(due, integration_id=integration_id)


def next_batch(integration_id: int) -> list[int]:
    events = due_events(integration_id).order_by("received_at", "pk")
    return list(events.values_list("pk", flat=True)[:DRAIN_BATCH])


def drain(integration_id: int, *, seconds: float = DRAIN_SECONDS, clock=time.monotonic) -> int:
    """Run this integration's due events for about `seconds`; returns how many it ran.

    Each event is claimed before it runs (process_event), so a second drain of the same
    integration (a bell rung again after its lease lapsed) never runs an event twice."""
    started = clock()
    deadline, renew_at, ran = started + seconds, started + RENEW_SECONDS, 0
    for event_id in next_batch(integration_id):
        if process_event(event_id=event_id) is not None:
            ran += 1
        now = clock()
        if now > deadline:
            break
        if now >= renew_at:
            renew_lease(integration_id)
            renew_at = now + RENEW_SECONDS
    carry_on(integration_id)
    return ran


def carry_on(integration_id: int) -> None:
    """More due: ring again, at the back of the queue. Nothing due: give the lease back, then
    look once more, for an event stored while the lease still said a bell was out."""
    if due_events(integration_id).exists():
        renew_lease(integration_id)
        lanes.enqueue(lanes.DRAIN, integration_id)
        return
    give_back_lease(integration_id)
    if due_events(integration_id).exists():
        ring(integration_id)


def ring_due(*, now, limit: int) -> int:
    """The tick: ring for integrations with due events and no bell out (lost or never rung).
    Returns how many were rung."""
    due = Q(state=EventState.PENDING) | Q(state=EventState.WAITING, next_attempt_at__lte=now)
    ids = InboundEvent.objects.filter(due).values_list("integration_id", flat=True).distinct()
    return sum(ring(integration_id) for integration_id in list(ids[:limit]))
