"""One record's failure ends that record, never the transfer (B13); job-level causes still stop
or pause the job (R8, B7)."""

import datetime as dt
import logging

import pytest
from django.db import IntegrityError
from django.utils import timezone

from integrations.clients.errors import ValidationFailed
from integrations.limits import forget_budgets
from integrations.limits.pipedrive import pipedrive_limiter_key
from integrations.models import RateBudget, Status
from sandbox.pipedrive.faults import inject_fault
from sandbox.pipedrive.models import PersonField
from sandbox.snovio.models import Prospect as SandboxProspect
from syncengine.models import (
    FieldMapping,
    ItemState,
    Outcome,
    SyncEntry,
    TransferItem,
    TransferJob,
    TransferPhase,
)
from syncengine.transfer import failures, reading, runner, writing
from syncengine.transfer.progress import outcome_line
from syncengine.transfer.services import start_transfer
from tests.transfer.conftest import run_all
from tests.transfer.helpers import persons_by_email

pytestmark = pytest.mark.django_db

PERSONS = "/api/v2/persons"
EVERYONE_ELSE = {"created": 7, "updated": 2, "skipped": 5, "failed": 1}


class Crash(BaseException):
    """A worker killed in the middle of a write."""


def begin(integration) -> TransferJob:
    return start_transfer(
        integration=integration, direction="to_pipedrive", source="snovio", dry_run=False
    )


def steps_until_write(job) -> None:
    while job.phase != TransferPhase.WRITE:
        assert runner.run_step(job.pk) == runner.MORE
        job.refresh_from_db()


def step_when_due(job) -> str:
    """One step at the moment the job may run again (after its wait), without sleeping."""
    job.refresh_from_db()
    due = max(filter(None, [timezone.now(), job.waiting_until, job.lease_until]))
    moment = due + dt.timedelta(seconds=1)
    return runner.run_step(job.pk, now=lambda: moment)


def minutes_waited(job, before) -> int:
    job.refresh_from_db()
    return round((job.waiting_until - before).total_seconds() / 60)


def the_failed_item(job) -> TransferItem:
    [item] = TransferItem.objects.filter(job=job, state=ItemState.FAILED)
    return item


def the_failed_entry() -> SyncEntry:
    [entry] = SyncEntry.objects.filter(outcome=Outcome.FAILED)
    return entry


def fail_for(email, error, real):
    def write_person(ctx, *, values, current=None):
        if values.get("email") == email:
            raise error
        return real(ctx, values=values, current=current)

    return write_person


def test_a_record_pipedrive_refuses_fails_alone_and_the_transfer_finishes_with_the_rest(
    connected_integration,
):
    """Pipedrive answers 400 for one record (a text longer than its field takes); the failure
    is logged with Pipedrive's words and the rest is written."""
    lead_source = PersonField.objects.get(name="Lead source").key
    FieldMapping.objects.create(
        integration=connected_integration,
        snovio_field="custom:Industry",
        pipedrive_field=lead_source,
    )
    SandboxProspect.objects.update(custom_fields={})
    SandboxProspect.objects.filter(email="prospect3@example.com").update(
        custom_fields={"Industry": "x" * 300}
    )

    job = begin(connected_integration)
    job.refresh_from_db()

    assert job.state == "done" and job.error == ""
    assert job.counts["done"] == EVERYONE_ELSE
    item = the_failed_item(job)
    assert item.email == "prospect3@example.com"
    assert item.failure == "ValidationFailed: Pipedrive HTTP 400"
    assert "Invalid value for custom field" in item.remote_error
    assert "Lead source" in item.remote_error
    entry = the_failed_entry()
    assert (entry.origin, entry.receiver, entry.email) == ("transfer", "pipedrive", item.email)
    assert entry.reason_code == "validation" and entry.remote_error == item.remote_error
    persons = persons_by_email()
    assert "prospect3@example.com" not in persons
    for n in (0, 4, 5, 6, 7, 8, 9):
        assert len(persons[f"prospect{n}@example.com"]) == 1
    connected_integration.refresh_from_db()
    assert connected_integration.status == Status.PAUSED


def test_an_error_in_our_code_for_one_record_fails_it_at_once_with_its_class_and_message(
    connected_integration, monkeypatch, caplog
):
    broken = fail_for("prospect4@example.com", KeyError("office"), writing.write_person)
    monkeypatch.setattr(writing, "write_person", broken)

    job = begin(connected_integration)
    job.refresh_from_db()

    assert job.state == "done" and job.counts["done"] == EVERYONE_ELSE
    item = the_failed_item(job)
    assert (item.email, item.failure, item.remote_error) == (
        "prospect4@example.com",
        "KeyError: 'office'",
        "",
    )
    assert item.attempts == 1  # our own errors are not retried by themselves
    entry = the_failed_entry()
    assert (entry.reason_code, entry.message, entry.origin) == (
        "internal_error",
        "KeyError: 'office'",
        "transfer",
    )
    assert "prospect4@example.com" not in persons_by_email()
    traced = [r for r in caplog.records if r.levelno == logging.ERROR and r.exc_info]
    assert len(traced) == 1 and f"transfer {job.pk} item {item.pk}" in traced[0].getMessage()


