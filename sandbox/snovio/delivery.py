"""Sending queued webhook deliveries: JSON POST, 3 s to answer 2xx, a retry ladder, then the
subscription is deactivated (https://snov.io/api#webhooks)."""

import datetime as dt
import logging

import requests
from django.conf import settings
from django.utils import timezone

from sandbox.snovio.models import (
    DeliveryStatus,
    WebhookDelivery,
    WebhookStatus,
)

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 3
# Waits after attempts 1..6; the 7th failure deactivates. Override with the setting
# SANDBOX_SNOVIO_WEBHOOK_RETRY_DELAYS (seconds).
DEFAULT_RETRY_DELAYS = (20 * 60, 40 * 60, 60 * 60, 4 * 3600, 8 * 3600, 24 * 3600)
CLAIM_SECONDS = 60


def retry_delays() -> tuple[int, ...]:
    return tuple(getattr(settings, "SANDBOX_SNOVIO_WEBHOOK_RETRY_DELAYS", DEFAULT_RETRY_DELAYS))


def deliver_due_webhooks(now: dt.datetime | None = None) -> int:
    """Attempt every pending delivery that is due; return how many were delivered."""
    now = now or timezone.now()
    due = WebhookDelivery.objects.filter(
        status=DeliveryStatus.PENDING, next_attempt_at__lte=now
    ).select_related("webhook")
    return sum(attempt_delivery(delivery, now=now) for delivery in due.order_by("pk"))


def _claim(delivery: WebhookDelivery, now: dt.datetime) -> bool:
    """Take the delivery so a concurrent run skips it (each attempt is made once)."""
    claimed = WebhookDelivery.objects.filter(
        pk=delivery.pk, status=DeliveryStatus.PENDING, attempts=delivery.attempts
    ).update(next_attempt_at=now + dt.timedelta(seconds=CLAIM_SECONDS))
    return claimed == 1


def attempt_delivery(delivery: WebhookDelivery, *, now: dt.datetime) -> bool:
    if not _claim(delivery, now):
        return False
    webhook = delivery.webhook
    if webhook.status != WebhookStatus.ACTIVE:
        delivery.status = DeliveryStatus.SKIPPED
        delivery.save(update_fields=["status"])
        return False
    status_code, error = post_payload(webhook.end_point, delivery.payload)
    delivery.attempts += 1
    delivery.last_status_code, delivery.last_error = status_code, error
    if not error:
        delivery.status, delivery.delivered_at = DeliveryStatus.DELIVERED, now
    else:
        _schedule_retry_or_give_up(delivery, now)
    delivery.save()
    return not error


def _schedule_retry_or_give_up(delivery: WebhookDelivery, now: dt.datetime) -> None:
    delays = retry_delays()
    if delivery.attempts <= len(delays):
        delay = delays[delivery.attempts - 1]
        delivery.next_attempt_at = now + dt.timedelta(seconds=delay)
        return
    delivery.status = DeliveryStatus.FAILED
    webhook = delivery.webhook
    webhook.status = WebhookStatus.DEACTIVATED
    webhook.save(update_fields=["status"])
    logger.info(
        "sandbox Snov.io webhook %s deactivated after %s attempts", webhook.pk, delivery.attempts
    )


def post_payload(url: str, payload: dict) -> tuple[int | None, str]:
    """POST the JSON; return (status code, error text — empty on a 2xx)."""
    try:
        response = requests.post(url, json=payload, timeout=TIMEOUT_SECONDS)
    except requests.Timeout:
        return None, f"no answer within {TIMEOUT_SECONDS} s"
    except requests.RequestException as exc:
        return None, f"could not connect: {exc.__class__.__name__}"
    if 200 <= response.status_code < 300:
        return response.status_code, ""
    return response.status_code, f"HTTP {response.status_code}: {response.text[:200]}"
