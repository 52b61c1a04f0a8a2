"""The official Pipedrive OpenAPI files, parsed once per test session, and the checks of one
captured request/response pair against them."""

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import requests
import yaml
from openapi_core import Config, OpenAPI
from openapi_core.contrib.requests import RequestsOpenAPIRequest, RequestsOpenAPIResponse

from tests.contract.relaxations import extra_request_fields, relaxations_for

SPEC_DIR = Path(__file__).resolve().parents[2] / "specs" / "pipedrive"
SPEC_FILES = {"v1": "openapi-v1.yaml", "v2": "openapi-v2.yaml"}
SANDBOX_PREFIX = "/sandbox/pipedrive"
# Where each spec's `servers` entry puts the API; v1 is also served under /api/v1.
SPEC_ROOTS = {"v1": "https://api.pipedrive.com/v1", "v2": "https://api.pipedrive.com/api/v2"}
METHODS = ("get", "post", "put", "patch", "delete")


@dataclass(frozen=True)
class Operation:
    spec: str
    method: str
    path: str  # the spec's path template, e.g. /persons/{id}
    operation_id: str
    token_cost: int | None
    pattern: re.Pattern

    @property
    def name(self) -> str:
        return f"{self.spec} {self.operation_id}"


@dataclass
class Spec:
    name: str
    raw: dict
    api: OpenAPI
    operations: list[Operation]


def read_spec(name: str) -> dict:
    with open(SPEC_DIR / SPEC_FILES[name], "rb") as handle:
        return yaml.load(handle, Loader=yaml.CSafeLoader)  # noqa: S506 - CSafeLoader is safe


def relaxed_spec(name: str) -> dict:
    """The official file with only relaxations.py's changes (request bodies left as written)."""
    raw = read_spec(name)
    _relax(name, raw)
    return raw


@functools.cache
def load_spec(name: str) -> Spec:
    raw = read_spec(name)
    operations = list(_operations(name, raw))
    _relax(name, raw)
    _close_request_bodies(name, raw)
    api = OpenAPI.from_dict(raw, config=Config(spec_validator_cls=None))
    return Spec(name, raw, api, operations)


def _operations(name: str, raw: dict):
    for path, item in raw["paths"].items():
        regex = "^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(path)) + "$"
        for method in METHODS:
            if method in item:
                op = item[method]
                yield Operation(
                    name,
                    method.upper(),
                    path,
                    op["operationId"],
                    op.get("x-token-cost"),
                    re.compile(regex),
                )


def _relax(name: str, raw: dict) -> None:
    fields = {field for relaxation in relaxations_for(name) for field in relaxation.fields}
    if not fields:
        return
    for item in raw["paths"].values():
        for method in METHODS:
            for response in item.get(method, {}).get("responses", {}).values():
                for media in (response.get("content") or {}).values():
                    _make_nullable(raw, media.get("schema"), fields, seen=set())


def _close_request_bodies(name: str, raw: dict) -> None:
    """Refuse unknown fields in JSON request bodies, so a misspelt field name fails.
    Bodies composed with allOf stay open: openapi-core would apply the ban to each part."""
    for item in raw["paths"].values():
        for method in METHODS:
            operation = item.get(method) or {}
            media = ((operation.get("requestBody") or {}).get("content") or {}).get(
                "application/json"
            )
            if not media or not isinstance(media.get("schema"), dict):
                continue
            schema = media["schema"]
            schema = dict(_resolve(raw, schema["$ref"]) if "$ref" in schema else schema)
            if "properties" not in schema or "allOf" in schema:
                continue
            extra = extra_request_fields(name, operation["operationId"])
            schema["properties"] = {**schema["properties"], **{field: {} for field in extra}}
            schema["additionalProperties"] = False
            media["schema"] = schema


def _make_nullable(raw: dict, schema, fields: set[str], seen: set[int]) -> None:
    """Walk a response schema (through $refs) and let the named properties be null."""
    if not isinstance(schema, dict) or id(schema) in seen:
        return
    seen.add(id(schema))
    if "$ref" in schema:
        _make_nullable(raw, _resolve(raw, schema["$ref"]), fields, seen)
        return
    properties = schema.get("properties") or {}
    for name, prop in list(properties.items()):
        if name in fields and isinstance(prop, dict):
            if "$ref" in prop:
                prop = properties[name] = dict(_resolve(raw, prop["$ref"]))
            prop["nullable"] = True
        _make_nullable(raw, prop, fields, seen)
    for key in ("items", "additionalProperties"):
        _make_nullable(raw, schema.get(key), fields, seen)
    for key in ("allOf", "oneOf", "anyOf"):
        for part in schema.get(key) or []:
            _make_nullable(raw, part, fields, seen)


def _resolve(raw: dict, ref: str):
    node = raw
    for part in ref.lstrip("#/").split("/"):
        node = node[part]
    return node


def spec_name_for(url: str) -> str:
    path = urlsplit(url).path.removeprefix(SANDBOX_PREFIX)
    if path.startswith("/api/v2/"):
        return "v2"
    if path.startswith(("/api/v1/", "/v1/")):
        return "v1"
    raise ValueError(f"not a Pipedrive API path: {path}")


def spec_url(url: str) -> str:
    """The sandbox URL rewritten onto the spec's server, so the paths match its templates."""
    parts = urlsplit(url)
    path = parts.path.removeprefix(SANDBOX_PREFIX)
    name = spec_name_for(url)
    below = re.sub(r"^(/api)?/v[12]", "", path)
    root = urlsplit(SPEC_ROOTS[name])
    return urlunsplit((root.scheme, root.netloc, root.path + below, parts.query, ""))


def find_operation(method: str, url: str) -> Operation:
    spec = load_spec(spec_name_for(url))
    below = urlsplit(spec_url(url)).path.removeprefix(urlsplit(SPEC_ROOTS[spec.name]).path)
    # A literal path (/persons/search) wins over a template (/persons/{id}).
    matches = [op for op in spec.operations if op.method == method and op.pattern.match(below)]
    matches.sort(key=lambda op: op.path.count("{"))
    if not matches:
        raise LookupError(f"{method} {below} is not in the {spec.name} spec")
    return matches[0]


def validate_pair(request: requests.PreparedRequest, response: requests.Response) -> Operation:
    """Check one captured exchange against its spec; raises openapi-core's errors."""
    operation = find_operation(request.method, request.url)
    api = load_spec(operation.spec).api
    moved = request.copy()
    moved.url = spec_url(request.url)
    openapi_request = RequestsOpenAPIRequest(moved)
    api.validate_request(openapi_request)
    if documents(operation, response.status_code):
        api.validate_response(openapi_request, RequestsOpenAPIResponse(response))
    return operation


def documents(operation: Operation, status: int) -> bool:
    """Whether the spec describes this answer; undocumented statuses have no shape to check."""
    raw = load_spec(operation.spec).raw
    responses = raw["paths"][operation.path][operation.method.lower()]["responses"]
    return str(status) in responses or "default" in responses
