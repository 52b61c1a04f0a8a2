"""Admin actions for transfers: cancel, resume, retry failed items (R7, B12)."""

import pytest
from django.urls import reverse

from sandbox.pipedrive.faults import inject_fault
from syncengine.models import TransferItem
from syncengine.transfer.services import start_transfer

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:syncengine_transferjob_changelist"


def act(admin_client, action, job):
    data = {"action": action, "_selected_action": [job.pk]}
    return admin_client.post(reverse(CHANGELIST), data, follow=True)


def begin(integration):
    return start_transfer(
        integration=integration, direction="to_pipedrive", source="snovio", dry_run=False
    )


def test_the_admin_lists_transfers(admin_client, connected_integration, manual_steps):
    begin(connected_integration)
    assert admin_client.get(reverse(CHANGELIST)).status_code == 200


def test_the_cancel_action_cancels_a_queued_transfer(
    admin_client, connected_integration, manual_steps
):
    job = begin(connected_integration)
    act(admin_client, "cancel_jobs", job)
    job.refresh_from_db()
    assert job.state == "cancelled"


def test_the_resume_action_enqueues_only_active_transfers(
    admin_client, connected_integration, manual_steps
):
    job = begin(connected_integration)
    manual_steps.clear()
    act(admin_client, "resume_jobs", job)
    assert manual_steps == [job.pk]
    job.state = "done"
    job.save()
    manual_steps.clear()
    act(admin_client, "resume_jobs", job)
    assert manual_steps == []


def test_the_retry_action_writes_the_failed_items_again(admin_client, connected_integration):
    inject_fault("/api/v2/persons", status=400, times=1, method="POST")
    job = begin(connected_integration)
    [item] = TransferItem.objects.filter(job=job, state="failed")
    response = act(admin_client, "retry_failed", job)
    assert b"retrying 1 failed item(s)" in response.content
    item.refresh_from_db()
    job.refresh_from_db()
    assert item.state == "done" and job.state == "done"
    assert "failed" not in job.counts["done"]


def test_the_retry_action_says_why_a_transfer_cannot_be_retried(
    admin_client, connected_integration
):
    job = begin(connected_integration)
    response = act(admin_client, "retry_failed", job)
    assert b"no failed records to retry" in response.content
