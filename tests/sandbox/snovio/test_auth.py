import datetime as dt
import json
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.utils import timezone

from sandbox.snovio.models import AccessToken

TOKEN_URL = "/sandbox/snovio/v1/oauth/access_token"
BALANCE_URL = "/sandbox/snovio/v1/get-balance"
CREDENTIALS = {
    "grant_type": "client_credentials",
    "client_id": "user-id-1",
    "client_secret": "secret-1",
}

pytestmark = pytest.mark.django_db


def test_token_endpoint_accepts_form_credentials(account, client):
    response = client.post(
        TOKEN_URL, urlencode(CREDENTIALS), content_type="application/x-www-form-urlencoded"
    )
    body = response.json()
    assert response.status_code == 200
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 3600
    assert len(body["access_token"]) == 40
    assert AccessToken.objects.get(token=body["access_token"]).account == account


def test_token_endpoint_accepts_json_credentials(account, client):
    response = client.post(TOKEN_URL, json.dumps(CREDENTIALS), content_type="application/json")
    assert response.status_code == 200
    assert len(response.json()["access_token"]) == 40


def test_token_lives_one_hour(account, client):
    before = timezone.now()
    client.post(TOKEN_URL, json.dumps(CREDENTIALS), content_type="application/json")
    after = timezone.now()
    expires_at = AccessToken.objects.get().expires_at
    hour = dt.timedelta(hours=1)
    assert before + hour <= expires_at <= after + hour


def test_wrong_secret_is_refused_with_an_error_body(account, client):
    data = {**CREDENTIALS, "client_secret": "nope"}
    response = client.post(TOKEN_URL, json.dumps(data), content_type="application/json")
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"
    assert "API Secret" in response.json()["error_description"]
    assert not AccessToken.objects.exists()


def test_unknown_client_id_is_refused(account, client):
    data = {**CREDENTIALS, "client_id": "someone-else"}
    response = client.post(TOKEN_URL, json.dumps(data), content_type="application/json")
    assert response.status_code == 401


def test_other_grant_types_are_refused(account, client):
    data = {**CREDENTIALS, "grant_type": "password"}
    response = client.post(TOKEN_URL, json.dumps(data), content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"] == "unsupported_grant_type"


def test_missing_credentials_are_a_bad_request(account, client):
    response = client.post(
        TOKEN_URL,
        json.dumps({"grant_type": "client_credentials"}),
        content_type="application/json",
    )
    assert response.status_code == 400


def test_bearer_header_is_accepted(client, token):
    response = client.get(BALANCE_URL, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200


def test_bare_authorization_header_is_accepted(client, token):
    response = client.get(BALANCE_URL, headers={"Authorization": token})
    assert response.status_code == 200


def test_access_token_in_the_query_string_is_accepted(client, token):
    response = client.get(BALANCE_URL, {"access_token": token})
    assert response.status_code == 200


def test_access_token_in_a_form_body_is_accepted(client, token, account):
    response = client.post(
        "/sandbox/snovio/v1/get-prospects-by-email",
        urlencode({"access_token": token, "email": "x@example.com"}),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200


def test_access_token_in_a_json_body_is_accepted(client, token, account):
    response = client.post(
        "/sandbox/snovio/v1/get-prospects-by-email",
        json.dumps({"access_token": token, "email": "x@example.com"}),
        content_type="application/json",
    )
    assert response.status_code == 200


def test_missing_token_is_unauthorized(client, account):
    response = client.get(BALANCE_URL)
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_token"


def test_unknown_token_is_unauthorized(client, account):
    response = client.get(BALANCE_URL, headers={"Authorization": "Bearer " + "0" * 40})
    assert response.status_code == 401


def test_expired_token_is_unauthorized(client, token):
    AccessToken.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    response = client.get(BALANCE_URL, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401
    assert "expired" in response.json()["error_description"]


def test_api_calls_need_no_csrf_token(token):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(
        "/sandbox/snovio/v1/lists",
        json.dumps({"name": "Fresh"}),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 200
