"""Connecting, reconnecting and disconnecting the two apps (R1)."""

import datetime as dt
import logging

from django.db import transaction
from django.utils import timezone

from integrations import connections
from integrations.clients.errors import ApiError
from integrations.clients.pipedrive import ApiTokenAuth, BearerAuth, PipedriveClient
from integrations.clients.pipedrive_oauth import TokenSet, revoke_token
from integrations.guards import guard_pipedrive
from integrations.lifecycle import resume_integration
from integrations.models import (
    AuthMethod,
    Integration,
    PipedriveConnection,
    SnovioConnection,
    Status,
    StatusCause,
)
from integrations.status import set_status
from integrations.tasks import request_schema_refresh

logger = logging.getLogger(__name__)


def get_or_create_integration(*, user) -> Integration:
    integration, _ = Integration.objects.get_or_create(owner=user)
    return integration


def connect_snovio(*, integration: Integration, client_id: str, client_secret: str) -> None:
    """Check the pair against Snov.io (token, then balance) and store it only if it works.

    Raises AuthError for a wrong pair, ApiError for anything else Snov.io answers."""
    candidate = SnovioConnection(
        integration=integration, client_id=client_id, client_secret=client_secret
    )
    client = connections.snovio_client(candidate)
    client.get_access_token()
    client.get_balance()
    with transaction.atomic():
        SnovioConnection.objects.update_or_create(
            integration=integration,
            defaults={
                "client_id": client_id,
                "client_secret": client_secret,
                "access_token": candidate.access_token,
                "token_expires_at": candidate.token_expires_at,
                "connected_at": timezone.now(),
            },
        )
        _settle_status_after_connect(integration, "snovio")


def disconnect_snovio(*, integration: Integration) -> None:
    _remove_webhooks(integration)
    with transaction.atomic():
        SnovioConnection.objects.filter(integration=integration).delete()
        set_status(integration, Status.SETUP, cause=StatusCause.SNOVIO_DISCONNECTED)


def connect_pipedrive(*, integration: Integration, tokens: TokenSet) -> PipedriveConnection:
    """Store a fresh OAuth grant (connect or reconnect). Settings are kept; status is Paused."""
    auth = BearerAuth(get_token=lambda: tokens.access_token, refresh=lambda: False)
    client = PipedriveClient(api_domain=tokens.api_domain, auth=auth)
    me = client.get_current_user()
    with transaction.atomic():
        connection, _ = PipedriveConnection.objects.update_or_create(
            integration=integration,
            defaults={
                "auth_method": AuthMethod.OAUTH,
                "access_token": tokens.access_token,
                "refresh_token": tokens.refresh_token,
                "api_token": "",
                "expires_at": timezone.now() + dt.timedelta(seconds=tokens.expires_in),
                "scope": tokens.scope,
                "api_domain": tokens.api_domain,
                "connected_at": timezone.now(),
                **_identity(me),
            },
        )
        _settle_status_after_connect(integration, "pipedrive")
    return connection


def connect_pipedrive_with_api_token(
    *, integration: Integration, api_token: str, api_url: str
) -> PipedriveConnection:
    """Import a connection made by the old method (R1.5): stored, but kept Paused."""
    me = PipedriveClient(api_domain=api_url, auth=ApiTokenAuth(api_token)).get_current_user()
    with transaction.atomic():
        connection, _ = PipedriveConnection.objects.update_or_create(
            integration=integration,
            defaults={
                "auth_method": AuthMethod.API_TOKEN,
                "api_token": api_token,
                "access_token": "",
                "refresh_token": "",
                "expires_at": None,
                "api_domain": api_url,
                **_identity(me),
            },
        )
        pause_legacy_connection(integration=integration)
    return connection


def _identity(me) -> dict:
    """Who the connection acts as, from Pipedrive's users/me; a fresh grant is not broken."""
    return {
        "company_id": me.company_id,
        "company_name": me.company_name or "",
        "company_domain": me.company_domain or "",
        "user_id": me.id,
        "user_name": me.name,
        "is_broken": False,
    }


def pause_legacy_connection(*, integration: Integration) -> bool:
    """R1.5: an API-token connection never syncs in real time. True if it was paused now."""
    pd = integration.pipedrive
    if pd is None or pd.auth_method != AuthMethod.API_TOKEN:
        return False
    if (
        integration.status == Status.PAUSED
        and integration.status_cause == StatusCause.LEGACY_TOKEN
    ):
        return False
    set_status(integration, Status.PAUSED, cause=StatusCause.LEGACY_TOKEN)
    return True


def disconnect_pipedrive(*, integration: Integration) -> None:
    """Revoke the grant at Pipedrive and forget the tokens; settings stay."""
    connection = integration.pipedrive
    if connection is None:
        return
    _remove_webhooks(integration)
    if connection.auth_method == AuthMethod.OAUTH and connection.refresh_token:
        try:
            revoke_token(connection.refresh_token, hint="refresh_token")
        except ApiError as exc:
            # The tokens are deleted here anyway; an unrevoked grant expires on its own.
            logger.warning("pipedrive revoke failed integration=%s: %s", integration.pk, exc)
    with transaction.atomic():
        connection.delete()
        set_status(integration, Status.SETUP, cause=StatusCause.PIPEDRIVE_DISCONNECTED)


def check_pipedrive_connection(*, integration: Integration) -> None:
    """Ask Pipedrive who we are; failures mark the integration as Connection failed."""
    with guard_pipedrive(integration):
        connections.pipedrive_client(integration.pipedrive).get_current_user()


def _remove_webhooks(integration: Integration) -> None:
    """R1.6, before the credentials go (so inline, not in a task); failures are only logged."""
    from syncengine.webhook_registration import remove_webhooks

    remove_webhooks(integration=integration)


# Failures a new connection to that app mends: a launched integration then syncs again (if
# its settings still hold) instead of waiting for a Resume nobody knows is needed.
MENDED_BY_CONNECTING = {
    "pipedrive": {
        StatusCause.LEGACY_TOKEN,
        StatusCause.PIPEDRIVE_AUTH_LOST,
        StatusCause.PIPEDRIVE_UNPAID,
        StatusCause.PIPEDRIVE_FORBIDDEN,
    },
    "snovio": {StatusCause.SNOVIO_ACCESS_LOST},
}


def _settle_status_after_connect(integration: Integration, app: str) -> None:
    """Not both connected: Not connected. An old API-token connection: Paused (R1.5). A failure
    this connection mends: a launched integration resumes, a new one is Paused until launch.
    Otherwise a renewed grant leaves the status as it was (Active stays Active)."""
    integration.refresh_from_db()
    if integration.snovio is None or integration.pipedrive is None:
        set_status(integration, Status.SETUP)
        return
    _settle_connected(integration, mended=integration.status_cause in MENDED_BY_CONNECTING[app])
    # Load lists, fields and users in the background, so the settings page can offer them.
    request_schema_refresh(integration)


def _settle_connected(integration: Integration, *, mended: bool) -> None:
    if pause_legacy_connection(integration=integration):
        return
    if mended and integration.is_launched:
        resume_integration(integration=integration)
    elif mended or integration.status in (Status.SETUP, Status.FAILED):
        set_status(integration, Status.PAUSED)
