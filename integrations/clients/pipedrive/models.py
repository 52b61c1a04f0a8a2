"""Pipedrive records as small dataclasses, parsed from v1 or v2 bodies at the client boundary."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    next_cursor: str | None = None


@dataclass(frozen=True)
class User:
    id: int
    name: str
    email: str
    timezone_name: str = ""
    is_admin: bool = False
    active: bool = True
    company_id: int | None = None
    company_name: str = ""
    company_domain: str = ""
    default_currency: str = ""  # monetary values without a currency of their own use it


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    first_name: str = ""
    last_name: str = ""
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    owner_id: int | None = None
    org_id: int | None = None
    job_title: str = ""
    custom_fields: dict = field(default_factory=dict)
    add_time: dt.datetime | None = None
    update_time: dt.datetime | None = None
    is_deleted: bool = False


@dataclass(frozen=True)
class Organization:
    id: int
    name: str
    owner_id: int | None = None


@dataclass(frozen=True)
class Deal:
    id: int
    title: str
    person_id: int | None = None
    org_id: int | None = None
    owner_id: int | None = None
    pipeline_id: int | None = None
    stage_id: int | None = None
    status: str = "open"
    update_time: dt.datetime | None = None


@dataclass(frozen=True)
class Activity:
    id: int
    subject: str
    type: str
    done: bool = False
    person_id: int | None = None
    deal_id: int | None = None
    owner_id: int | None = None
    due_date: str = ""
    due_time: str = ""
    note: str = ""
    update_time: dt.datetime | None = None


@dataclass(frozen=True)
class Stage:
    id: int
    name: str
    pipeline_id: int
    order_nr: int = 0


@dataclass(frozen=True)
class Pipeline:
    """A pipeline; `stages` in order when it was read with them (the settings' schema)."""

    id: int
    name: str
    order_nr: int = 0
    stages: tuple[Stage, ...] = ()


@dataclass(frozen=True)
class PersonField:
    key: str
    name: str
    field_type: str
    options: list[tuple[int | str, str]] = field(default_factory=list)
    is_custom: bool = False


@dataclass(frozen=True)
class ActivityType:
    key_string: str
    name: str
    active: bool = True


@dataclass(frozen=True)
class Webhook:
    id: int
    subscription_url: str
    event_action: str
    event_object: str
    version: str = ""
    user_id: int | None = None
    # False while Pipedrive bans the webhook (as its emulator shows it; the docs say nothing).
    is_active: bool = True
    last_http_status: int | None = None  # of the last delivery attempt


@dataclass(frozen=True)
class Note:
    id: int
    content: str
    person_id: int | None = None
    deal_id: int | None = None
    add_time: dt.datetime | None = None


def parse_time(value) -> dt.datetime | None:
    """v2 sends RFC 3339, v1 "YYYY-MM-DD HH:MM:SS" in UTC; both become aware datetimes."""
    if not value or not isinstance(value, str):
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.replace(" ", "T", 1))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def format_time(value: dt.datetime) -> str:
    """RFC 3339 in UTC, as v2 filters such as `updated_since` expect."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _ref_id(value) -> int | None:
    """v2 gives related ids as integers; v1 as objects with `id` or `value`."""
    if isinstance(value, dict):
        value = value.get("id", value.get("value"))
    return int(value) if isinstance(value, int | str) and str(value).isdigit() else None


def _values(items) -> list[str]:
    """Contact values with the primary one first (v2 objects or the search's plain strings)."""
    if not items:
        return []
    if isinstance(items, str):
        return [items]
    ordered = sorted((item for item in items if item), key=lambda i: not _is_primary(i))
    values = [item.get("value") if isinstance(item, dict) else item for item in ordered]
    return [str(value) for value in values if value]


def _is_primary(item) -> bool:
    return isinstance(item, dict) and bool(item.get("primary"))


def search_item(result: dict) -> dict:
    """Search answers wrap each record: `{result_score, item: {...}}`."""
    return result.get("item") or {}


def next_start(additional: dict) -> int | None:
    """v1 offset paging; some endpoints wrap it in `pagination`, some don't."""
    pagination = additional.get("pagination") or additional
    if not pagination.get("more_items_in_collection"):
        return None
    return pagination.get("next_start")


def parse_user(data: dict) -> User:
    access = data.get("access") or []
    is_admin = bool(data.get("is_admin")) or any(a.get("admin") for a in access)
    return User(
        id=data["id"],
        name=data.get("name") or "",
        email=data.get("email") or "",
        timezone_name=data.get("timezone_name") or "",
        is_admin=is_admin,
        active=bool(data.get("active_flag", True)),
        company_id=data.get("company_id"),
        company_name=data.get("company_name") or "",
        company_domain=data.get("company_domain") or "",
        default_currency=data.get("default_currency") or "",
    )


def parse_person(data: dict) -> Person:
    return Person(
        id=data["id"],
        name=data.get("name") or "",
        first_name=data.get("first_name") or "",
        last_name=data.get("last_name") or "",
        emails=_values(data.get("emails", data.get("email"))),
        phones=_values(data.get("phones", data.get("phone"))),
        owner_id=_ref_id(data.get("owner_id")),
        org_id=_ref_id(data.get("org_id")),
        job_title=data.get("job_title") or "",
        custom_fields=dict(data.get("custom_fields") or {}),
        add_time=parse_time(data.get("add_time")),
        update_time=parse_time(data.get("update_time")),
        is_deleted=bool(data.get("is_deleted", False)),
    )


def parse_organization(data: dict) -> Organization:
    owner = data.get("owner_id", data.get("owner"))
    return Organization(id=data["id"], name=data.get("name") or "", owner_id=_ref_id(owner))


def parse_deal(data: dict) -> Deal:
    return Deal(
        id=data["id"],
        title=data.get("title") or "",
        person_id=_ref_id(data.get("person_id")),
        org_id=_ref_id(data.get("org_id")),
        owner_id=_ref_id(data.get("owner_id")),
        pipeline_id=_ref_id(data.get("pipeline_id")),
        stage_id=_ref_id(data.get("stage_id")),
        status=data.get("status") or "open",
        update_time=parse_time(data.get("update_time")),
    )


def parse_activity(data: dict) -> Activity:
    person_id = _ref_id(data.get("person_id"))
    if person_id is None:
        primary = [p for p in data.get("participants") or [] if p.get("primary")]
        person_id = _ref_id(primary[0].get("person_id")) if primary else None
    return Activity(
        id=data["id"],
        subject=data.get("subject") or "",
        type=data.get("type") or "",
        done=bool(data.get("done")),
        person_id=person_id,
        deal_id=_ref_id(data.get("deal_id")),
        owner_id=_ref_id(data.get("owner_id")),
        due_date=data.get("due_date") or "",
        due_time=data.get("due_time") or "",
        note=data.get("note") or "",
        update_time=parse_time(data.get("update_time")),
    )


def parse_pipeline(data: dict) -> Pipeline:
    return Pipeline(id=data["id"], name=data.get("name") or "", order_nr=data.get("order_nr") or 0)


def parse_stage(data: dict) -> Stage:
    return Stage(
        id=data["id"],
        name=data.get("name") or "",
        pipeline_id=data["pipeline_id"],
        order_nr=data.get("order_nr") or 0,
    )


def parse_person_field(data: dict) -> PersonField:
    options = [(option["id"], option.get("label") or "") for option in data.get("options") or []]
    return PersonField(
        key=data["key"],
        name=data.get("name") or "",
        field_type=data.get("field_type") or "",
        options=options,
        is_custom=bool(data.get("edit_flag")),
    )


def parse_activity_type(data: dict) -> ActivityType:
    return ActivityType(
        key_string=data.get("key_string") or "",
        name=data.get("name") or "",
        active=bool(data.get("active_flag", True)),
    )


def parse_webhook(data: dict) -> Webhook:
    return Webhook(
        id=data["id"],
        subscription_url=data.get("subscription_url") or "",
        event_action=data.get("event_action") or "",
        event_object=data.get("event_object") or "",
        version=str(data.get("version") or ""),
        user_id=_ref_id(data.get("user_id")),
        is_active=data.get("is_active", 1) not in (0, "0", False),
        last_http_status=_ref_id(data.get("last_http_status")),
    )


def parse_note(data: dict) -> Note:
    return Note(
        id=data["id"],
        content=data.get("content") or "",
        person_id=_ref_id(data.get("person_id")),
        deal_id=_ref_id(data.get("deal_id")),
        add_time=parse_time(data.get("add_time")),
    )
