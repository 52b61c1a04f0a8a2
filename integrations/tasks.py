"""django-q2 entry points: load by id, call one service. They may run twice."""

import logging

from django.utils.translation import gettext_noop

from config import lanes
from integrations.clients.errors import ApiError
from integrations.lifecycle import record_settings_change
from integrations.models import Integration, RefreshState, RemoteSchema
from syncengine.schema_refresh import refresh_schema
from syncengine.webhook_registration import sync_webhooks

logger = logging.getLogger(__name__)

# Stored as written (RemoteSchema.refresh_error) and translated by the page that shows them.
NOT_CONNECTED = gettext_noop("Connect both Snov.io and Pipedrive first.")
UNEXPECTED = gettext_noop(
    "Something went wrong on our side while loading. Press Refresh to try again."
)


def request_schema_refresh(integration: Integration) -> None:
    """Load lists, fields, pipelines and users in the background; the page shows it waiting."""
    RemoteSchema.mark_refresh(integration, RefreshState.PENDING)
    lanes.enqueue_on_commit(lanes.REFRESH_SCHEMA, integration.pk)


def refresh_schema_task(integration_id: int) -> None:
    integration = Integration.objects.filter(pk=integration_id).first()
    if integration is None:
        return
    if integration.snovio is None or integration.pipedrive is None:
        RemoteSchema.mark_refresh(integration, RefreshState.FAILED, NOT_CONNECTED)
        return
    RemoteSchema.mark_refresh(integration, RefreshState.RUNNING)
    try:
        refresh_schema(integration=integration)
    except ApiError as exc:
        # The page shows the reason and offers Refresh again.
        logger.warning("schema refresh failed integration=%s: %s", integration_id, exc)
        RemoteSchema.mark_refresh(integration, RefreshState.FAILED, str(exc))
        return
    except Exception:
        RemoteSchema.mark_refresh(integration, RefreshState.FAILED, UNEXPECTED)
        raise
    RemoteSchema.mark_refresh(integration, RefreshState.IDLE)
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
