"""Store what comes in (webhook deliveries and polled changes) as InboundEvent rows.

Every event is a row first; the broker only rings the bell (`process_event` claims the row).
The parse functions are pure: they check a body's shape and say which event it is."""

import hashlib
import json
import logging
from dataclasses import dataclass

from django.db import connection
from django.utils import timezone

from automations.registry import TRIGGER_EVENTS
from config.db import prepared_cursor
from operations import counters
from syncengine.models import App, EventState, InboundEvent
from syncengine.realtime.drain import ring, ring_when_committed

logger = logging.getLogger(__name__)

# The event kinds processing handles; anything else is stored as ignored.
PIPEDRIVE_PERSON_ACTIONS = ("create", "change", "delete")
PIPEDRIVE_KINDS = frozenset(f"person.{action}" for action in PIPEDRIVE_PERSON_ACTIONS)
SNOVIO_CAMPAIGN_KINDS = frozenset(f"{obj}.{action}" for obj, action in TRIGGER_EVENTS.values())
SNOVIO_POLL_KIND = "prospect.change"
PIPEDRIVE_POLL_KIND = "person.change"
DECLARED_KINDS: dict[str, frozenset[str]] = {
    App.PIPEDRIVE: PIPEDRIVE_KINDS,
    App.SNOVIO: SNOVIO_CAMPAIGN_KINDS | {SNOVIO_POLL_KIND},
}


KIND_LENGTH: int = InboundEvent._meta.get_field("kind").max_length or 0
KEY_LENGTH: int = InboundEvent._meta.get_field("idempotency_key").max_length or 0


class BadPayload(ValueError):
    """A body that is JSON but not an event we can read; `reason_code` goes to the log."""

    def __init__(self, reason_code: str):
        super().__init__(reason_code)
        self.reason_code = reason_code


@dataclass(frozen=True)
class Delivery:
    source: str
    kind: str
    idempotency_key: str
    payload: dict


def parse_pipedrive(body) -> Delivery:
    """A Pipedrive v2.0 webhook body: `meta.entity`, `meta.action` and the event id `meta.id`."""
    # Reference: https://pipedrive.readme.io/docs/guide-for-webhooks-v2
    if not isinstance(body, dict) or not isinstance(body.get("meta"), dict):
        raise BadPayload("no_meta")
    meta = body["meta"]
    entity, action = meta.get("entity"), meta.get("action")
    if not (isinstance(entity, str) and entity and isinstance(action, str) and action):
        raise BadPayload("not_v2_payload")
    event_id = meta.get("id")
    if not isinstance(event_id, str | int) or isinstance(event_id, bool) or event_id == "":
        raise BadPayload("no_event_id")
    if body.get("data") is not None and not isinstance(body["data"], dict):
        raise BadPayload("data_not_object")
    return Delivery(App.PIPEDRIVE, event_kind(entity, action), str(event_id), body)


def parse_snovio(body) -> Delivery:
    """A Snov.io webhook body: `event_object`, `event_action`, `data` (no documented sample;
    `data.event_id` is used when present, else a hash of the body, so a retry is one event)."""
    # Reference: https://snov.io/api#webhooks
    if not isinstance(body, dict):
        raise BadPayload("not_object")
    event_object, event_action = body.get("event_object"), body.get("event_action")
    if not (isinstance(event_object, str) and event_object):
        raise BadPayload("no_event_object")
    if not (isinstance(event_action, str) and event_action):
        raise BadPayload("no_event_action")
    data = body.get("data", {})
    if not isinstance(data, dict):
        raise BadPayload("data_not_object")
    event_id = data.get("event_id")
    key = str(event_id) if event_id not in (None, "") else f"sha256:{body_hash(body)}"
    return Delivery(App.SNOVIO, event_kind(event_object, event_action), key, body)


def event_kind(event_object: str, event_action: str) -> str:
    kind = f"{event_object}.{event_action}"
    if len(kind) > KIND_LENGTH:  # no app sends such names; PostgreSQL would refuse the row
        raise BadPayload("kind_too_long")
    return kind


def stored_key(idempotency_key: str) -> str:
    """The key as stored: whole, or its hash when longer than the column. Never cut: two
    event ids sharing a long prefix would then collide and the second be taken as a retry."""
    if len(idempotency_key) <= KEY_LENGTH:
        return idempotency_key
    return "sha256:" + hashlib.sha256(idempotency_key.encode("utf-8", "surrogatepass")).hexdigest()


def body_hash(body: dict) -> str:
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def is_declared(source: str, kind: str) -> bool:
    return kind in DECLARED_KINDS.get(source, ())


def initial_state(source: str, kind: str) -> str:
    """Pending if processing handles the kind, else ignored (kept, visible, never run)."""
    return EventState.PENDING if is_declared(source, kind) else EventState.IGNORED


def record_inbound_event(
    *, integration_id: int, source: str, kind: str, idempotency_key: str, payload: dict
) -> int | None:
    """Store one event and ring for its processing once it has committed; its id, or None if
    already stored. Outside a transaction (a webhook) that is one INSERT in autocommit, then
    one read of the integration's drain lease (drain.ring): the first event of a burst rings,
    the others find the bell out. The stored row is the source of truth: if the process dies
    before the ring, the tick rings for it.

    Unknown kinds are kept as `ignored` (visible, never processed)."""
    state = initial_state(source, kind)
    event_id = insert_once(
        integration_id=integration_id,
        source=source,
        kind=kind,
        idempotency_key=stored_key(idempotency_key),
        payload=payload,
        state=state,
    )
    if event_id is None:
        return None
    if state == EventState.PENDING:
        ring_when_committed(integration_id)
    count_received(source, kind, state)
    return event_id


