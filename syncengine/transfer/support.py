"""Support tools shared by commands and the admin: replay stored events (B12)."""

from django.db import transaction

from config import lanes
from syncengine.models import EventState, InboundEvent


def replay_events(*, integration=None, states=(EventState.FAILED,), dry_run=False) -> int:
    """Put failed or parked events back to pending and ring for each one."""
    events = InboundEvent.objects.filter(state__in=states)
    if integration is not None:
        events = events.filter(integration=integration)
    ids = list(events.values_list("pk", flat=True))
    if dry_run:
        return len(ids)
    with transaction.atomic():
        InboundEvent.objects.filter(pk__in=ids).update(
            state=EventState.PENDING, next_attempt_at=None
        )
        for event_id in ids:
            lanes.enqueue(lanes.PROCESS_EVENT, event_id)
    return len(ids)
