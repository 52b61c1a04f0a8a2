"""Background work of the emulated Snov.io (django-q2)."""

from django.db.models import Min
from django.utils import timezone
from django_q.models import Schedule
from django_q.tasks import async_task

from config import lanes
from sandbox.snovio.delivery import deliver_due_webhooks
from sandbox.snovio.models import DeliveryStatus, WebhookDelivery

TASK = "sandbox.snovio.tasks.deliver_webhooks"
RETRY_SCHEDULE = "sandbox-snovio-webhook-retries"


def deliver_webhooks() -> int:
    """Deliver what is due, then book a run for the next retry waiting in the outbox."""
    delivered = deliver_due_webhooks()
    schedule_next_delivery()
    return delivered


def enqueue_delivery() -> None:
    async_task(TASK, cluster=lanes.HOUSEKEEPING)


def schedule_next_delivery() -> None:
    pending = WebhookDelivery.objects.filter(status=DeliveryStatus.PENDING)
    next_at = pending.aggregate(at=Min("next_attempt_at"))["at"]
    if next_at is None or next_at <= timezone.now():
        return
    Schedule.objects.update_or_create(
        name=RETRY_SCHEDULE,
        defaults={
            "func": TASK,
            "schedule_type": Schedule.ONCE,
            "next_run": next_at,
            "repeats": -1,
            "cluster": lanes.HOUSEKEEPING,
        },
    )
