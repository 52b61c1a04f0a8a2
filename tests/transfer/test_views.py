"""The transfer pages: wizard, preview, start, progress partial, cancel, failed records and
their retry, access (R7, B2, B12, B13)."""

import datetime as dt
import re
import time

import pytest
from django.urls import reverse
from django.utils import timezone

from integrations.limits.pipedrive import pipedrive_limiter_key
from integrations.limits.snovio import snovio_limiter_key
from integrations.models import RateBudget, Status
from sandbox.pipedrive.faults import inject_fault
from sandbox.snovio.models import Prospect as SandboxProspect
from syncengine.models import FieldMapping, TransferItem, TransferJob
from syncengine.schema_refresh import load_schema
from syncengine.transfer import runner
from tests.factories import make_integration, make_user
from tests.pages.readable import keys_and_codes
from tests.transfer.conftest import run_all
from tests.transfer.helpers import add_persons, persons_by_email

pytestmark = pytest.mark.django_db


def url(name, integration, *args):
    return reverse(name, args=[integration.uuid, *args])


def post_start(client, integration, name="syncengine-transfer-start", **data):
    data = {"direction": "to_pipedrive", "source": "snovio"} | data
    return client.post(url(name, integration), data)


def test_the_settings_page_links_to_the_transfer(owner_client, connected_integration):
    page = owner_client.get(url("integrations-settings", connected_integration))
    assert url("syncengine-transfer", connected_integration).encode() in page.content


def test_the_wizard_asks_the_direction_then_the_source_defaulting_to_the_sender(
    owner_client, connected_integration
):
    first = owner_client.get(url("syncengine-transfer", connected_integration))
    assert b'name="direction"' in first.content and b'name="source"' not in first.content
    assert b"Duplicates</strong> are" in first.content
    assert b"Conflicts</strong> are" in first.content
    second = owner_client.get(
        url("syncengine-transfer", connected_integration), {"direction": "to_snovio"}
    )
    assert b'value="pipedrive" checked' in second.content
    assert b'value="snovio" checked' not in second.content


def test_preview_runs_a_dry_run_and_shows_counts_and_samples(owner_client, connected_integration):
    response = post_start(owner_client, connected_integration, name="syncengine-transfer-preview")
    job = TransferJob.objects.get()
    assert job.dry_run and job.state == "done"
    assert response.url == url("syncengine-transfer-job", connected_integration, job.pk)
    page = owner_client.get(response.url)
    assert b'data-testid="count-create">8<' in page.content
    assert b'data-testid="count-conflict">2<' in page.content
    assert b"prospect1@example.com" in page.content  # a sample of the conflicts
    assert b"Start transfer" in page.content


def test_start_runs_the_transfer_and_the_page_shows_the_summary(
    owner_client, connected_integration
):
    response = post_start(owner_client, connected_integration)
    page = owner_client.get(response.url)
    assert b'data-testid="transfer-summary"' in page.content
    assert b"100%" in page.content
    assert b"hx-get" not in page.content  # polling stops once finished


def test_the_progress_partial_polls_while_running_with_a_no_script_refresh(
    owner_client, connected_integration, manual_steps
):
    post_start(owner_client, connected_integration)
    job = TransferJob.objects.get()
    runner.run_step(job.pk)
    job_url = url("syncengine-transfer-job", connected_integration, job.pk)
    partial = owner_client.get(job_url, headers={"HX-Request": "true"})
    assert partial.content.lstrip().startswith(b'<section id="progress"')
    assert b'hx-trigger="every 2s"' in partial.content
    assert b"<html" not in partial.content
    full = owner_client.get(job_url)
    assert b'http-equiv="refresh"' in full.content
    connected_integration.refresh_from_db()
    assert connected_integration.status == Status.SYNCING
    run_all(job)
    done = owner_client.get(job_url, headers={"HX-Request": "true"})
    assert b"hx-trigger" not in done.content and b"Summary" in done.content


def test_a_waiting_transfer_says_until_when(owner_client, connected_integration, manual_steps):
    post_start(owner_client, connected_integration)
    job = TransferJob.objects.get()
    runner.wait(job, 3600, "daily API budget used up")
    page = owner_client.get(url("syncengine-transfer-job", connected_integration, job.pk))
    assert b'data-testid="transfer-waiting"' in page.content
    assert b"resumes by itself" in page.content


