"""Turn what changed remotely into InboundEvents, for what webhooks do not bring.

Snov.io has no webhook for prospect edits, so the lists taking part are read (5000 per page)
and prospects whose mapped values differ from what we last saw become `prospect.change`
events. Pipedrive drops webhooks sometimes (B8), so persons `updated_since` the watermark
become `person.change` events shaped like a v2.0 webhook body.

Both stop at a RateLimited and carry on next time from where they stopped (B7): the Snov.io
cursor and the Pipedrive watermark only move past work that is stored."""

import dataclasses
import json
import logging

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction

from integrations import connections
from integrations.clients.errors import RateLimited
from integrations.clients.pipedrive.models import format_time
from integrations.clients.snovio.client import MAX_PER_PAGE
from integrations.models import Integration, RealtimeState, Status
from syncengine.exchange import Exchange
from syncengine.intake import (
    PIPEDRIVE_POLL_KIND,
    SNOVIO_POLL_KIND,
    record_inbound_event,
)
from syncengine.mapping import mapping_pairs
from syncengine.models import App, Constant, FieldMapping, InboundEvent, RecordLink
from syncengine.realtime.decide import prospect_fingerprint, snovio_keys

logger = logging.getLogger(__name__)


def poll_snovio(integration: Integration) -> int:
    """Store a `prospect.change` event per prospect that changed; returns how many."""
    if integration.status != Status.ACTIVE or not Exchange.of(integration).to_pipedrive:
        return 0
    state = RealtimeState.objects.get_or_create(integration=integration)[0]
    client = connections.snovio_client(integration.snovio)
    reader = _ProspectReader(integration, client)
    try:
        list_ids = _lists_taking_part(integration, client)
        cursor = state.snovio_cursor or {}
        for list_id in _from_cursor(list_ids, cursor.get("list_id")):
            page = cursor.get("page", 1) if list_id == cursor.get("list_id") else 1
            while page:
                _save_cursor(state, {"list_id": list_id, "page": page})
                page = reader.read_page(list_id, page)
    except RateLimited:
        logger.info("snovio poll paused integration=%s reason=rate", integration.pk)
        return reader.stored
    _save_cursor(state, {})
    return reader.stored


class _ProspectReader:
    def __init__(self, integration, client):
        self.integration, self.client, self.stored = integration, client, 0
        self.keys = mapped_snovio_keys(integration)
        links = RecordLink.objects.filter(integration=integration, closed_at__isnull=True)
        self.seen = dict(links.exclude(snovio_id="").values_list("snovio_id", "seen_in_snovio"))

    def read_page(self, list_id: int, page: int) -> int | None:
        """Store the page's changed prospects; the next page number, or None after the last."""
        _, prospects = self.client.get_prospect_list(list_id, page=page, per_page=MAX_PER_PAGE)
        since = self.integration.launched_at
        changed = changed_prospects(prospects, seen=self.seen, keys=self.keys, since=since)
        self.stored += store_prospect_events(self.integration, changed)
        return page + 1 if len(prospects) >= MAX_PER_PAGE else None


def changed_prospects(prospects, *, seen: dict, keys, since) -> list[tuple[object, str]]:
    """(prospect, fingerprint) of each prospect whose mapped values differ from what we saw.

    An unlinked prospect not touched since the integration's launch is old data: it is the
    manual transfer's business (R6.3, R7), not real-time sync's."""
    out = []
    for prospect in prospects:
        fp = prospect_fingerprint(prospect, keys)
        if prospect.id in seen:
            if seen[prospect.id] != fp:
                out.append((prospect, fp))
            continue
        touched = prospect.updated_at or prospect.created_at
        if since is None or touched is None or touched >= since:
            out.append((prospect, fp))
    return out


def store_prospect_events(integration: Integration, changed) -> int:
    """One event per (prospect, fingerprint): a prospect in two lists, or read again after a
    pause, is stored once."""
    rows, keys = [], set()
    for prospect, fp in changed:
        key = f"poll:{prospect.id}:{fp}"
        if key not in keys:
            keys.add(key)
            rows.append((key, {"prospect": prospect_payload(prospect)}))
    return _store_new(integration, App.SNOVIO, SNOVIO_POLL_KIND, rows)


