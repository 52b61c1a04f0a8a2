"""Running a transfer: Syncing, one at a time, cancel, crash and resume, waits (R7.4, B7)."""

import datetime as dt

import pytest
from django.db import IntegrityError
from django.utils import timezone
from django_q.models import Schedule

from config import lanes
from integrations.limits import forget_budgets
from integrations.limits.pipedrive import pipedrive_limiter_key
from integrations.models import RateBudget, Status
from sandbox.snovio.models import Prospect as SandboxProspect
from syncengine.models import (
    ItemState,
    RecordLink,
    SyncEntry,
    TransferItem,
    TransferJob,
    TransferPhase,
)
from syncengine.transfer import runner, writing
from syncengine.transfer.services import TransferRefused, cancel_transfer, start_transfer
from tests.transfer.conftest import run_all
from tests.transfer.helpers import persons_by_email

pytestmark = pytest.mark.django_db


def begin(integration, **kwargs) -> TransferJob:
    options = {"direction": "to_pipedrive", "source": "snovio", "dry_run": False} | kwargs
    return start_transfer(integration=integration, **options)


def steps_until(job, phase):
    while job.phase != phase:
        assert runner.run_step(job.pk) == runner.MORE
        job.refresh_from_db()


def test_the_integration_is_syncing_while_the_transfer_runs(connected_integration, manual_steps):
    job = begin(connected_integration)
    assert manual_steps == [job.pk]
    runner.run_step(job.pk)
    connected_integration.refresh_from_db()
    assert connected_integration.status == Status.SYNCING
    run_all(job)
    connected_integration.refresh_from_db()
    assert connected_integration.status == Status.PAUSED


def test_a_second_transfer_is_refused_while_one_runs(connected_integration, manual_steps):
    begin(connected_integration)
    with pytest.raises(TransferRefused, match="already running"):
        begin(connected_integration, dry_run=True)
    assert TransferJob.objects.count() == 1


def test_the_database_itself_refuses_two_active_transfers(connected_integration, manual_steps):
    job = begin(connected_integration)
    with pytest.raises(IntegrityError):
        TransferJob.objects.create(
            integration=connected_integration, direction=job.direction, source_app="snovio"
        )


@pytest.mark.parametrize(
    ("direction", "source", "words"),
    [("sideways", "snovio", "direction"), ("to_pipedrive", "hubspot", "app whose values")],
)
def test_unknown_choices_are_refused_and_nothing_changes(
    connected_integration, manual_steps, direction, source, words
):
    with pytest.raises(TransferRefused, match=words):
        begin(connected_integration, direction=direction, source=source)
    assert not TransferJob.objects.exists()
    connected_integration.refresh_from_db()
    assert connected_integration.status == Status.PAUSED


def test_a_cancelled_transfer_stops_after_its_current_step(connected_integration, manual_steps):
    job = begin(connected_integration)
    steps_until(job, TransferPhase.WRITE)
    cancel_transfer(job=job)
    assert runner.run_step(job.pk) == runner.FINISHED
    job.refresh_from_db()
    assert job.state == "cancelled"
    assert not SyncEntry.objects.exists()
    assert "prospect0@example.com" not in persons_by_email()
    connected_integration.refresh_from_db()
    assert connected_integration.status == Status.PAUSED


def test_a_waiting_transfer_is_cancelled_at_once(connected_integration, manual_steps):
    job = begin(connected_integration)
    TransferJob.objects.filter(pk=job.pk).update(state="waiting")
    job.refresh_from_db()
    cancel_transfer(job=job)
    job.refresh_from_db()
    assert job.state == "cancelled"


class Crash(BaseException):
    """A worker killed between the API call and its bookkeeping."""


def test_a_crash_mid_write_resumes_without_writing_twice(
    connected_integration, manual_steps, monkeypatch, sandbox_http
):
    job = begin(connected_integration)
    steps_until(job, TransferPhase.WRITE)
    real_build = writing.build_entry
    calls = {"n": 0}

    def crash_on_the_third_write(ctx, **fields):
        calls["n"] += 1
        if calls["n"] == 8:  # 5 quiet skips are logged first, then each write
            raise Crash
        return real_build(ctx, **fields)

    monkeypatch.setattr(writing, "build_entry", crash_on_the_third_write)
    with pytest.raises(Crash):
        runner.run_step(job.pk)
    monkeypatch.setattr(writing, "build_entry", real_build)
    cut_off = TransferItem.objects.get(job=job, state=ItemState.WRITING)
    assert runner.run_step(job.pk) == runner.BUSY  # the lease still holds
    later = timezone.now() + runner.LEASE + dt.timedelta(seconds=1)
    assert runner.run_step(job.pk, now=lambda: later) == runner.MORE
    run_all(job)
    assert job.state == "done"
    persons = persons_by_email()
    for prospect in SandboxProspect.objects.exclude(email=""):
        assert len(persons[prospect.email]) == 1, prospect.email
        assert persons[prospect.email][0].job_title == prospect.position
    assert SyncEntry.objects.filter(email=cut_off.email, outcome="created").count() == 1
    assert job.counts["done"] == {"created": 8, "updated": 2, "skipped": 5}
    assert RecordLink.objects.count() == 10
    searches = [c for c in sandbox_http.calls if "/persons/search" in c.request.url]
    assert len(searches) == 1  # only the cut-off item is looked up


def test_a_spent_daily_budget_makes_the_transfer_wait_and_resume_by_itself(
    connected_integration, manual_steps
):
    job = begin(connected_integration)
    runner.run_step(job.pk)  # the lists
    key = pipedrive_limiter_key(connected_integration.pipedrive.company_id)
    reset = timezone.now() + dt.timedelta(hours=3)
    RateBudget.objects.update_or_create(
        key=key, defaults={"daily_remaining": 0, "daily_reset_at": reset}
    )
    forget_budgets()  # a worker that knows only the shared row (not this process' last answers)
    before = timezone.now()
    assert runner.run_step(job.pk) == runner.WAITING
    after = timezone.now()
    job.refresh_from_db()
    assert job.state == "waiting"
    # The wait is counted from when the budget was read, so it ends at the reset, give or
    # take the time the step itself took.
    assert reset <= job.waiting_until <= reset + (after - before)
    schedule = Schedule.objects.get(func=lanes.TRANSFER_STEP.func)
    assert schedule.schedule_type == Schedule.ONCE and schedule.args == str(job.pk)
    assert schedule.cluster == lanes.BULK  # woken on its own lane, never behind events
    assert runner.run_step(job.pk) == runner.BUSY  # not before the reset
    RateBudget.objects.filter(key=key).update(daily_remaining=None, daily_reset_at=None)
    after_reset = reset + dt.timedelta(seconds=1)
    assert runner.run_step(job.pk, now=lambda: after_reset) == runner.MORE
    run_all(job)
    assert job.state == "done"
