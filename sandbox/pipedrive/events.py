"""Webhook events: one outbox row per matching subscription, written in the transaction that
changed the data; delivery runs later in the background (delivery.py, tasks.py)."""

import datetime as dt
import logging
import uuid

from django.db import transaction
from django.utils import timezone

from .models import Company, PersonField, User, Webhook, WebhookDelivery
from .serializers import (
    activity_v2,
    deal_v2,
    organization_v2,
    person_v2,
    wrap_custom_fields,
)

logger = logging.getLogger(__name__)

API = "api"  # change made through the API
APP = "app"  # change made in the (simulated) web app: the play pages


def person_field_types(company: Company) -> dict[str, str]:
    return dict(
        PersonField.objects.filter(company=company, is_custom=True).values_list(
            "key", "field_type"
        )
    )


def person_event_data(person, field_types: dict[str, str]) -> dict:
    data = person_v2(person, list(field_types))
    data["custom_fields"] = wrap_custom_fields(data["custom_fields"], field_types)
    return data


def entity_event_data(entity: str, obj, field_types: dict[str, str] | None = None) -> dict:
    if entity == "person":
        return person_event_data(obj, field_types or {})
    if entity == "organization":
        return organization_v2(obj, [])
    if entity == "deal":
        return deal_v2(obj)
    if entity == "activity":
        return activity_v2(obj)
    raise ValueError(entity)


def changed_fields(before: dict, after: dict) -> dict:
    """`previous` of a change event: the old values of the fields that changed."""
    previous = {}
    for key, old in before.items():
        if key == "update_time":
            continue
        new = after.get(key)
        if isinstance(old, dict) and isinstance(new, dict) and key == "custom_fields":
            inner = {k: v for k, v in old.items() if new.get(k) != v}
            inner.update({k: None for k in new if k not in old})
            if inner:
                previous[key] = inner
        elif old != new:
            previous[key] = old
    return previous


def record_event(
    *,
    company: Company,
    user: User,
    entity: str,
    entity_id: int,
    action: str,
    data: dict | None,
    previous: dict | None,
    source: str,
    extra_meta: dict | None = None,
) -> int:
    """Queue the event for every matching subscription; returns how many rows were written.
    A banned subscription misses it: Pipedrive drops events during a ban (delivery.py)."""
    now = timezone.now()
    subscriptions = [
        hook
        for hook in Webhook.objects.filter(company=company, is_active=True)
        if hook.matches(action, entity) and not hook.is_banned(now)
    ]
    if not subscriptions:
        return 0
    event_id = str(uuid.uuid4())
    permitted = [str(pk) for pk in company.users.values_list("id", flat=True)]
    rows = []
    for hook in subscriptions:
        meta = {
            "action": action,
            "entity": entity,
            "entity_id": str(entity_id),
            "id": event_id,
            "company_id": str(company.id),
            "user_id": str(user.id),
            "correlation_id": str(uuid.uuid4()),
            "is_bulk_edit": False,
            "timestamp": now.astimezone(dt.UTC).isoformat(timespec="milliseconds")[:-6] + "Z",
            "type": hook.type,
            "version": "2.0",
            "webhook_id": str(hook.id),
            "webhook_owner_id": str(hook.user_id),
            "change_source": source,
            "attempt": 1,
            "host": company.host,
            "permitted_user_ids": permitted,
            **(extra_meta or {}),
        }
        payload = {"meta": meta, "data": data, "previous": previous}
        rows.append(WebhookDelivery(webhook=hook, payload=payload, next_attempt_at=now))
    WebhookDelivery.objects.bulk_create(rows)
    transaction.on_commit(enqueue_delivery)
    return len(rows)


def enqueue_delivery() -> None:
    from django_q.tasks import async_task

    from config.lanes import HOUSEKEEPING

    try:
        async_task("sandbox.pipedrive.tasks.deliver_webhooks", cluster=HOUSEKEEPING)
    except Exception:
        # The rows stay pending; the next change or the retry schedule picks them up.
        logger.exception("sandbox webhook delivery could not be enqueued")
