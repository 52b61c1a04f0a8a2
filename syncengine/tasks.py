"""django-q2 entry points: take ids, call one service (they may run twice: the services are
idempotent)."""

from integrations.models import Integration
from syncengine import retry
from syncengine.realtime import drain


def drain_integration(integration_id: int) -> int:
    return drain.drain(int(integration_id))


def retry_failed(integration_id: int, entry_ids: list[int] | None = None) -> int:
    integration = Integration.objects.filter(pk=integration_id).first()
    if integration is None:
        return 0
    return retry.retry_failed(integration=integration, entry_ids=entry_ids)