def test_an_error_while_finishing_a_skipped_record_fails_only_that_record(
    connected_integration, monkeypatch
):
    real_build = writing.build_entry
    calls = {"skipped": 0}

    def build_entry(ctx, **fields):
        if fields["outcome"] == Outcome.SKIPPED:
            calls["skipped"] += 1
            if calls["skipped"] == 2:
                raise RuntimeError("log row refused")
        return real_build(ctx, **fields)

    monkeypatch.setattr(writing, "build_entry", build_entry)
    job = begin(connected_integration)
    job.refresh_from_db()

    assert job.state == "done"
    assert job.counts["done"] == {"created": 8, "updated": 2, "skipped": 4, "failed": 1}
    assert the_failed_item(job).failure == "RuntimeError: log row refused"
    assert SyncEntry.objects.filter(outcome=Outcome.SKIPPED).count() == 4


def test_a_checkpoint_the_database_refuses_is_saved_record_by_record_and_fails_alone(
    connected_integration, monkeypatch
):
    """The chunk's bulk save fails; each record is then saved on its own, and the one the
    database still refuses fails alone with the reason."""
    from syncengine.models import SyncEntry as Entry

    real_bulk, real_save = Entry.objects.bulk_create, Entry.save
    refused = {}

    def bulk_create(objs, *args, **kwargs):
        created = [o for o in objs if o.outcome == Outcome.CREATED]
        if created and not refused:
            refused["email"] = created[0].email
            raise IntegrityError("a row the database refuses")
        return real_bulk(objs, *args, **kwargs)

    def save(self, *args, **kwargs):
        if self.email and self.email == refused.get("email") and self.outcome != Outcome.FAILED:
            raise IntegrityError("still refused")
        return real_save(self, *args, **kwargs)

    monkeypatch.setattr(Entry.objects, "bulk_create", bulk_create)
    monkeypatch.setattr(Entry, "save", save)
    job = begin(connected_integration)
    job.refresh_from_db()

    assert job.state == "done"
    assert job.counts["done"]["failed"] == 1 and job.counts["done"]["created"] == 7
    assert the_failed_item(job).email == refused["email"]
    assert "IntegrityError: still refused" in the_failed_item(job).failure


def test_a_server_error_for_one_record_makes_the_job_wait_then_write_it(
    connected_integration, manual_steps
):
    job = begin(connected_integration)
    steps_until_write(job)
    inject_fault(PERSONS, status=503, times=1, method="POST")

    before = timezone.now()
    assert runner.run_step(job.pk) == runner.WAITING
    assert minutes_waited(job, before) == 1
    item = TransferItem.objects.get(job=job, state=ItemState.WRITING)
    assert item.attempts == 1
    assert runner.run_step(job.pk) == runner.BUSY  # not before its time
    assert step_when_due(job) == runner.MORE
    run_all(job)

    assert job.state == "done"
    assert job.counts["done"] == {"created": 8, "updated": 2, "skipped": 5}
    item.refresh_from_db()
    assert (item.state, item.attempts) == (ItemState.DONE, 2)
    assert len(persons_by_email()[item.email]) == 1


def test_a_record_that_keeps_meeting_server_errors_fails_after_three_attempts_and_the_job_goes_on(
    connected_integration, manual_steps
):
    job = begin(connected_integration)
    steps_until_write(job)
    inject_fault(PERSONS, status=503, times=3, method="POST")

    waits = []
    for _ in range(2):
        before = timezone.now()
        assert step_when_due(job) == runner.WAITING
        waits.append(minutes_waited(job, before))
    assert step_when_due(job) == runner.MORE
    run_all(job)

    assert waits == [1, 2]  # back-off
    assert job.state == "done" and job.counts["done"] == EVERYONE_ELSE
    item = the_failed_item(job)
    assert item.attempts == 3 and item.failure_code == "retries_exhausted"
    assert item.failure == "TransientError: Pipedrive HTTP 503, still failing after 3 attempts"
    assert item.remote_error == "Service temporarily unavailable"
    assert the_failed_entry().email == item.email
    assert item.email not in persons_by_email()


def test_a_record_whose_write_is_cut_off_every_time_fails_after_three_attempts(
    connected_integration, manual_steps, monkeypatch
):
    job = begin(connected_integration)
    steps_until_write(job)
    real = writing.write_person
    monkeypatch.setattr(writing, "write_person", fail_for("prospect5@example.com", Crash(), real))

    for _ in range(3):
        with pytest.raises(Crash):
            step_when_due(job)
    assert step_when_due(job) == runner.MORE  # the lease ran out: the next step goes on
    run_all(job)

    assert job.state == "done" and job.counts["done"] == EVERYONE_ELSE
    item = the_failed_item(job)
    assert (item.email, item.failure_code) == ("prospect5@example.com", "worker_lost")
    assert item.failure == "Writing this record stopped 3 times without finishing."


