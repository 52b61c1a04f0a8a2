import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.utils import timezone

from sandbox.pipedrive.models import AccessToken, AuthorizationCode, Webhook

from .conftest import BASE, CLIENT_ID, REDIRECT_URI, basic

AUTHORIZE = f"{BASE}/oauth/authorize"
TOKEN_URL = f"http://testserver{BASE}/oauth/token"
REVOKE_URL = f"http://testserver{BASE}/oauth/revoke"
APP = {"client_id": CLIENT_ID, "redirect_uri": REDIRECT_URI, "state": "xyz"}


def log_in(client, email="ana@demo-company.example", password="sandbox"):
    return client.post(AUTHORIZE, {**APP, "action": "login", "email": email, "password": password})


def consent(client, user, action="connect"):
    log_in(client, user.email)
    return client.post(AUTHORIZE, {**APP, "action": action, "account": user.id})


def code_for(client, user) -> str:
    response = consent(client, user)
    return parse_qs(urlsplit(response["Location"]).query)["code"][0]


def exchange(code, redirect_uri=REDIRECT_URI, auth=None):
    return requests.post(
        TOKEN_URL,
        data={"grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri},
        headers={"Authorization": auth or basic()},
        timeout=5,
    )


def refresh(refresh_token):
    return requests.post(
        TOKEN_URL,
        data={"grant_type": "refresh_token", "refresh_token": refresh_token},
        headers={"Authorization": basic()},
        timeout=5,
    )


def me(client, access_token):
    return client.get(
        f"{BASE}/api/v1/users/me", headers={"Authorization": f"Bearer {access_token}"}
    )


def test_authorize_page_lists_demo_users_and_asks_to_log_in(client, company):
    response = client.get(AUTHORIZE, APP)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'for="oauth-email"' in html and 'for="oauth-password"' in html
    assert "ana@demo-company.example" in html and "<code>sandbox</code>" in html


def test_authorize_refuses_wrong_password(client, company):
    response = log_in(client, password="nope")
    assert response.status_code == 400
    assert "Wrong email or password" in response.content.decode()


def test_consent_page_shows_company_and_permissions(client, company):
    response = log_in(client)
    html = response.content.decode()
    assert "Demo Company" in html and "contacts:full" in html
    assert "Connect app" in html and "Cancel" in html


def test_connect_redirects_with_code_and_state(client, ana):
    response = consent(client, ana)
    assert response.status_code == 302
    url = urlsplit(response["Location"])
    assert f"{url.scheme}://{url.netloc}{url.path}" == REDIRECT_URI
    query = parse_qs(url.query)
    assert query["state"] == ["xyz"]
    assert AuthorizationCode.objects.get(code=query["code"][0]).user == ana


def test_cancel_redirects_with_access_denied(client, ana):
    response = consent(client, ana, action="cancel")
    assert parse_qs(urlsplit(response["Location"]).query) == {
        "error": ["access_denied"],
        "state": ["xyz"],
    }


@pytest.mark.parametrize(
    "override", [{"client_id": "someone-else"}, {"redirect_uri": "http://evil.example/cb"}]
)
def test_authorize_with_unknown_client_or_redirect_shows_error_without_redirect(
    client, company, override
):
    response = client.get(AUTHORIZE, {**APP, **override})
    assert response.status_code == 400
    assert "cannot be connected" in response.content.decode()


def test_code_exchange_returns_tokens_and_api_domain(client, ana, sandbox_http):
    response = exchange(code_for(client, ana))
    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "Bearer" and body["expires_in"] == 3599
    assert body["api_domain"] == "http://testserver/sandbox/pipedrive"
    assert "contacts:full" in body["scope"]
    assert me(client, body["access_token"]).json()["data"]["company_domain"] == "demo-company"


def test_code_cannot_be_used_twice(client, ana, sandbox_http):
    code = code_for(client, ana)
    assert exchange(code).status_code == 200
    replay = exchange(code)
    assert replay.status_code == 400
    assert replay.json() == {
        "error": "invalid_grant",
        "error_description": "Invalid grant: authorization_code is invalid",
    }


def test_expired_code_is_refused(client, ana, sandbox_http):
    code = code_for(client, ana)
    AuthorizationCode.objects.filter(code=code).update(
        created_at=timezone.now() - dt.timedelta(minutes=5, seconds=1)
    )
    response = exchange(code)
    assert response.status_code == 400
    assert response.json()["error_description"] == "Invalid grant: authorization_code has expired"


def test_wrong_client_secret_is_refused(client, ana, sandbox_http):
    response = exchange(code_for(client, ana), auth=basic(password="wrong"))
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"


def test_exchange_with_other_redirect_uri_is_refused(client, ana, sandbox_http):
    response = exchange(code_for(client, ana), redirect_uri="http://testserver/elsewhere/")
    assert response.status_code == 400
    assert response.json()["error_description"] == "Invalid request: redirect_uri is invalid"


def test_token_endpoint_takes_form_encoding_only(client, ana):
    response = client.post(
        f"{BASE}/oauth/token",
        data={"grant_type": "authorization_code", "code": code_for(client, ana)},
        content_type="application/json",
        headers={"Authorization": basic()},
    )
    assert response.status_code == 400
    assert "x-www-form-urlencoded" in response.json()["error_description"]


def test_refresh_rotates_the_refresh_token(client, ana, sandbox_http):
    first = exchange(code_for(client, ana)).json()
    second = refresh(first["refresh_token"])
    assert second.status_code == 200
    assert second.json()["refresh_token"] != first["refresh_token"]
    assert me(client, second.json()["access_token"]).status_code == 200
    reused = refresh(first["refresh_token"])
    assert reused.status_code == 400
    assert reused.json()["error_description"] == "Invalid grant: refresh_token is invalid"
    assert refresh(second.json()["refresh_token"]).status_code == 200


def test_revoking_the_refresh_token_ends_the_grant(client, ana, sandbox_http):
    tokens = exchange(code_for(client, ana)).json()
    rotated = refresh(tokens["refresh_token"]).json()
    Webhook.objects.create(
        company=ana.company, user=ana, event_action="*", event_object="*",
        subscription_url="http://testserver/hook", type="application",
    )  # fmt: skip
    response = requests.post(
        REVOKE_URL,
        data={"token": rotated["refresh_token"], "token_type_hint": "refresh_token"},
        headers={"Authorization": basic()},
        timeout=5,
    )
    assert response.status_code == 200
    assert me(client, tokens["access_token"]).status_code == 401
    assert me(client, rotated["access_token"]).status_code == 401
    assert refresh(rotated["refresh_token"]).status_code == 400
    assert not Webhook.objects.filter(type="application").exists()


def test_revoking_an_access_token_keeps_the_refresh_token(client, ana, sandbox_http):
    tokens = exchange(code_for(client, ana)).json()
    requests.post(
        REVOKE_URL,
        data={"token": tokens["access_token"], "token_type_hint": "access_token"},
        headers={"Authorization": basic()},
        timeout=5,
    )
    assert me(client, tokens["access_token"]).status_code == 401
    assert refresh(tokens["refresh_token"]).status_code == 200


def test_revoking_an_unknown_token_answers_200(client, company):
    response = client.post(
        f"{BASE}/oauth/revoke", {"token": "nothing"}, headers={"Authorization": basic()}
    )
    assert response.status_code == 200
    assert AccessToken.objects.count() == 0
