"""Plain Python values in, Pipedrive v2 request bodies out."""

import datetime as dt

PERSON_FIELDS = frozenset(
    {
        "name",
        "first_name",
        "last_name",
        "emails",
        "phones",
        "owner_id",
        "org_id",
        "job_title",
        "custom_fields",
    }
)
DEAL_FIELDS = frozenset(
    {
        "title",
        "person_id",
        "org_id",
        "owner_id",
        "pipeline_id",
        "stage_id",
        "status",
        "value",
        "currency",
        "lost_reason",
        "expected_close_date",
        "custom_fields",
    }
)
ACTIVITY_FIELDS = frozenset(
    {"subject", "type", "person_id", "deal_id", "due_date", "due_time", "done", "note", "owner_id"}
)


def _check_fields(kind: str, fields: dict, allowed: frozenset) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"unknown {kind} fields: {', '.join(sorted(unknown))}")


def contact_list(values: list[str] | None) -> list[dict]:
    """Emails or phones as v2 objects; the first value is the primary one."""
    cleaned = [str(value).strip() for value in values or [] if str(value).strip()]
    return [
        {"value": value, "primary": i == 0, "label": "work"} for i, value in enumerate(cleaned)
    ]


def person_body(fields: dict, *, creating: bool = False) -> dict:
    _check_fields("person", fields, PERSON_FIELDS)
    body = dict(fields)
    for key in ("emails", "phones"):
        if key in body:
            body[key] = contact_list(body[key])
    if creating and not body.get("name"):
        full_name = f"{body.get('first_name') or ''} {body.get('last_name') or ''}".strip()
        body["name"] = full_name
    return body


def deal_body(fields: dict) -> dict:
    _check_fields("deal", fields, DEAL_FIELDS)
    body = dict(fields)
    if isinstance(body.get("expected_close_date"), dt.date):
        body["expected_close_date"] = body["expected_close_date"].isoformat()
    return body


def activity_body(fields: dict) -> dict:
    """v2 makes `person_id` read-only: a person is linked as the primary participant."""
    _check_fields("activity", fields, ACTIVITY_FIELDS)
    body = dict(fields)
    if "person_id" in body:
        person_id = body.pop("person_id")
        body["participants"] = [{"person_id": person_id, "primary": True}] if person_id else []
    if isinstance(body.get("due_date"), dt.date):
        body["due_date"] = body["due_date"].isoformat()
    if isinstance(body.get("due_time"), dt.time):
        body["due_time"] = body["due_time"].strftime("%H:%M")
    return body


def query(**params) -> dict:
    """Drop unset parameters; booleans as the lowercase words the API expects."""
    cleaned = {}
    for key, value in params.items():
        if value is None:
            continue
        if isinstance(value, bool):
            value = "true" if value else "false"
        elif isinstance(value, list | tuple):
            value = ",".join(str(item) for item in value)
        cleaned[key] = value
    return cleaned