def test_cancel_from_the_page_stops_the_transfer(
    owner_client, connected_integration, manual_steps
):
    post_start(owner_client, connected_integration)
    job = TransferJob.objects.get()
    owner_client.post(url("syncengine-transfer-cancel", connected_integration, job.pk))
    job.refresh_from_db()
    assert job.state == "cancelled"


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ({"direction": "sideways"}, b"Choose the direction"),
        ({"source": "hubspot"}, b"Choose the app whose values win"),
    ],
)
def test_bad_choices_are_refused_with_a_message_and_nothing_starts(
    owner_client, connected_integration, data, words
):
    response = post_start(owner_client, connected_integration, **data)
    assert response.status_code == 400 and words in response.content
    assert not TransferJob.objects.exists()


def test_a_second_start_while_one_runs_is_refused(
    owner_client, connected_integration, manual_steps
):
    post_start(owner_client, connected_integration)
    response = post_start(owner_client, connected_integration)
    assert response.status_code == 400 and b"already running" in response.content
    assert TransferJob.objects.count() == 1


def test_pages_of_someone_elses_integration_are_404(owner_client, connected_integration):
    foreign = make_integration(make_user())
    job = TransferJob.objects.create(
        integration=foreign, direction="to_pipedrive", source_app="snovio", state="done"
    )
    assert owner_client.get(url("syncengine-transfer", foreign)).status_code == 404
    assert post_start(owner_client, foreign).status_code == 404
    assert owner_client.get(url("syncengine-transfer-job", foreign, job.pk)).status_code == 404
    cancel = owner_client.post(url("syncengine-transfer-cancel", foreign, job.pk))
    assert cancel.status_code == 404
    mine_with_their_job = url("syncengine-transfer-job", connected_integration, job.pk)
    assert owner_client.get(mine_with_their_job).status_code == 404


def finish_with_one_refused(client, integration):
    """Pipedrive answers 400 to the first person created (B13)."""
    inject_fault("/api/v2/persons", status=400, times=1, method="POST")
    response = post_start(client, integration)
    job = TransferJob.objects.get()
    [item] = TransferItem.objects.filter(job=job, state="failed")
    return response.url, job, item


def test_a_transfer_with_a_failure_says_finished_with_written_and_failed_counts(
    owner_client, connected_integration
):
    job_url, job, _ = finish_with_one_refused(owner_client, connected_integration)
    page = owner_client.get(job_url).content.decode()
    assert job.state == "done"
    assert 'data-testid="transfer-state">Finished — 9 written, 1 failed<' in page
    assert "<strong>Finished — 9 written, 1 failed</strong>" in page  # the summary
    assert "internal error" not in page


def test_the_job_page_lists_failed_records_by_email_name_reason_and_remote_text(
    owner_client, connected_integration
):
    job_url, job, item = finish_with_one_refused(owner_client, connected_integration)
    page = owner_client.get(job_url).content.decode()
    [row] = re.findall(r'<tr data-testid="failed-row">(.*?)</tr>', page)
    cells = re.findall(r"<td>(.*?)</td>", row)
    name = SandboxProspect.objects.get(email=item.email).name
    assert cells == [item.email, name, "ValidationFailed: Pipedrive HTTP 400", "Forced failure"]
    assert "Retry failed items" in page


def test_retry_failed_items_from_the_page_writes_them_and_the_page_says_so(
    owner_client, connected_integration
):
    job_url, job, item = finish_with_one_refused(owner_client, connected_integration)
    retry = owner_client.post(url("syncengine-transfer-retry", connected_integration, job.pk))
    assert retry.url == job_url
    page = owner_client.get(job_url).content.decode()
    assert "Retrying 1 failed record(s)." in page
    assert "Finished — 10 written, 0 failed" in page
    assert 'data-testid="failed-row"' not in page and "Retry failed items" not in page
    assert item.email in persons_by_email()


def test_retry_failed_items_refused_shows_why_and_changes_nothing(
    owner_client, connected_integration
):
    post_start(owner_client, connected_integration)
    job = TransferJob.objects.get()
    response = owner_client.post(
        url("syncengine-transfer-retry", connected_integration, job.pk), follow=True
    )
    assert b"no failed records to retry" in response.content
    job.refresh_from_db()
    assert job.state == "done"


