"""The owner hears when the integration goes to Connection failed: once per transition, by a
task after commit, with the reason and the link that fixes it; not after unsubscribing."""

import datetime as dt

from django.core import mail
from django.utils import timezone

from integrations.lifecycle import pause_integration
from integrations.models import ConnectionFailure, Status, StatusCause
from integrations.status import mark_connection_failed, set_status
from operations.models import Notification, NotificationPreference, NotificationState
from operations.notify import (
    record_connection_failure,
    record_lost_connection_failures,
    send_notification,
)
from sandbox.pipedrive import models as pd
from tests.factories import make_integration
from tests.realtime.conftest import company, new_prospect, polled_event, run


def fail_pipedrive_billing():
    pd.Company.objects.filter(pk=company().pk).update(is_unpaid=True)


def test_the_owner_is_emailed_once_when_events_find_the_connection_lost(active, committed):
    fail_pipedrive_billing()
    with committed():
        first = run(polled_event(active, new_prospect("first@example.net")))
    with committed():
        second = run(polled_event(active, new_prospect("second@example.net")))
    assert (first.state, second.state) == ("waiting", "waiting")
    [message] = mail.outbox
    assert message.to == [active.owner.email]
    assert "connection failed" in message.subject.lower()
    assert "not paid up" in message.body  # the reason, in the words the pages use
    assert f"Reconnect Pipedrive: http://testserver/i/{active.uuid}/" in message.body
    assert Notification.objects.get().state == NotificationState.SENT


def test_a_new_transition_after_a_recovery_sends_a_new_email(active, committed):
    with committed():
        mark_connection_failed(active, cause=StatusCause.PIPEDRIVE_FORBIDDEN, detail="No access")
        mark_connection_failed(active, cause=StatusCause.PIPEDRIVE_FORBIDDEN, detail="Again")
    assert len(mail.outbox) == 1
    with committed():
        set_status(active, Status.ACTIVE)
        mark_connection_failed(active, cause=StatusCause.SNOVIO_ACCESS_LOST, detail="Bad key")
    assert len(mail.outbox) == 2
    assert "Check the Snov.io API credentials" in mail.outbox[1].body
    assert f"/i/{active.uuid}/snovio/connect/" in mail.outbox[1].body


def test_the_transition_is_recorded_with_the_change_and_told_after_commit(
    db, django_capture_on_commit_callbacks
):
    integration = make_integration(status=Status.ACTIVE)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        mark_connection_failed(integration, cause=StatusCause.OTHER, detail="Broken")
        mark_connection_failed(integration, cause=StatusCause.OTHER, detail="Still broken")
    [failure] = ConnectionFailure.objects.all()
    assert (failure.cause, failure.detail) == (StatusCause.OTHER, "Broken")
    assert mail.outbox == [] and not Notification.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):  # the commit
        for callback in callbacks:
            callback()
    assert len(mail.outbox) == 1


def test_a_second_delivery_of_either_task_sends_nothing_more(db):
    integration = make_integration(status=Status.ACTIVE)
    mark_connection_failed(integration, cause=StatusCause.OTHER, detail="Broken")
    failure = ConnectionFailure.objects.get()
    notification = record_connection_failure(failure_id=failure.pk)
    assert record_connection_failure(failure_id=failure.pk) is None
    assert send_notification(notification_id=notification.pk) == NotificationState.SENT
    assert send_notification(notification_id=notification.pk) is None
    assert len(mail.outbox) == 1


def test_a_transition_whose_bell_was_lost_is_told_by_the_tick(db, committed):
    integration = make_integration(status=Status.ACTIVE)
    mark_connection_failed(integration, cause=StatusCause.OTHER, detail="Broken")  # no commit
    failure = ConnectionFailure.objects.get()
    assert record_lost_connection_failures(now=timezone.now()) == 0  # its bell may still ring
    later = failure.failed_at + dt.timedelta(minutes=3)
    with committed():
        assert record_lost_connection_failures(now=later) == 1
        assert record_lost_connection_failures(now=later) == 0
    assert len(mail.outbox) == 1


def test_a_settings_problem_found_on_resume_links_to_the_settings(db, committed):
    from integrations.lifecycle import resume_integration

    integration = make_integration(status=Status.PAUSED)
    with committed():
        assert resume_integration(integration=integration)  # nothing is connected
    [message] = mail.outbox
    assert "Some settings need attention" in message.body
    assert f"Fix the settings: http://testserver/i/{integration.uuid}/settings/" in message.body


def test_pausing_a_failed_integration_sends_nothing(db, committed):
    integration = make_integration(status=Status.ACTIVE)
    with committed():
        mark_connection_failed(integration, cause=StatusCause.OTHER, detail="Broken")
        pause_integration(integration=integration)
    assert len(mail.outbox) == 1


def test_an_unsubscribed_owner_is_not_emailed(active, committed):
    NotificationPreference.objects.create(user=active.owner, connection_failed=False)
    fail_pipedrive_billing()
    with committed():
        run(polled_event(active, new_prospect("quiet@example.net")))
    active.refresh_from_db()
    assert active.status == Status.FAILED
    assert mail.outbox == []
    notification = Notification.objects.get()
    assert notification.state == NotificationState.SKIPPED
    assert "unsubscribed" in notification.last_error
