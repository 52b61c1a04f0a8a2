"""The settings page as a person walks it: nothing they chose is lost, the first load of lists and
fields shows itself and ends by itself, each result appears where they are looking, the steps and
the status stay in view (on a phone too), Disconnect asks first. With and without JavaScript."""

import pytest
from django.conf import settings
from playwright.sync_api import expect

from integrations.models import Integration
from integrations.tasks import refresh_schema_task
from sandbox.snovio.models import Prospect
from tests.e2e.conftest import assert_accessible, expect_in_sight
from tests.e2e.test_connect_journey import connect_snovio, consent_in_pipedrive_sandbox, sign_up
from tests.e2e.test_settings_journey import build_example_automation, connect_both

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TARGET = "Snov.io list that receives Pipedrive contacts"
OWNER = "Pipedrive owner of persons created from Snov.io"


def chosen(page, label):
    return page.get_by_label(label).locator("option:checked")


def test_picks_survive_another_form_and_launch_takes_what_is_on_the_screen(
    page, live_site, seeded_sandboxes
):
    connect_both(page, live_site)
    page.get_by_label(TARGET).select_option(label="Conference leads")
    page.get_by_label(OWNER).select_option(label="Bob Sales")
    page.get_by_label("Snov.io field").select_option(label="Industry")
    page.get_by_label("Pipedrive field").select_option(label="Lead source")
    page.get_by_role("button", name="Add mapping").click()
    expect(page.get_by_test_id("mapping-row")).to_contain_text("Lead source")

    page.reload()
    expect(chosen(page, TARGET)).to_have_text("Conference leads")
    expect(chosen(page, OWNER)).to_have_text("Bob Sales")

    page.get_by_label(TARGET).select_option(label="Website signups")
    page.get_by_role("button", name="Launch").click()  # at once: no wait for the save
    expect(page.get_by_test_id("integration-status")).to_have_text("Active")
    integration = Integration.objects.get()
    assert integration.target_list_id == str(list_id("Website signups"))
    assert_accessible(page)


def list_id(name):
    from sandbox.snovio.models import ProspectList

    return ProspectList.objects.get(name=name).id


def test_without_javascript_launch_saves_and_judges_the_picks_on_the_screen(
    no_js_page, live_site, seeded_sandboxes
):
    page = no_js_page
    connect_both(page, live_site)
    page.get_by_label(TARGET).select_option(label="Website signups")
    page.get_by_role("button", name="Launch").click()
    expect(page.get_by_test_id("integration-status")).to_have_text("Active")
    expect(page.locator("#launch")).to_contain_text("Launched: the integration is Active")
    expect_launch_note_in_sight = page.locator("#notes-launch")
    assert Integration.objects.get().target_list_id == str(list_id("Website signups"))
    assert expect_launch_note_in_sight.is_visible()
    assert_accessible(page)


