"""Staff edits in the admin are validated by the page's forms (R5)."""

import pytest
from django.urls import reverse

from automations.models import Automation, AutomationAction
from tests.automations.conftest import pipeline, stage
from tests.factories import make_user


@pytest.fixture
def staff_client(client, ready):
    staff = make_user("staff@example.org")
    staff.is_staff = staff.is_superuser = True
    staff.save()
    client.force_login(staff)
    return client


def inline(rows, initial=0):
    data = {
        "actions-TOTAL_FORMS": len(rows),
        "actions-INITIAL_FORMS": initial,
        "actions-MIN_NUM_FORMS": 0,
        "actions-MAX_NUM_FORMS": 1000,
    }
    for i, row in enumerate(rows):
        data |= {f"actions-{i}-{key}": value for key, value in row.items()}
    return data


def move_row(ready, stage_id, **extra):
    sales = pipeline(ready, "Sales")
    return {
        "position": 0,
        "action_type": "move_to_stage",
        "pipeline_id": sales.id,
        "stage_id": stage_id,
        **extra,
    }


def admin_add(client, ready, rows):
    data = {"integration": ready.id, "trigger": "email_sent", "enabled": "on", **inline(rows)}
    return client.post(reverse("admin:automations_automation_add"), data)


@pytest.mark.django_db
def test_admin_adds_an_automation_with_a_valid_action(staff_client, ready):
    contacted = stage(ready, "Sales", "Contacted")
    response = admin_add(staff_client, ready, [move_row(ready, contacted.id)])
    assert response.status_code == 302
    saved = AutomationAction.objects.get(automation__integration=ready)
    assert (saved.action_type, saved.stage_id) == ("move_to_stage", contacted.id)


@pytest.mark.django_db
def test_admin_refuses_a_stage_of_another_pipeline_on_add(staff_client, ready):
    signed = stage(ready, "Partners", "Signed")
    response = admin_add(staff_client, ready, [move_row(ready, signed.id)])
    errors = response.context["inline_admin_formsets"][0].formset.errors
    assert response.status_code == 200
    assert "belongs to another pipeline" in errors[0]["stage_id"][0]
    assert not Automation.objects.exists()


@pytest.mark.django_db
def test_admin_refuses_a_bad_stage_on_change(staff_client, ready):
    contacted = stage(ready, "Sales", "Contacted")
    automation = Automation.objects.create(integration=ready, trigger="replied")
    action = AutomationAction.objects.create(
        automation=automation,
        action_type="move_to_stage",
        pipeline_id=pipeline(ready, "Sales").id,
        stage_id=contacted.id,
    )
    row = move_row(ready, 987654, id=action.id, automation=automation.id)
    data = {
        "integration": ready.id,
        "trigger": "replied",
        "enabled": "on",
        **inline([row], initial=1),
    }
    response = staff_client.post(
        reverse("admin:automations_automation_change", args=[automation.id]), data
    )
    action.refresh_from_db()
    assert response.status_code == 200
    assert (
        "does not exist"
        in response.context["inline_admin_formsets"][0].formset.errors[0]["stage_id"][0]
    )
    assert action.stage_id == contacted.id


@pytest.mark.django_db
def test_admin_refuses_an_action_type_twice_in_one_trigger(staff_client, ready):
    contacted = stage(ready, "Sales", "Contacted")
    rows = [move_row(ready, contacted.id), move_row(ready, contacted.id, position=1)]
    response = admin_add(staff_client, ready, rows)
    assert response.status_code == 200
    assert not AutomationAction.objects.exists()


@pytest.mark.django_db
def test_admin_refuses_a_second_automation_for_the_same_trigger(staff_client, ready):
    Automation.objects.create(integration=ready, trigger="email_sent")
    response = admin_add(staff_client, ready, [])
    assert response.status_code == 200
    assert Automation.objects.count() == 1
