"""Fair real time: the realtime lane's bell is per integration, not per event.

Events are rows (InboundEvent); a bell (`lanes.DRAIN`) says "this integration has events to
run". A drain runs the integration's due events oldest first for a few seconds, then, if more
are due, rings again at the back of the queue. So every integration has at most one bell in
the queue: a 5,000-webhook burst of one account takes turns with everyone else's events
instead of queueing in front of them.

At most one bell per integration is out: a lease in the shared cache, taken when ringing
(`cache.add`, atomic) and dropped when the drain finds nothing left. A bell lost with its
broker message or its dead worker is rung again once its lease has lapsed (the tick)."""

import time

from django.core.cache import cache
from django.db.models import Q
from django.utils import timezone

from config import lanes
from syncengine.models import EventState, InboundEvent
from syncengine.realtime.process import process_event

DRAIN_SECONDS = 5.0  # then the integration goes to the back of the queue
DRAIN_BATCH = 50
# A bell not heard of for this long is taken as lost (its message or its worker); a drain
# renews the lease after each event, so only a dead one lets it lapse.
LEASE_SECONDS = 30


def lease_key(integration_id: int) -> str:
    return f"drain:{integration_id}"


def ring(integration_id: int) -> bool:
    """Ring for an integration unless its bell is already out; True if rung."""
    if not cache.add(lease_key(integration_id), 1, timeout=LEASE_SECONDS):
        return False
    lanes.enqueue(lanes.DRAIN, integration_id)
    return True


def ring_with_transaction(integration_id: int) -> None:
    """Ring as part of the caller's transaction (see lanes.enqueue_with_transaction); the
    lease is taken at once, so a burst rings once."""
    if cache.add(lease_key(integration_id), 1, timeout=LEASE_SECONDS):
        lanes.enqueue_with_transaction(lanes.DRAIN, integration_id)


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
    deadline, ran = clock() + seconds, 0
    for event_id in next_batch(integration_id):
        if process_event(event_id=event_id) is not None:
            ran += 1
        cache.touch(lease_key(integration_id), LEASE_SECONDS)
        if clock() > deadline:
            break
    carry_on(integration_id)
    return ran


def carry_on(integration_id: int) -> None:
    """More due: ring again, at the back of the queue. Nothing due: drop the lease, then look
    once more, for an event stored while the lease still said a bell was out."""
    if due_events(integration_id).exists():
        cache.set(lease_key(integration_id), 1, timeout=LEASE_SECONDS)
        lanes.enqueue(lanes.DRAIN, integration_id)
        return
    cache.delete(lease_key(integration_id))
    if due_events(integration_id).exists():
        ring(integration_id)


def ring_due(*, now, limit: int) -> int:
    """The tick: ring for integrations with due events and no bell out (lost or never rung).
    Returns how many were rung."""
    due = Q(state=EventState.PENDING) | Q(state=EventState.WAITING, next_attempt_at__lte=now)
    ids = InboundEvent.objects.filter(due).values_list("integration_id", flat=True).distinct()
    return sum(ring(integration_id) for integration_id in list(ids[:limit]))
