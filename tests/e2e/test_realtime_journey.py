"""Launch two-way, edit a person in the Pipedrive sandbox, see the prospect change in the Snov.io
sandbox and the entry in our sync log (R2, B1). Webhook registration and delivery are real HTTP
to the live server; django-q's sync mode runs the tasks inline (after each commit)."""

import pytest
from playwright.sync_api import expect

from integrations.models import Integration, RealtimeState
from sandbox.pipedrive.models import Webhook
from sandbox.snovio.models import Account
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_settings_journey import connect_both, fill_exchange

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Seeded on both sides: Snov.io prospect 4 is in "Website signups" (the target list) and the
# fourth Pipedrive person carries the same email.
EMAIL = "prospect4@example.com"
NEW_TITLE = "Head of Real-time Evidence"


def launch(page):
    page.get_by_role("button", name="Launch").click()
    expect(page.get_by_test_id("integration-status")).to_have_text("Active")


def webhooks_are_registered(page, base, integration):
    page.goto(f"{base}/sandbox/pipedrive/play/webhooks/")
    ours = page.get_by_role("row").filter(has_text=f"/webhooks/pipedrive/{integration.uuid}/")
    expect(ours).to_have_count(3)
    for action in ("create", "change", "delete"):
        expect(ours.filter(has_text=f"{action}.person")).to_have_count(1)
    state = RealtimeState.objects.get(integration=integration)
    registered = Webhook.objects.values_list("id", flat=True)
    assert sorted(state.pipedrive_webhook_ids) == sorted(registered)


def edit_job_title_in_pipedrive(page, base, email, title):
    page.goto(f"{base}/sandbox/pipedrive/play/persons/")
    page.get_by_label("Search by name, email or phone").fill(email)
    page.get_by_role("button", name="Search").click()
    rows = page.get_by_role("row").filter(has_text=email)
    expect(rows).to_have_count(1)
    rows.get_by_role("link").click()
    assert_accessible(page)
    page.get_by_label("Job title").fill(title)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("Person saved")


def delivered_to_us(page, base):
    """The sandbox sent the change on commit (sync mode): no "Deliver now" needed."""
    page.goto(f"{base}/sandbox/pipedrive/play/webhooks/")
    change = page.get_by_role("row").filter(has_text="change person")
    expect(change).to_have_count(1)
    expect(change).to_contain_text("Delivered")
    expect(change).to_contain_text("200")


def prospect_position_in_snovio(page, base, list_name, email):
    page.goto(f"{base}/sandbox/snovio/play/lists/")
    page.get_by_role("link", name=list_name, exact=True).click()
    page.get_by_label("Search by email, name or company").fill(email)
    page.get_by_role("button", name="Search").click()
    row = page.get_by_role("row").filter(has_text=email)
    expect(row).to_have_count(1)
    row.get_by_role("link").click()
    return page.get_by_label("Position")


@pytest.mark.parametrize("documented_only", [False, True], ids=["fuller", "documented"])
def test_a_pipedrive_edit_reaches_snovio_and_the_sync_log(
    page, live_site, seeded_sandboxes, settings, documented_only
):
    """Also with Snov.io's documented answers (prospects found by email carry no emails)."""
    settings.SNOVIO_REQUESTS_PER_MINUTE = 100_000  # the journey is timed, not paced
    Account.objects.update(documented_only=documented_only)
    connect_both(page, live_site)
    fill_exchange(page)
    launch(page)
    integration = Integration.objects.get()
    webhooks_are_registered(page, live_site, integration)
    assert_accessible(page)

    edit_job_title_in_pipedrive(page, live_site, EMAIL, NEW_TITLE)
    delivered_to_us(page, live_site)

    position = prospect_position_in_snovio(page, live_site, "Website signups", EMAIL)
    expect(position).to_have_value(NEW_TITLE, timeout=10_000)
    assert_accessible(page)

    page.goto(f"{live_site}/i/{integration.uuid}/log/")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_test_id("email-summary")).to_contain_text(EMAIL)
    row = page.get_by_test_id("log-row").filter(has_text=EMAIL)
    expect(row.filter(has_text="Snov.io").filter(has_text="Updated")).to_have_count(1)
    assert_accessible(page)