def test_after_launch_leaving_with_an_unsaved_pick_asks_first(page, live_site, seeded_sandboxes):
    connect_both(page, live_site)
    page.get_by_label(TARGET).select_option(label="Website signups")
    page.get_by_role("button", name="Launch").click()
    expect(page.get_by_test_id("integration-status")).to_have_text("Active")

    # Once launched, a change is saved on purpose ("Save settings"): it restarts the sync.
    page.get_by_label(TARGET).select_option(label="Conference leads")
    asked = []
    page.on("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))
    page.get_by_role("link", name="← Connections").click()
    expect(chosen(page, TARGET)).to_have_text("Conference leads")
    assert asked == ["beforeunload"]
    page.get_by_role("button", name="Save settings").click()
    expect(page.locator("#exchange-save")).to_contain_text("Settings saved")
    assert Integration.objects.get().target_list_id == str(list_id("Conference leads"))


def test_the_first_load_of_lists_shows_itself_and_fills_the_page_when_done(
    page, live_site, seeded_sandboxes, monkeypatch
):
    sign_up(page, live_site, "first-load@example.org")
    connect_snovio(page)
    # No worker picks the load up until the test runs it: the page must say it is coming.
    monkeypatch.setattr("django_q.conf.Conf.SYNC", False)
    page.get_by_role("button", name="Connect Pipedrive").click()
    consent_in_pipedrive_sandbox(page)
    expect(page.get_by_test_id("schema-state")).to_contain_text("Loading your lists, fields")
    expect(page.get_by_test_id("status-bar")).to_contain_text("Loading lists and fields")
    options = page.get_by_label(TARGET).locator("option")
    expect(options).to_have_count(1)  # only "— choose a list —"
    assert_accessible(page)

    refresh_schema_task(Integration.objects.get().pk)  # the housekeeping lane's worker
    expect(options.filter(has_text="Website signups")).to_have_count(1)
    expect(page.get_by_test_id("schema-state")).to_contain_text("were loaded on")
    expect(chosen(page, OWNER)).to_have_text("Ana Admin")
    assert_accessible(page)


def test_refresh_loads_in_the_background_and_the_page_follows(
    page, live_site, seeded_sandboxes, monkeypatch
):
    connect_both(page, live_site)
    monkeypatch.setattr("django_q.conf.Conf.SYNC", False)
    page.get_by_role("button", name="Refresh").click()
    expect(page.get_by_test_id("schema-state")).to_contain_text("Loading your lists")
    expect(page.get_by_role("button", name="Refresh")).to_be_disabled()
    refresh_schema_task(Integration.objects.get().pk)
    expect(page.get_by_test_id("schema-state")).to_contain_text("were loaded on")
    expect(page.get_by_role("button", name="Refresh")).to_be_enabled()


def launched_with_the_example(page, live_site):
    connect_both(page, live_site)
    build_example_automation(page)
    page.get_by_label(TARGET).select_option(label="Website signups")
    page.get_by_role("button", name="Launch").click()
    expect(page.get_by_test_id("integration-status")).to_have_text("Active")


def test_pause_and_the_test_event_answer_where_the_user_is_looking(
    page, live_site, seeded_sandboxes
):
    launched_with_the_example(page, live_site)
    expect_in_sight(page, page.locator("#notes-launch"))

    pause = page.get_by_role("button", name="Pause")
    expect_in_sight(page, pause)  # the status bar stays in view after Launch, at the bottom
    pause.click()
    expect(page.get_by_test_id("integration-status")).to_have_text("Paused")
    note = page.locator("#notes-status")
    expect(note).to_contain_text("Paused: nothing moves in real time")
    expect_in_sight(page, note)
    expect_in_sight(page, page.get_by_test_id("integration-status"))

    email = Prospect.objects.order_by("pk").first().email
    test_form = page.get_by_test_id("automation-test")
    test_form.get_by_label("Prospect email").fill(email)
    test_form.get_by_role("button", name="Send a test event").click()
    result = page.get_by_test_id("test-result")
    expect(result).to_contain_text("nothing was written")
    expect(result).to_contain_text("Create deal")
    expect_in_sight(page, result)
    assert_accessible(page)


def test_without_javascript_results_land_beside_their_buttons(
    no_js_page, live_site, seeded_sandboxes
):
    page = no_js_page
    launched_with_the_example(page, live_site)
    expect_in_sight(page, page.locator("#notes-launch"))
    page.get_by_role("button", name="Pause").click()
    expect(page.get_by_test_id("integration-status")).to_have_text("Paused")
    expect_in_sight(page, page.locator("#notes-status"))

    email = Prospect.objects.order_by("pk").first().email
    test_form = page.get_by_test_id("automation-test")
    test_form.get_by_label("Prospect email").fill(email)
    test_form.get_by_role("button", name="Send a test event").click()
    result = page.get_by_test_id("test-result")
    expect(result).to_contain_text("nothing was written")
    expect_in_sight(page, result)
    assert_accessible(page)


@pytest.mark.parametrize("size", [{"width": 1280, "height": 800}, {"width": 390, "height": 844}])
def test_the_steps_and_the_status_stay_in_view_and_work_from_the_keyboard(
    page, live_site, seeded_sandboxes, size
):
    page.set_viewport_size(size)
    connect_both(page, live_site)
    steps = page.get_by_role("navigation", name="Settings steps").get_by_role("link")
    expect(steps).to_have_text(
        [
            "1. Direction",
            "2. Data exchange",
            "3. Field mapping",
            "4. Constant fields",
            "5. Automations",
            "6. Launch",
        ]
    )
    assert_accessible(page)
    for _ in range(30):  # tab from the top of the page to the last step
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent") == "6. Launch":
            break
    page.keyboard.press("Enter")
    expect_in_sight(page, page.get_by_role("heading", name="6. Launch"))
    expect_in_sight(page, page.get_by_test_id("integration-status"))
    page.get_by_role("link", name="3. Field mapping").click()
    expect_in_sight(page, page.get_by_role("heading", name="3. Field mapping"))
    expect_in_sight(page, page.get_by_test_id("integration-status"))


def test_disconnect_asks_first_and_says_what_stops(no_js_page, live_site, seeded_sandboxes):
    page = no_js_page
    launched_with_the_example(page, live_site)
    page.get_by_role("link", name="← Connections").click()
    page.get_by_role("link", name="Disconnect Pipedrive…").click()
    confirm = page.get_by_test_id("disconnect-confirm")
    expect(confirm).to_contain_text("Real-time sync stops")
    expect(confirm).to_contain_text("revoked at Pipedrive")
    expect(confirm).to_contain_text("Your settings, field mapping, constants, automations")
    assert_accessible(page)
    page.get_by_role("link", name="Cancel, keep it connected").click()
    expect(page.get_by_test_id("pipedrive-connected")).to_contain_text("Demo Company")
    assert Integration.objects.get().status == "active"

    page.get_by_role("link", name="Disconnect Pipedrive…").click()
    page.get_by_role("button", name="Disconnect Pipedrive").click()
    expect(page.get_by_test_id("integration-status")).to_have_text("Not connected")
    expect(page.get_by_role("button", name="Connect Pipedrive")).to_be_visible()


def test_the_login_page_shows_the_demo_login_that_works(page, live_site, seeded_sandboxes):
    from sandbox.demo.management.commands.seed_demo import Command as SeedDemo

    SeedDemo().ensure_demo_user()
    page.goto(f"{live_site}/accounts/login/")
    shown = page.get_by_test_id("demo-login")
    expect(shown).to_contain_text(settings.DEMO_LOGIN["email"])
    assert_accessible(page)
    page.get_by_label("Email").fill(shown.locator("code").nth(0).inner_text())
    page.get_by_label("Password").fill(shown.locator("code").nth(1).inner_text())
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_test_id("integration-status")).to_have_text("Not connected")
