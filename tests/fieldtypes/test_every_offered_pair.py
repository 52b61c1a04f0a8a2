"""Compatible means the write succeeds (B16, R3.4): for every pair of field types the settings
page offers, a real value goes through our mapping and writer into one sandbox, is read back
through our client, and comes back as what the other app held. Constants too.

The pairs come from the compatibility table itself, so a pair added there without a way to
write it fails here (a missing sample fails too)."""

import pytest

from sandbox.pipedrive.events import person_event_data, person_field_types
from sandbox.pipedrive.models import Person as SandboxPerson
from syncengine.compatibility import snovio_kind
from syncengine.mapping import (
    fingerprint,
    map_to_pipedrive,
    mapping_pairs,
    person_values,
    to_snovio,
    with_constants,
)
from syncengine.realtime.decide import observed_person, pipedrive_keys
from syncengine.realtime.events import person_from
from syncengine.writers import load_context, write_person, write_prospect
from tests.fieldtypes.conftest import (
    OFFERED,
    PIPEDRIVE_CONSTANTS,
    SNOVIO_CONSTANTS,
    field_name,
    snovio_key,
)

pytestmark = pytest.mark.django_db


class Option:
    """An option of the field by its label; the test resolves it to the sandbox's id."""

    def __init__(self, label: str):
        self.label = label


# (Snov.io kind, Pipedrive type) → two writes: (the Snov.io text, what Pipedrive then holds).
FORWARD = {
    ("text", "varchar"): [("Webinar", "Webinar"), (" Referral ", "Referral")],
    ("text", "varchar_auto"): [("Acme", "Acme"), ("Globex", "Globex")],
    ("text", "text"): [("A long note", "A long note"), ("Another", "Another")],
    ("text", "phone"): [("+1 555 0100", "+1 555 0100"), ("+44 20 7946 0000", "+44 20 7946 0000")],
    ("text", "address"): [
        ("1 Main St, Springfield", {"value": "1 Main St, Springfield"}),
        ("2 Elm St", {"value": "2 Elm St"}),
    ],
    ("text", "enum"): [(" gold ", Option("Gold")), ("SILVER", Option("Silver"))],
    ("text", "set"): [
        ("gold, Bronze", [Option("Gold"), Option("Bronze")]),
        ("silver", [Option("Silver")]),
    ],
    ("number", "double"): [("1234.5", 1234.5), ("7", 7)],
    ("number", "monetary"): [
        ("1200", {"value": 1200, "currency": "EUR"}),
        ("99.5", {"value": 99.5, "currency": "EUR"}),
    ],
    ("date", "date"): [("2024-02-29", "2024-02-29"), ("2025-01-31", "2025-01-31")],
}

# Pipedrive type → (a value Pipedrive holds, the Snov.io text it becomes).
BACKWARD = {
    "varchar": ("Webinar", "Webinar"),
    "varchar_auto": ("Acme", "Acme"),
    "text": ("A long note", "A long note"),
    "phone": ("+1 555 0100", "+1 555 0100"),
    "address": (
        {"value": "1 Main St, Springfield", "locality": "Springfield"},
        "1 Main St, Springfield",
    ),
    "enum": (Option("Silver"), "Silver"),
    "set": ([Option("Bronze"), Option("Gold")], "Gold, Bronze"),
    "double": (1234.5, "1234.5"),
    "monetary": ({"value": 1200, "currency": "USD"}, "1200"),
    "date": ("2024-02-29", "2024-02-29"),
}

CONSTANT = "from Snov.io"
CONSTANT_HELD = {"address": {"value": CONSTANT}}


def resolve(expected, field):
    """Replace Option placeholders by the field's option ids."""
    if isinstance(expected, Option):
        return next(o.id for o in field.options if o.label == expected.label)
    if isinstance(expected, list):
        return [resolve(item, field) for item in expected]
    return expected


def pipedrive_field(ctx, field_type):
    return next(f for f in ctx.schema.pipedrive_fields if f.name == field_name(field_type))


def context_with(integration, snovio_type, pipedrive_type):
    ctx = load_context(integration)
    right = pipedrive_field(ctx, pipedrive_type)
    ctx.pairs = mapping_pairs([(snovio_key(snovio_type), right.key)])
    return ctx, right


