"""Containment at the unit of work (B13): whatever raises while one event is processed ends
that event — retried with back-off, then failed with the error's class and message in the
sync log, counted and retryable — and never leaves it running."""

import datetime as dt

import pytest
from django.utils import timezone

from syncengine import scheduler
from syncengine.models import EventState, InboundEvent, Outcome, SyncEntry
from syncengine.realtime import decide, failures, process
from syncengine.retry import retry_failed
from tests.realtime.conftest import make_due, new_prospect, polled_event, run, seconds_until

POISON_PERSON = {
    "meta": {"id": "poison-noid", "action": "change", "entity": "person"},
    "data": {"name": "No Id"},
}


def stored(integration, payload, *, source="pipedrive", kind="person.change", key="k"):
    return InboundEvent.objects.create(
        integration=integration, source=source, kind=kind, idempotency_key=key, payload=payload
    )


@pytest.fixture
def bug(monkeypatch):
    """A bug of ours: applying a polled prospect raises something nobody planned for."""

    def broken(ctx, change):
        raise KeyError("reason_code")

    monkeypatch.setattr(process, "apply_prospect_change", broken)


def test_an_unexpected_error_waits_with_back_off_then_fails_with_its_class_and_message(
    active, bug
):
    event = polled_event(active, new_prospect("bug@example.net"))
    waits = []
    for attempt in range(1, decide.MAX_ATTEMPTS):
        event = run(event)
        assert (event.state, event.attempts) == (EventState.WAITING, attempt)
        assert "KeyError" in event.last_error
        waits.append(seconds_until(event.next_attempt_at))
        make_due(event)
    assert waits == sorted(waits) and waits[0] < waits[-1]
    assert not SyncEntry.objects.filter(event=event).exists()  # not final yet

    event = run(event)
    assert (event.state, event.attempts) == (EventState.FAILED, decide.MAX_ATTEMPTS)
    entry = SyncEntry.objects.get(event=event)
    assert (entry.outcome, entry.reason_code) == (Outcome.FAILED, failures.INTERNAL_ERROR)
    assert entry.message == "KeyError: 'reason_code'"
    assert entry.email == "bug@example.net"  # who it was about, read from the payload


def test_a_failed_unexpected_error_is_retryable_once_the_bug_is_gone(active, bug, monkeypatch):
    event = polled_event(active, new_prospect("fixed@example.net"))
    InboundEvent.objects.filter(pk=event.pk).update(attempts=decide.MAX_ATTEMPTS - 1)
    assert run(event).state == EventState.FAILED
    monkeypatch.undo()  # the fix is deployed
    assert retry_failed(integration=active) == 1
    assert run(event).state == EventState.DONE


def test_an_error_while_logging_the_outcome_is_contained_too(active, monkeypatch):
    def broken_finish(ctx, event, results):
        raise RuntimeError("the log table is gone")

    monkeypatch.setattr(process, "finish", broken_finish)
    event = run(polled_event(active, new_prospect("log@example.net")))
    assert event.state == EventState.WAITING
    assert "RuntimeError: the log table is gone" in event.last_error


def test_a_person_event_naming_no_person_fails_at_once_with_a_reason(active):
    event = run(stored(active, POISON_PERSON))
    assert (event.state, event.attempts) == (EventState.FAILED, 1)
    entry = SyncEntry.objects.get(event=event)
    assert (entry.outcome, entry.reason_code) == (Outcome.FAILED, "malformed_event")
    assert entry.message  # what could not be read, in words


@pytest.mark.parametrize(
    "payload",
    [
        {"meta": {"id": "x", "action": "change", "entity": "person"}, "data": "not an object"},
        {"meta": "not an object", "data": {"id": 5}},
        {"meta": {"id": "x", "action": "change", "entity": "person", "entity_id": 5},
         "data": {"id": 5, "emails": "nobody", "custom_fields": [1, 2]}},
    ],
    ids=["data-text", "meta-text", "fields-wrong-types"],
)  # fmt: skip
def test_a_payload_nobody_foresaw_never_leaves_its_event_running(active, payload):
    event = run(stored(active, payload))
    assert event.state in (EventState.WAITING, EventState.FAILED, EventState.DONE)
    for _ in range(decide.MAX_ATTEMPTS):
        if event.state != EventState.WAITING:
            break
        make_due(event)
        event = run(event)
    assert event.state in (EventState.FAILED, EventState.DONE)
    if event.state == EventState.FAILED:
        assert SyncEntry.objects.get(event=event).reason_code


def test_an_error_text_with_nul_and_surrogates_is_stored_without_them(active, monkeypatch):
    def broken(ctx, change):
        raise ValueError("bad \x00 byte \ud800 here")

    monkeypatch.setattr(process, "apply_prospect_change", broken)
    event = polled_event(active, new_prospect("nul@example.net"))
    InboundEvent.objects.filter(pk=event.pk).update(attempts=decide.MAX_ATTEMPTS - 1)
    event = run(event)
    assert event.state == EventState.FAILED
    entry = SyncEntry.objects.get(event=event)
    assert "\x00" not in entry.message and "\ud800" not in entry.message
    assert entry.message.startswith("ValueError: bad")


def test_a_running_event_whose_worker_never_returns_is_failed_after_the_attempts(
    active, settings, monkeypatch
):
    settings.EVENT_STUCK_MINUTES = 15
    monkeypatch.setattr("config.lanes.async_task", lambda *args, **kwargs: None)  # workers die
    event = polled_event(active, new_prospect("lost@example.net"))
    now = timezone.now()
    claimed_long_ago = now - dt.timedelta(minutes=20)
    for attempt in range(1, decide.MAX_ATTEMPTS):
        InboundEvent.objects.filter(pk=event.pk).update(
            state=EventState.RUNNING, next_attempt_at=claimed_long_ago
        )
        scheduler.requeue_stuck_events(now=now)
        event.refresh_from_db()
        assert (event.state, event.attempts) == (EventState.PENDING, attempt)
    InboundEvent.objects.filter(pk=event.pk).update(
        state=EventState.RUNNING, next_attempt_at=claimed_long_ago
    )
    scheduler.requeue_stuck_events(now=now)
    event.refresh_from_db()
    assert event.state == EventState.FAILED
    entry = SyncEntry.objects.get(event=event)
    assert (entry.outcome, entry.reason_code) == (Outcome.FAILED, failures.WORKER_LOST)
    assert f"stopped {decide.MAX_ATTEMPTS} times" in entry.message
