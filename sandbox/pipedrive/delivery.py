"""Sending queued webhook events: POST JSON, Basic auth, 10 s timeout; retries after 3 s,
30 s and 150 s (attempts 1–4), then the delivery is failed.

Pipedrive's ban system (https://pipedrive.readme.io/docs/guide-for-webhooks): every failed
first attempt counts; at 10 the webhook is banned for 30 minutes (events meanwhile are dropped,
not queued: events.py) and the count starts again. A webhook with no successful delivery for
3 days is deleted. Guesses (sandbox/GUESSES.md): the count is of failures in a row (a success
clears it), retries already queued still go out during a ban, and a banned webhook shows
`is_active: 0` until the ban ends."""

import copy
import datetime as dt
import logging

import requests
from django.db.models import F
from django.utils import timezone

from .models import DeliveryStatus, WebhookDelivery

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 10
RETRY_DELAYS = (3, 30, 150)  # seconds after attempt 1, 2, 3
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1
BAN_AFTER_FIRST_TRY_FAILURES = 10
BAN = dt.timedelta(minutes=30)
DELETE_AFTER_FAILING = dt.timedelta(days=3)


def deliver_due_webhooks(now=None, *, limit: int = 200) -> int:
    """Send every pending delivery whose time has come; returns how many were sent."""
    now = now or timezone.now()
    due = WebhookDelivery.objects.filter(
        status=DeliveryStatus.PENDING, next_attempt_at__lte=now
    ).order_by("next_attempt_at", "id")
    sent = 0
    for delivery_id, attempt in due.values_list("id", "attempt")[:limit]:
        # Claim the row: a concurrent worker that read the same attempt gets 0 rows.
        claimed = WebhookDelivery.objects.filter(
            id=delivery_id, status=DeliveryStatus.PENDING, attempt=attempt
        ).update(attempt=F("attempt") + 1)
        if claimed:
            _send(WebhookDelivery.objects.select_related("webhook").get(id=delivery_id), now)
            sent += 1
    return sent


def next_attempt_delay(attempt: int) -> int | None:
    """Seconds to wait after failed attempt number `attempt` (1-based); None: give up."""
    return RETRY_DELAYS[attempt - 1] if attempt <= len(RETRY_DELAYS) else None


def _send(delivery: WebhookDelivery, now: dt.datetime) -> None:
    hook = delivery.webhook
    payload = copy.deepcopy(delivery.payload)
    payload["meta"]["attempt"] = delivery.attempt
    auth = (hook.http_auth_user, hook.http_auth_password or "") if hook.http_auth_user else None
    status, error = None, ""
    try:
        response = requests.post(
            hook.subscription_url,
            json=payload,
            auth=auth,
            timeout=TIMEOUT_SECONDS,
            headers={"User-Agent": "Pipedrive-Webhook"},
        )
        status = response.status_code
    except requests.RequestException as exc:
        error = f"{type(exc).__name__}: {exc}"[:500]
    delivery.last_http_status = status
    delivery.last_error = error
    if status is not None and 200 <= status < 300:
        delivery.status = DeliveryStatus.DELIVERED
        delivery.delivered_at = now
    else:
        delay = next_attempt_delay(delivery.attempt)
        if delay is None:
            delivery.status = DeliveryStatus.FAILED
        else:
            delivery.next_attempt_at = now + dt.timedelta(seconds=delay)
        logger.info("sandbox webhook %s attempt %s failed", delivery.id, delivery.attempt)
    delivery.save()
    hook.last_delivery_time = now
    hook.last_http_status = status
    if delivery.status == DeliveryStatus.DELIVERED:
        hook.first_try_failures, hook.failing_since = 0, None
    else:
        judge_failure(hook, first_try=delivery.attempt == 1, now=now)
    if hook.pk is not None:
        hook.save(
            update_fields=[
                "last_delivery_time",
                "last_http_status",
                "first_try_failures",
                "banned_until",
                "failing_since",
            ]
        )


def judge_failure(hook, *, first_try: bool, now: dt.datetime) -> None:
    """A failed attempt: counted towards a ban if it was the first; 3 days without success
    delete the webhook."""
    hook.failing_since = hook.failing_since or now
    if now - hook.failing_since >= DELETE_AFTER_FAILING:
        logger.info("sandbox webhook %s deleted after 3 days of failures", hook.pk)
        hook.delete()
        return
    if not first_try:
        return
    hook.first_try_failures += 1
    if hook.first_try_failures >= BAN_AFTER_FIRST_TRY_FAILURES:
        hook.banned_until = now + BAN
        hook.first_try_failures = 0
        logger.info("sandbox webhook %s banned until %s", hook.pk, hook.banned_until)


def next_pending_time():
    row = (
        WebhookDelivery.objects.filter(status=DeliveryStatus.PENDING)
        .order_by("next_attempt_at")
        .values_list("next_attempt_at", flat=True)
        .first()
    )
    return row
