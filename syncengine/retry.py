"""Retry failed records after the cause is fixed (B12): their events run again."""

from django.db import transaction
from django.utils import timezone

from syncengine.models import EventState, InboundEvent, Outcome, SyncEntry
from syncengine.realtime.drain import ring


def retryable_entries(integration, entry_ids=None):
    """Not yet retried, with their event kept. Chosen ones may also be ambiguous matches
    (after the duplicate was resolved); "retry all" takes the failures only."""
    entries = SyncEntry.objects.filter(
        integration=integration, retried_at__isnull=True, event__isnull=False
    )
    if entry_ids is None:
        return entries.filter(outcome=Outcome.FAILED)
    return entries.filter(pk__in=entry_ids, outcome__in=[Outcome.FAILED, Outcome.AMBIGUOUS])


@transaction.atomic
def retry_failed(*, integration, entry_ids=None) -> int:
    """Re-run the events behind failed entries (all, or the given ones); marks the entries
    retried. Returns how many events were queued again. Actions of an automation that already
    ran are not repeated (automations.runner)."""
    entries = retryable_entries(integration, entry_ids)
    event_ids = sorted(set(entries.values_list("event_id", flat=True)))
    entries.update(retried_at=timezone.now())
    events = InboundEvent.objects.filter(pk__in=event_ids).exclude(state=EventState.RUNNING)
    queued = list(events.values_list("pk", flat=True))
    events.update(state=EventState.PENDING, attempts=0, next_attempt_at=None, last_error="")
    if queued:
        transaction.on_commit(lambda: ring(integration.pk), robust=True)
    return len(queued)
