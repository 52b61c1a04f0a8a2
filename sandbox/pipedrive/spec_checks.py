"""API v2 requests checked as Pipedrive's official OpenAPI file declares them.

v2 is strict where v1 was lenient: a value of the wrong type or outside its enum is refused
with 400 (https://pipedrive.readme.io/docs/pipedrive-api-v2). Rather than copy each
operation's parameters by hand, the emulator reads them from `specs/pipedrive/openapi-v2.yaml`
once, on the first v2 call. Query parameters: integers and booleans must be ones, enum values
must be listed (each item of a list the spec describes as comma-separated). JSON bodies: each
top-level field the spec declares must have its JSON type (null is left to the handlers, which
know what may be cleared). What the spec does not declare is left to the handlers."""

import functools
import re
from dataclasses import dataclass

import yaml
from django.conf import settings

from .errors import bad_request_v2

SPEC_FILE = "specs/pipedrive/openapi-v2.yaml"
V2_PREFIX = "/api/v2"


@dataclass(frozen=True)
class Rule:
    method: str
    pattern: re.Pattern
    query: dict  # parameter → (schema, comma-separated)
    body: dict  # top-level field → schema


@functools.cache
def rules() -> tuple[Rule, ...]:
    """Each v2 operation's declared query parameters and body fields."""
    with open(settings.BASE_DIR / SPEC_FILE, "rb") as handle:
        raw = yaml.load(handle, Loader=yaml.CSafeLoader)  # noqa: S506 - CSafeLoader is safe
    found = []
    for path, item in raw["paths"].items():
        pattern = re.compile("^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(path)) + "$")
        for method, operation in item.items():
            if isinstance(operation, dict) and "responses" in operation:
                query, body = _query_parameters(raw, operation), _body_fields(raw, operation)
                found.append(Rule(method.upper(), pattern, query, body))
    # A literal path (/persons/search) wins over a template (/persons/{id}).
    found.sort(key=lambda rule: rule.pattern.pattern.count("[^/]+"))
    return tuple(found)


def rule_for(method: str, path: str) -> Rule | None:
    below = path.partition(V2_PREFIX)[2]
    return next((r for r in rules() if r.method == method and r.pattern.match(below)), None)


def _query_parameters(raw: dict, operation: dict) -> dict:
    found = {}
    for parameter in operation.get("parameters", []):
        if "$ref" in parameter:
            parameter = raw["components"]["parameters"][parameter["$ref"].split("/")[-1]]
        if parameter.get("in") == "query":
            listed = "comma" in (parameter.get("description") or "").lower()
            found[parameter["name"]] = (parameter.get("schema") or {}, listed)
    return found


def _body_fields(raw: dict, operation: dict) -> dict:
    content = ((operation.get("requestBody") or {}).get("content") or {}).get("application/json")
    schema = _resolve(raw, (content or {}).get("schema") or {})
    fields = {}
    for part in [schema, *(_resolve(raw, p) for p in schema.get("allOf", []))]:
        for name, prop in (part.get("properties") or {}).items():
            fields[name] = _resolve(raw, prop)
    return fields


def _resolve(raw: dict, schema: dict) -> dict:
    while isinstance(schema, dict) and "$ref" in schema:
        node = raw
        for part in schema["$ref"].lstrip("#/").split("/"):
            node = node[part]
        schema = node
    return schema


def check_query(method: str, path: str, params) -> None:
    """Refuse (400) a declared parameter whose value its schema does not allow."""
    rule = rule_for(method, path)
    for name, (schema, listed) in (rule.query if rule else {}).items():
        for value in params.getlist(name):
            if not allowed(value, schema, listed):
                raise bad_request_v2(f"Parameter '{name}' has an invalid value")


# Integers the emulator stores (ids, visible_to, probability…) are 32-bit; the spec gives no
# bounds, so a larger one is refused as invalid (sandbox/GUESSES.md).
INT_MIN, INT_MAX = -(2**31), 2**31 - 1

JSON_TYPES = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "array": (list,),
    "object": (dict,),
}


def check_body(method: str, path: str, body) -> None:
    """Refuse (400) a declared body field whose value has another JSON type, and an item of
    a declared array of objects whose declared properties do (null included: only a
    top-level field may be cleared)."""
    rule = rule_for(method, path)
    if rule is None or not isinstance(body, dict):
        return
    for name, value in body.items():
        schema = rule.body.get(name)
        if schema is None or value is None:
            continue
        problem = value_problem(value, schema)
        if problem:
            raise bad_request_v2(f"Parameter '{name}' has an invalid {problem}")
        for item in value if isinstance(value, list) else ():
            if not item_ok(item, (schema.get("items") or {}).get("properties")):
                raise bad_request_v2(f"Parameter '{name}' has an invalid item")


def value_problem(value, schema: dict) -> str:
    """'type', 'value' or '' (fine)."""
    kinds = [schema.get("type")] + [part.get("type") for part in schema.get("anyOf", [])]
    if not any(of_type(value, kind) for kind in kinds if kind):
        return "type" if any(kinds) else ""
    return "" if within(value, schema) else "value"


def item_ok(item, properties: dict | None) -> bool:
    if not properties:
        return True
    if not isinstance(item, dict):
        return False
    return all(
        item[name] is not None and not value_problem(item[name], schema)
        for name, schema in properties.items()
        if name in item
    )


def within(value, schema: dict) -> bool:
    """A value of the right type is in its enum, and an integer fits 32 bits."""
    if "enum" in schema and value not in schema["enum"]:
        return False
    return not isinstance(value, int) or INT_MIN <= value <= INT_MAX


def of_type(value, kind: str) -> bool:
    if isinstance(value, bool) and kind in ("integer", "number"):
        return False  # JSON's true is no number
    return isinstance(value, JSON_TYPES.get(kind, (object,)))


def allowed(value: str, schema: dict, listed: bool) -> bool:
    kind = schema.get("type")
    if kind == "integer":
        return re.fullmatch(r"-?\d{1,18}", value) is not None
    if kind == "boolean":
        return value in ("true", "false")
    if "enum" in schema:
        items = value.split(",") if listed else [value]
        return all(item in schema["enum"] for item in items)
    return True