def write_from_snovio(ctx, snovio_type, text, *, current=None):
    prospect = {"email": "pat@example.org", "first_name": "Pat", "last_name": "Doe"}
    mapped = map_to_pipedrive({**prospect, snovio_key(snovio_type): text}, ctx.pairs, ctx.schema)
    assert mapped.unmatched == ()
    return write_person(ctx, values=mapped.values, current=current)


def webhook_person(person_id):
    """The person as the sandbox's v2.0 webhook would carry it, parsed as our intake does."""
    stored = SandboxPerson.objects.get(pk=person_id)
    return person_from(person_event_data(stored, person_field_types(stored.company)))


@pytest.mark.parametrize(("snovio_type", "pipedrive_type"), OFFERED)
def test_every_offered_pair_writes_a_snovio_value_into_pipedrive(
    typed, snovio_type, pipedrive_type
):
    ctx, right = context_with(typed, snovio_type, pipedrive_type)
    first, second = FORWARD[(snovio_kind(snovio_type).value, pipedrive_type)]

    created = write_from_snovio(ctx, snovio_type, first[0])
    assert ctx.pipedrive.get_person(created.id).custom_fields[right.key] == resolve(
        first[1], right
    )
    updated = write_from_snovio(ctx, snovio_type, second[0], current=created)
    read_back = ctx.pipedrive.get_person(created.id)
    assert read_back.custom_fields[right.key] == resolve(second[1], right)

    # B3: what we remember having written is what Pipedrive's webhook brings back.
    keys = pipedrive_keys(ctx.pairs, ctx.pipedrive_constants)
    written = fingerprint(observed_person(updated, keys))
    assert fingerprint(observed_person(read_back, keys)) == written
    assert fingerprint(observed_person(webhook_person(created.id), keys)) == written


@pytest.mark.parametrize(("snovio_type", "pipedrive_type"), OFFERED)
def test_every_offered_pair_writes_a_pipedrive_value_into_snovio(
    typed, snovio_type, pipedrive_type
):
    ctx, right = context_with(typed, snovio_type, pipedrive_type)
    held, text = BACKWARD[pipedrive_type]
    person = ctx.pipedrive.create_person(
        name="Lee Park",
        emails=["lee@example.org"],
        custom_fields={right.key: resolve(held, right)},
    )

    values = to_snovio(person_values(ctx.pipedrive.get_person(person.id)), ctx.pairs, ctx.schema)
    write_prospect(ctx, values=values)
    [prospect] = ctx.snovio.get_prospects_by_email("lee@example.org")
    assert prospect.custom_fields[field_name(snovio_type)] == text


@pytest.mark.parametrize("pipedrive_type", PIPEDRIVE_CONSTANTS)
def test_every_offered_pipedrive_constant_is_written(typed, pipedrive_type):
    ctx = load_context(typed)
    right = pipedrive_field(ctx, pipedrive_type)
    ctx.pipedrive_constants = [(right.key, CONSTANT)]
    values = with_constants(
        {"email": "c@example.org", "name": "Con Stant"}, ctx.pipedrive_constants
    )
    person = write_person(ctx, values=values)
    held = ctx.pipedrive.get_person(person.id).custom_fields[right.key]
    assert held == CONSTANT_HELD.get(pipedrive_type, CONSTANT)


@pytest.mark.parametrize("snovio_type", SNOVIO_CONSTANTS)
def test_every_offered_snovio_constant_is_written(typed, snovio_type):
    ctx = load_context(typed)
    values = with_constants({"email": "k@example.org"}, [(snovio_key(snovio_type), CONSTANT)])
    write_prospect(ctx, values=values)
    [prospect] = ctx.snovio.get_prospects_by_email("k@example.org")
    assert prospect.custom_fields[field_name(snovio_type)] == CONSTANT


def test_the_table_offers_the_pairs_this_module_knows_how_to_write():
    """Guards the samples above: a pair added to the table needs a sample here."""
    assert {(snovio_kind(s).value, p) for s, p in OFFERED} == set(FORWARD)
    assert {p for _, p in OFFERED} == set(BACKWARD)
