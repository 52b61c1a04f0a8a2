"""Rate limits, server errors, lost access, refusals and missing records (DESIGN "Rate limits
and errors"), forced through the sandboxes' fault switches; and retrying failures (B12)."""

import datetime as dt

from django.utils import timezone

from integrations.models import RateBudget, Status
from sandbox.pipedrive import models as pd
from sandbox.pipedrive import people
from sandbox.pipedrive.faults import inject_fault
from sandbox.snovio.faults import add_fault
from syncengine.models import EventState, InboundEvent, Outcome, SyncEntry
from syncengine.realtime import decide
from syncengine.retry import retry_failed
from tests.realtime.conftest import (
    actor,
    company,
    deliver_pipedrive,
    edit_prospect,
    make_due,
    new_person,
    new_prospect,
    polled_event,
    run,
    seconds_until,
)

PERSONS = "/api/v2/persons"


def persons_named(email):
    return pd.Person.objects.filter(emails__icontains=email, is_deleted=False)


def test_a_rate_limited_event_waits_for_retry_after_then_succeeds(active):
    prospect = new_prospect("rate@example.net")
    inject_fault(PERSONS, status=429, times=4, retry_after=0)  # outlasts the client's own retries
    event = polled_event(active, prospect)
    before = timezone.now()
    event = run(event)
    after = timezone.now()
    assert event.state == EventState.WAITING
    # A short wait (at least 1 s) counted from when it was parked, however slow the run.
    assert before + dt.timedelta(seconds=1) <= event.next_attempt_at
    assert event.next_attempt_at <= after + dt.timedelta(seconds=5)
    assert "Too many requests" in event.last_error
    assert not SyncEntry.objects.filter(event=event).exists()

    make_due(event)
    RateBudget.objects.update(burst_blocked_until=None)  # the burst window has passed
    assert run(event).state == EventState.DONE
    assert persons_named("rate@example.net").count() == 1


def test_a_server_error_is_retried_with_growing_waits_then_failed(active):
    prospect = new_prospect("flaky@example.net")
    inject_fault(PERSONS, status=503, times=50, method="POST")
    event = polled_event(active, prospect)
    waits = []
    for _ in range(decide.MAX_ATTEMPTS - 1):
        event = run(event)
        assert event.state == EventState.WAITING
        waits.append(round(seconds_until(event.next_attempt_at)))
        make_due(event)
    assert waits == sorted(waits) and waits[0] < waits[-1]

    event = run(event)
    assert (event.state, event.attempts) == (EventState.FAILED, decide.MAX_ATTEMPTS)
    failure = SyncEntry.objects.get(event=event)
    assert (failure.outcome, failure.reason_code) == (Outcome.FAILED, "transient")
    assert "Service temporarily unavailable" in failure.remote_error


def test_lost_pipedrive_authorisation_fails_the_connection_and_the_event_waits(active):
    prospect = new_prospect("auth@example.net")
    inject_fault(PERSONS, status=401, times=5)
    event = run(polled_event(active, prospect))
    active.refresh_from_db()
    assert active.status == Status.FAILED
    assert active.pipedrive.is_broken
    assert event.state == EventState.WAITING
    assert not SyncEntry.objects.filter(event=event).exists()

    later = run(polled_event(active, new_prospect("later@example.net")))
    assert later.state == EventState.WAITING  # nothing is lost while the user reconnects


def test_an_unpaid_pipedrive_account_fails_the_connection_and_the_event_waits(active):
    pd.Company.objects.filter(pk=company().pk).update(is_unpaid=True)
    event = run(polled_event(active, new_prospect("unpaid@example.net")))
    active.refresh_from_db()
    assert (active.status, event.state) == (Status.FAILED, EventState.WAITING)
    assert "not paid" in active.status_message


def test_lost_snovio_access_fails_the_connection_and_the_event_waits(active):
    new_person("Ann Lee", "ann.lee@example.net")
    add_fault("/v1/get-prospects-by-email", status=401, remaining=5)
    (event,) = deliver_pipedrive(active)
    event = run(event)
    active.refresh_from_db()
    assert (active.status, event.state) == (Status.FAILED, EventState.WAITING)
    assert "Snov.io" in active.status_message
    assert not active.pipedrive.is_broken


def test_a_refused_record_fails_with_the_remote_text_and_is_not_retried(active):
    prospect = new_prospect("refused@example.net")
    inject_fault(PERSONS, status=400, times=1, method="POST")
    event = run(polled_event(active, prospect))
    assert event.state == EventState.FAILED
    failure = SyncEntry.objects.get(event=event)
    assert (failure.outcome, failure.reason_code) == (Outcome.FAILED, "validation")
    assert failure.remote_error
    assert failure.email == "refused@example.net"
    make_due(event)
    assert run(event).state == EventState.FAILED  # not claimed again


def test_a_linked_person_gone_from_pipedrive_is_unlinked(active):
    prospect = new_prospect("gone@example.net", position="CEO")
    run(polled_event(active, prospect))
    person = persons_named("gone@example.net").get()
    people.delete_person(person, actor=actor(), source="app")  # its webhook got lost
    edit_prospect(prospect, position="CFO")
    event = run(polled_event(active, prospect))
    entry = SyncEntry.objects.get(event=event)
    assert (entry.outcome, entry.reason_code) == (Outcome.UNLINKED, "not_found")


def test_retry_failed_runs_the_failed_records_again_after_the_fix(
    active, django_capture_on_commit_callbacks
):
    prospect = new_prospect("retry@example.net")
    inject_fault(PERSONS, status=400, times=1, method="POST")
    event = run(polled_event(active, prospect))
    failure = SyncEntry.objects.get(event=event)

    with django_capture_on_commit_callbacks(execute=True):
        assert retry_failed(integration=active) == 1
    failure.refresh_from_db()
    assert failure.retried_at is not None
    event.refresh_from_db()
    assert event.state == EventState.DONE
    assert persons_named("retry@example.net").count() == 1
    assert SyncEntry.objects.filter(event=event, outcome=Outcome.CREATED).exists()
    assert retry_failed(integration=active) == 0  # already retried


def test_retry_failed_can_take_one_chosen_record(active, django_capture_on_commit_callbacks):
    inject_fault(PERSONS, status=400, times=2, method="POST")
    first = run(polled_event(active, new_prospect("one@example.net")))
    second = run(polled_event(active, new_prospect("two@example.net")))
    chosen = SyncEntry.objects.get(event=second)

    with django_capture_on_commit_callbacks(execute=True):
        assert retry_failed(integration=active, entry_ids=[chosen.id]) == 1
    assert InboundEvent.objects.get(pk=first.pk).state == EventState.FAILED
    assert InboundEvent.objects.get(pk=second.pk).state == EventState.DONE


def test_a_waiting_event_is_not_claimed_before_it_is_due(active):
    event = polled_event(active, new_prospect("early@example.net"))
    InboundEvent.objects.filter(pk=event.pk).update(
        state=EventState.WAITING, next_attempt_at=timezone.now() + dt.timedelta(minutes=1)
    )
    assert run(event).state == EventState.WAITING
    assert not persons_named("early@example.net").exists()
