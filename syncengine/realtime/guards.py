"""Lost access to Snov.io, the counterpart of integrations.services.guard_pipedrive (R8)."""

from contextlib import contextmanager

from integrations.clients.errors import ApiError, AuthError, BillingError, ForbiddenError
from integrations.clients.snovio import SnovioClient
from integrations.status import mark_connection_failed


class SnovioConnectionLost(ApiError):
    """Snov.io refused our credentials or access: the integration is Connection failed."""

    reason_code = "snovio_auth"


@contextmanager
def guard_snovio(integration):
    """Snov.io auth/permission errors → Connection failed, re-raised as SnovioConnectionLost
    (not an AuthError, so guard_pipedrive around it leaves the Pipedrive connection alone)."""
    try:
        yield
    except (AuthError, BillingError, ForbiddenError) as exc:
        if exc.app != SnovioClient.app:
            raise
        reason = f"Snov.io refused access ({exc.message}). Check the API credentials."
        mark_connection_failed(integration, reason=reason, auth_lost=False)
        raise SnovioConnectionLost(exc.message, status=exc.status, app=exc.app) from exc
