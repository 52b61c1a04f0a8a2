"""Build API clients for an integration's stored connections.

Pipedrive access tokens live about an hour. They are refreshed shortly before expiry under a
row lock, so two workers never spend the same refresh token (Pipedrive rotates it and refuses
an already used one), and the new pair is saved in the same transaction.
"""

import datetime as dt
import logging

from django.db import transaction
from django.utils import timezone

from integrations.clients import pipedrive_oauth
from integrations.clients.pipedrive import (
    ApiTokenAuth,
    BearerAuth,
    PipedriveClient,
)
from integrations.clients.snovio import SnovioClient
from integrations.limits.pipedrive import make_limiter as make_pipedrive_limiter
from integrations.limits.snovio import make_limiter as make_snovio_limiter
from integrations.models import AuthMethod, PipedriveConnection, SnovioConnection, StatusCause
from integrations.status import mark_connection_failed

logger = logging.getLogger(__name__)

REFRESH_MARGIN_SECONDS = 120


class SnovioTokenStore:
    """Caches Snov.io's one-hour access token on the connection row (encrypted)."""

    def __init__(self, connection: SnovioConnection):
        self.connection = connection

    def load(self):
        conn = self.connection
        if not conn.access_token or conn.token_expires_at is None:
            return None
        return conn.access_token, conn.token_expires_at

    def save(self, token: str, expires_at: dt.datetime) -> None:
        self.connection.access_token = token
        self.connection.token_expires_at = expires_at
        if self.connection.pk is not None:
            SnovioConnection.objects.filter(pk=self.connection.pk).update(
                access_token=self.connection.access_token, token_expires_at=expires_at
            )


def snovio_client(connection: SnovioConnection) -> SnovioClient:
    return SnovioClient(
        client_id=connection.client_id,
        client_secret=connection.client_secret,
        token_store=SnovioTokenStore(connection),
        limiter=make_snovio_limiter(connection.client_id),
    )


def pipedrive_client(connection: PipedriveConnection) -> PipedriveClient:
    auth: ApiTokenAuth | BearerAuth
    if connection.auth_method == AuthMethod.API_TOKEN:
        auth = ApiTokenAuth(connection.api_token)
    else:
        auth = BearerAuth(
            get_token=lambda: fresh_access_token(connection),
            refresh=lambda: force_refresh(connection),
        )
    return PipedriveClient(
        api_domain=connection.api_domain,
        auth=auth,
        limiter=make_pipedrive_limiter(connection.company_id or connection.pk),
    )


def fresh_access_token(connection: PipedriveConnection) -> str:
    """The connection's access token, refreshed first if it expires soon."""
    if connection.access_token_expires_within(REFRESH_MARGIN_SECONDS):
        refresh_access_token(connection, force=False)
    return connection.access_token


def force_refresh(connection: PipedriveConnection) -> bool:
    """After a 401: refresh once. False when the grant is gone (connection marked failed)."""
    return refresh_access_token(connection, force=True)


def refresh_access_token(connection: PipedriveConnection, *, force: bool) -> bool:
    seen_token = connection.access_token
    try:
        with transaction.atomic():
            locked = PipedriveConnection.objects.select_for_update().get(pk=connection.pk)
            another_worker_refreshed = locked.access_token != seen_token
            if another_worker_refreshed or not (
                force or locked.access_token_expires_within(REFRESH_MARGIN_SECONDS)
            ):
                _copy_tokens(locked, connection)
                return True
            tokens = pipedrive_oauth.refresh_tokens(locked.refresh_token)
            locked.access_token = tokens.access_token
            locked.refresh_token = tokens.refresh_token or locked.refresh_token
            locked.expires_at = timezone.now() + dt.timedelta(seconds=tokens.expires_in)
            locked.api_domain = tokens.api_domain or locked.api_domain
            locked.save(
                update_fields=["access_token", "refresh_token", "expires_at", "api_domain"]
            )
            _copy_tokens(locked, connection)
            return True
    except pipedrive_oauth.OAuthError as exc:
        logger.warning(
            "pipedrive token refresh refused integration=%s reason=%s",
            connection.integration_id,
            exc.error,
        )
        mark_connection_failed(
            connection.integration, cause=StatusCause.PIPEDRIVE_AUTH_LOST, detail=exc.message
        )
        return False


def _copy_tokens(source: PipedriveConnection, target: PipedriveConnection) -> None:
    target.access_token = source.access_token
    target.refresh_token = source.refresh_token
    target.expires_at = source.expires_at
    target.api_domain = source.api_domain
