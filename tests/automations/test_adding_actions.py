"""Building automations on the settings page (R5): what is stored, what is refused and why."""

import re

import pytest

from automations.models import Automation, AutomationAction
from integrations.models import Status
from tests.automations.conftest import (
    add_action,
    build_example,
    choose_basics,
    pipeline,
    stage,
    url,
)


def actions_of(integration, trigger="email_sent"):
    return list(
        AutomationAction.objects.filter(
            automation__integration=integration, automation__trigger=trigger
        ).values_list("action_type", "pipeline_id", "stage_id", "subject")
    )


def assert_refused_beside(response, slot, field, words):
    """400, the error next to the field and in the editor's summary."""
    page = response.content.decode()
    errors = response.context["automation_form"].errors
    assert response.status_code == 400
    assert words in " ".join(errors[field])
    beside = re.search(rf'<ul class="field-error" id="id_{slot}-{field}_error"><li>([^<]*)', page)
    assert beside and words in beside.group(1)
    summary = page[page.index('id="automations-errors"') :]
    assert words in summary[: summary.index("</div>")]


@pytest.mark.django_db
def test_building_the_example_automation_stores_the_actions_in_order(owner_client, ready):
    responses = build_example(owner_client, ready)
    sales, contacted = pipeline(ready, "Sales"), stage(ready, "Sales", "Contacted")
    automation = Automation.objects.get(integration=ready, trigger="email_sent")
    assert [r.status_code for r in responses] == [302, 302, 302]
    assert (
        responses[0]["Location"] == url("integrations-settings", ready) + "#automation-email_sent"
    )
    assert automation.enabled
    assert actions_of(ready) == [
        ("create_deal", sales.id, None, ""),
        ("move_to_stage", sales.id, contacted.id, ""),
        ("add_activity", None, None, "Call back"),
    ]
    assert list(automation.actions.values_list("position", flat=True)) == [0, 1, 2]


@pytest.mark.django_db
def test_the_editor_shows_the_example_in_order_with_its_names(owner_client, ready):
    build_example(owner_client, ready)
    page = owner_client.get(url("integrations-settings", ready)).content.decode()
    lines = ["Create a deal in “Sales”", "Move the deal to “Contacted” in “Sales”", "“Call back”"]
    positions = [page.index(line) for line in lines]
    assert positions == sorted(positions)
    assert page.count('data-testid="automation"') == 6


@pytest.mark.django_db
def test_the_editor_offers_only_unused_action_types(owner_client, ready):
    add_action(owner_client, ready, action_type="next_stage")
    page = owner_client.get(url("integrations-settings", ready)).content.decode()
    sent = re.search(r'id="id_add-email_sent-action_type"(.*?)</select>', page, re.S).group(1)
    opened = re.search(r'id="id_add-email_opened-action_type"(.*?)</select>', page, re.S).group(1)
    assert 'value="next_stage"' not in sent
    assert 'value="create_deal"' in sent
    assert 'value="next_stage"' in opened


@pytest.mark.django_db
def test_a_trigger_with_all_four_actions_offers_no_add_form(owner_client, ready):
    build_example(owner_client, ready)
    add_action(owner_client, ready, action_type="next_stage")
    page = owner_client.get(url("integrations-settings", ready)).content.decode()
    assert 'id="id_add-email_sent-action_type"' not in page
    assert "All four actions are in use" in page


@pytest.mark.django_db
def test_stage_options_carry_their_pipeline_for_the_script(owner_client, ready):
    page = owner_client.get(url("integrations-settings", ready)).content.decode()
    contacted, sales = stage(ready, "Sales", "Contacted"), pipeline(ready, "Sales")
    assert 'data-pipeline-select="id_add-replied-stage_id"' in page
    assert re.search(rf'<option value="{contacted.id}" data-pipeline="{sales.id}"', page)


@pytest.mark.django_db
def test_the_same_action_may_appear_in_another_trigger(owner_client, ready):
    sales = pipeline(ready, "Sales")
    add_action(owner_client, ready, trigger="email_sent", pipeline_id=sales.id)
    response = add_action(owner_client, ready, trigger="replied", pipeline_id=sales.id)
    assert response.status_code == 302
    assert AutomationAction.objects.filter(action_type="create_deal").count() == 2


