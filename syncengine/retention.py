"""Keep tables bounded: processed events and old log entries go after RETENTION_DAYS.

Never pruned: links, failed events, the latest log entry of each record, and failures not
yet retried (what a user must still be able to see and act on)."""

import datetime as dt

from django.conf import settings
from django.db.models import Exists, OuterRef, Value
from django.db.models.functions import Coalesce

from syncengine.models import EventState, InboundEvent, Outcome, SyncEntry

BATCH = 1000  # rows deleted per kind and tick: a big backlog is worked off over a few ticks


def prune_old_rows(*, now: dt.datetime) -> dict:
    cutoff = now - dt.timedelta(days=settings.RETENTION_DAYS)
    return {"pruned_events": prune_events(cutoff), "pruned_entries": prune_entries(cutoff)}


def prune_events(cutoff: dt.datetime) -> int:
    finished = InboundEvent.objects.filter(state__in=[EventState.DONE, EventState.IGNORED]).alias(
        finished_at=Coalesce("processed_at", "received_at")
    )
    ids = list(finished.filter(finished_at__lt=cutoff).values_list("pk", flat=True)[:BATCH])
    return InboundEvent.objects.filter(pk__in=ids).delete()[0]


def prune_entries(cutoff: dt.datetime) -> int:
    """Old entries that a newer entry of the same record supersedes."""
    entries = SyncEntry.objects.alias(pd_key=Coalesce("pipedrive_id", Value(0)))
    newer = entries.filter(
        integration=OuterRef("integration"),
        email=OuterRef("email"),
        snovio_id=OuterRef("snovio_id"),
        pd_key=OuterRef("pd_key"),
        pk__gt=OuterRef("pk"),
    )
    unretried_failure = {"outcome": Outcome.FAILED, "retried_at__isnull": True}
    old = (
        entries.filter(created_at__lt=cutoff)
        .exclude(**unretried_failure)
        .filter(Exists(newer))
        .values_list("pk", flat=True)[:BATCH]
    )
    return SyncEntry.objects.filter(pk__in=list(old)).delete()[0]