def test_lost_authorisation_fails_the_job_with_connection_failed_and_charges_no_record(
    connected_integration, manual_steps
):
    job = begin(connected_integration)
    steps_until_write(job)
    inject_fault(PERSONS, status=401, times=5, method="POST")

    assert runner.run_step(job.pk) == runner.FINISHED
    job.refresh_from_db()
    assert job.state == "failed" and "HTTP 401" in job.error
    connected_integration.refresh_from_db()
    assert connected_integration.status == Status.FAILED
    assert "Reconnect" in connected_integration.status_message
    assert not TransferItem.objects.filter(job=job, state=ItemState.FAILED).exists()
    assert not TransferItem.objects.filter(job=job, attempts__gt=0).exists()
    assert not SyncEntry.objects.filter(outcome=Outcome.FAILED).exists()


def test_a_spent_budget_while_writing_makes_the_job_wait_without_charging_the_record(
    connected_integration, manual_steps
):
    job = begin(connected_integration)
    steps_until_write(job)
    key = pipedrive_limiter_key(connected_integration.pipedrive.company_id)
    reset = timezone.now() + dt.timedelta(hours=2)
    RateBudget.objects.update_or_create(
        key=key, defaults={"daily_remaining": 0, "daily_reset_at": reset}
    )
    forget_budgets()  # a worker that knows only the shared row (not this process' last answers)

    assert runner.run_step(job.pk) == runner.WAITING
    assert not TransferItem.objects.filter(job=job, attempts__gt=0).exists()
    RateBudget.objects.filter(key=key).update(daily_remaining=None, daily_reset_at=None)
    assert step_when_due(job) == runner.MORE
    run_all(job)
    assert job.state == "done" and "failed" not in job.counts["done"]


def test_an_unexpected_error_outside_any_record_is_retried_with_backoff_then_fails_the_job(
    connected_integration, manual_steps, monkeypatch, caplog
):
    job = begin(connected_integration)

    def broken(job, ctx, **kwargs):
        raise ValueError("page shape changed")

    monkeypatch.setattr(reading, "read_next_page", broken)
    waits = []
    for _ in range(2):
        before = timezone.now()
        assert step_when_due(job) == runner.WAITING
        waits.append(minutes_waited(job, before))
        assert job.error == "Trying again after an error: ValueError: page shape changed"
    assert step_when_due(job) == runner.FINISHED

    job.refresh_from_db()
    assert waits == [1, 2]
    assert job.state == "failed"
    assert job.error == "The transfer stopped after 3 attempts: ValueError: page shape changed"
    connected_integration.refresh_from_db()
    assert connected_integration.status == Status.PAUSED
    traced = [r for r in caplog.records if r.exc_info and f"transfer {job.pk}" in r.getMessage()]
    assert len(traced) == 3


def test_a_step_that_succeeds_after_an_error_starts_the_count_of_errors_again(
    connected_integration, manual_steps, monkeypatch
):
    job = begin(connected_integration)
    real = reading.read_next_page
    calls = {"n": 0}

    def flaky(job, ctx, **kwargs):
        calls["n"] += 1
        if calls["n"] in (1, 3, 4):
            raise ValueError("flaky")
        return real(job, ctx, **kwargs)

    monkeypatch.setattr(reading, "read_next_page", flaky)
    results = [step_when_due(job) for _ in range(4)]
    assert results == [runner.WAITING, runner.MORE, runner.WAITING, runner.WAITING]
    job.refresh_from_db()
    assert job.state == "waiting" and job.step_failures == 2


def test_an_api_error_keeps_the_remote_words_apart_from_its_class_and_origin():
    refused = ValidationFailed("Name is required", status=422, app="Snov.io")
    assert failures.describe(refused) == failures.Failure(
        "validation", "ValidationFailed: Snov.io HTTP 422", "Name is required"
    )


def test_an_error_without_a_message_or_with_a_nul_is_described_storably():
    assert failures.describe(RuntimeError()).reason == "RuntimeError"
    with_nul = failures.describe(ValueError("a\x00b"))
    assert with_nul == failures.Failure("internal_error", "ValueError: ab")


def test_the_outcome_counts_creations_and_updates_as_written_and_only_for_a_finished_transfer():
    done = {"created": 3, "updated": 2, "unchanged": 4, "skipped": 1, "failed": 1}
    assert outcome_line(state="done", dry_run=False, done=done) == "Finished — 5 written, 1 failed"
    assert outcome_line(state="done", dry_run=False, done={}) == "Finished — 0 written, 0 failed"
    assert outcome_line(state="failed", dry_run=False, done=done) == ""
    assert outcome_line(state="done", dry_run=True, done=done) == ""
