"""In a browser: open the log, show failed records, search an email and read why (B1)."""

import re

import pytest
from playwright.sync_api import expect

from syncengine.models import App, Outcome
from tests.e2e.conftest import assert_accessible
from tests.factories import PASSWORD, make_integration, make_user
from tests.synclog.entries import make_entry, make_failure

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, base, email):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()


def test_a_user_finds_out_why_a_contact_did_not_sync(page, live_site):
    integration = make_integration(make_user("reader@example.org"))
    make_entry(integration, email="fine@example.org", outcome=Outcome.CREATED)
    make_failure(
        integration,
        email="Ana@Example.org",
        receiver=App.PIPEDRIVE,
        reason_code="validation",
        remote_error="Pipedrive HTTP 400: Owner 12 does not exist",
    )
    log_in(page, live_site, "reader@example.org")
    page.goto(f"{live_site}/i/{integration.uuid}/settings/")
    expect(page.get_by_test_id("outcome-chart")).to_contain_text("Last 24 hours: 2 records")
    assert_accessible(page)
    page.get_by_role("link", name="Open the sync log").click()
    expect(page.get_by_role("heading", name="Sync log", exact=True)).to_be_visible()
    expect(page.get_by_test_id("log-row")).to_have_count(2)
    assert_accessible(page)

    page.get_by_label("Outcome").select_option(label="Failed")
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_test_id("log-row")).to_have_count(1)
    retry = page.get_by_role("button", name=re.compile("^Retry ana@example.org", re.I))
    expect(retry).to_be_visible()

    page.get_by_label("Email").fill("  ANA@example.org ")
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_test_id("email-summary")).to_contain_text(
        "Pipedrive refused the data: Pipedrive HTTP 400: Owner 12 does not exist"
    )
    assert_accessible(page)
