"""The OAuth 2.0 server: codes and tokens (the views are in views/oauth.py)."""

import base64
import binascii
import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import AccessToken, AuthorizationCode, Company, User, Webhook

# What the sandbox app was granted in "Developer Hub": everything the product uses.
SCOPES = {
    "base": "Access your basic account information",
    "deals:full": "Create, read, update and delete deals",
    "activities:full": "Create, read, update and delete activities",
    "contacts:full": "Create, read, update and delete persons and organizations",
    "users:read": "Read the users of the company",
    "search:read": "Search across the company's data",
    "contact-fields:full": "Create, read, update and delete person and organization fields",
    "admin": "Manage pipelines, stages, fields and webhooks",
}
SCOPE = ",".join(SCOPES)


class OAuthError(Exception):
    def __init__(self, status: int, error: str, description: str):
        super().__init__(description)
        self.status, self.error, self.description = status, error, description

    def body(self) -> dict:
        return {"error": self.error, "error_description": self.description}


def client_is_valid(client_id: str | None, redirect_uri: str | None = None) -> bool:
    if not client_id or not secrets.compare_digest(client_id, settings.PIPEDRIVE_CLIENT_ID):
        return False
    return redirect_uri is None or redirect_uri == settings.PIPEDRIVE_REDIRECT_URI


def check_client_credentials(authorization: str) -> None:
    """HTTP Basic client_id:client_secret, or OAuthError 401."""
    if not authorization.lower().startswith("basic "):
        raise OAuthError(
            401, "invalid_client", "Invalid client: cannot retrieve client credentials"
        )
    try:
        decoded = base64.b64decode(authorization[6:].strip()).decode()
    except (binascii.Error, UnicodeDecodeError):
        raise OAuthError(
            401, "invalid_client", "Invalid client: cannot retrieve client credentials"
        ) from None
    client_id, _, secret = decoded.partition(":")
    if not client_is_valid(client_id) or not secrets.compare_digest(
        secret, settings.PIPEDRIVE_CLIENT_SECRET
    ):
        raise OAuthError(401, "invalid_client", "Invalid client: client is invalid")


def issue_code(*, user: User, company: Company, redirect_uri: str) -> AuthorizationCode:
    return AuthorizationCode.objects.create(
        user=user, company=company, redirect_uri=redirect_uri, scope=SCOPE
    )


def exchange_code(code: str | None, redirect_uri: str | None) -> AccessToken:
    if not redirect_uri:
        raise OAuthError(
            400, "invalid_request", "Invalid request: redirect_uri is not a valid URI"
        )
    with transaction.atomic():
        row = (
            AuthorizationCode.objects.select_for_update()
            .filter(code=code or "", used_at__isnull=True)
            .first()
        )
        if row is None:
            raise OAuthError(400, "invalid_grant", "Invalid grant: authorization_code is invalid")
        if row.is_expired():
            raise OAuthError(400, "invalid_grant", "Invalid grant: authorization_code has expired")
        if row.redirect_uri != redirect_uri:
            raise OAuthError(400, "invalid_request", "Invalid request: redirect_uri is invalid")
        row.used_at = timezone.now()
        row.save(update_fields=["used_at"])
        row.user.last_login = row.used_at
        row.user.save(update_fields=["last_login"])
        return AccessToken.objects.create(user=row.user, company=row.company, scope=row.scope)


def refresh(refresh_token: str | None) -> AccessToken:
    """A new access token AND a new refresh token. Our choice where Pipedrive's docs are
    unclear: refresh tokens rotate, the one just used stops working, so clients must store
    the refresh_token of every response (and must not refresh concurrently)."""
    with transaction.atomic():
        old = (
            AccessToken.objects.select_for_update()
            .filter(refresh_token=refresh_token or "")
            .first()
        )
        if old is None or not old.refresh_is_valid():
            raise OAuthError(400, "invalid_grant", "Invalid grant: refresh_token is invalid")
        old.refresh_revoked = True
        old.save(update_fields=["refresh_revoked"])
        return AccessToken.objects.create(
            grant=old.grant, user=old.user, company=old.company, scope=old.scope
        )


def revoke(token: str | None, hint: str | None = None) -> None:
    """Revoking a refresh token ends the grant (the app is uninstalled, its webhooks go);
    revoking an access token kills only that token. Unknown tokens are ignored."""
    if not token:
        return
    with transaction.atomic():
        by_refresh = AccessToken.objects.filter(refresh_token=token).first()
        if by_refresh is not None and hint != "access_token":
            AccessToken.objects.filter(grant=by_refresh.grant).update(
                revoked=True, refresh_revoked=True
            )
            Webhook.objects.filter(
                company=by_refresh.company, user=by_refresh.user, type="application"
            ).delete()
            return
        AccessToken.objects.filter(access_token=token).update(revoked=True)


def token_response(token: AccessToken) -> dict:
    return {
        "access_token": token.access_token,
        "token_type": "Bearer",
        "refresh_token": token.refresh_token,
        "scope": token.scope,
        "expires_in": 3599,
        "api_domain": f"{settings.SITE_URL}/sandbox/pipedrive",
    }
