"""B13: hostile webhook bodies are a 4xx with a short reason, never a 500, and store nothing."""

import json

import pytest
from django.test import Client

from syncengine.models import InboundEvent
from tests.webhooks.capture import load_fixtures
from tests.webhooks.conftest import post_pipedrive, post_snovio

PERSON_CHANGE = load_fixtures("pipedrive")["person_change"]
EMAIL_SENT = load_fixtures("snovio")["campaign_email_sent"]


@pytest.fixture
def client():
    """Every exception becomes the response a real server would send (500), not a raise."""
    return Client(raise_request_exception=False)


@pytest.fixture(autouse=True)
def nothing_stored(db):
    yield
    assert InboundEvent.objects.count() == 0


def nested_arrays(depth: int) -> str:
    return "[" * depth + "]" * depth


def with_name(body: dict, name: str) -> str:
    """The body as JSON text with `name` (escapes such as \\u0000 kept as written)."""
    return json.dumps(body).replace('"__NAME__"', f'"{name}"')


def pipedrive_named(name: str) -> str:
    body = {**PERSON_CHANGE, "data": {**PERSON_CHANGE["data"], "name": "__NAME__"}}
    return with_name(body, name)


def snovio_named(name: str) -> str:
    data = {**EMAIL_SENT["data"], "prospect_first_name": "__NAME__"}
    return with_name({**EMAIL_SENT, "data": data}, name)


@pytest.mark.parametrize("depth", [65, 1_000, 10_000])
def test_a_pipedrive_body_of_deeply_nested_arrays_is_400_too_deep(client, state, depth):
    response = post_pipedrive(client, state, nested_arrays(depth))
    assert response.status_code == 400
    assert response.json() == {"error": "too_deep"}


def test_a_snovio_body_nested_ten_thousand_deep_inside_data_is_400_too_deep(client, state):
    body = json.dumps(EMAIL_SENT)[:-1] + ', "extra": ' + nested_arrays(10_000) + "}"
    response = post_snovio(client, state, body)
    assert response.status_code == 400
    assert response.json() == {"error": "too_deep"}


def test_a_body_nested_64_deep_is_accepted(client, state):
    nested = nested_arrays(63)  # inside the body: 64 in all
    body = json.dumps(PERSON_CHANGE)[:-1] + ', "extra": ' + nested + "}"
    response = post_pipedrive(client, state, body)
    assert response.status_code == 200
    InboundEvent.objects.all().delete()


@pytest.mark.parametrize(
    "escape,reason", [("\\u0000", "nul_character"), ("\\ud800", "lone_surrogate")]
)
def test_a_pipedrive_name_with_a_character_no_database_can_hold_is_400(
    client, state, escape, reason
):
    response = post_pipedrive(client, state, pipedrive_named(f"Ana{escape}"))
    assert response.status_code == 400
    assert response.json() == {"error": reason}


@pytest.mark.parametrize(
    "escape,reason",
    [("\\u0000", "nul_character"), ("\\udfff", "lone_surrogate"), ("\\ud800x", "lone_surrogate")],
)
def test_a_snovio_name_with_a_character_no_database_can_hold_is_400(client, state, escape, reason):
    response = post_snovio(client, state, snovio_named(f"Ana{escape}"))
    assert response.status_code == 400
    assert response.json() == {"error": reason}


def test_a_nul_in_a_key_is_400(client, state):
    body = json.dumps(PERSON_CHANGE)[:-1] + ', "a\\u0000b": 1}'
    response = post_pipedrive(client, state, body)
    assert response.json() == {"error": "nul_character"}


def test_a_surrogate_pair_is_a_real_character_and_accepted(client, state):
    response = post_snovio(client, state, snovio_named("Ana \\ud83d\\ude00"))
    assert response.status_code == 200
    assert InboundEvent.objects.get().payload["data"]["prospect_first_name"] == "Ana 😀"
    InboundEvent.objects.all().delete()


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e999"])
def test_a_number_json_cannot_store_is_400(client, state, number):
    body = json.dumps(PERSON_CHANGE)[:-1] + f', "extra": {number}}}'
    response = post_pipedrive(client, state, body)
    assert response.status_code == 400
    assert response.json() == {"error": "invalid_number"}


def test_a_pipedrive_entity_too_long_for_the_kind_column_is_400(client, state):
    body = {**PERSON_CHANGE, "meta": {**PERSON_CHANGE["meta"], "entity": "p" * 100}}
    response = post_pipedrive(client, state, body)
    assert response.status_code == 400
    assert response.json() == {"error": "kind_too_long"}


def test_a_snovio_event_action_too_long_for_the_kind_column_is_400(client, state):
    response = post_snovio(client, state, {**EMAIL_SENT, "event_action": "x" * 100})
    assert response.status_code == 400
    assert response.json() == {"error": "kind_too_long"}
