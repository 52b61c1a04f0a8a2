"""Support tools shared by commands and the admin: replay stored events (B12)."""

from functools import partial

from django.db import transaction

from syncengine.models import EventState, InboundEvent
from syncengine.realtime.drain import ring


def replay_events(*, integration=None, states=(EventState.FAILED,), dry_run=False) -> int:
    """Put failed or parked events back to pending and ring for their integrations."""
    events = InboundEvent.objects.filter(state__in=states)
    if integration is not None:
        events = events.filter(integration=integration)
    ids = list(events.values_list("pk", flat=True))
    if dry_run:
        return len(ids)
    with transaction.atomic():
        replayed = InboundEvent.objects.filter(pk__in=ids)
        replayed.update(state=EventState.PENDING, next_attempt_at=None)
        for integration_id in set(replayed.values_list("integration_id", flat=True)):
            transaction.on_commit(partial(ring, integration_id), robust=True)
    return len(ids)
