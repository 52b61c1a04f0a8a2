"""Free-text form fields refuse NUL and lone surrogates with a message beside the field
(B13), instead of a database error: PostgreSQL stores neither."""

import pytest

from automations.forms import AddActionForm, EditActionForm
from automations.models import Automation, AutomationAction
from syncengine.models import Constant
from syncengine.schema import PipedriveField, Schema
from syncengine.settings_forms import ConstantForm
from syncengine.storable import LONE_SURROGATE_MESSAGE
from tests.automations.conftest import add_action, url

SCHEMA = Schema(pipedrive_fields=(PipedriveField("src", "Source", "varchar", is_custom=True),))
UNSTORABLE = [
    pytest.param("from\x00Snov", "Null characters are not allowed.", id="nul"),
    pytest.param("from\ud800Snov", LONE_SURROGATE_MESSAGE, id="surrogate"),
    pytest.param("\udfff", LONE_SURROGATE_MESSAGE, id="low-surrogate-alone"),
]


def constant_form(integration, value: str) -> ConstantForm:
    data = {
        "constant-pipedrive-app": "pipedrive",
        "constant-pipedrive-field": "src",
        "constant-pipedrive-value": value,
    }
    return ConstantForm(data, schema=SCHEMA, integration=integration, app="pipedrive")


@pytest.mark.parametrize(("value", "message"), UNSTORABLE)
def test_a_constant_with_an_unstorable_character_is_refused_beside_its_value(
    integration, value, message
):
    form = constant_form(integration, value)
    assert not form.is_valid()
    assert form.errors["value"] == [message]
    assert Constant.objects.count() == 0


def test_a_constant_with_an_emoji_is_accepted(integration):
    assert constant_form(integration, "from Snov.io 😀").is_valid()


@pytest.mark.parametrize(("value", "message"), UNSTORABLE)
def test_a_new_action_subject_with_an_unstorable_character_is_refused_beside_it(
    integration, value, message
):
    data = {"trigger": "email_sent", "action_type": "add_activity", "subject": value}
    form = AddActionForm(data, schema=SCHEMA, integration=integration)
    assert not form.is_valid()
    assert form.errors["subject"] == [message]


@pytest.mark.parametrize(("value", "message"), UNSTORABLE)
def test_an_edited_action_subject_with_an_unstorable_character_is_refused(
    integration, value, message
):
    automation = Automation.objects.create(integration=integration, trigger="email_sent")
    action = AutomationAction.objects.create(
        automation=automation, position=1, action_type="add_activity", subject="Call back"
    )
    form = EditActionForm({"subject": value}, schema=SCHEMA, instance=action)
    assert not form.is_valid()
    assert form.errors["subject"] == [message]
    action.refresh_from_db()
    assert action.subject == "Call back"


def test_a_nul_posted_in_a_subject_is_refused_on_the_page_and_nothing_stored(
    owner_client, connected_only
):
    response = add_action(
        owner_client, connected_only, action_type="add_activity", subject="Call\x00 back"
    )
    assert response.status_code == 400
    assert "Null characters are not allowed." in response.content.decode()
    assert AutomationAction.objects.count() == 0


def test_a_nul_posted_in_a_constant_is_refused_on_the_page_and_nothing_stored(
    owner_client, connected_only
):
    from syncengine.schema_refresh import load_schema

    field = next(
        f
        for f in load_schema(connected_only).pipedrive_fields
        if f.is_custom and f.field_type == "varchar"
    )
    response = owner_client.post(
        url("integrations-constant-add", connected_only, "pipedrive"),
        {
            "constant-pipedrive-app": "pipedrive",
            "constant-pipedrive-field": field.key,
            "constant-pipedrive-value": "a\x00b",
        },
    )
    assert response.status_code == 400
    assert "Null characters are not allowed." in response.content.decode()
    assert Constant.objects.count() == 0
