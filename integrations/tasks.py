"""django-q2 entry points: load by id, call one service. They may run twice."""

import logging

from integrations.clients.errors import ApiError
from integrations.lifecycle import record_settings_change
from integrations.models import Integration
from syncengine.schema_refresh import refresh_schema
from syncengine.webhook_registration import sync_webhooks

logger = logging.getLogger(__name__)


def refresh_schema_task(integration_id: int) -> None:
    integration = Integration.objects.filter(pk=integration_id).first()
    if integration is None or integration.snovio is None or integration.pipedrive is None:
        return
    try:
        refresh_schema(integration=integration)
    except ApiError as exc:
        # The page keeps offering Refresh; the reason is in the log for support.
        logger.warning("schema refresh failed integration=%s: %s", integration_id, exc)
        return
    record_settings_change(integration=integration)


def sync_webhooks_task(integration_id: int) -> None:
    integration = Integration.objects.filter(pk=integration_id).first()
    if integration is None:
        return
    try:
        sync_webhooks(integration=integration)
    except ApiError as exc:
        # The scheduler's tick checks the webhooks again later (syncengine.scheduler).
        logger.warning(
            "webhook sync failed integration=%s reason=%s", integration_id, exc.reason_code
        )
