"""Sign up, connect Snov.io, connect Pipedrive through the sandbox consent page (R1)."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from sandbox.pipedrive.seed import SANDBOX_USER_PASSWORD
from sandbox.snovio.seed import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET
from tests.e2e.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_up(page, base, email):
    page.goto(f"{base}/accounts/signup/")
    assert_accessible(page)
    page.get_by_label("Email").fill(email)
    page.get_by_label(re.compile(r"^Password:?$")).fill("a-long-pass-phrase-7")
    page.get_by_label("Password (again)").fill("a-long-pass-phrase-7")
    page.get_by_role("button", name="Sign Up").click()
    confirm_email(page, email)


def confirm_email(page, email):
    """Open the link mailed to `email` and confirm: that signs the newcomer in (B14)."""
    expect(page.get_by_role("heading", name="Verify Your Email Address")).to_be_visible()
    (message,) = [m for m in mail.outbox if email in m.to]
    page.goto(re.search(r"http://\S+/accounts/confirm-email/\S+/", message.body)[0])
    assert_accessible(page)
    page.get_by_role("button", name="Confirm").click()


def connect_snovio(page):
    page.get_by_role("link", name="Connect Snov.io").click()
    expect(page.get_by_role("heading", name="Connect Snov.io")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("API User ID").fill("wrong-id")
    page.get_by_label("API Secret").fill("wrong-secret")
    page.get_by_role("button", name="Check and connect").click()
    expect(page.get_by_role("alert")).to_contain_text("did not accept")
    assert_accessible(page)
    page.get_by_label("API User ID").fill(DEMO_CLIENT_ID)
    page.get_by_label("API Secret").fill(DEMO_CLIENT_SECRET)
    page.get_by_role("button", name="Check and connect").click()
    expect(page.get_by_test_id("snovio-connected")).to_be_visible()


def consent_in_pipedrive_sandbox(page):
    page.get_by_label("Email").fill("ana@demo-company.example")
    page.get_by_label("Password").fill(SANDBOX_USER_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_label("Demo Company")).to_be_visible()  # the consent page has loaded
    assert_accessible(page)
    page.get_by_label("Demo Company").check()
    page.get_by_role("button", name="Connect app").click()


def test_a_new_user_connects_both_apps_and_lands_paused(page, live_site, seeded_sandboxes):
    sign_up(page, live_site, "newcomer@example.org")
    expect(page.get_by_test_id("integration-status")).to_have_text("Not connected")
    assert_accessible(page)
    connect_snovio(page)
    page.get_by_role("button", name="Connect Pipedrive").click()
    consent_in_pipedrive_sandbox(page)
    expect(page.get_by_role("heading", name="Integration settings")).to_be_visible()
    expect(page.get_by_test_id("integration-status")).to_have_text("Paused")
    assert_accessible(page)
    page.get_by_role("link", name="← Connections").click()
    expect(page.get_by_test_id("pipedrive-connected")).to_contain_text("Demo Company")


def test_cancelling_consent_changes_nothing(page, live_site, seeded_sandboxes):
    sign_up(page, live_site, "hesitant@example.org")
    page.get_by_role("button", name="Connect Pipedrive").click()
    page.get_by_label("Email").fill("ana@demo-company.example")
    page.get_by_label("Password").fill(SANDBOX_USER_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("button", name="Cancel").click()
    expect(page.get_by_role("status")).to_contain_text("access was not granted")
    expect(page.get_by_role("button", name="Connect Pipedrive")).to_be_visible()
