"""Reorder, edit, delete, switch off and on (R5); access (404); problems in red (R8)."""

import re

import pytest

from automations.models import Automation, AutomationAction
from integrations.models import Status
from sandbox.pipedrive.models import Stage
from tests.automations.conftest import (
    add_action,
    build_example,
    choose_basics,
    pipeline,
    stage,
    url,
)
from tests.factories import make_integration, make_user


def order(integration, trigger="email_sent"):
    return list(
        AutomationAction.objects.filter(
            automation__integration=integration, automation__trigger=trigger
        ).values_list("action_type", flat=True)
    )


def move(client, integration, action, direction):
    return client.post(
        url("automations-action-move", integration, action.id), {"direction": direction}
    )


def action(integration, action_type):
    return AutomationAction.objects.get(
        automation__integration=integration, action_type=action_type
    )


@pytest.mark.django_db
def test_moving_an_action_up_and_down_swaps_it_with_its_neighbour(owner_client, ready):
    build_example(owner_client, ready)
    up = move(owner_client, ready, action(ready, "add_activity"), "up")
    assert up.status_code == 302
    assert order(ready) == ["create_deal", "add_activity", "move_to_stage"]
    move(owner_client, ready, action(ready, "create_deal"), "down")
    assert order(ready) == ["add_activity", "create_deal", "move_to_stage"]
    positions = AutomationAction.objects.order_by("position").values_list("position", flat=True)
    assert list(positions) == [0, 1, 2]


@pytest.mark.django_db
def test_moving_beyond_either_end_changes_nothing(owner_client, ready):
    build_example(owner_client, ready)
    move(owner_client, ready, action(ready, "create_deal"), "up")
    move(owner_client, ready, action(ready, "add_activity"), "down")
    assert order(ready) == ["create_deal", "move_to_stage", "add_activity"]


@pytest.mark.django_db
def test_a_move_in_no_known_direction_is_a_bad_request(owner_client, ready):
    build_example(owner_client, ready)
    response = move(owner_client, ready, action(ready, "move_to_stage"), "sideways")
    assert response.status_code == 400
    assert order(ready) == ["create_deal", "move_to_stage", "add_activity"]


@pytest.mark.django_db
def test_the_page_offers_move_buttons_except_at_the_ends(owner_client, ready):
    build_example(owner_client, ready)
    page = owner_client.get(url("integrations-settings", ready)).content.decode()
    rows = re.findall(r'<li id="action-\d+".*?</li>', page, re.S)
    ups = ['value="up"' in row for row in rows]
    downs = ['value="down"' in row for row in rows]
    assert (ups, downs) == ([False, True, True], [True, True, False])


@pytest.mark.django_db
def test_editing_an_action_changes_its_parameters(owner_client, ready):
    build_example(owner_client, ready)
    partners, signed = pipeline(ready, "Partners"), stage(ready, "Partners", "Signed")
    moving = action(ready, "move_to_stage")
    response = owner_client.post(
        url("automations-action-update", ready, moving.id),
        {"pipeline_id": partners.id, "stage_id": signed.id, "action_type": "next_stage"},
    )
    moving.refresh_from_db()
    assert response.status_code == 302
    assert (moving.action_type, moving.pipeline_id, moving.stage_id) == (
        "move_to_stage",
        partners.id,
        signed.id,
    )


@pytest.mark.django_db
def test_an_edit_with_a_stage_of_another_pipeline_is_refused_beside_the_field(owner_client, ready):
    build_example(owner_client, ready)
    partners, contacted = pipeline(ready, "Partners"), stage(ready, "Sales", "Contacted")
    moving = action(ready, "move_to_stage")
    response = owner_client.post(
        url("automations-action-update", ready, moving.id),
        {"pipeline_id": partners.id, "stage_id": contacted.id},
    )
    moving.refresh_from_db()
    assert response.status_code == 400
    assert f'id="id_edit-{moving.id}-stage_id_error"' in response.content.decode()
    assert moving.pipeline_id == pipeline(ready, "Sales").id


@pytest.mark.django_db
def test_an_edit_with_an_empty_subject_is_refused(owner_client, ready):
    build_example(owner_client, ready)
    task = action(ready, "add_activity")
    response = owner_client.post(url("automations-action-update", ready, task.id), {"subject": ""})
    task.refresh_from_db()
    assert response.status_code == 400
    assert "subject" in response.context["automation_form"].errors
    assert task.subject == "Call back"


@pytest.mark.django_db
def test_deleting_an_action_keeps_the_others_in_order(owner_client, ready):
    build_example(owner_client, ready)
    response = owner_client.post(
        url("automations-action-delete", ready, action(ready, "move_to_stage").id)
    )
    assert response.status_code == 302
    assert order(ready) == ["create_deal", "add_activity"]
    positions = AutomationAction.objects.values_list("position", flat=True)
    assert list(positions) == [0, 1]


@pytest.mark.django_db
def test_deleting_every_action_of_a_trigger_is_allowed(owner_client, ready):
    build_example(owner_client, ready)
    for each in AutomationAction.objects.all():
        owner_client.post(url("automations-action-delete", ready, each.id))
    assert not AutomationAction.objects.exists()
    assert Automation.objects.filter(integration=ready, trigger="email_sent").exists()


