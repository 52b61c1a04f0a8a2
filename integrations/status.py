"""Status changes of an integration (R6.2, R8), and the one sentence that explains a status.

Why a status was set is data (`Integration.status_cause`, plus what the remote app said in
`status_detail`); the sentence a person reads (`Integration.status_message`) is built from
both, so rewording it never changes behaviour."""

import logging

from django.db import transaction

from config import lanes
from integrations.models import (
    ConnectionFailure,
    Integration,
    PipedriveConnection,
    Status,
    StatusCause,
)

logger = logging.getLogger(__name__)


@transaction.atomic
def set_status(
    integration: Integration, status: str, *, cause: str = StatusCause.NONE, detail: str = ""
) -> None:
    """Going to Connection failed is recorded with the change (a ConnectionFailure row, the
    owner's email is sent from it by a task after commit): once per transition, since only the
    update that changes the status records it."""
    fields = {"status": status, "status_cause": cause, "status_detail": detail}
    rows = Integration.objects.filter(pk=integration.pk)
    changed = rows.exclude(status=status).update(**fields)
    if not changed:
        rows.update(**fields)
    for name, value in fields.items():
        setattr(integration, name, value)
    if changed and status == Status.FAILED:
        failure = ConnectionFailure.objects.create(
            integration=integration, cause=cause, detail=detail
        )
        lanes.enqueue_on_commit(lanes.NOTIFY_CONNECTION_FAILURE, failure.pk)


@transaction.atomic
def mark_connection_failed(integration: Integration, *, cause: str, detail: str = "") -> None:
    """Connection failed: nothing moves until the user fixes it (usually: Reconnect).
    Lost Pipedrive authorisation (or the app removed from Pipedrive) also marks the connection
    broken (Reconnect is offered)."""
    logger.warning("integration=%s connection failed cause=%s", integration.pk, cause)
    if cause in (StatusCause.PIPEDRIVE_AUTH_LOST, StatusCause.APP_UNINSTALLED):
        PipedriveConnection.objects.filter(integration=integration).update(is_broken=True)
    set_status(integration, Status.FAILED, cause=cause, detail=detail)
