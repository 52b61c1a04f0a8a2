"""Pipedrive OAuth 2.0: the authorize URL, code exchange, refresh and revoke.

Reference: https://pipedrive.readme.io/docs/marketplace-oauth-authorization
The token endpoint takes form-encoded bodies with the app's credentials as HTTP Basic auth.
Tokens never reach a log line: TokenSet hides them from its repr.
"""

import logging
from dataclasses import dataclass, field
from urllib.parse import urlencode

import requests
from django.conf import settings
from django.utils.translation import gettext_noop

from integrations.clients.errors import ApiError, AuthError
from integrations.clients.http import HttpClient, extract_error_text

APP = "Pipedrive"
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class TokenSet:
    access_token: str = field(repr=False)
    refresh_token: str = field(repr=False)
    expires_in: int
    api_domain: str
    scope: str
    token_type: str


class OAuthError(AuthError):
    """The token endpoint refused the grant (`error` is e.g. "invalid_grant")."""

    def __init__(self, error: str, description: str = "", *, status: int | None = None):
        super().__init__(description or error, status=status, app=APP)
        self.error = error
        self.description = description


class _TokenEndpoint(HttpClient):
    """Maps the OAuth server's 400/401 answers to OAuthError; the rest as any API call."""

    app = APP

    def error_for(self, response: requests.Response) -> ApiError:
        if response.status_code not in (400, 401):
            return super().error_for(response)
        try:
            body = response.json()
        except ValueError:
            body = response.text[:300]
        error = oauth_error_from_body(body, status=response.status_code)
        logger.info("Pipedrive token endpoint refused: %s (%s)", error.error, error.description)
        return error


def oauth_error_from_body(body, *, status: int | None = None) -> OAuthError:
    """RFC 6749 bodies carry `error` + `error_description`; anything else keeps its text."""
    if isinstance(body, dict) and isinstance(body.get("error"), str):
        description = body.get("error_description") or body.get("message") or ""
        return OAuthError(body["error"], str(description), status=status)
    return OAuthError(
        "invalid_request", extract_error_text(body) or gettext_noop("no details"), status=status
    )


def authorize_url(*, state: str) -> str:
    """Where to send the browser so the user picks a company and grants access."""
    query = urlencode(
        {
            "client_id": settings.PIPEDRIVE_CLIENT_ID,
            "redirect_uri": settings.PIPEDRIVE_REDIRECT_URI,
            "state": state,
        }
    )
    return f"{settings.PIPEDRIVE_OAUTH_URL}/oauth/authorize?{query}"


def exchange_code(code: str, *, session: requests.Session | None = None) -> TokenSet:
    """Trade the authorization code from the callback for tokens (codes are single-use)."""
    data = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": settings.PIPEDRIVE_REDIRECT_URI,
    }
    return _token_request(data, session=session)


def refresh_tokens(refresh_token: str, *, session: requests.Session | None = None) -> TokenSet:
    """Get a fresh access token. Persist the refresh token of the answer: it may rotate."""
    data = {"grant_type": "refresh_token", "refresh_token": refresh_token}
    return _token_request(data, session=session)


def revoke_token(
    token: str, *, hint: str = "refresh_token", session: requests.Session | None = None
) -> None:
    """Revoke a token; revoking the refresh token uninstalls the app for that user."""
    _post("/oauth/revoke", {"token": token, "token_type_hint": hint}, session=session)


def _token_request(data: dict, *, session: requests.Session | None) -> TokenSet:
    response = _post("/oauth/token", data, session=session)
    try:
        body = response.json()
    except ValueError:
        body = None
    return token_set_from_body(body)


def token_set_from_body(body) -> TokenSet:
    if not isinstance(body, dict) or not body.get("access_token") or not body.get("api_domain"):
        raise OAuthError(
            "unexpected_response", gettext_noop("unexpected response from the token endpoint")
        )
    return TokenSet(
        access_token=body["access_token"],
        refresh_token=body.get("refresh_token") or "",
        expires_in=int(body.get("expires_in") or 0),
        api_domain=str(body["api_domain"]).rstrip("/"),
        scope=body.get("scope") or "",
        token_type=body.get("token_type") or "Bearer",
    )


def _post(path: str, data: dict, *, session: requests.Session | None) -> requests.Response:
    endpoint = _TokenEndpoint(session=session)
    return endpoint.request(
        "POST",
        f"{settings.PIPEDRIVE_OAUTH_URL}{path}",
        cost=0,
        data=data,
        auth=(settings.PIPEDRIVE_CLIENT_ID, settings.PIPEDRIVE_CLIENT_SECRET),
        headers={"Accept": "application/json"},
    )
