import itertools

import pytest

from syncengine.compatibility import (
    PIPEDRIVE_KINDS,
    SNOVIO_KINDS,
    Kind,
    check_pair,
    constant_allowed,
)

# The expected answer for every pair, written out independently of the kind table.
ALLOWED = {
    "string": {"varchar", "varchar_auto", "text", "address"},
    "text": {"varchar", "varchar_auto", "text", "address"},
    "number": {"double", "int", "monetary"},
    "date": {"date"},
    "email": {"email"},
    "phones": {"phone"},
}


@pytest.mark.parametrize(
    ("snovio_type", "pipedrive_type"), list(itertools.product(SNOVIO_KINDS, PIPEDRIVE_KINDS))
)
def test_every_pair_is_allowed_exactly_when_both_hold_the_same_data(snovio_type, pipedrive_type):
    verdict = check_pair(snovio_type, pipedrive_type)
    assert verdict.ok is (pipedrive_type in ALLOWED[snovio_type])
    assert bool(verdict.reason) is not verdict.ok


def test_text_to_number_is_refused_with_a_reason_naming_both_kinds():
    verdict = check_pair("string", "double")
    assert "holds text" in verdict.reason
    assert "a number" in verdict.reason


def test_choice_fields_are_refused_even_for_text():
    assert "choice" in check_pair("string", "enum").reason


def test_unknown_types_on_either_side_are_refused_by_name():
    assert "“geo”" in check_pair("geo", "varchar").reason
    assert "“hologram”" in check_pair("string", "hologram").reason


@pytest.mark.parametrize("pipedrive_type", PIPEDRIVE_KINDS)
def test_constants_go_only_into_text_fields_of_pipedrive(pipedrive_type):
    expected = PIPEDRIVE_KINDS[pipedrive_type] is Kind.TEXT
    assert constant_allowed("pipedrive", pipedrive_type).ok is expected


@pytest.mark.parametrize("snovio_type", SNOVIO_KINDS)
def test_constants_go_only_into_text_fields_of_snovio(snovio_type):
    assert constant_allowed("snovio", snovio_type).ok is (SNOVIO_KINDS[snovio_type] is Kind.TEXT)