@pytest.mark.django_db
def test_a_deal_without_a_pipeline_is_refused(owner_client, ready):
    response = add_action(owner_client, ready, action_type="create_deal")
    assert_refused_beside(response, "add-email_sent", "pipeline_id", "Choose a pipeline.")
    assert not Automation.objects.exists()


@pytest.mark.django_db
def test_a_stage_of_another_pipeline_is_refused(owner_client, ready):
    sales, signed = pipeline(ready, "Sales"), stage(ready, "Partners", "Signed")
    response = add_action(
        owner_client, ready, action_type="move_to_stage", pipeline_id=sales.id, stage_id=signed.id
    )
    assert_refused_beside(response, "add-email_sent", "stage_id", "belongs to another pipeline")
    assert not AutomationAction.objects.exists()


@pytest.mark.django_db
def test_an_unknown_stage_id_is_refused(owner_client, ready):
    sales = pipeline(ready, "Sales")
    response = add_action(
        owner_client, ready, action_type="move_to_stage", pipeline_id=sales.id, stage_id=987654
    )
    assert_refused_beside(response, "add-email_sent", "stage_id", "does not exist")
    assert not AutomationAction.objects.exists()


@pytest.mark.django_db
def test_a_move_without_a_stage_is_refused(owner_client, ready):
    sales = pipeline(ready, "Sales")
    response = add_action(owner_client, ready, action_type="move_to_stage", pipeline_id=sales.id)
    assert_refused_beside(response, "add-email_sent", "stage_id", "Choose a stage.")
    assert not AutomationAction.objects.exists()


@pytest.mark.django_db
def test_an_activity_with_an_empty_subject_is_refused(owner_client, ready):
    response = add_action(owner_client, ready, action_type="add_activity", subject="   ")
    assert_refused_beside(response, "add-email_sent", "subject", "Enter the task subject.")
    assert not AutomationAction.objects.exists()


@pytest.mark.django_db
def test_an_action_type_twice_in_one_trigger_is_refused(owner_client, ready):
    add_action(owner_client, ready, action_type="add_activity", subject="Call back")
    response = add_action(owner_client, ready, action_type="add_activity", subject="Again")
    assert_refused_beside(response, "add-email_sent", "action_type", "once per trigger")
    assert actions_of(ready) == [("add_activity", None, None, "Call back")]


@pytest.mark.django_db
def test_an_unknown_action_type_is_refused(owner_client, ready):
    response = add_action(owner_client, ready, action_type="send_fax")
    assert_refused_beside(response, "add-email_sent", "action_type", "Unknown action")
    assert not Automation.objects.exists()


@pytest.mark.django_db
def test_an_unknown_trigger_is_refused_in_the_summary(owner_client, ready):
    sales = pipeline(ready, "Sales")
    response = add_action(owner_client, ready, trigger="email_eaten", pipeline_id=sales.id)
    page = response.content.decode()
    assert response.status_code == 400
    assert "Unknown trigger" in response.context["automation_form"].errors["trigger"][0]
    assert "Unknown trigger" in page[page.index('id="automations-errors"') :]
    assert not Automation.objects.exists()


@pytest.mark.django_db
def test_parameters_the_action_does_not_need_are_not_stored(owner_client, ready):
    sales = pipeline(ready, "Sales")
    add_action(owner_client, ready, action_type="next_stage", pipeline_id=sales.id, subject="x")
    assert actions_of(ready) == [("next_stage", None, None, "")]


@pytest.mark.django_db
def test_adding_an_action_after_launch_records_a_settings_change(owner_client, ready):
    choose_basics(owner_client, ready)
    owner_client.post(url("integrations-settings-launch", ready))
    ready.refresh_from_db()
    version = ready.settings_version
    add_action(owner_client, ready, action_type="next_stage")
    ready.refresh_from_db()
    assert ready.settings_version == version + 1
    assert ready.status == Status.ACTIVE
