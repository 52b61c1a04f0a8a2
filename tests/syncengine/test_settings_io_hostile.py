"""Settings files that once broke the import (B11, B13): a byte order mark is accepted; a
repeated key, a NUL, a lone surrogate or deep nesting refuse the file with a message, and a
refused file changes nothing."""

import codecs
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from automations.models import Automation, AutomationAction
from syncengine.models import Constant, FieldMapping
from syncengine.settings_io import SettingsFileError, read_settings_file
from tests.syncengine.test_settings_io import document

BOM = codecs.BOM_UTF8


def text_of(doc: dict) -> str:
    return json.dumps(doc, indent=2)


def with_constant(value_json: str) -> str:
    """A document whose constant's value is written as `value_json` (escapes kept)."""
    doc = document(constants=[{"app": "pipedrive", "field": "Source", "value": "@@"}])
    return text_of(doc).replace('"@@"', value_json)


def with_subject(subject_json: str) -> str:
    action = {"action": "add_activity", "pipeline": None, "stage": None, "subject": "@@"}
    doc = document(automations=[{"trigger": "email_sent", "enabled": True, "actions": [action]}])
    return text_of(doc).replace('"@@"', subject_json)


def refusal(data: bytes) -> str:
    with pytest.raises(SettingsFileError) as refused:
        read_settings_file(data)
    return str(refused.value)


def test_a_file_starting_with_a_utf8_byte_order_mark_is_read():
    assert read_settings_file(BOM + text_of(document()).encode()) == document()


def test_a_repeated_key_refuses_the_file_naming_the_key():
    text = text_of(document()).replace(
        '"direction": "both"', '"direction": "both", "direction": "to_snovio"'
    )
    message = refusal(text.encode())
    assert "“direction” appears twice" in message


def test_a_key_repeated_deep_inside_refuses_the_file_too():
    text = with_constant('"x", "value": "y"')
    assert "“value” appears twice" in refusal(text.encode())


@pytest.mark.parametrize(
    ("escape", "message"),
    [("\\u0000", "NUL character"), ("\\ud800", "lone surrogate"), ("\\udc00x", "lone surrogate")],
)
def test_a_constant_with_a_character_no_database_can_hold_is_refused_naming_where(escape, message):
    refused = refusal(with_constant(f'"from{escape}Snov"').encode())
    assert message in refused
    assert "constants[0].value" in refused


@pytest.mark.parametrize(
    ("escape", "message"), [("\\u0000", "NUL character"), ("\\udfff", "lone surrogate")]
)
def test_an_action_subject_with_a_character_no_database_can_hold_is_refused(escape, message):
    refused = refusal(with_subject(f'"Call{escape}"').encode())
    assert message in refused
    assert "automations[0].actions[0].subject" in refused


def test_a_file_nested_ten_thousand_deep_is_refused():
    data = ('{"extra": ' + "[" * 10_000 + "]" * 10_000 + "}").encode()
    assert "more than 64 deep" in refusal(data)


def test_a_file_nested_a_little_past_the_limit_is_refused():
    data = ('{"extra": ' + "[" * 64 + "]" * 64 + "}").encode()
    assert "more than 64 deep" in refusal(data)


def test_nan_in_a_file_is_refused():
    assert "NaN or Infinity" in refusal(text_of(document())[:-1].encode() + b', "x": NaN}')


# --- Through the page: refused with the message, nothing changed -----------------------------


@pytest.fixture
def configured(connected_integration):
    FieldMapping.objects.create(
        integration=connected_integration, snovio_field="custom:a", pipedrive_field="b"
    )
    Constant.objects.create(
        integration=connected_integration, app="pipedrive", field="b", value="kept"
    )
    return connected_integration


def upload(client, integration, data: bytes):
    file = SimpleUploadedFile("settings.json", data, content_type="application/json")
    url = reverse("integrations-settings-import", args=[integration.uuid])
    return client.post(url, {"file": file})


def snapshot(integration):
    integration.refresh_from_db()
    return (
        integration.direction,
        integration.target_list_id,
        list(FieldMapping.objects.values_list("snovio_field", "pipedrive_field")),
        list(Constant.objects.values_list("app", "field", "value")),
        Automation.objects.count(),
        AutomationAction.objects.count(),
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (with_constant('"a\\u0000b"').encode(), "NUL character"),
        (with_subject('"a\\ud800b"').encode(), "lone surrogate"),
        (
            text_of(document()).replace('"version": 1', '"version": 1, "version": 1').encode(),
            "“version” appears twice",
        ),
        (("[" * 10_000 + "]" * 10_000).encode(), "more than 64 deep"),
    ],
    ids=["nul", "surrogate", "repeated-key", "deep"],
)
def test_a_hostile_file_is_refused_on_the_page_with_its_message_and_changes_nothing(
    owner_client, configured, data, message
):
    before = snapshot(configured)
    response = upload(owner_client, configured, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert snapshot(configured) == before


def test_a_file_with_a_byte_order_mark_is_imported_on_the_page(owner_client, configured):
    doc = document(direction="to_snovio", mappings=[], constants=[], automations=[])
    response = upload(owner_client, configured, BOM + text_of(doc).encode())
    assert response.status_code == 200
    configured.refresh_from_db()
    assert configured.direction == "to_snovio"
