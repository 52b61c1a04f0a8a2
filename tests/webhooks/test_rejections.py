"""One test per way a delivery is refused; each refusal stores nothing."""

import json
import logging
import uuid

import pytest
from django.test import RequestFactory
from django.urls import reverse

from integrations.webhooks import pipedrive_webhook
from syncengine.models import InboundEvent
from tests.webhooks.capture import load_fixtures
from tests.webhooks.conftest import basic_auth, pipedrive_url, post_pipedrive, post_snovio

PERSON_CHANGE = load_fixtures("pipedrive")["person_change"]
EMAIL_SENT = load_fixtures("snovio")["campaign_email_sent"]


@pytest.fixture(autouse=True)
def nothing_stored(db):
    yield
    assert not InboundEvent.objects.exists()


def test_pipedrive_delivery_with_a_wrong_password_is_401(client, state):
    response = post_pipedrive(
        client, state, PERSON_CHANGE, auth=basic_auth(state.pipedrive_auth_user, "guess")
    )
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Basic")


def test_pipedrive_delivery_with_a_wrong_user_is_401(client, state):
    auth = basic_auth("someone", state.pipedrive_auth_password)
    assert post_pipedrive(client, state, PERSON_CHANGE, auth=auth).status_code == 401


def test_pipedrive_delivery_without_auth_is_401(client, state):
    assert post_pipedrive(client, state, PERSON_CHANGE, auth="").status_code == 401


def test_pipedrive_delivery_with_garbled_auth_is_401(client, state):
    assert post_pipedrive(client, state, PERSON_CHANGE, auth="Basic !!!").status_code == 401


def test_pipedrive_delivery_before_any_secret_exists_is_401(client, integration):
    url = pipedrive_url(integration)
    response = client.post(url, data=PERSON_CHANGE, content_type="application/json")
    assert response.status_code == 401


def test_pipedrive_delivery_for_an_unknown_integration_is_404(client, state):
    url = reverse("integrations-pipedrive-webhook", args=[uuid.uuid4()])
    response = client.post(url, data=PERSON_CHANGE, content_type="application/json")
    assert response.status_code == 404


def test_snovio_delivery_with_an_unknown_token_is_404(client, state):
    url = reverse("integrations-snovio-webhook", args=["not-our-token"])
    response = client.post(url, data=EMAIL_SENT, content_type="application/json")
    assert response.status_code == 404


def test_get_on_the_pipedrive_endpoint_is_405(client, state):
    assert client.get(pipedrive_url(state.integration)).status_code == 405


def test_get_on_the_snovio_endpoint_is_405(client, state):
    url = reverse("integrations-snovio-webhook", args=[state.snovio_token])
    assert client.get(url).status_code == 405


def test_pipedrive_form_encoded_delivery_is_415(client, state):
    response = post_pipedrive(
        client, state, "a=1", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 415


def test_snovio_plain_text_delivery_is_415(client, state):
    response = post_snovio(client, state, json.dumps(EMAIL_SENT), content_type="text/plain")
    assert response.status_code == 415


def test_delivery_declared_larger_than_the_limit_is_413(client, state, settings):
    settings.WEBHOOK_MAX_BYTES = 100
    body = {**EMAIL_SENT, "padding": "x" * 200}
    assert post_snovio(client, state, body).status_code == 413


def test_delivery_whose_body_exceeds_the_limit_despite_its_header_is_413(state, settings):
    settings.WEBHOOK_MAX_BYTES = 100
    body = json.dumps({**PERSON_CHANGE, "padding": "x" * 200})
    request = RequestFactory().post(
        pipedrive_url(state.integration),
        data=body,
        content_type="application/json",
        headers={
            "Authorization": basic_auth(state.pipedrive_auth_user, state.pipedrive_auth_password)
        },
    )
    request.META["CONTENT_LENGTH"] = "10"  # a lying header: the read itself must stop
    assert pipedrive_webhook(request, uuid=state.integration.uuid).status_code == 413


def test_pipedrive_delivery_that_is_not_json_is_400(client, state):
    response = post_pipedrive(client, state, "{not json")
    assert response.status_code == 400
    assert response.json() == {"error": "invalid_json"}


def test_snovio_delivery_that_is_not_utf8_is_400(client, state):
    assert post_snovio(client, state, b"\xff\xfe{}").status_code == 400


@pytest.mark.parametrize(
    "body,reason",
    [
        ([1, 2], "no_meta"),
        ({"meta": {"entity": "person"}, "data": {}}, "not_v2_payload"),
        ({"v": 1, "meta": {"object": "person", "action": "updated", "id": 1}}, "not_v2_payload"),
        ({"meta": {"entity": "person", "action": "change"}, "data": {}}, "no_event_id"),
        (
            {"meta": {"entity": "person", "action": "change", "id": "e1"}, "data": [1]},
            "data_not_object",
        ),
    ],
)
def test_pipedrive_delivery_of_the_wrong_shape_is_400_with_a_reason(client, state, body, reason):
    response = post_pipedrive(client, state, body)
    assert response.status_code == 400
    assert response.json() == {"error": reason}


@pytest.mark.parametrize(
    "body,reason",
    [
        ('"just a string"', "not_object"),
        ({"event_action": "sent", "data": {}}, "no_event_object"),
        ({"event_object": "campaign_email", "data": {}}, "no_event_action"),
        (
            {"event_object": "campaign_email", "event_action": "sent", "data": "x"},
            "data_not_object",
        ),
    ],
)
def test_snovio_delivery_of_the_wrong_shape_is_400_with_a_reason(client, state, body, reason):
    response = post_snovio(client, state, body)
    assert response.status_code == 400
    assert response.json() == {"error": reason}


def test_rejections_are_logged_with_the_integration_and_a_reason_but_no_secret(
    client, state, caplog
):
    caplog.set_level(logging.INFO, logger="integrations.webhooks")
    post_pipedrive(
        client, state, PERSON_CHANGE, auth=basic_auth("x", state.pipedrive_auth_password)
    )
    post_snovio(client, state, "{broken")
    client.get(reverse("integrations-snovio-webhook", args=[state.snovio_token]))
    text = caplog.text
    assert f"integration={state.integration.pk}" in text
    assert "reason=wrong_credentials" in text and "reason=invalid_json" in text
    assert state.pipedrive_auth_password not in text
    assert state.snovio_token not in text