@pytest.mark.django_db
def test_a_trigger_switches_off_and_on(owner_client, ready):
    build_example(owner_client, ready)
    toggle = url("automations-trigger-toggle", ready)
    off = owner_client.post(toggle, {"trigger": "email_sent", "enabled": "false"})
    automation = Automation.objects.get(integration=ready, trigger="email_sent")
    assert off.status_code == 302
    assert automation.enabled is False
    page = owner_client.get(url("integrations-settings", ready)).content.decode()
    assert "Switch on: Campaign email sent" in page
    owner_client.post(toggle, {"trigger": "email_sent", "enabled": "true"})
    automation.refresh_from_db()
    assert automation.enabled is True
    assert order(ready) == ["create_deal", "move_to_stage", "add_activity"]


@pytest.mark.django_db
def test_switching_an_unknown_trigger_is_refused(owner_client, ready):
    response = owner_client.post(
        url("automations-trigger-toggle", ready), {"trigger": "nope", "enabled": "true"}
    )
    assert response.status_code == 400
    assert "Unknown trigger" in response.content.decode()
    assert not Automation.objects.exists()


@pytest.mark.django_db
def test_a_trigger_switched_off_without_actions_does_not_block_launch(owner_client, ready):
    choose_basics(owner_client, ready)
    toggle = url("automations-trigger-toggle", ready)
    owner_client.post(toggle, {"trigger": "replied", "enabled": "false"})
    owner_client.post(url("integrations-settings-launch", ready))
    ready.refresh_from_db()
    assert ready.status == Status.ACTIVE


@pytest.mark.django_db
def test_the_editor_is_hidden_when_data_only_flows_to_snovio(owner_client, ready):
    choose_basics(owner_client, ready, direction="to_snovio")
    page = owner_client.get(url("integrations-settings", ready)).content.decode()
    assert 'id="automations"' not in page
    assert "/settings/automations/" not in page and "Add action" not in page


@pytest.mark.django_db
def test_another_accounts_actions_are_not_found_and_unchanged(owner_client, ready):
    foreign = make_integration(make_user("stranger@example.org"))
    automation = Automation.objects.create(integration=foreign, trigger="replied")
    theirs = AutomationAction.objects.create(
        automation=automation, action_type="add_activity", subject="Theirs"
    )
    statuses = [
        owner_client.post(url("automations-action-update", ready, theirs.id), {"subject": "x"}),
        owner_client.post(url("automations-action-move", ready, theirs.id), {"direction": "up"}),
        owner_client.post(url("automations-action-delete", ready, theirs.id)),
        owner_client.post(url("automations-action-delete", foreign, theirs.id)),
        owner_client.post(
            url("automations-trigger-toggle", foreign), {"trigger": "replied", "enabled": "false"}
        ),
        add_action(owner_client, foreign, action_type="next_stage"),
    ]
    theirs.refresh_from_db()
    automation.refresh_from_db()
    assert [r.status_code for r in statuses] == [404] * 6
    assert (theirs.subject, automation.enabled) == ("Theirs", True)
    assert AutomationAction.objects.count() == 1


@pytest.mark.django_db
def test_an_action_whose_stage_disappeared_is_red_with_the_reason_when_resume_fails(
    owner_client, ready, django_capture_on_commit_callbacks
):
    choose_basics(owner_client, ready)
    build_example(owner_client, ready)
    owner_client.post(url("integrations-settings-launch", ready))
    owner_client.post(url("integrations-settings-pause", ready))
    Stage.objects.filter(pk=stage(ready, "Sales", "Contacted").id).update(is_deleted=True)
    with django_capture_on_commit_callbacks(execute=True):  # the refresh runs in the background
        owner_client.post(url("integrations-settings-refresh", ready))
    response = owner_client.post(url("integrations-settings-resume", ready))
    moving = action(ready, "move_to_stage")
    ready.refresh_from_db()
    page = response.content.decode()
    row = re.search(rf'<li id="action-{moving.id}" class="([^"]*)".*?</li>', page, re.S)
    assert ready.status == Status.FAILED
    assert [p.target for p in response.context["problems"]] == [f"action-{moving.id}"]
    assert "invalid-row" in row.group(1)
    assert "Choose a stage of the chosen pipeline." in row.group(0)
    assert "no longer in Pipedrive" in row.group(0)


@pytest.mark.django_db
def test_a_trigger_left_on_without_actions_is_red_when_launch_fails(owner_client, ready):
    choose_basics(owner_client, ready)
    owner_client.post(
        url("automations-trigger-toggle", ready), {"trigger": "bounced", "enabled": "true"}
    )
    response = owner_client.post(url("integrations-settings-launch", ready))
    page = response.content.decode()
    block = re.search(r'<section id="automation-bounced" class="([^"]*)".*?</section>', page, re.S)
    assert response.status_code == 400
    assert "invalid" in block.group(1)
    assert "Add an action or switch this trigger off." in block.group(0)


@pytest.mark.django_db
def test_the_editor_asks_for_a_refresh_before_pipelines_are_loaded(owner_client, integration):
    page = owner_client.get(url("integrations-settings", integration)).content.decode()
    assert "No pipelines loaded yet: press Refresh" in page
    assert page.count('data-testid="automation"') == 6
