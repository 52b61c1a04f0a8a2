"""Plain factory functions for sync log rows."""

from datetime import timedelta

from django.utils import timezone

from syncengine.models import App, EventState, InboundEvent, Outcome, SyncEntry


def make_entry(integration, *, age=None, **fields) -> SyncEntry:
    """A sync log row; `age` (a timedelta) moves its time into the past."""
    values = {
        "receiver": App.PIPEDRIVE,
        "origin": "realtime",
        "outcome": Outcome.CREATED,
        "email": "ana@example.org",
        **fields,
    }
    entry = SyncEntry.objects.create(integration=integration, **values)
    if age is not None:
        SyncEntry.objects.filter(pk=entry.pk).update(created_at=timezone.now() - age)
        entry.refresh_from_db()
    return entry


def minutes(n: int) -> timedelta:
    return timedelta(minutes=n)


def make_event(integration, key="delivery-1") -> InboundEvent:
    """The delivery a real-time entry came from; a retry runs it again."""
    return InboundEvent.objects.create(
        integration=integration,
        source=App.PIPEDRIVE,
        kind="person.change",
        idempotency_key=key,
        payload={},
        state=EventState.DONE,
    )


def make_failure(integration, key="delivery-1", **fields) -> SyncEntry:
    event = make_event(integration, key)
    return make_entry(integration, outcome=Outcome.FAILED, event=event, **fields)
