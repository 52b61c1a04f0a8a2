"""Snov.io text ⇄ Pipedrive option fields, as pure functions (B16)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from syncengine.compatibility import Kind
from syncengine.mapping import (
    Pair,
    Unmatched,
    choose_options,
    comparable,
    convert,
    map_to_pipedrive,
    mapping_pairs,
    option_labels,
    to_pipedrive,
    to_snovio,
    unmatched_note,
)
from syncengine.schema import FieldOption, PipedriveField, Schema, SnovioField
from syncengine.transfer.classify import PIPEDRIVE, SNOVIO, Record, Rules, classify
from syncengine.transfer.classify import Kind as Decided

OPTIONS = (FieldOption(11, "Gold"), FieldOption(12, "Silver"), FieldOption(13, "Bronze"))
TIER = PipedriveField("tier", "Tier", "enum", is_custom=True, options=OPTIONS)
TAGS = PipedriveField("tags", "Tags", "set", is_custom=True, options=OPTIONS)
SCHEMA = Schema(
    snovio_fields=(SnovioField("custom:Level", "Level", "string"),),
    pipedrive_fields=(TIER, TAGS),
)
ONE, MANY = Pair("custom:Level", "tier"), Pair("custom:Level", "tags")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Gold", 11), (" gold ", 11), ("SILVER", 12), ("", ""), ("  ", "")],
)
def test_a_single_option_is_chosen_by_its_label_case_blind_and_trimmed(text, expected):
    assert choose_options(text, TIER) == (expected, ())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Gold, bronze", [11, 13]),
        ("bronze,gold", [13, 11]),
        (" silver ,, Silver ", [12]),
        ("", ""),
    ],
)
def test_several_options_are_chosen_from_a_comma_separated_text(text, expected):
    assert choose_options(text, TAGS) == (expected, ())


def test_a_label_with_a_comma_is_matched_whole_before_the_text_is_split():
    field = PipedriveField("f", "F", "set", options=(FieldOption(1, "Sales, EMEA"),))
    assert choose_options("sales, emea", field) == ([1], ())


@pytest.mark.parametrize(
    ("field", "text", "missing"),
    [(TIER, "Platinum", ("Platinum",)), (TIER, "Gold, Silver", ("Gold, Silver",)),
     (TAGS, "Gold, Iron, Tin", ("Iron", "Tin"))],
)  # fmt: skip
def test_texts_naming_no_option_are_reported_and_nothing_is_chosen(field, text, missing):
    assert choose_options(text, field) == (None, missing)


def test_unmatched_option_fields_are_left_out_and_named():
    values = {"custom:Level": "Platinum", "first_name": "Ann"}
    mapped = map_to_pipedrive(values, mapping_pairs([("custom:Level", "tier")]), SCHEMA)
    assert "tier" not in mapped.values and mapped.values["first_name"] == "Ann"
    assert mapped.unmatched == (Unmatched("Tier", ("Platinum",)),)


def test_the_note_says_which_value_had_no_option_in_which_field():
    note = unmatched_note([Unmatched("Tier", ("Platinum",)), Unmatched("Tags", ("Iron", "Tin"))])
    assert note == (
        "“Platinum” is not an option of “Tier”; that field was not written. "
        "“Iron”, “Tin” are not options of “Tags”; that field was not written."
    )
    assert unmatched_note([]) == ""


@pytest.mark.parametrize(
    ("field", "value", "text"),
    [(TIER, 12, "Silver"), (TAGS, [13, 11], "Gold, Bronze"), (TAGS, [{"id": 12}], "Silver"),
     (TIER, 99, ""), (TIER, None, "")],
)  # fmt: skip
def test_pipedrive_options_become_their_labels_in_the_fields_order(field, value, text):
    assert option_labels(value, field) == text


def test_both_directions_go_through_the_pairs():
    assert to_pipedrive({"custom:Level": "gold"}, [ONE], SCHEMA) == {"tier": 11}
    assert to_pipedrive({"custom:Level": "gold, silver"}, [MANY], SCHEMA) == {"tags": [11, 12]}
    assert to_snovio({"tags": [12, 11]}, [MANY], SCHEMA) == {"custom:Level": "Gold, Silver"}


def test_pipedrive_option_values_keep_their_form_when_normalised():
    assert convert([12, 11], Kind.OPTION) == [12, 11]
    assert convert(12, Kind.OPTION) == 12
    assert convert([], Kind.OPTION) == ""
    assert comparable(convert([12, 11], Kind.OPTION)) == comparable([11, 12])


def rules(sender, source) -> Rules:
    return Rules(sender=sender, source=source, pairs=(MANY,), schema=SCHEMA)


labels = st.lists(st.sampled_from(["Gold", "silver", " BRONZE"]), max_size=3)
ids = st.lists(st.sampled_from([11, 12, 13]), max_size=3, unique=True)


@given(texts=labels, chosen=ids, sender_is_source=st.booleans())
def test_a_transfer_that_applied_its_writes_finds_the_pair_identical(
    texts, chosen, sender_is_source
):
    """Option ids in Pipedrive and labels in Snov.io compare by meaning, in either order."""
    source = SNOVIO if sender_is_source else PIPEDRIVE
    prospect = Record("p", "a@x.org", {"email": "a@x.org", "custom:Level": ", ".join(texts)})
    person = Record("7", "a@x.org", {"email": "a@x.org", "tags": chosen})
    decision = classify(prospect, [person], rules(SNOVIO, source))
    if decision.target_app == PIPEDRIVE:
        person = Record("7", "a@x.org", person.values | decision.writes)
    else:
        prospect = Record("p", "a@x.org", prospect.values | decision.writes)
    assert classify(prospect, [person], rules(SNOVIO, source)).kind == Decided.IDENTICAL


def test_a_transfer_decision_notes_the_values_that_had_no_option():
    prospect = Record("p", "a@x.org", {"email": "a@x.org", "custom:Level": "Gold, Iron"})
    decision = classify(prospect, [], rules(SNOVIO, SNOVIO))
    assert decision.kind == Decided.CREATE and "tags" not in decision.writes
    assert decision.note == "“Iron” is not an option of “Tags”; that field was not written."
