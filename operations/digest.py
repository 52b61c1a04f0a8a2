"""The daily digest: once a day (from DIGEST_HOUR_UTC), each owner whose integration had records
fail or parked as ambiguous since the previous digests hears how many, with a few of them."""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q

from integrations.models import ConnectionFailure, Integration
from operations.models import DigestRun, Notification, NotificationKind, NotificationState
from operations.notify import record, record_lost_connection_failures, ring_due_notifications
from syncengine.models import Outcome, SyncEntry

LONGEST_WINDOW = dt.timedelta(days=2)  # after days without digests, only the last two count


def queue_daily_digests(*, now: dt.datetime) -> int:
    """Record today's digests (once: a DigestRun row per day, in the same transaction).
    Returns how many were recorded."""
    if now.hour < settings.DIGEST_HOUR_UTC or DigestRun.objects.filter(day=now.date()).exists():
        return 0
    with transaction.atomic():
        previous = DigestRun.objects.order_by("-day").first()
        run, created = DigestRun.objects.get_or_create(day=now.date(), defaults={"queued_at": now})
        if not created:
            return 0
        since = window_start(previous, now)
        run.count = sum(
            record_digest(row, since=since, until=now, day=run.day)
            for row in digest_counts(since=since, until=now)
        )
        run.save(update_fields=["count"])
    return run.count


def window_start(previous: DigestRun | None, now: dt.datetime) -> dt.datetime:
    """Where the previous digests ended (a day ago for the first ones, two days at most)."""
    if previous is None:
        return now - dt.timedelta(days=1)
    return max(previous.queued_at, now - LONGEST_WINDOW)


def digest_counts(*, since: dt.datetime, until: dt.datetime):
    """Per integration: records failed and parked as ambiguous in the window, not retried."""
    entries = SyncEntry.objects.filter(
        created_at__gte=since,
        created_at__lt=until,
        outcome__in=[Outcome.FAILED, Outcome.AMBIGUOUS],
        retried_at__isnull=True,
    )
    return (
        entries.values("integration")
        .annotate(
            failed=Count("pk", filter=Q(outcome=Outcome.FAILED)),
            ambiguous=Count("pk", filter=Q(outcome=Outcome.AMBIGUOUS)),
        )
        .order_by("integration")
    )


def record_digest(row: dict, *, since: dt.datetime, until: dt.datetime, day: dt.date) -> int:
    integration = Integration.objects.only("pk", "owner_id").get(pk=row["integration"])
    context = {
        "since": since.isoformat(),
        "until": until.isoformat(),
        "failed": row["failed"],
        "ambiguous": row["ambiguous"],
    }
    key = f"{integration.pk}:{day.isoformat()}"
    kind = NotificationKind.DAILY_DIGEST
    return record(kind, integration, key=key, context=context) is not None


def notification_duty(*, now: dt.datetime) -> dict:
    """The tick's notification duty: today's digests, transitions whose bell was lost,
    notifications to try again, and finished ones past the retention period pruned."""
    return {
        "digests": queue_daily_digests(now=now),
        "lost_transitions": record_lost_connection_failures(now=now),
        "rung": ring_due_notifications(now=now),
        "pruned": prune_notifications(now=now),
    }


def prune_notifications(*, now: dt.datetime) -> int:
    old = now - dt.timedelta(days=settings.RETENTION_DAYS)
    finished = Notification.objects.exclude(state=NotificationState.PENDING)
    transitions = ConnectionFailure.objects.filter(failed_at__lt=old)
    return finished.filter(created_at__lt=old).delete()[0] + transitions.delete()[0]
