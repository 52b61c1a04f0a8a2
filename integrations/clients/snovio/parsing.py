"""Snov.io's answer shapes (bare arrays, PHP DateTime objects, nested webhook items) parsed
defensively into records (pure)."""

import dataclasses
import datetime as dt
from decimal import Decimal, InvalidOperation

from integrations.clients.snovio.models import (
    Campaign,
    CustomField,
    Prospect,
    ProspectList,
    Webhook,
)
from integrations.clients.timestamps import from_epoch


def quoted(text: str, limit: int = 300) -> str:
    """A remote answer's raw text, on one line and bounded, to quote in an error."""
    flat = " ".join((text or "").split())
    flat = flat if len(flat) <= limit else flat[: limit - 1] + "…"
    return f"«{flat}»" if flat else "an empty body"


def as_dict(value) -> dict:
    return value if isinstance(value, dict) else {}


def as_items(value) -> list:
    return value if isinstance(value, list) else []


def as_int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def parse_decimal(value) -> Decimal:
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return Decimal(0)


def as_text(value) -> str:
    return "" if value is None else str(value).strip()


def parse_datetime(value) -> dt.datetime | None:
    """PHP DateTime objects ({"date": "2020-04-07 08:25:44.000000", ...}), unix times (in
    seconds, milliseconds or microseconds) or ISO strings, as UTC; None when unreadable."""
    if isinstance(value, dict):
        value = value.get("date")
    if isinstance(value, int | float) and not isinstance(value, bool):
        return from_epoch(value)
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = from_epoch(value) or dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def parse_list(item) -> ProspectList:
    item = as_dict(item)
    return ProspectList(
        id=as_int(item.get("id")) or 0,
        name=as_text(item.get("name")),
        contacts=as_int(item.get("contacts")) or 0,
        is_deleted=bool(item.get("isDeleted")),
        created_at=parse_datetime(item.get("creationDate")),
    )


def _email_status(email: dict) -> str:
    if email.get("status"):
        return as_text(email["status"])
    if email.get("isVerified") is True:
        return "valid"
    if email.get("isVerified") is False:
        return "not_valid"
    return ""


def _current_job(item: dict) -> dict:
    jobs = as_items(item.get("currentJob") or item.get("currentJobs"))
    return as_dict(jobs[0]) if jobs else {}


# Prospect attribute ← the answer's keys that carry it (any one of them).
CARRIED_BY = {
    "email": ("emails", "email"),
    "first_name": ("firstName",),
    "last_name": ("lastName",),
    "name": ("name",),
    "position": ("position", "currentJob", "currentJobs"),
    "company_name": ("companyName", "currentJob", "currentJobs"),
    "phones": ("phones",),
    "custom_fields": ("customFields",),
    "list_ids": ("lists",),
    "country": ("country",),
    "locality": ("locality",),
    "social_links": ("social",),
    "created_at": ("creationDate",),
    "updated_at": ("lastUpdateDate",),
}


def carried_attributes(item: dict) -> tuple[str, ...]:
    return tuple(name for name, keys in CARRIED_BY.items() if any(k in item for k in keys))


def parse_prospect(item) -> Prospect:
    item = as_dict(item)
    emails = [as_dict(e) for e in as_items(item.get("emails"))]
    first_email = emails[0] if emails else {}
    job = _current_job(item)
    links = [as_dict(link) for link in as_items(item.get("social"))]
    social = {as_text(link.get("type")): as_text(link.get("link")) for link in links}
    list_ids = [as_int(as_dict(entry).get("id")) for entry in as_items(item.get("lists"))]
    return Prospect(
        id=as_text(item.get("id")),
        email=as_text(first_email.get("email") or item.get("email")),
        first_name=as_text(item.get("firstName")),
        last_name=as_text(item.get("lastName")),
        name=as_text(item.get("name")),
        position=as_text(item.get("position") or job.get("position")),
        company_name=as_text(item.get("companyName") or job.get("companyName")),
        phones=[as_text(p) for p in as_items(item.get("phones")) if as_text(p)],
        custom_fields={str(k): as_text(v) for k, v in as_dict(item.get("customFields")).items()},
        list_ids=[list_id for list_id in list_ids if list_id],
        email_status=_email_status(first_email),
        created_at=parse_datetime(item.get("creationDate")),
        updated_at=parse_datetime(item.get("lastUpdateDate")),
        country=as_text(item.get("country")),
        locality=as_text(item.get("locality")),
        social_links={k: v for k, v in social.items() if k and v},
        carried=carried_attributes(item),
    )


def with_list(prospect: Prospect, list_id: int) -> Prospect:
    if list_id in prospect.list_ids:
        return prospect
    return dataclasses.replace(prospect, list_ids=[*prospect.list_ids, list_id])


def parse_custom_field(item) -> CustomField:
    item = as_dict(item)
    return CustomField(
        key=as_text(item.get("key")),
        label=as_text(item.get("label")),
        type=as_text(item.get("type")) or "string",
        required=bool(item.get("required")),
    )


def parse_campaign(item) -> Campaign:
    item = as_dict(item)
    return Campaign(
        id=as_int(item.get("id")) or 0,
        name=as_text(item.get("campaign") or item.get("name")),
        list_id=as_int(item.get("list_id")),
        status=as_text(item.get("status")),
        created_at=parse_datetime(item.get("created_at")),
        started_at=parse_datetime(item.get("started_at")),
    )


def parse_webhook(item) -> Webhook:
    """Accepts a webhook or GET /v2/webhooks's `{"data": webhook}` wrapper."""
    item = as_dict(item)
    if "data" in item and "id" not in item:
        item = as_dict(item["data"])
    return Webhook(
        id=as_int(item.get("id")) or 0,
        end_point=as_text(item.get("end_point") or item.get("endpoint_url")),
        event_object=as_text(item.get("event_object")),
        event_action=as_text(item.get("event_action")),
        status=as_text(item.get("status")),
        created_at=parse_datetime(item.get("created_at")),
    )
