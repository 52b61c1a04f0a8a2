"""The one global tick: due polls, events whose bell was lost, webhook checks, retention."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_q.models import Schedule

from config import lanes
from integrations.models import RealtimeState, Status
from operations.models import TickRun
from syncengine import scheduler
from syncengine.models import App, EventState, InboundEvent, Outcome, RecordLink, SyncEntry
from syncengine.realtime.process import claim_event
from tests.factories import make_integration

NOW = timezone.now()


@pytest.fixture
def rung(monkeypatch):
    """Every task the tick enqueues, captured instead of run."""
    calls = Rung()

    def capture(func, *args, cluster):
        calls.append((func, *args))
        calls.lanes.append(cluster)

    monkeypatch.setattr("config.lanes.async_task", capture)
    return calls


class Rung(list):
    """Enqueued (task, *args), in order; `lanes` lists the lane each went to."""

    def __init__(self):
        super().__init__()
        self.lanes = []

    def clear(self):
        super().clear()
        self.lanes.clear()


def integration_with(status, next_poll_at=None, **state):
    integration = make_integration(status=status)
    RealtimeState.objects.create(integration=integration, next_poll_at=next_poll_at, **state)
    return integration


def test_due_polls_are_enqueued_oldest_first_bounded_per_tick(db, rung, settings):
    settings.POLLS_PER_TICK = 2
    never = integration_with(Status.ACTIVE, None)
    late = integration_with(Status.ACTIVE, NOW - dt.timedelta(minutes=3))
    later = integration_with(Status.ACTIVE, NOW - dt.timedelta(minutes=1))
    integration_with(Status.ACTIVE, NOW + dt.timedelta(minutes=2))  # not due
    integration_with(Status.PAUSED, None)  # not active
    assert scheduler.enqueue_due_polls(now=NOW) == 2
    assert rung == [
        (lanes.POLL_INTEGRATION.func, never.pk),
        (lanes.POLL_INTEGRATION.func, late.pk),
    ]
    rung.clear()
    assert scheduler.enqueue_due_polls(now=NOW) == 1
    assert rung == [(lanes.POLL_INTEGRATION.func, later.pk)]
    assert set(rung.lanes) == {lanes.HOUSEKEEPING}  # polls never queue behind events


def test_a_claimed_poll_is_not_due_again_before_the_interval(db, rung, settings):
    settings.POLL_INTERVAL_MINUTES = 5
    integration = integration_with(Status.ACTIVE, None)
    scheduler.enqueue_due_polls(now=NOW)
    state = RealtimeState.objects.get(integration=integration)
    assert state.next_poll_at == NOW + dt.timedelta(minutes=5)
    assert scheduler.enqueue_due_polls(now=NOW + dt.timedelta(minutes=4)) == 0


def test_an_active_integration_without_state_gets_one_and_is_polled(db, rung):
    integration = make_integration(status=Status.ACTIVE)
    scheduler.enqueue_due_polls(now=NOW)
    assert rung == [(lanes.POLL_INTEGRATION.func, integration.pk)]


def make_event(integration, state, *, received_ago=0, next_in=None, key=None):
    event = InboundEvent.objects.create(
        integration=integration,
        source=App.PIPEDRIVE,
        kind="person.change",
        idempotency_key=key or f"k{InboundEvent.objects.count()}",
        payload={},
        state=state,
        next_attempt_at=NOW + dt.timedelta(minutes=next_in) if next_in is not None else None,
    )
    received = NOW - dt.timedelta(minutes=received_ago)
    InboundEvent.objects.filter(pk=event.pk).update(received_at=received)
    return event


def test_integrations_with_events_left_behind_are_rung_once_and_dead_claims_taken_back(
    db, rung, settings
):
    settings.EVENT_STUCK_MINUTES = 15
    integration = make_integration(status=Status.ACTIVE)
    lost = make_event(integration, EventState.PENDING, received_ago=20)
    waited = make_event(integration, EventState.WAITING, received_ago=2, next_in=-1)
    crashed = make_event(integration, EventState.RUNNING, received_ago=30)
    later = make_event(integration, EventState.WAITING, next_in=5)
    working = make_event(integration, EventState.RUNNING, received_ago=3)
    done = make_event(integration, EventState.DONE, received_ago=60)
    failed = make_event(integration, EventState.FAILED, received_ago=60)
    only_later = make_integration(status=Status.ACTIVE)
    make_event(only_later, EventState.WAITING, next_in=5)  # nothing due there

    assert scheduler.requeue_stuck_events(now=NOW) == 1

    assert rung == [(lanes.DRAIN.func, integration.pk)]  # one bell for all its due events
    assert set(rung.lanes) == {lanes.REALTIME}
    states = dict(InboundEvent.objects.values_list("pk", "state"))
    assert states[crashed.pk] == EventState.PENDING  # taken back from its dead worker
    assert states[lost.pk] == EventState.PENDING and states[waited.pk] == EventState.WAITING
    assert states[later.pk] == EventState.WAITING
    assert states[working.pk] == EventState.RUNNING
    assert (states[done.pk], states[failed.pk]) == (EventState.DONE, EventState.FAILED)


def test_an_integration_whose_bell_is_out_is_not_rung_again_until_its_lease_lapses(
    db, rung, settings
):
    from syncengine.realtime import drain

    settings.EVENT_STUCK_MINUTES = 15
    integration = make_integration(status=Status.ACTIVE)
    make_event(integration, EventState.PENDING, received_ago=20)
    assert scheduler.requeue_stuck_events(now=NOW) == 1
    assert scheduler.requeue_stuck_events(now=NOW + dt.timedelta(minutes=1)) == 0
    drain.give_back_lease(integration.pk)  # the lease lapsed: the bell was lost
    assert scheduler.requeue_stuck_events(now=NOW + dt.timedelta(minutes=2)) == 1


def test_an_event_received_long_ago_and_just_claimed_is_left_to_its_worker(db, rung, settings):
    settings.EVENT_STUCK_MINUTES = 15
    integration = make_integration(status=Status.ACTIVE)
    backlog = make_event(integration, EventState.PENDING, received_ago=20)
    assert claim_event(backlog.pk, now=NOW)
    scheduler.requeue_stuck_events(now=NOW + dt.timedelta(minutes=1))
    assert InboundEvent.objects.get(pk=backlog.pk).state == EventState.RUNNING
    scheduler.requeue_stuck_events(now=NOW + dt.timedelta(minutes=16))  # its worker died
    assert InboundEvent.objects.get(pk=backlog.pk).state == EventState.PENDING


def entry(integration, *, days_ago, outcome=Outcome.UPDATED, email="a@example.org", **fields):
    row = SyncEntry.objects.create(
        integration=integration,
        receiver=App.PIPEDRIVE,
        origin="realtime",
        outcome=outcome,
        email=email,
        **fields,
    )
    SyncEntry.objects.filter(pk=row.pk).update(created_at=NOW - dt.timedelta(days=days_ago))
    return row


def test_retention_prunes_processed_events_and_superseded_old_entries_only(db, settings):
    settings.RETENTION_DAYS = 30
    integration = make_integration(status=Status.ACTIVE)
    old_done = make_event(integration, EventState.DONE, received_ago=60 * 24 * 40)
    old_ignored = make_event(integration, EventState.IGNORED, received_ago=60 * 24 * 40)
    old_failed = make_event(integration, EventState.FAILED, received_ago=60 * 24 * 40)
    recent_done = make_event(integration, EventState.DONE, received_ago=60)
    superseded = entry(integration, days_ago=40)
    old_failure = entry(integration, days_ago=39, outcome=Outcome.FAILED)
    retried_failure = entry(integration, days_ago=38, outcome=Outcome.FAILED, retried_at=NOW)
    latest_of_a = entry(integration, days_ago=2)
    only_of_b = entry(integration, days_ago=50, email="b@example.org")
    link = RecordLink.objects.create(integration=integration, email="a@example.org")

    pruned = scheduler.prune_old_rows(now=NOW)

    assert pruned == {"pruned_events": 2, "pruned_entries": 2}
    kept_events = set(InboundEvent.objects.values_list("pk", flat=True))
    assert kept_events == {old_failed.pk, recent_done.pk}
    assert not kept_events & {old_done.pk, old_ignored.pk}
    assert set(SyncEntry.objects.values_list("pk", flat=True)) == {
        old_failure.pk,
        latest_of_a.pk,
        only_of_b.pk,
    }
    assert not SyncEntry.objects.filter(pk__in=[superseded.pk, retried_failure.pk]).exists()
    assert RecordLink.objects.filter(pk=link.pk).exists()


def test_webhooks_are_checked_hourly_when_live_and_until_removed_when_stopped(db, rung):
    live = make_integration(status=Status.ACTIVE)
    stopped_holding = integration_with(Status.PAUSED, snovio_webhook_ids=[7])
    integration_with(Status.PAUSED)  # holds nothing: nothing to do
    integration_with(Status.ACTIVE, webhooks_checked_at=NOW - dt.timedelta(minutes=5))
    assert scheduler.enqueue_webhook_checks(now=NOW) == 2
    assert sorted(rung) == sorted(
        [(lanes.SYNC_WEBHOOKS.func, live.pk), (lanes.SYNC_WEBHOOKS.func, stopped_holding.pk)]
    )
    rung.clear()
    assert scheduler.enqueue_webhook_checks(now=NOW + dt.timedelta(minutes=5)) == 0
    assert scheduler.enqueue_webhook_checks(now=NOW + dt.timedelta(minutes=11)) == 1


def test_the_tick_does_all_its_jobs_and_records_its_run(db, rung):
    integration_with(Status.ACTIVE)
    result = scheduler.tick()
    assert set(result) == {
        "polls",
        "events",
        "webhooks",
        "transfers",
        "pruned",
        "tick_runs_pruned",
        "notifications",
    }
    assert result["polls"] == 1
    assert set(result["pruned"]) == {"pruned_events", "pruned_entries"}
    run = TickRun.objects.get()
    assert run.counts["polls"] == 1 and run.finished_at >= run.started_at


def test_a_tick_duty_that_raises_leaves_the_others_running(db, rung, monkeypatch):
    def broken(*, now):
        raise RuntimeError("poll table gone")

    monkeypatch.setattr(scheduler, "enqueue_due_polls", broken)
    stuck = make_event(make_integration(status=Status.ACTIVE), EventState.PENDING, received_ago=60)
    result = scheduler.tick()
    assert result["failed_duties"] == ["polls"]
    assert result["events"] == 1 and (lanes.DRAIN.func, stuck.integration_id) in rung
    assert TickRun.objects.get().counts["failed_duties"] == ["polls"]


def test_tick_runs_older_than_a_day_are_pruned(db, rung):
    old = NOW - dt.timedelta(days=2)
    TickRun.objects.create(started_at=old, finished_at=old)
    scheduler.tick()
    assert list(TickRun.objects.values_list("started_at", flat=True)) != [old]
    assert not TickRun.objects.filter(started_at=old).exists()


def test_setup_schedules_creates_the_one_tick_and_can_run_again(db):
    call_command("setup_schedules")
    call_command("setup_schedules")
    schedule = Schedule.objects.get()
    assert (schedule.name, schedule.func) == ("syncengine-tick", "syncengine.scheduler.tick")
    every_minute = (Schedule.MINUTES, 1, -1)
    assert (schedule.schedule_type, schedule.minutes, schedule.repeats) == every_minute


def test_the_poll_task_polls_both_apps_of_an_active_integration(active, monkeypatch):
    seen = []
    monkeypatch.setattr("syncengine.polling.poll_snovio", lambda i: seen.append("snovio"))
    monkeypatch.setattr("syncengine.polling.poll_pipedrive", lambda i: seen.append("pipedrive"))
    scheduler.poll_integration(active.pk)
    assert seen == ["snovio", "pipedrive"]


def test_a_poll_refused_by_snovio_marks_connection_failed(active, monkeypatch):
    from integrations.clients.errors import AuthError

    def refuse(integration):
        raise AuthError("bad credentials", status=401, app="Snov.io")

    monkeypatch.setattr("syncengine.polling.poll_snovio", refuse)
    scheduler.poll_integration(active.pk)
    active.refresh_from_db()
    assert active.status == Status.FAILED


def test_a_transfer_whose_next_step_was_lost_is_rung_again(db, monkeypatch):
    from syncengine.models import TransferJob, TransferState
    from syncengine.transfer import runner

    rung = []
    monkeypatch.setattr("config.lanes.async_task", lambda func, *args, **kw: rung.append(args))
    long_ago = NOW - runner.LEASE - dt.timedelta(minutes=1)

    def job(state, **fields):
        made = TransferJob.objects.create(
            integration=make_integration(), direction="to_pipedrive", source_app="snovio",
            state=state, **fields,
        )  # fmt: skip
        TransferJob.objects.filter(pk=made.pk).update(created_at=long_ago)
        return made

    stalled = job(TransferState.RUNNING, heartbeat_at=long_ago)
    lost = job(TransferState.QUEUED)
    overdue = job(TransferState.WAITING, waiting_until=long_ago)
    job(TransferState.RUNNING, heartbeat_at=NOW)  # being worked on
    job(TransferState.WAITING, waiting_until=NOW + dt.timedelta(hours=1))  # waiting on purpose
    assert scheduler.resume_stalled_transfers(now=NOW) == 3
    assert sorted(args[0] for args in rung) == sorted([stalled.pk, lost.pk, overdue.pk])