def prospect_payload(prospect) -> dict:
    return json.loads(json.dumps(dataclasses.asdict(prospect), cls=DjangoJSONEncoder))


def poll_pipedrive(integration: Integration) -> int:
    """Store a `person.change` event per person changed since the watermark; returns how many."""
    if integration.status != Status.ACTIVE or not Exchange.of(integration).to_snovio:
        return 0
    state = RealtimeState.objects.get_or_create(integration=integration)[0]
    since = state.pipedrive_watermark or integration.launched_at
    if since is None:
        return 0
    client = connections.pipedrive_client(integration.pipedrive)
    rows, newest = [], since
    try:
        for person in client.iter_persons(updated_since=since):
            body = person_change_body(person)
            rows.append((body["meta"]["id"], body))
            if person.update_time and person.update_time > newest:
                newest = person.update_time
    except RateLimited:
        # Persons come in id order, not by update time: the watermark cannot move yet.
        logger.info("pipedrive poll paused integration=%s reason=rate", integration.pk)
        return _store_new(integration, App.PIPEDRIVE, PIPEDRIVE_POLL_KIND, rows)
    stored = _store_new(integration, App.PIPEDRIVE, PIPEDRIVE_POLL_KIND, rows)
    RealtimeState.objects.filter(pk=state.pk).update(pipedrive_watermark=newest)
    return stored


def person_change_body(person) -> dict:
    """A polled person in the shape of a v2.0 webhook body, so processing reads one shape."""
    updated = format_time(person.update_time) if person.update_time else ""
    return {
        "meta": {
            "action": "change",
            "entity": "person",
            "entity_id": str(person.id),
            "timestamp": updated,
            "change_source": "poll",
            "id": f"poll-{person.id}-{updated}",
        },
        "data": person_v2(person),
        "previous": None,
    }


def person_v2(person) -> dict:
    def contacts(values):
        return [{"value": v, "primary": i == 0, "label": ""} for i, v in enumerate(values)]

    return {
        "id": person.id,
        "name": person.name,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "emails": contacts(person.emails),
        "phones": contacts(person.phones),
        "owner_id": person.owner_id,
        "org_id": person.org_id,
        "job_title": person.job_title,
        "custom_fields": person.custom_fields,
        "add_time": format_time(person.add_time) if person.add_time else None,
        "update_time": format_time(person.update_time) if person.update_time else None,
    }


def _store_new(integration, source: str, kind: str, rows: list[tuple[str, dict]]) -> int:
    """Insert the rows whose key is new, in one transaction; each is enqueued on commit."""
    stored = 0
    for chunk in _chunks(rows, 500):
        keys = [key for key, _ in chunk]
        known = set(
            InboundEvent.objects.filter(
                integration=integration, source=source, idempotency_key__in=keys
            ).values_list("idempotency_key", flat=True)
        )
        with transaction.atomic():
            for key, payload in chunk:
                if key in known:
                    continue
                event = record_inbound_event(
                    integration=integration,
                    source=source,
                    kind=kind,
                    idempotency_key=key,
                    payload=payload,
                )
                stored += event is not None
    return stored


def _chunks(items: list, size: int):
    for i in range(0, len(items), size):
        yield items[i : i + size]


def mapped_snovio_keys(integration) -> list[str]:
    custom = FieldMapping.objects.filter(integration=integration)
    pairs = mapping_pairs(custom.values_list("snovio_field", "pipedrive_field"))
    constants = Constant.objects.filter(integration=integration, app=App.SNOVIO)
    return snovio_keys(pairs, [(c.field, c.value) for c in constants])


def _lists_taking_part(integration, client) -> list[int]:
    exchange = Exchange.of(integration)
    if exchange.all_lists:
        return sorted(lst.id for lst in client.get_user_lists() if not lst.is_deleted)
    return exchange.chosen_list_ids()


def _from_cursor(list_ids: list[int], list_id) -> list[int]:
    return list_ids[list_ids.index(list_id) :] if list_id in list_ids else list_ids


def _save_cursor(state: RealtimeState, cursor: dict) -> None:
    RealtimeState.objects.filter(pk=state.pk).update(snovio_cursor=cursor)
    state.snovio_cursor = cursor