def test_retry_of_someone_elses_transfer_is_404(owner_client, connected_integration):
    foreign = make_integration(make_user())
    job = TransferJob.objects.create(
        integration=foreign, direction="to_pipedrive", source_app="snovio", state="done"
    )
    assert owner_client.post(url("syncengine-transfer-retry", foreign, job.pk)).status_code == 404
    mine_with_their_job = url("syncengine-transfer-retry", connected_integration, job.pk)
    assert owner_client.post(mine_with_their_job).status_code == 404


def test_a_transfer_that_stopped_lists_its_failed_records_without_offering_a_retry(
    owner_client, connected_integration
):
    job_url, job, item = finish_with_one_refused(owner_client, connected_integration)
    TransferJob.objects.filter(pk=job.pk).update(state="cancelled")
    page = owner_client.get(job_url).content.decode()
    assert 'data-testid="failed-row"' in page and item.email in page
    assert "Retry failed items" not in page


def map_industry_to_lead_source(integration):
    schema = load_schema(integration)
    lead = next(f for f in schema.pipedrive_fields if f.name == "Lead source")
    FieldMapping.objects.create(
        integration=integration,
        snovio_field="custom:Industry",
        pipedrive_field=lead.key,
        snovio_label="Industry",
        pipedrive_label="Lead source",
    )
    return lead


def test_the_preview_names_fields_and_shows_each_value_before_and_after(
    owner_client, connected_integration
):
    lead = map_industry_to_lead_source(connected_integration)
    response = post_start(owner_client, connected_integration, name="syncengine-transfer-preview")
    job = TransferJob.objects.get()
    conflict = next(s for s in job.samples["conflict"] if lead.key in s["after"])
    page = owner_client.get(response.url).content.decode()
    before, after = conflict["before"][lead.key], conflict["after"][lead.key]
    assert f"<li>Lead source: <del>{before}</del> → {after}</li>" in page
    assert keys_and_codes(page) == []


def test_the_preview_names_the_records_an_ambiguous_email_could_mean(
    owner_client, connected_integration
):
    add_persons([{"email": "prospect3@example.com", "name": n} for n in ("Ann Ray", "Ann R.")])
    response = post_start(owner_client, connected_integration, name="syncengine-transfer-preview")
    page = owner_client.get(response.url).content.decode()
    assert "<td>Ann Ray, Ann R.</td>" in page
    assert keys_and_codes(page) == []


def test_preview_tables_scroll_from_the_keyboard(owner_client, connected_integration):
    response = post_start(owner_client, connected_integration, name="syncengine-transfer-preview")
    page = owner_client.get(response.url).content.decode()
    wraps = re.findall(r'<div class="table-wrap"[^>]*>', page)
    assert wraps and all('tabindex="0"' in w and 'role="region"' in w for w in wraps)


def test_a_transfer_waiting_for_snovios_limit_says_so_and_until_when(
    owner_client, connected_integration, manual_steps
):
    post_start(owner_client, connected_integration, direction="to_snovio", source="pipedrive")
    job = TransferJob.objects.get()
    now = time.time()
    key = snovio_limiter_key(connected_integration.snovio.client_id)
    RateBudget.objects.update_or_create(key=key, defaults={"recent_calls": [now - 1] * 60})
    runner.wait(job, 59, "request budget per minute used up")
    job.refresh_from_db()
    page = owner_client.get(url("syncengine-transfer-job", connected_integration, job.pk))
    until = job.waiting_until.astimezone(timezone.get_current_timezone()).strftime("%H:%M")
    assert f"Waiting for Snov.io&#x27;s rate limit until {until}" in page.content.decode()


def test_a_transfer_waiting_for_pipedrives_daily_budget_says_so(
    owner_client, connected_integration, manual_steps
):
    post_start(owner_client, connected_integration)
    job = TransferJob.objects.get()
    key = pipedrive_limiter_key(connected_integration.pipedrive.company_id)
    reset = timezone.now() + dt.timedelta(hours=3)
    RateBudget.objects.update_or_create(
        key=key, defaults={"daily_remaining": 0, "daily_reset_at": reset}
    )
    runner.wait(job, 3 * 3600, "daily API budget used up")
    page = owner_client.get(url("syncengine-transfer-job", connected_integration, job.pk))
    assert "Waiting for Pipedrive&#x27;s daily API budget until" in page.content.decode()
