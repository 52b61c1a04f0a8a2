from dataclasses import dataclass, field

import pytest
from hypothesis import given
from hypothesis import strategies as st

from syncengine.compatibility import Kind
from syncengine.mapping import (
    changes,
    convert,
    fingerprint,
    mapping_pairs,
    normalize_email,
    person_values,
    prospect_values,
    to_pipedrive,
    to_snovio,
    with_constants,
)
from syncengine.schema import PipedriveField, Schema, SnovioField


@dataclass
class FakeProspect:
    email: str = " Ann@Example.COM "
    first_name: str = "Ann"
    last_name: str = "Lee"
    name: str = ""
    phones: list = field(default_factory=lambda: ["+1 555 0100"])
    position: str = "CTO"
    company_name: str = "Acme"
    locality: str = "Paris"
    custom_fields: dict = field(default_factory=lambda: {"Employees": "1,200", "Industry": "SaaS"})


@dataclass
class FakePerson:
    emails: list = field(default_factory=lambda: ["ann@example.com", "other@example.com"])
    first_name: str = "Ann"
    last_name: str = "Lee"
    name: str = "Ann Lee"
    phones: list = field(default_factory=list)
    job_title: str = "CTO"
    custom_fields: dict = field(default_factory=lambda: {"h_num": 1200.0, "h_text": "SaaS"})


SCHEMA = Schema(
    snovio_fields=(
        SnovioField("custom:Employees", "Employees", "number"),
        SnovioField("custom:Industry", "Industry", "string"),
    ),
    pipedrive_fields=(
        PipedriveField("h_num", "Headcount", "double", True),
        PipedriveField("h_text", "Sector", "varchar", True),
        PipedriveField("phone", "Phone", "phone"),
    ),
)
PAIRS = mapping_pairs([("custom:Employees", "h_num"), ("custom:Industry", "h_text")])


def test_a_prospect_becomes_person_values_through_system_and_custom_pairs():
    values = to_pipedrive(prospect_values(FakeProspect()), PAIRS, SCHEMA)
    assert values["email"] == "ann@example.com"
    assert values["name"] == "Ann Lee"
    assert values["job_title"] == "CTO"
    assert values["org_id"] == "Acme"
    assert values["phone"] == ["+1 555 0100"]
    assert values["h_num"] == 1200
    assert values["h_text"] == "SaaS"


def test_a_person_becomes_prospect_values_with_the_primary_email():
    values = to_snovio(person_values(FakePerson(), org_name="Acme"), PAIRS, SCHEMA)
    assert values["email"] == "ann@example.com"
    assert values["full_name"] == "Ann Lee"
    assert values["company_name"] == "Acme"
    assert values["custom:Employees"] == 1200
    assert values["phones"] == []


def test_constants_are_added_and_override_mapped_values():
    assert with_constants({"h_text": "SaaS"}, [("h_text", "from Snov.io")]) == {
        "h_text": "from Snov.io"
    }


@pytest.mark.parametrize(
    ("value", "kind", "expected"),
    [
        ("42", Kind.NUMBER, 42),
        ("4,5", Kind.NUMBER, 4.5),
        ("many", Kind.NUMBER, ""),
        ("2026-01-31T10:00:00+0000", Kind.DATE, "2026-01-31"),
        ("31.01.2026", Kind.DATE, "2026-01-31"),
        ("soon", Kind.DATE, ""),
        (" X@Y.io ", Kind.EMAIL, "x@y.io"),
        ("+1 2", Kind.PHONE, ["+1 2"]),
        (["a", "", None], Kind.PHONE, ["a"]),
        ({"value": "12 Main St"}, Kind.TEXT, "12 Main St"),
        (None, Kind.TEXT, ""),
        (["a", "b"], Kind.TEXT, "a, b"),
    ],
)
def test_values_are_converted_for_the_receiving_field(value, kind, expected):
    assert convert(value, kind) == expected


def test_changes_lists_only_differing_values():
    assert changes({"a": "1", "b": "x"}, {"a": "1", "b": "y"}) == {"b": "x"}


def test_an_empty_source_value_never_erases_a_filled_one():
    assert changes({"a": ""}, {"a": "kept"}) == {}
    assert changes({"a": ""}, {"a": "gone"}, keep_filled=False) == {"a": ""}


def test_numbers_and_lists_compare_by_meaning_not_by_form():
    assert changes({"n": 1200, "p": ["B", "a"]}, {"n": 1200.0, "p": ["a", "b"]}) == {}


def test_fingerprint_ignores_key_order_and_empty_values():
    assert fingerprint({"a": "1", "b": ""}) == fingerprint({"a": "1"})
    assert fingerprint({"a": "1"}) != fingerprint({"a": "2"})


@given(st.emails())
def test_email_normalisation_is_idempotent_and_case_blind(email):
    once = normalize_email(email)
    assert normalize_email(once) == once
    assert normalize_email(f"  {email.upper()} ") == once
