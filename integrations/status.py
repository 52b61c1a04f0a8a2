"""Status changes of an integration (R6.2, R8)."""

import logging

from django.db import transaction

from integrations.models import Integration, PipedriveConnection, Status

logger = logging.getLogger(__name__)


def set_status(integration: Integration, status: str, *, reason: str = "") -> None:
    Integration.objects.filter(pk=integration.pk).update(status=status, status_reason=reason)
    integration.status = status
    integration.status_reason = reason


@transaction.atomic
def mark_connection_failed(integration: Integration, *, reason: str, auth_lost: bool) -> None:
    """Connection failed: nothing moves until the user fixes it (usually: Reconnect)."""
    logger.warning("integration=%s connection failed auth_lost=%s", integration.pk, auth_lost)
    if auth_lost:
        PipedriveConnection.objects.filter(integration=integration).update(is_broken=True)
    set_status(integration, Status.FAILED, reason=reason)