# Every delivery is one INSERT: a plain statement, because compiling Model.objects.create()
# cost a third of a delivery's CPU (docs/benchmarks.md). Its columns are InboundEvent's, with
# their defaults; a duplicate delivery (one_event_per_delivery) inserts nothing and returns no
# row, so no savepoint is needed inside a caller's transaction either.
INSERT_EVENT_SQL = (
    "INSERT INTO syncengine_inboundevent"
    " (integration_id, source, kind, idempotency_key, payload, state, attempts, last_error,"
    " received_at) VALUES (%s, %s, %s, %s, %s, %s, 0, '', %s)"
    " ON CONFLICT DO NOTHING RETURNING id"
)


def insert_once(
    *, integration_id: int, source: str, kind: str, idempotency_key: str, payload, state: str
) -> int | None:
    """The new row's id, or None if this delivery is stored already (unique per delivery)."""
    payload_field = InboundEvent._meta.get_field("payload")
    params = [
        integration_id,
        source,
        kind,
        idempotency_key,
        payload_field.get_db_prep_save(payload, connection),
        state,
        connection.ops.adapt_datetimefield_value(timezone.now()),
    ]
    with connection.cursor() as cursor:
        cursor.execute(INSERT_EVENT_SQL, params)
        row = cursor.fetchone()
    return row[0] if row else None


@dataclass(frozen=True)
class Addressee:
    """The integration a delivery is for, as one SELECT of its `id` (`sql`, `params`): no row
    if the delivery names none, or its credentials are not that integration's. Checked in the
    statement that stores the delivery, so a refused one stores nothing."""

    sql: str
    params: tuple


@dataclass(frozen=True)
class Recorded:
    event_id: int
    integration_id: int


# A webhook delivery on PostgreSQL: find its integration, store the event (the body's own JSON
# text, checked by syncengine.storable; jsonb keeps what json would: the last of a repeated
# key, every number), read the drain lease under a share lock (drain.py says why that cannot
# miss a drain giving it back), in one prepared statement (config.db): planning this one cost
# more than running it, and every extra statement a round trip (docs/benchmarks.md).
DELIVERY_SQL = (
    "WITH addressee AS ({addressee}),"
    " event AS (INSERT INTO syncengine_inboundevent"
    " (integration_id, source, kind, idempotency_key, payload, state, attempts, last_error,"
    " received_at) SELECT addressee.id, %s, %s, %s, %s::jsonb, %s, 0, '', %s FROM addressee"
    " ON CONFLICT DO NOTHING RETURNING id, integration_id)"
    " SELECT event.id, event.integration_id, EXISTS (SELECT 1 FROM syncengine_drainlease lease"
    " WHERE lease.integration_id = event.integration_id AND lease.until > %s FOR SHARE)"
    " FROM event"
)


def record_delivery(addressee: Addressee, delivery: Delivery, text: str) -> Recorded | None:
    """Store a webhook delivery for its addressee and ring for it (as record_inbound_event);
    None if nothing was stored: no addressee, or the delivery is stored already (the caller
    tells which). `text` is the JSON text `delivery.payload` was read from."""
    if connection.vendor != "postgresql":
        return record_for_addressee(addressee, delivery)
    state = initial_state(delivery.source, delivery.kind)
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    params = (
        *addressee.params,
        delivery.source,
        delivery.kind,
        stored_key(delivery.idempotency_key),
        text,
        state,
        now,
        now,
    )
    with prepared_cursor() as cursor:
        cursor.execute(DELIVERY_SQL.format(addressee=addressee.sql), params)
        row = cursor.fetchone()
    if row is None:
        return None
    event_id, integration_id, bell_out = row
    if state == EventState.PENDING and not bell_out:
        ring_when_committed(integration_id, lease_read=True)
    count_received(delivery.source, delivery.kind, state)
    return Recorded(event_id, integration_id)


def record_for_addressee(addressee: Addressee, delivery: Delivery) -> Recorded | None:
    """record_delivery in portable statements (SQLite): the addressee, then the event."""
    with connection.cursor() as cursor:
        cursor.execute(addressee.sql, addressee.params)
        row = cursor.fetchone()
    if row is None:
        return None
    event_id = record_inbound_event(
        integration_id=row[0],
        source=delivery.source,
        kind=delivery.kind,
        idempotency_key=delivery.idempotency_key,
        payload=delivery.payload,
    )
    return Recorded(event_id, row[0]) if event_id is not None else None


def count_received(source: str, kind: str, state: str) -> None:
    # Undeclared kinds are counted together: the label set stays small.
    counters.count(
        "events_received", app=source, kind=kind if state == EventState.PENDING else "other"
    )


def enqueue_processing(event_id: int) -> None:
    """Ring for a stored event: its integration's drain runs it."""
    integration_id = InboundEvent.objects.values_list("integration_id", flat=True).get(pk=event_id)
    ring(integration_id)
