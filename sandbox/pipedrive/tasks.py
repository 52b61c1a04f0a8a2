"""django-q entry points of the Pipedrive sandbox."""

from django_q.models import Schedule

from config import lanes

from .delivery import deliver_due_webhooks, next_pending_time

RETRY_SCHEDULE = "sandbox-pipedrive-webhook-retry"


def deliver_webhooks() -> int:
    """Send what is due, then book a one-off run for the next retry still waiting."""
    sent = deliver_due_webhooks()
    due = next_pending_time()
    if due is not None:
        Schedule.objects.update_or_create(
            name=RETRY_SCHEDULE,
            defaults={
                "func": "sandbox.pipedrive.tasks.deliver_webhooks",
                "schedule_type": Schedule.ONCE,
                "repeats": -1,
                "next_run": due,
                "cluster": lanes.HOUSEKEEPING,
            },
        )
    return sent
