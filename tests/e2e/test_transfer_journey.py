"""Launch → Transfer unsynced data → preview → start → progress reaches 100% → summary (R7);
a record Pipedrive refuses is listed on the job page and retried from it (B12, B13)."""

import re
import threading

import pytest
from django.db import connection, transaction
from playwright.sync_api import expect

from sandbox.pipedrive.faults import inject_fault
from sandbox.pipedrive.models import Person as SandboxPerson
from sandbox.snovio.models import Account, Prospect
from syncengine.models import TransferItem, TransferJob
from syncengine.transfer import runner
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_settings_journey import connect_both, fill_exchange

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def background_worker(monkeypatch):
    """Each step runs in a thread after its transaction commits, like a django-q worker (the
    test settings' sync mode would run it inside the request's transaction)."""

    def work(job_id):
        try:
            runner.run_step(job_id)
        finally:
            connection.close()

    def enqueue(job_id):
        start = threading.Thread(target=work, args=(job_id,), daemon=True).start
        transaction.on_commit(start)

    monkeypatch.setattr(runner, "enqueue_step", enqueue)


@pytest.mark.parametrize("documented_only", [False, True], ids=["fuller", "documented"])
def test_transfer_after_launch_with_preview_progress_and_summary(
    page, live_site, seeded_sandboxes, background_worker, settings, documented_only
):
    """Also with Snov.io's documented answers: list pages without job titles or companies,
    which the transfer then reads by id (and says so)."""
    settings.SNOVIO_REQUESTS_PER_MINUTE = 100_000  # the journey is timed, not paced
    Account.objects.update(documented_only=documented_only)
    connect_both(page, live_site)
    fill_exchange(page)
    page.get_by_role("button", name="Launch").click()
    expect(page.get_by_test_id("integration-status")).to_have_text("Active")
    page.get_by_role("button", name="Transfer unsynced data").click()

    expect(page.get_by_role("heading", name="Transfer unsynced data")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Snov.io → Pipedrive").check()
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_label("Snov.io", exact=True)).to_be_checked()
    page.get_by_role("button", name="Preview").click()

    expect(page.get_by_test_id("transfer-percent")).to_have_text("100%", timeout=30_000)
    expect(page.get_by_test_id("count-create")).not_to_have_text("0")
    read_by_id = re.compile(r"\d+ prospects read by id")
    if documented_only:
        expect(page.get_by_test_id("transfer-calls")).to_contain_text(read_by_id)
    else:
        expect(page.get_by_test_id("transfer-calls")).not_to_contain_text(read_by_id)
    assert not SandboxPerson.objects.filter(emails__icontains="prospect0@example.com").exists()
    assert_accessible(page)
    page.get_by_role("button", name="Start transfer").click()

    expect(page.get_by_test_id("transfer-percent")).to_have_text("100%", timeout=60_000)
    expect(page.get_by_test_id("transfer-summary")).to_contain_text("Created")
    [created] = SandboxPerson.objects.filter(emails__icontains="prospect0@example.com")
    prospect = Prospect.objects.get(email="prospect0@example.com")
    assert (created.job_title, created.org.name) == (prospect.position, prospect.company_name)
    page.get_by_role("link", name="Settings").click()
    expect(page.get_by_test_id("integration-status")).to_have_text("Active")


def test_a_refused_record_is_listed_with_pipedrives_words_and_retried_from_the_page(
    page, live_site, seeded_sandboxes, background_worker
):
    connect_both(page, live_site)
    fill_exchange(page)
    page.get_by_role("button", name="Launch").click()
    expect(page.get_by_test_id("integration-status")).to_have_text("Active")
    inject_fault("/api/v2/persons", status=400, times=1, method="POST")
    page.get_by_role("button", name="Transfer unsynced data").click()
    page.get_by_label("Snov.io → Pipedrive").check()
    page.get_by_role("button", name="Next").click()
    page.get_by_role("button", name="Start transfer").click()

    finished = re.compile(r"^Finished — \d+ written, 1 failed$")
    expect(page.get_by_test_id("transfer-state")).to_have_text(finished, timeout=60_000)
    expect(page.get_by_test_id("transfer-outcome")).to_have_text(finished)
    [refused] = TransferItem.objects.filter(state="failed")
    row = page.get_by_test_id("failed-row")
    expect(row).to_have_count(1)
    expect(row).to_contain_text(refused.email)
    expect(row).to_contain_text("ValidationFailed: Pipedrive HTTP 400")
    expect(row).to_contain_text("Forced failure")
    assert_accessible(page)
    assert not SandboxPerson.objects.filter(emails__icontains=f'"{refused.email}"').exists()

    page.get_by_role("button", name="Retry failed items").click()
    all_written = re.compile(r"^Finished — \d+ written, 0 failed$")
    expect(page.get_by_test_id("transfer-state")).to_have_text(all_written, timeout=60_000)
    expect(page.get_by_test_id("failed-row")).to_have_count(0)
    assert SandboxPerson.objects.filter(emails__icontains=f'"{refused.email}"').count() == 1
    job = TransferJob.objects.get()
    written = job.counts["done"].get("created", 0) + job.counts["done"].get("updated", 0)
    expect(page.get_by_test_id("transfer-state")).to_have_text(
        f"Finished — {written} written, 0 failed"
    )
    page.get_by_role("link", name="Settings").click()
    expect(page.get_by_test_id("integration-status")).to_have_text("Active")
