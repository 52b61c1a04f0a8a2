"""Launch → Transfer unsynced data → preview → start → progress reaches 100% → summary (R7)."""

import threading

import pytest
from django.db import connection, transaction
from playwright.sync_api import expect

from sandbox.pipedrive.models import Person as SandboxPerson
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


def test_transfer_after_launch_with_preview_progress_and_summary(
    page, live_site, seeded_sandboxes, background_worker
):
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
    assert not SandboxPerson.objects.filter(emails__icontains="prospect0@example.com").exists()
    assert_accessible(page)
    page.get_by_role("button", name="Start transfer").click()

    expect(page.get_by_test_id("transfer-percent")).to_have_text("100%", timeout=60_000)
    expect(page.get_by_test_id("transfer-summary")).to_contain_text("Created")
    assert SandboxPerson.objects.filter(emails__icontains="prospect0@example.com").count() == 1
    page.get_by_role("link", name="Settings").click()
    expect(page.get_by_test_id("integration-status")).to_have_text("Active")
