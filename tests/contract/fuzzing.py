"""Property-based checks of the Pipedrive sandbox against Pipedrive's official v2 OpenAPI file
(schemathesis): generated requests for every v2 operation the product uses, each answer
checked against the spec. The spec is relaxed only as relaxations.py says."""

import functools

import schemathesis
from schemathesis import checks as generic
from schemathesis.specs.openapi import checks as openapi

from tests.contract.relaxations import ERROR_ENVELOPE, error_statuses
from tests.contract.scenarios import SCENARIOS
from tests.contract.specs import METHODS, relaxed_spec

SANDBOX_V2 = "http://testserver/sandbox/pipedrive/api/v2"
# Every v2 operation the product's client calls (the contract scenarios name them all).
PRODUCT_V2_OPERATIONS = tuple(
    sorted(
        {
            name.removeprefix("v2 ")
            for scenario in SCENARIOS
            for name in scenario.operations
            if name.startswith("v2 ")
        }
    )
)
CHECKS = [
    generic.not_a_server_error,
    openapi.status_code_conformance,
    openapi.content_type_conformance,
    openapi.response_schema_conformance,
    openapi.negative_data_rejection,
]


@functools.cache
def fuzzed_spec():
    """The v2 spec as schemathesis reads it, with the documented relaxations applied."""
    raw = relaxed_spec("v2")
    with_error_answers(raw, error_statuses("v2"))
    with_null_for_optional_fields(raw)
    return schemathesis.openapi.from_dict(raw)


def with_error_answers(raw: dict, statuses) -> None:
    """Each listed error status, where an operation does not document it, answers
    Pipedrive's error envelope (relaxations.ErrorAnswers)."""
    answer = {
        "description": "Refused (Pipedrive's error envelope)",
        "content": {"application/json": {"schema": ERROR_ENVELOPE}},
    }
    for item in raw["paths"].values():
        for method in METHODS:
            responses = (item.get(method) or {}).get("responses")
            if responses is None:
                continue
            for status in statuses:
                responses.setdefault(str(status), answer)


def with_null_for_optional_fields(raw: dict) -> None:
    """An optional top-level body field may be null (relaxations.NULL_CLEARS): generated
    requests that send one are valid, not negative data."""
    for item in raw["paths"].values():
        for method in METHODS:
            body = ((item.get(method) or {}).get("requestBody") or {}).get("content") or {}
            schema = (body.get("application/json") or {}).get("schema") or {}
            required = set(schema.get("required") or ())
            for name, prop in (schema.get("properties") or {}).items():
                if name not in required and isinstance(prop, dict) and "$ref" not in prop:
                    prop["nullable"] = True
