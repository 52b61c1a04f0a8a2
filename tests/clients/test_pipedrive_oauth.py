"""OAuth against the sandbox's real /oauth/token and /oauth/revoke endpoints."""

import base64
import datetime as dt
import logging
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
import responses
from django.conf import settings

from integrations.clients import pipedrive_oauth
from integrations.clients.errors import AuthError, TransientError
from integrations.clients.pipedrive_oauth import (
    OAuthError,
    TokenSet,
    authorize_url,
    exchange_code,
    refresh_tokens,
    revoke_token,
)
from sandbox.pipedrive.faults import inject_fault
from sandbox.pipedrive.models import AuthorizationCode
from tests.contract.sandbox_accounts import api_token_client, issue_code, make_user, oauth_client

pytestmark = pytest.mark.django_db
TOKEN_URL = f"{settings.PIPEDRIVE_OAUTH_URL}/oauth/token"


def test_authorize_url_carries_client_id_redirect_uri_and_state():
    url = authorize_url(state="s-123")
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == (
        f"{settings.PIPEDRIVE_OAUTH_URL}/oauth/authorize"
    )
    assert parse_qs(parts.query) == {
        "client_id": [settings.PIPEDRIVE_CLIENT_ID],
        "redirect_uri": [settings.PIPEDRIVE_REDIRECT_URI],
        "state": ["s-123"],
    }


def test_exchange_code_returns_a_token_set_for_the_company_domain(sandbox_http):
    tokens = exchange_code(issue_code(make_user()))
    assert tokens.access_token and tokens.refresh_token
    assert tokens.token_type.lower() == "bearer"
    assert 3000 < tokens.expires_in <= 3600
    assert tokens.api_domain == f"{settings.SITE_URL}/sandbox/pipedrive"
    assert "contacts:full" in tokens.scope


def test_exchange_code_posts_a_form_with_http_basic_client_auth(sandbox_http):
    exchange_code(issue_code(make_user()))
    request = sandbox_http.calls[0].request
    assert request.headers["Content-Type"] == "application/x-www-form-urlencoded"
    expected = base64.b64encode(b"sandbox-client-id:sandbox-client-secret").decode()
    assert request.headers["Authorization"] == f"Basic {expected}"
    form = parse_qs(request.body)
    assert form["grant_type"] == ["authorization_code"]
    assert form["redirect_uri"] == [settings.PIPEDRIVE_REDIRECT_URI]
    assert "client_secret" not in form


def test_the_access_token_from_the_exchange_works_on_the_api(sandbox_http):
    user = make_user()
    client, _ = oauth_client(user)
    assert client.get_current_user().id == user.id


def test_a_replayed_code_is_refused_with_invalid_grant(sandbox_http):
    code = issue_code(make_user())
    exchange_code(code)
    with pytest.raises(OAuthError) as caught:
        exchange_code(code)
    assert caught.value.error == "invalid_grant"
    assert caught.value.status == 400
    assert isinstance(caught.value, AuthError)


def test_an_expired_code_is_refused_with_invalid_grant(sandbox_http):
    code = issue_code(make_user())
    AuthorizationCode.objects.filter(code=code).update(
        created_at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=6)
    )
    with pytest.raises(OAuthError) as caught:
        exchange_code(code)
    assert caught.value.error == "invalid_grant"


def test_an_unknown_code_is_refused_with_invalid_grant(sandbox_http):
    with pytest.raises(OAuthError) as caught:
        exchange_code("not-a-code")
    assert caught.value.error == "invalid_grant"


class _SettingsWithSecret:
    """Our side's settings with another client secret; the sandbox keeps the real one."""

    def __init__(self, secret: str):
        self.PIPEDRIVE_CLIENT_SECRET = secret

    def __getattr__(self, name):
        return getattr(settings, name)


def test_a_wrong_client_secret_is_refused_with_invalid_client(sandbox_http, monkeypatch):
    monkeypatch.setattr(pipedrive_oauth, "settings", _SettingsWithSecret("wrong-secret"))
    with pytest.raises(OAuthError) as caught:
        exchange_code(issue_code(make_user()))
    assert caught.value.error == "invalid_client"
    assert caught.value.status in (400, 401)


def test_a_code_issued_for_another_redirect_uri_is_refused(sandbox_http):
    code = issue_code(make_user(), redirect_uri="http://elsewhere.test/callback/")
    with pytest.raises(OAuthError) as caught:
        exchange_code(code)
    assert caught.value.error in ("invalid_request", "invalid_grant")
    assert "redirect_uri" in caught.value.message


