"""What an InboundEvent says, parsed from its stored payload into small records (pure).

Pipedrive events are v2.0 webhook bodies `{meta, data, previous}` (polled persons use the same
shape with `meta.change_source == "poll"`). Snov.io events are campaign webhook bodies
`{event_object, event_action, created_at, data}` or polled prospects `{"prospect": {...}}`."""

import datetime as dt
from dataclasses import dataclass

from integrations.clients.pipedrive.models import Person, parse_person, parse_time
from integrations.clients.snovio.models import Prospect
from integrations.clients.snovio.parsing import (
    as_dict,
    as_items,
    as_text,
    parse_datetime,
    parse_prospect,
)
from integrations.clients.timestamps import from_epoch
from syncengine.mapping import join_name, normalize_email

# What a hostile body could put in the wrong type, and parse_person would take as it is:
# emails and phones are lists of objects (or text), names are text; anything else is dropped.
CONTACT_KEYS = ("emails", "phones", "email", "phone")
TEXT_KEYS = ("name", "first_name", "last_name", "job_title")


@dataclass(frozen=True)
class PersonEvent:
    """A Pipedrive person created, changed or deleted."""

    action: str  # create | change | delete
    person_id: int | None
    person: Person | None
    occurred_at: dt.datetime | None
    change_source: str = ""
    merged_to_id: int | None = None

    @property
    def email(self) -> str:
        return normalize_email(self.person.emails[0]) if self.person and self.person.emails else ""


@dataclass(frozen=True)
class ProspectEvent:
    """A Snov.io prospect as polled (Snov.io has no webhook for prospect edits)."""

    prospect: Prospect
    occurred_at: dt.datetime | None

    @property
    def email(self) -> str:
        return normalize_email(self.prospect.email)


@dataclass(frozen=True)
class CampaignEvent:
    """A Snov.io campaign webhook: email sent/opened/clicked/bounced, reply, finished."""

    event_object: str
    event_action: str
    email: str
    prospect_id: str = ""
    first_name: str = ""
    last_name: str = ""
    full_name: str = ""
    campaign: str = ""
    subject: str = ""
    body: str = ""
    reply: str = ""
    message_id: str = ""
    occurred_at: dt.datetime | None = None

    @property
    def kind(self) -> str:
        return f"{self.event_object}.{self.event_action}"

    @property
    def name(self) -> str:
        return self.full_name or join_name(self.first_name, self.last_name)


def parse_person_event(payload: dict) -> PersonEvent:
    meta, data = as_dict(payload.get("meta")), payload.get("data")
    previous = payload.get("previous")
    action = as_text(meta.get("action")) or "change"
    # A delete carries no `data`; its `previous` is the last state.
    source = data if isinstance(data, dict) and data else previous
    person = person_from(source) if isinstance(source, dict) else None
    change_source = as_text(meta.get("change_source"))
    return PersonEvent(
        action=action,
        person_id=as_id(meta.get("entity_id")) or (person.id if person else None),
        person=person,
        occurred_at=occurred_at(meta, data, polled=change_source == "poll"),
        change_source=change_source,
        merged_to_id=as_id(meta.get("merged_to_id")),
    )


def person_from(data: dict) -> Person | None:
    """The person in an event, or None when there is none we could link (no numeric id)."""
    person_id = as_id(data.get("id"))
    if person_id is None:
        return None
    return parse_person({**unwrap_person(data), "id": person_id})


def occurred_at(meta: dict, data, *, polled: bool) -> dt.datetime | None:
    """When the change happened. A webhook's `meta.timestamp` has milliseconds, where
    `update_time` has seconds, so two edits in one second stay in order; a polled person's
    meta time is the poll's, so its `update_time` counts."""
    updated = parse_time(data.get("update_time")) if isinstance(data, dict) else None
    stamped = None if polled else meta_time(meta.get("timestamp"))
    return stamped or updated


def unwrap_person(data: dict) -> dict:
    """Webhook custom field values are wrapped (`{"type": "varchar", "value": "x"}`); the API
    gives them plain. Both become the API form, so echoes compare equal."""
    custom = {
        key: unwrap_value(value) for key, value in as_dict(data.get("custom_fields")).items()
    }
    contacts = {
        k: data[k] if is_contact_list(data[k]) else None for k in CONTACT_KEYS if k in data
    }
    texts = {k: data[k] if isinstance(data[k], str) else "" for k in TEXT_KEYS if k in data}
    return {**data, "custom_fields": custom, **contacts, **texts}


def is_contact_list(value) -> bool:
    return isinstance(value, str) or (
        isinstance(value, list) and all(isinstance(item, dict | str) for item in value)
    )


def unwrap_value(value):
    if not isinstance(value, dict) or "type" not in value:
        return value
    if "values" in value:
        return [as_dict(item).get("id") for item in as_items(value["values"])]
    if "value" not in value and "id" in value:
        return value["id"]
    rest = {k: v for k, v in value.items() if k != "type"}
    return rest["value"] if set(rest) == {"value"} else rest


def meta_time(value) -> dt.datetime | None:
    """`meta.timestamp` is documented as ISO text but seen as unix seconds and milliseconds
    too; a value that is no plausible time is unknown (None)."""
    if isinstance(value, str) and not value.strip().replace(".", "", 1).isdigit():
        return parse_time(value.strip().replace("Z", "+00:00"))
    return from_epoch(value)


def as_id(value) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int | str):
        return None
    text = as_text(value)
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 18 else None


def parse_prospect_event(payload: dict) -> ProspectEvent:
    raw = as_dict(payload.get("prospect"))
    prospect = parse_prospect(raw) if is_api_shape(raw) else prospect_from_fields(raw)
    return ProspectEvent(prospect=prospect, occurred_at=prospect.updated_at)


def is_api_shape(raw: dict) -> bool:
    return any(key in raw for key in ("firstName", "emails", "lastUpdateDate", "customFields"))


def prospect_from_fields(raw: dict) -> Prospect:
    """A prospect stored with the client record's own field names."""
    known = set(Prospect.__dataclass_fields__)
    fields = {k: v for k, v in raw.items() if k in known}
    for key in ("created_at", "updated_at"):
        if key in fields:
            fields[key] = parse_datetime(fields[key])
    fields["id"] = as_text(fields.get("id"))
    return Prospect(**fields)


def parse_campaign_event(payload: dict) -> CampaignEvent:
    data = as_dict(payload.get("data"))
    return CampaignEvent(
        event_object=as_text(payload.get("event_object")),
        event_action=as_text(payload.get("event_action")),
        email=normalize_email(as_text(data.get("prospect_email") or data.get("recipient_email"))),
        prospect_id=as_text(data.get("prospect_id")),
        first_name=as_text(data.get("prospect_first_name")),
        last_name=as_text(data.get("prospect_last_name")),
        full_name=as_text(data.get("prospect_full_name")),
        campaign=as_text(data.get("campaign")),
        subject=as_text(data.get("email_subject")),
        body=as_text(data.get("email_body")),
        reply=as_text(data.get("message")),
        message_id=as_text(data.get("message_id")),
        occurred_at=parse_datetime(payload.get("created_at")),
    )
