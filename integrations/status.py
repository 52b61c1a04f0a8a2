"""Status changes of an integration (R6.2, R8), and the one sentence that explains a status.

Why a status was set is data (`Integration.status_cause`, plus what the remote app said in
`status_detail`); the sentence a person reads (`Integration.status_message`) is built from
both, so rewording it never changes behaviour."""

import logging

from django.db import transaction

from integrations.models import Integration, PipedriveConnection, Status, StatusCause

logger = logging.getLogger(__name__)


def set_status(
    integration: Integration, status: str, *, cause: str = StatusCause.NONE, detail: str = ""
) -> None:
    fields = {"status": status, "status_cause": cause, "status_detail": detail}
    Integration.objects.filter(pk=integration.pk).update(**fields)
    for name, value in fields.items():
        setattr(integration, name, value)


@transaction.atomic
def mark_connection_failed(integration: Integration, *, cause: str, detail: str = "") -> None:
    """Connection failed: nothing moves until the user fixes it (usually: Reconnect).
    Lost Pipedrive authorisation also marks the connection broken (Reconnect is offered)."""
    logger.warning("integration=%s connection failed cause=%s", integration.pk, cause)
    if cause == StatusCause.PIPEDRIVE_AUTH_LOST:
        PipedriveConnection.objects.filter(integration=integration).update(is_broken=True)
    set_status(integration, Status.FAILED, cause=cause, detail=detail)
