"""v2 type strictness: numbers are numbers, booleans are true/false, lists are lists."""

import datetime as dt
import re

from .errors import bad_request_v2

DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TIME_RE = re.compile(r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$")

KIND_NAMES = {
    "int": "an integer",
    "number": "a number",
    "str": "a string",
    "bool": "a boolean",
    "int_list": "an array of integers",
    "object": "an object",
    "list": "an array",
    "date": "a date in YYYY-MM-DD format",
    "time": "a time in HH:MM format",
}


def is_kind(value, kind: str) -> bool:
    if kind == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if kind == "str":
        return isinstance(value, str)
    if kind == "bool":
        return isinstance(value, bool)
    if kind == "int_list":
        return isinstance(value, list) and all(is_kind(item, "int") for item in value)
    if kind == "object":
        return isinstance(value, dict)
    if kind == "list":
        return isinstance(value, list)
    if kind == "date":
        return isinstance(value, str) and bool(DATE_RE.match(value)) and _valid_date(value)
    if kind == "time":
        return isinstance(value, str) and bool(TIME_RE.match(value))
    raise ValueError(kind)


def _valid_date(value: str) -> bool:
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def check_types(body: dict, schema: dict[str, str], *, nullable=()) -> dict:
    """Validate the fields of `body` named in `schema`; returns those present."""
    clean = {}
    for field, kind in schema.items():
        if field not in body:
            continue
        value = body[field]
        if value is None and field in nullable:
            clean[field] = None
            continue
        if not is_kind(value, kind):
            raise bad_request_v2(f"Parameter '{field}' must be {KIND_NAMES[kind]}")
        clean[field] = value
    return clean


def contact_list(field: str, items) -> list[dict]:
    """emails / phones: objects with a string `value`; label defaults to "work"; exactly one
    primary (the first when none is marked)."""
    if not isinstance(items, list):
        raise bad_request_v2(f"Parameter '{field}' must be an array of objects")
    clean = []
    for item in items:
        if not isinstance(item, dict) or not isinstance(item.get("value"), str):
            raise bad_request_v2(f"Parameter '{field}' must be an array of objects with 'value'")
        primary = item.get("primary", False)
        label = item.get("label", "work")
        if not isinstance(primary, bool) or not isinstance(label, str):
            raise bad_request_v2(f"Invalid item in '{field}'")
        clean.append({"value": item["value"].strip(), "primary": primary, "label": label})
    clean = [item for item in clean if item["value"]]
    if sum(item["primary"] for item in clean) > 1:
        raise bad_request_v2(f"Only one item in '{field}' can be primary")
    if clean and not any(item["primary"] for item in clean):
        clean[0]["primary"] = True
    return clean


def split_name(name: str) -> tuple[str, str]:
    first, _, last = name.strip().partition(" ")
    return first, last.strip()


# Custom field values, by field type (v2 `custom_fields`). Shapes follow the v2 migration
# guide; lengths the field type table of the OpenAPI file. What the spec leaves open (a
# missing currency, a plain-text address, a too-long text) is listed in sandbox/GUESSES.md.
TEXT_LIMITS = {"varchar": 255, "varchar_auto": 255, "phone": 255, "text": 65535}
ID_TYPES = {"user", "org", "people"}
ADDRESS_PARTS = {
    "value",
    "country",
    "admin_area_level_1",
    "admin_area_level_2",
    "locality",
    "sublocality",
    "route",
    "street_number",
    "subpremise",
    "postal_code",
    "formatted_address",
}


def custom_field_value(field, value):
    """The stored value for one custom field, or a 400 naming the field."""
    if value is None:
        return None
    kind = field.field_type
    valid = _custom_value_ok(field, kind, value)
    if not valid:
        raise bad_request_v2(
            f"Invalid value for custom field '{field.key}' ({field.name}) of type '{kind}'"
        )
    return value


def _custom_value_ok(field, kind: str, value) -> bool:
    option_ids = {option["id"] for option in field.options or []}
    if kind in TEXT_LIMITS:
        return isinstance(value, str) and len(value) <= TEXT_LIMITS[kind]
    if kind == "double":
        return is_kind(value, "number")
    if kind == "date":
        return is_kind(value, "date")
    if kind == "monetary":
        return _monetary_ok(value)
    if kind == "enum":
        return is_kind(value, "int") and value in option_ids
    if kind == "set":
        return is_kind(value, "int_list") and bool(value) and set(value) <= option_ids
    if kind in ID_TYPES:
        return is_kind(value, "int")
    if kind == "address":
        return _address_ok(value)
    if kind in ("daterange", "timerange", "time"):
        return isinstance(value, dict) and isinstance(value.get("value"), str)
    return isinstance(value, str | int | float | dict | list)


def _monetary_ok(value) -> bool:
    """`{"value": <number>, "currency": "<code>"}`: an amount always has its currency."""
    return (
        isinstance(value, dict)
        and set(value) <= {"value", "currency"}
        and is_kind(value.get("value"), "number")
        and isinstance(value.get("currency"), str)
        and bool(value["currency"].strip())
    )


def _address_ok(value) -> bool:
    """`{"value": "<full address>", <component>: "<text>", …}`, never a plain string."""
    return address_texts(value) and isinstance(value.get("value"), str)


def address_texts(value) -> bool:
    """An object of known address components, each a text."""
    return (
        isinstance(value, dict)
        and set(value) <= ADDRESS_PARTS
        and all(isinstance(part, str) for part in value.values())
    )


def check_address(field: str, value) -> None:
    """A v2 address (an organization's address, an activity's location): an object of
    address texts, or null."""
    if value is not None and not address_texts(value):
        raise bad_request_v2(f"Parameter '{field}' must be an object of address texts")


def custom_fields(raw, fields_by_key: dict) -> dict:
    if not isinstance(raw, dict):
        raise bad_request_v2("Parameter 'custom_fields' must be an object")
    clean = {}
    for key, value in raw.items():
        field = fields_by_key.get(key)
        if field is None:
            raise bad_request_v2(f"Custom field '{key}' does not exist")
        clean[key] = custom_field_value(field, value)
    return clean
