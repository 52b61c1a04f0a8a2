"""A transfer that finishes with failed records, and the daily digest of failed and parked
records: each emailed once, with its link; not after unsubscribing; a failed send is retried."""

import datetime as dt

from django.core import mail
from django.utils import timezone

from operations.digest import queue_daily_digests
from operations.models import (
    DigestRun,
    Notification,
    NotificationKind,
    NotificationPreference,
    NotificationState,
)
from operations.notify import MAX_ATTEMPTS, ring_due_notifications, send_notification
from sandbox.pipedrive.faults import inject_fault
from syncengine.models import Outcome, SyncEntry, TransferItem
from syncengine.transfer.services import retry_failed_items, start_transfer
from tests.factories import make_integration

MORNING = dt.datetime(2026, 12, 2, 8, 0, tzinfo=dt.UTC)


def transfer(integration):
    return start_transfer(
        integration=integration, direction="to_pipedrive", source="snovio", dry_run=False
    )


def test_a_transfer_with_failed_records_emails_its_outcome_once(connected_integration, committed):
    inject_fault("/api/v2/persons", status=400, times=1, method="POST")
    with committed():
        job = transfer(connected_integration)
    job.refresh_from_db()
    assert job.counts["done"]["failed"] == 1
    [message] = mail.outbox
    written = job.counts["done"].get("created", 0) + job.counts["done"].get("updated", 0)
    assert f"finished — {written} written, 1 failed" in message.body
    job_url = f"http://testserver/i/{connected_integration.uuid}/transfer/{job.pk}/"
    assert job_url in message.body
    notification = Notification.objects.get()
    assert send_notification(notification_id=notification.pk) is None  # never twice
    assert len(mail.outbox) == 1


def test_a_transfer_without_failures_and_a_preview_send_nothing(connected_integration, committed):
    with committed():
        job = transfer(connected_integration)
    job.refresh_from_db()
    assert job.state == "done" and "failed" not in job.counts["done"]
    with committed():
        start_transfer(
            integration=connected_integration,
            direction="to_pipedrive",
            source="snovio",
            dry_run=True,
        )
    assert mail.outbox == []


def test_retrying_failed_items_that_fail_again_is_a_new_email(connected_integration, committed):
    inject_fault("/api/v2/persons", status=400, times=1, method="POST")
    with committed():
        job = transfer(connected_integration)
    job.refresh_from_db()
    inject_fault("/api/v2/persons", status=400, times=1, method="POST")  # refused again
    with committed():
        retry_failed_items(job=job)
    assert TransferItem.objects.filter(job=job, state="failed").count() == 1
    assert len(mail.outbox) == 2


def entry(integration, outcome, *, at, email="x@example.net", retried=False):
    row = SyncEntry.objects.create(
        integration=integration,
        receiver="pipedrive",
        origin="realtime",
        outcome=outcome,
        reason_code="validation",
        message="Email is not valid",
        email=email,
        retried_at=at if retried else None,
    )
    SyncEntry.objects.filter(pk=row.pk).update(created_at=at)
    return row


def test_the_daily_digest_counts_failed_and_parked_records_once_a_day(db, committed):
    integration = make_integration()
    quiet = make_integration()  # nothing failed: no digest
    entry(integration, Outcome.FAILED, at=MORNING - dt.timedelta(hours=3), email="a@example.net")
    entry(integration, Outcome.AMBIGUOUS, at=MORNING - dt.timedelta(hours=2))
    entry(integration, Outcome.FAILED, at=MORNING - dt.timedelta(hours=1), retried=True)
    entry(integration, Outcome.FAILED, at=MORNING - dt.timedelta(days=3))  # before the window
    entry(quiet, Outcome.CREATED, at=MORNING - dt.timedelta(hours=1))
    with committed():
        assert queue_daily_digests(now=MORNING) == 1
        assert queue_daily_digests(now=MORNING + dt.timedelta(hours=5)) == 0
    [message] = mail.outbox
    assert message.to == [integration.owner.email]
    assert "1 failed, 1 parked" in message.subject
    # Each sample says what the sync log says about it.
    assert (
        "a@example.net: Failed (Pipedrive) — Pipedrive refused the data: Email is not valid"
        in message.body
    )
    assert f"/i/{integration.uuid}/log/?outcome=failed" in message.body
    assert DigestRun.objects.get().count == 1


def test_no_digest_before_the_hour_nor_the_next_day_without_new_failures(db, committed, settings):
    settings.DIGEST_HOUR_UTC = 7
    integration = make_integration()
    entry(integration, Outcome.FAILED, at=MORNING - dt.timedelta(hours=1))
    with committed():
        assert queue_daily_digests(now=MORNING.replace(hour=6)) == 0
        assert queue_daily_digests(now=MORNING) == 1
        assert queue_daily_digests(now=MORNING + dt.timedelta(days=1)) == 0
    assert len(mail.outbox) == 1


def test_an_unsubscribed_owner_gets_no_digest(db, committed):
    integration = make_integration()
    NotificationPreference.objects.create(user=integration.owner, daily_digest=False)
    entry(integration, Outcome.FAILED, at=MORNING - dt.timedelta(hours=1))
    with committed():
        queue_daily_digests(now=MORNING)
    assert mail.outbox == []
    assert Notification.objects.get(kind=NotificationKind.DAILY_DIGEST).state == "skipped"


def test_a_refused_send_is_tried_again_by_the_tick_then_given_up(db, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 2
    integration = make_integration()
    entry(integration, Outcome.FAILED, at=MORNING - dt.timedelta(hours=1))
    queue_daily_digests(now=MORNING)  # its bell is not rung here: no commit
    notification = Notification.objects.get()
    assert ring_due_notifications(now=timezone.now()) == 0  # recorded just now: not lost
    waits = []
    for attempt in range(1, MAX_ATTEMPTS + 1):
        if attempt == 1:
            send_notification(notification_id=notification.pk)
        else:
            assert ring_due_notifications(now=timezone.now()) == 0  # not due yet
            make_due(notification)
            assert ring_due_notifications(now=timezone.now()) == 1  # the tick tries again
        notification.refresh_from_db()
        assert notification.attempts == attempt
        if notification.next_attempt_at:
            waits.append(notification.next_attempt_at - timezone.now())
    assert notification.state == NotificationState.FAILED
    assert "ConnectionRefusedError" in notification.last_error
    assert waits == sorted(waits) and len(waits) == MAX_ATTEMPTS - 1
    assert mail.outbox == []


def make_due(notification):
    Notification.objects.filter(pk=notification.pk).update(
        next_attempt_at=timezone.now() - dt.timedelta(seconds=1)
    )
