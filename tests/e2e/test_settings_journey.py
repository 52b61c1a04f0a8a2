"""Fill in the settings, launch, pause, break a mapped field, resume (R2–R6, R8, B9)."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible
from tests.e2e.test_connect_journey import connect_snovio, consent_in_pipedrive_sandbox, sign_up

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def connect_both(page, base):
    sign_up(page, base, "planner@example.org")
    connect_snovio(page)
    page.get_by_role("button", name="Connect Pipedrive").click()
    consent_in_pipedrive_sandbox(page)
    expect(page.get_by_test_id("integration-status")).to_have_text("Paused")


def fill_exchange(page):
    page.get_by_label("Both ways").check()
    page.get_by_label("Snov.io list that receives Pipedrive contacts").select_option(
        label="Website signups"
    )
    page.get_by_label("Pipedrive owner of persons created from Snov.io").select_option(
        label="Ana Admin"
    )
    page.get_by_label("All lists (including lists created later)").uncheck()
    page.get_by_label("Conference leads").check()
    # Saved as each choice is made: there is no "Save settings" to find first.
    expect(page.locator("#exchange-saved")).to_contain_text("Settings saved")


def add_mapping(page):
    page.get_by_label("Snov.io field").select_option(label="Industry")
    score = page.locator("#id_pipedrive_field option", has_text="Score")
    expect(score).to_be_disabled()  # a number field is not offered for a text field
    page.get_by_label("Pipedrive field").select_option(label="Lead source")
    page.get_by_role("button", name="Add mapping").click()
    expect(page.get_by_test_id("mapping-row")).to_contain_text("Lead source")


def add_constants(page):
    pd = page.locator("#constants-pipedrive")
    pd.get_by_label("Field").select_option(label="Referral partner")
    pd.get_by_label("Text to write").fill("from Snov.io")
    pd.get_by_role("button", name="Add constant for Pipedrive").click()
    sn = page.locator("#constants-snovio")
    sn.get_by_label("Field").select_option(label="Industry")
    sn.get_by_label("Text to write").fill("from Pipedrive")
    sn.get_by_role("button", name="Add constant for Snov.io").click()
    expect(page.get_by_test_id("constant-row")).to_have_count(2)


def add_action(page, action, *, pipeline=None, stage=None, subject=None):
    block = page.locator("#automation-email_sent")
    rows = block.locator(".automation-actions > li")
    before = rows.count()
    form = block.locator("form", has=page.get_by_role("button", name="Add action"))
    form.get_by_label("Action").select_option(label=action)
    if pipeline:
        form.get_by_label("Pipeline").select_option(label=pipeline)
    if stage:
        form.get_by_label("Stage").select_option(label=stage)
    if subject:
        form.get_by_label("Subject").fill(subject)
    form.get_by_role("button", name="Add action").click()
    expect(rows).to_have_count(before + 1)  # the block is swapped in place, the next add waits


def build_example_automation(page):
    page.get_by_text("Set up actions for “Campaign email sent”").click()
    add_action(page, "Create a deal", pipeline="Sales")
    add_action(page, "Move the deal to a stage", pipeline="Sales", stage="Contacted (Sales)")
    add_action(page, "Add an activity", subject="Call back")
    actions = page.locator("#automation-email_sent .automation-actions > li")
    expect(actions).to_have_count(3)


def delete_field_in_pipedrive_sandbox(page, base, name):
    page.goto(f"{base}/sandbox/pipedrive/play/fields/")
    page.get_by_role("button", name=f"Delete field {name}").click()
    expect(page.get_by_role("status")).to_contain_text("deleted")


def test_settings_launch_pause_and_a_broken_mapping(page, live_site, seeded_sandboxes):
    connect_both(page, live_site)
    settings_url = page.url
    fill_exchange(page)
    add_mapping(page)
    add_constants(page)
    build_example_automation(page)
    assert_accessible(page)
    page.get_by_role("button", name="Launch").click()
    expect(page.get_by_test_id("integration-status")).to_have_text("Active")
    expect(page.get_by_test_id("transfer-offer")).to_be_visible()
    page.get_by_role("button", name="Pause").click()
    expect(page.get_by_test_id("integration-status")).to_have_text("Paused")

    delete_field_in_pipedrive_sandbox(page, live_site, "Lead source")
    page.goto(settings_url)
    page.get_by_role("button", name="Refresh").click()
    page.get_by_role("button", name="Resume").click()
    expect(page.get_by_test_id("integration-status")).to_have_text("Connection failed")
    summary = page.get_by_role("alert").filter(has_text="need")
    expect(summary).to_contain_text("The Pipedrive field “Lead source” no longer exists")
    expect(page.locator("tr.invalid-row")).to_contain_text("no longer exists")
    assert_accessible(page)
