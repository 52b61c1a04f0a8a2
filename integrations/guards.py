"""Lost access to either app turns the integration to Connection failed (R8), with why as
data (StatusCause) and what the app said as detail; the error is then raised on, so the
caller's unit of work waits (an event, a transfer step) instead of failing record by record."""

from contextlib import contextmanager

from integrations.clients.errors import ApiError, AuthError, BillingError, ForbiddenError
from integrations.clients.snovio import SnovioClient
from integrations.models import StatusCause
from integrations.status import mark_connection_failed

PIPEDRIVE_CAUSES = {
    AuthError: StatusCause.PIPEDRIVE_AUTH_LOST,
    BillingError: StatusCause.PIPEDRIVE_UNPAID,
    ForbiddenError: StatusCause.PIPEDRIVE_FORBIDDEN,
}


class SnovioConnectionLost(ApiError):
    """Snov.io refused our credentials or access: the integration is Connection failed."""

    reason_code = "snovio_auth"


@contextmanager
def guard_pipedrive(integration):
    """Pipedrive's lost authorisation (401 after a refresh, invalid_grant), an unpaid account
    (402) or a refusal (403) → Connection failed; re-raised."""
    try:
        yield
    except (AuthError, BillingError, ForbiddenError) as exc:
        cause = PIPEDRIVE_CAUSES[type(exc)]
        mark_connection_failed(integration, cause=cause, detail=exc.message)
        raise


@contextmanager
def guard_snovio(integration):
    """Snov.io auth/permission errors → Connection failed, re-raised as SnovioConnectionLost
    (not an AuthError, so guard_pipedrive around it leaves the Pipedrive connection alone)."""
    try:
        yield
    except (AuthError, BillingError, ForbiddenError) as exc:
        if exc.app != SnovioClient.app:
            raise
        detail = exc.message
        mark_connection_failed(integration, cause=StatusCause.SNOVIO_ACCESS_LOST, detail=detail)
        raise SnovioConnectionLost(exc.message, status=exc.status, app=exc.app) from exc
