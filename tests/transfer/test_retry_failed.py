"""Retry failed items: a finished transfer writes its failed records again, and only those
(B12, B13)."""

import datetime as dt

import pytest
from django.utils import timezone

from integrations.models import Status, StatusCause
from integrations.status import set_status
from sandbox.pipedrive.faults import inject_fault
from syncengine.models import ItemState, Outcome, SyncEntry, TransferItem, TransferJob
from syncengine.transfer import runner
from syncengine.transfer.services import (
    TransferRefused,
    retry_failed_items,
    stalled_jobs,
    start_transfer,
)
from tests.transfer.conftest import run_all
from tests.transfer.helpers import add_persons, persons_by_email

pytestmark = pytest.mark.django_db


def transfer(integration, *, dry_run=False) -> TransferJob:
    job = start_transfer(
        integration=integration, direction="to_pipedrive", source="snovio", dry_run=dry_run
    )
    job.refresh_from_db()
    return job


def transfer_with_one_refused(integration) -> tuple[TransferJob, TransferItem]:
    """Pipedrive answers 400 to the first person created, as in the case seen."""
    inject_fault("/api/v2/persons", status=400, times=1, method="POST")
    job = transfer(integration)
    assert job.state == "done" and job.counts["done"]["failed"] == 1
    [item] = TransferItem.objects.filter(job=job, state=ItemState.FAILED)
    return job, item


def api_writes(sandbox_http) -> list[tuple[str, str]]:
    calls = [c.request for c in sandbox_http.calls if "/api/" in c.request.url]
    return [(r.method, r.url.split("/sandbox/pipedrive")[-1]) for r in calls if r.method != "GET"]


def test_retry_after_the_cause_is_gone_writes_exactly_the_failed_record(
    connected_integration, sandbox_http
):
    job, item = transfer_with_one_refused(connected_integration)
    assert item.remote_error == "Forced failure"
    assert item.email not in persons_by_email()
    before = {email: [p.pk for p in found] for email, found in persons_by_email().items()}
    sandbox_http.calls.reset()

    assert retry_failed_items(job=job) == 1

    job.refresh_from_db()
    assert job.state == "done" and job.error == ""
    assert job.counts["done"] == {"created": 8, "updated": 2, "skipped": 5}
    assert api_writes(sandbox_http) == [("POST", "/api/v2/persons")]
    after = persons_by_email()
    assert len(after[item.email]) == 1
    assert {e: [p.pk for p in found] for e, found in after.items() if e != item.email} == before
    created = SyncEntry.objects.filter(email=item.email, outcome=Outcome.CREATED)
    assert created.count() == 1 and created.get().origin == "transfer"
    failed = SyncEntry.objects.get(email=item.email, outcome=Outcome.FAILED)
    assert failed.retried_at is not None
    item.refresh_from_db()
    assert (item.state, item.attempts, item.failure) == (ItemState.DONE, 1, "")


def test_a_retried_creation_is_looked_up_first_in_case_the_failed_call_created_it(
    connected_integration, sandbox_http
):
    """A record may fail after Pipedrive created it (our own bookkeeping raised): the retry
    finds the person by email instead of creating a second one."""
    job, item = transfer_with_one_refused(connected_integration)
    add_persons([{"email": item.email, "name": "Made by the lost call"}])
    retry_failed_items(job=job)
    job.refresh_from_db()
    assert job.state == "done" and "failed" not in job.counts["done"]
    assert len(persons_by_email()[item.email]) == 1


def test_a_retry_runs_as_a_transfer_does_syncing_meanwhile_then_back(
    connected_integration, manual_steps
):
    set_status(connected_integration, Status.ACTIVE)
    job = start_transfer(
        integration=connected_integration, direction="to_pipedrive", source="snovio", dry_run=False
    )
    inject_fault("/api/v2/persons", status=400, times=1, method="POST")
    run_all(job)
    assert job.counts["done"]["failed"] == 1
    manual_steps.clear()

    assert retry_failed_items(job=job) == 1

    job.refresh_from_db()
    assert manual_steps == [job.pk]
    assert (job.state, job.phase, job.finished_at) == ("queued", "write", None)
    connected_integration.refresh_from_db()
    assert connected_integration.status == Status.SYNCING
    item = TransferItem.objects.get(job=job, side="sender", state=ItemState.PENDING)
    assert item.attempts == 0
    run_all(job)
    assert job.state == "done" and "failed" not in job.counts["done"]
    connected_integration.refresh_from_db()
    assert connected_integration.status == Status.ACTIVE


def test_a_record_that_fails_again_on_retry_is_failed_again_with_the_new_reason(
    connected_integration,
):
    job, item = transfer_with_one_refused(connected_integration)
    inject_fault("/api/v2/persons", status=404, times=1, method="POST")
    retry_failed_items(job=job)
    job.refresh_from_db()
    assert job.state == "done" and job.counts["done"]["failed"] == 1
    item.refresh_from_db()
    assert (item.state, item.failure) == (ItemState.FAILED, "NotFound: Pipedrive HTTP 404")
    assert SyncEntry.objects.filter(email=item.email, outcome=Outcome.FAILED).count() == 2


def test_retry_is_refused_for_a_preview(connected_integration):
    job = transfer(connected_integration, dry_run=True)
    with pytest.raises(TransferRefused, match="preview writes nothing"):
        retry_failed_items(job=job)


def test_retry_is_refused_without_failed_records(connected_integration):
    job = transfer(connected_integration)
    with pytest.raises(TransferRefused, match="no failed records"):
        retry_failed_items(job=job)


def test_retry_is_refused_while_another_transfer_of_the_integration_runs(
    connected_integration,
):
    job, _ = transfer_with_one_refused(connected_integration)
    other = start_transfer(
        integration=connected_integration,
        direction="to_snovio",
        source="pipedrive",
        dry_run=True,
        enqueue=False,
    )
    with pytest.raises(TransferRefused, match="already running"):
        retry_failed_items(job=job)
    job.refresh_from_db()
    assert job.state == "done"
    assert TransferItem.objects.filter(job=job, state=ItemState.FAILED).count() == 1
    assert TransferJob.objects.filter(state="queued").get() == other


def test_retry_is_refused_while_the_connection_is_failed(connected_integration):
    job, _ = transfer_with_one_refused(connected_integration)
    set_status(connected_integration, Status.FAILED, cause=StatusCause.PIPEDRIVE_AUTH_LOST)
    with pytest.raises(TransferRefused, match="connection failed"):
        retry_failed_items(job=job)
    assert TransferItem.objects.filter(job=job, state=ItemState.FAILED).count() == 1


def test_retry_is_refused_for_a_transfer_that_stopped_before_the_end(connected_integration):
    """Its records never written would be written too: a new transfer carries on instead."""
    job, _ = transfer_with_one_refused(connected_integration)
    TransferJob.objects.filter(pk=job.pk).update(state="cancelled")
    job.refresh_from_db()
    with pytest.raises(TransferRefused, match="Only a finished transfer"):
        retry_failed_items(job=job)


def test_a_retry_whose_first_step_was_never_run_is_picked_up_as_stalled(
    connected_integration, manual_steps
):
    job = start_transfer(
        integration=connected_integration, direction="to_pipedrive", source="snovio", dry_run=False
    )
    inject_fault("/api/v2/persons", status=400, times=1, method="POST")
    run_all(job)
    retry_failed_items(job=job)  # the message that rings for its step is lost
    now = timezone.now()
    assert job not in stalled_jobs(now=now)
    assert job in stalled_jobs(now=now + runner.LEASE + dt.timedelta(seconds=1))
