"""Access tokens: client-credentials grant, and where a request may carry the token."""

import datetime as dt
import secrets

from django.utils import timezone

from sandbox.snovio.models import AccessToken, Account


def issue_token(account: Account, *, now: dt.datetime | None = None) -> AccessToken:
    now = now or timezone.now()
    return AccessToken.objects.create(
        account=account,
        token=secrets.token_hex(20),
        created_at=now,
        expires_at=now + dt.timedelta(seconds=AccessToken.LIFETIME_SECONDS),
    )


def account_for_credentials(client_id: str, client_secret: str) -> Account | None:
    account = Account.objects.filter(client_id=client_id).first()
    if account and secrets.compare_digest(account.client_secret, client_secret):
        return account
    return None


def token_from_request(request, params: dict) -> str:
    """Bearer header, then a bare Authorization header, then an `access_token` parameter."""
    header = request.headers.get("Authorization", "").strip()
    if header.lower().startswith("bearer "):
        return header[7:].strip()
    if header:
        return header
    token = params.get("access_token", "")
    return token if isinstance(token, str) else ""


def account_for_token(token: str, *, now: dt.datetime | None = None) -> tuple[Account | None, str]:
    """The token's account, or None and why it was refused."""
    if not token:
        return None, "The access token is missing"
    found = AccessToken.objects.select_related("account").filter(token=token).first()
    if found is None:
        return None, "The access token is invalid"
    if found.expires_at <= (now or timezone.now()):
        return None, "The access token has expired"
    return found.account, ""
