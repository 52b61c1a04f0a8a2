"""Owners hear about failures by email. Each email is a Notification row, one per occurrence (a
unique key): recorded with what caused it (a transfer's end, a day's digest), or by a task from
the row that did (a ConnectionFailure, written with the status change). A task sends it after
commit, never inside a request; sending claims the row, so two deliveries send once; a failed
send is tried again by the tick with a growing wait, up to MAX_ATTEMPTS."""

import datetime as dt
import logging

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_noop

from config import lanes
from integrations.models import ConnectionFailure
from operations import counters, emails
from operations.logcontext import log_context
from operations.models import Notification, NotificationKind, NotificationState
from operations.preferences import preference_of

logger = logging.getLogger(__name__)

CLAIM = dt.timedelta(minutes=10)  # a sending task holds the row this long
LOST_AFTER = dt.timedelta(minutes=2)  # a pending row never claimed: its bell was lost
LOST_TRANSITIONS = dt.timedelta(days=1)  # how far back a lost transition is still told
MAX_ATTEMPTS = 5
RINGS_PER_TICK = 100
WRITTEN = ("created", "updated")
NO_ADDRESS = gettext_noop("The recipient has no email address.")
INACTIVE = gettext_noop("The recipient's account is inactive.")
UNSUBSCRIBED = gettext_noop("The recipient unsubscribed from this kind of email.")


def record_connection_failure(*, failure_id: int) -> Notification | None:
    """The integration went to Connection failed (integrations.status wrote the transition's
    row and rang for this): one notification per transition."""
    rows = ConnectionFailure.objects.select_related("integration").filter(pk=failure_id)
    failure = rows.first()
    if failure is None:
        return None
    context = {"cause": failure.cause, "detail": failure.detail}
    kind = NotificationKind.CONNECTION_FAILED
    return record(kind, failure.integration, key=str(failure.pk), context=context)


def record_transfer_failures(job) -> Notification | None:
    """A transfer finished with failed records. One per run of its write phase (a retry of the
    failed items starts a new one)."""
    done = job.counts.get("done", {})
    failed = done.get("failed", 0)
    if not failed:
        return None
    run = job.phase_started_at or job.created_at
    context = {
        "job_id": job.pk,
        "direction": job.direction,
        "written": sum(done.get(key, 0) for key in WRITTEN),
        "failed": failed,
    }
    kind = NotificationKind.TRANSFER_FAILURES
    return record(kind, job.integration, key=f"{job.pk}:{run.isoformat()}", context=context)


def record(kind: str, integration, *, key: str, context: dict) -> Notification | None:
    """None if this occurrence was recorded already."""
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                kind=kind,
                key=key,
                integration_id=integration.pk,
                recipient_id=integration.owner_id,
                context=context,
            )
    except IntegrityError:
        return None
    lanes.enqueue_on_commit(lanes.SEND_NOTIFICATION, notification.pk)
    return notification


def send_notification(*, notification_id: int) -> str | None:
    """Send one recorded notification; returns its new state, or None if another task holds
    it or it is finished."""
    if not claim(notification_id, timezone.now()):
        return None
    notification = Notification.objects.select_related("integration", "recipient").get(
        pk=notification_id
    )
    with log_context(integration=str(notification.integration.uuid)):
        reason = reason_not_to_send(notification)
        if reason:
            return finish(notification, NotificationState.SKIPPED, error=reason)
        try:
            emails.build_email(notification).send()
        except Exception as exc:
            return retry_later(notification, exc)
        counters.count("emails_sent", kind=notification.kind)
        return finish(notification, NotificationState.SENT)


def claim(notification_id: int, now: dt.datetime) -> bool:
    due = Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    pending = Notification.objects.filter(due, pk=notification_id, state=NotificationState.PENDING)
    return pending.update(next_attempt_at=now + CLAIM) == 1


def reason_not_to_send(notification: Notification) -> str:
    """Why not, in English: stored as written (Notification.last_error), translated where the
    admin shows it."""
    recipient = notification.recipient
    if not recipient.email:
        return NO_ADDRESS
    if not recipient.is_active:
        return INACTIVE
    if not preference_of(recipient).wants(notification.kind):
        return UNSUBSCRIBED
    return ""


def finish(notification: Notification, state: str, *, error: str = "") -> str:
    sent_at = timezone.now() if state == NotificationState.SENT else None
    Notification.objects.filter(pk=notification.pk).update(
        state=state, last_error=error, sent_at=sent_at, next_attempt_at=None
    )
    return state


def retry_later(notification: Notification, exc: Exception) -> str:
    """The mail server refused or was unreachable: the tick tries again after a wait."""
    attempts = notification.attempts + 1
    error = f"{type(exc).__name__}: {exc}"[:2000]
    logger.warning(
        "notification %s not sent (attempt %s): %s", notification.pk, attempts, type(exc).__name__
    )
    if attempts >= MAX_ATTEMPTS:
        Notification.objects.filter(pk=notification.pk).update(attempts=attempts)
        return finish(notification, NotificationState.FAILED, error=error)
    wait = dt.timedelta(minutes=2**attempts)
    Notification.objects.filter(pk=notification.pk).update(
        attempts=attempts, last_error=error, next_attempt_at=timezone.now() + wait
    )
    return NotificationState.PENDING


def record_lost_connection_failures(*, now: dt.datetime) -> int:
    """Tick duty: transitions of the last day whose bell was lost (the broker was down when
    the status changed) are recorded now."""
    recent = ConnectionFailure.objects.filter(failed_at__gte=now - LOST_TRANSITIONS)
    recorded = Notification.objects.filter(
        kind=NotificationKind.CONNECTION_FAILED, created_at__gte=now - 2 * LOST_TRANSITIONS
    ).values_list("key", flat=True)
    missing = recent.filter(failed_at__lte=now - LOST_AFTER).exclude(
        pk__in=[int(key) for key in recorded if key.isdigit()]
    )
    ids = list(missing.order_by("pk").values_list("pk", flat=True)[:RINGS_PER_TICK])
    return sum(record_connection_failure(failure_id=pk) is not None for pk in ids)


def ring_due_notifications(*, now: dt.datetime) -> int:
    """Tick duty: ring again for notifications due for another try, or whose bell was lost."""
    due = Q(next_attempt_at__lte=now) | Q(
        next_attempt_at__isnull=True, created_at__lte=now - LOST_AFTER
    )
    pending = Notification.objects.filter(due, state=NotificationState.PENDING)
    ids = list(pending.order_by("pk").values_list("pk", flat=True)[:RINGS_PER_TICK])
    for notification_id in ids:
        lanes.enqueue(lanes.SEND_NOTIFICATION, notification_id)
    return len(ids)