def test_refresh_returns_a_working_access_token(sandbox_http):
    user = make_user()
    first = exchange_code(issue_code(user))
    second = refresh_tokens(first.refresh_token)
    assert second.access_token != first.access_token
    assert second.refresh_token
    assert second.api_domain == first.api_domain
    client, holder = oauth_client(user)
    holder.tokens = second
    assert client.get_current_user().id == user.id


def test_refresh_sends_the_refresh_grant_with_client_auth(sandbox_http):
    tokens = exchange_code(issue_code(make_user()))
    refresh_tokens(tokens.refresh_token)
    request = sandbox_http.calls[-1].request
    assert parse_qs(request.body)["grant_type"] == ["refresh_token"]
    assert request.headers["Authorization"].startswith("Basic ")


def test_refresh_with_an_unknown_refresh_token_is_invalid_grant(sandbox_http):
    with pytest.raises(OAuthError) as caught:
        refresh_tokens("1:1:unknown")
    assert caught.value.error == "invalid_grant"


def test_revoking_the_refresh_token_ends_the_grant(sandbox_http):
    tokens = exchange_code(issue_code(make_user()))
    revoke_token(tokens.refresh_token)
    with pytest.raises(OAuthError) as caught:
        refresh_tokens(tokens.refresh_token)
    assert caught.value.error == "invalid_grant"


def test_revoke_posts_the_token_and_its_hint_as_a_form(sandbox_http):
    tokens = exchange_code(issue_code(make_user()))
    revoke_token(tokens.access_token, hint="access_token")
    request = sandbox_http.calls[-1].request
    assert request.url == f"{settings.PIPEDRIVE_OAUTH_URL}/oauth/revoke"
    form = parse_qs(request.body)
    assert form == {"token": [tokens.access_token], "token_type_hint": ["access_token"]}


def test_revoking_an_unknown_token_is_not_an_error(sandbox_http):
    revoke_token("1:1:never-issued")


def test_a_server_error_at_the_token_endpoint_is_transient(sandbox_http):
    inject_fault("/oauth/token", status=503)
    with pytest.raises(TransientError) as caught:
        exchange_code(issue_code(make_user()))
    assert caught.value.status == 503
    assert len(sandbox_http.calls) == 1  # a POST is never repeated blindly


def test_revoking_only_the_access_token_leaves_the_refresh_working(sandbox_http):
    user = make_user()
    client, holder = oauth_client(user)
    revoke_token(holder.tokens.access_token, hint="access_token")
    assert client.get_current_user().id == user.id  # 401, refresh, retried once
    assert holder.refreshes == 1


def test_a_timeout_at_the_token_endpoint_is_transient():
    with responses.RequestsMock() as rsps:
        rsps.post(TOKEN_URL, body=requests.Timeout())
        with pytest.raises(TransientError):
            refresh_tokens("1:1:any")


@pytest.mark.parametrize(
    "body",
    [
        {"token_type": "Bearer", "api_domain": "https://acme.pipedrive.com"},
        {"access_token": "v1u:x", "refresh_token": "1:1:y", "expires_in": 3599},
    ],
)
def test_a_token_answer_without_access_token_or_api_domain_is_an_oauth_error(body):
    # An answer shape the sandbox never gives: forced with `responses`.
    with responses.RequestsMock() as rsps:
        rsps.post(TOKEN_URL, json=body)
        with pytest.raises(OAuthError) as caught:
            exchange_code("any")
    assert caught.value.error == "unexpected_response"


def test_token_set_repr_hides_the_tokens():
    tokens = TokenSet("v1u:secret-a", "1:1:secret-r", 3599, "https://x.test", "base", "Bearer")
    assert "secret" not in repr(tokens)


def test_tokens_never_reach_the_logs(sandbox_http, caplog):
    caplog.set_level(logging.DEBUG)
    user = make_user()
    tokens = exchange_code(issue_code(user))
    refreshed = refresh_tokens(tokens.refresh_token)
    with pytest.raises(OAuthError):
        refresh_tokens(tokens.refresh_token)  # already used: refused and logged
    api_token_client(user).get_current_user()
    secrets_ = [tokens.access_token, tokens.refresh_token, refreshed.access_token, user.api_token]
    assert caplog.text
    assert not any(secret in caplog.text for secret in secrets_)
