"""In the browser, "+ Add a field" offers only the Pipedrive fields a Snov.io field can be
written into: text goes into text and option fields, numbers into numbers and amounts (B16)."""

import pytest
from playwright.sync_api import expect

from tests.e2e.test_settings_journey import connect_both

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def offered(page, name):
    return page.locator("#id_pipedrive_field option", has_text=name)


def test_a_text_field_can_fill_an_option_field_and_a_number_only_numbers(
    page, live_site, seeded_sandboxes
):
    connect_both(page, live_site)
    page.get_by_label("Snov.io field").select_option(label="Industry")
    for name in ("Lead source", "Office address", "Assistant phone", "Tier", "Interests"):
        expect(offered(page, name)).to_be_enabled()
    for name in ("Score", "Budget", "Last contacted"):
        expect(offered(page, name)).to_be_disabled()

    page.get_by_label("Snov.io field").select_option(label="Employees")
    expect(offered(page, "Budget")).to_be_enabled()
    expect(offered(page, "Tier")).to_be_disabled()

    page.get_by_label("Snov.io field").select_option(label="Industry")
    page.get_by_label("Pipedrive field").select_option(label="Tier")
    page.get_by_role("button", name="Add mapping").click()
    expect(page.get_by_test_id("mapping-row")).to_contain_text("Tier")
