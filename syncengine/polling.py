"""Turn what changed remotely into InboundEvents, for what webhooks do not bring.

Snov.io has no webhook for prospect edits, so the lists taking part are read (5000 per page)
and prospects whose mapped values differ from what we last saw become `prospect.change`
events. Pipedrive drops webhooks sometimes (B8), so persons `updated_since` the watermark
become `person.change` events shaped like a v2.0 webhook body.

Both stop at a RateLimited and carry on next time from where they stopped (B7): the Snov.io
cursor and the Pipedrive watermark only move past work that is stored.

Snov.io documents a list page with names and emails only (syncengine/prospect_reads.py). When
a page lacks what the mapping needs (or the update time that tells old data from new), a
prospect is read by id only if its page looks different from the last poll (SeenProspect);
changes the page cannot show are caught by re-reading a few linked prospects per poll, the
least recently read first (SWEEP_READS)."""

import dataclasses
import json
import logging

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from integrations import connections
from integrations.clients.errors import NotFound, RateLimited
from integrations.clients.pipedrive.models import format_time
from integrations.clients.snovio.client import MAX_PER_PAGE
from integrations.models import Integration, RealtimeState, Status
from syncengine import prospect_reads
from syncengine.exchange import Exchange
from syncengine.intake import (
    PIPEDRIVE_POLL_KIND,
    SNOVIO_POLL_KIND,
    record_inbound_event,
)
from syncengine.mapping import fingerprint, mapping_pairs
from syncengine.models import (
    App,
    Constant,
    FieldMapping,
    InboundEvent,
    RecordLink,
    SeenProspect,
)
from syncengine.realtime.decide import observed_prospect, prospect_fingerprint, snovio_keys
from syncengine.schema_refresh import load_schema

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
        _save_cursor(state, {})
        reader.sweep()
    except RateLimited:
        logger.info("snovio poll paused integration=%s reason=rate", integration.pk)
    return reader.stored


SWEEP_READS = 10


class _ProspectReader:
    def __init__(self, integration, client):
        self.integration, self.client, self.stored = integration, client, 0
        self.started = timezone.now()
        self.keys = mapped_snovio_keys(integration)
        # What a read by id adds that this poll needs: mapped fields, and the update time.
        by_id = prospect_reads.readable_by_id(self.keys, load_schema(integration))
        self.wanted = (*by_id, "updated_at")
        links = RecordLink.objects.filter(integration=integration, closed_at__isnull=True)
        self.seen = dict(links.exclude(snovio_id="").values_list("snovio_id", "seen_in_snovio"))

    def read_page(self, list_id: int, page: int) -> int | None:
        """Store the page's changed prospects; the next page number, or None after the last."""
        _, prospects = self.client.get_prospect_list(list_id, page=page, per_page=MAX_PER_PAGE)
        complete, looked = [], []
        try:
            for prospect, page_fp in self.completed(prospects):
                complete.append(prospect)
                looked += [(prospect.id, page_fp)] if page_fp else []
        finally:  # a spent budget keeps what was read: stored, and not read again
            self.store(complete, looked)
        return page + 1 if len(prospects) >= MAX_PER_PAGE else None

    def completed(self, prospects):
        """(prospect, page fingerprint) of each prospect to compare: as the page showed it
        when the page carries what is needed (fingerprint ""), else read by id when its page
        changed since the last poll; an unchanged page is left out."""
        lacking = {p.id for p in prospects if prospect_reads.lacks(p, self.wanted)}
        known = dict(
            SeenProspect.objects.filter(
                integration=self.integration, snovio_id__in=lacking
            ).values_list("snovio_id", "page_fingerprint")
        )
        for prospect in prospects:
            if prospect.id not in lacking:
                yield prospect, ""
                continue
            page_fp = page_fingerprint(prospect, self.keys)
            if known.get(prospect.id) == page_fp:
                continue
            detail = self.read_by_id(prospect.id)
            yield (prospect.completed_with(detail) if detail else prospect), page_fp

    def read_by_id(self, prospect_id: str):
        try:
            return self.client.get_prospect_by_id(prospect_id)
        except NotFound:  # gone since the page was read
            return None

    def store(self, prospects, looked) -> None:
        since = self.integration.launched_at
        changed = changed_prospects(prospects, seen=self.seen, keys=self.keys, since=since)
        self.stored += store_prospect_events(self.integration, changed)
        remember_pages(self.integration, looked)

    def sweep(self) -> None:
        """Re-read by id the linked prospects read longest ago: edits of fields the list page
        does not show (a job title) are caught within a few polls."""
        rows = SeenProspect.objects.filter(
            integration=self.integration,
            snovio_id__in=list(self.seen),
            read_at__lt=self.started,  # not what this poll just read
        ).order_by("read_at", "pk")[:SWEEP_READS]
        emails = dict(
            RecordLink.objects.filter(
                integration=self.integration, closed_at__isnull=True, snovio_id__in=list(self.seen)
            ).values_list("snovio_id", "email")
        )
        for row in rows:
            detail = self.read_by_id(row.snovio_id)
            if detail is not None:
                prospect = dataclasses.replace(
                    detail, email=emails.get(row.snovio_id, ""), carried=(*detail.carried, "email")
                )
                self.store([prospect], [])
            SeenProspect.objects.filter(pk=row.pk).update(read_at=timezone.now())


def page_fingerprint(prospect, keys) -> str:
    """What a list page showed of a prospect: the mapped fields it carried (and which fields
    were mapped, so a mapping change reads everything again)."""
    observed = observed_prospect(prospect, keys)
    shown = {
        key: value
        for key, value in observed.items()
        if prospect.carries(prospect_reads.attribute_of(key))
    }
    return fingerprint({**shown, "mapped": ",".join(keys)})


def remember_pages(integration, looked: list[tuple[str, str]]) -> None:
    now = timezone.now()
    for snovio_id, page_fp in looked:
        SeenProspect.objects.update_or_create(
            integration=integration,
            snovio_id=snovio_id,
            defaults={"page_fingerprint": page_fp, "read_at": now},
        )


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
                    integration_id=integration.pk,
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
