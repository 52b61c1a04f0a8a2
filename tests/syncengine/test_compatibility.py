import itertools

import pytest

from syncengine.compatibility import (
    PIPEDRIVE_KINDS,
    SNOVIO_KINDS,
    Kind,
    accepted_snovio_kinds,
    check_pair,
    constant_allowed,
    snovio_kind,
)

# The expected answer for every pair, written out independently of the kind table. Each
# allowed pair is written and read back in tests/fieldtypes.
TEXT_TARGETS = {"varchar", "varchar_auto", "text", "address", "phone", "enum", "set"}
ALLOWED = {
    "string": TEXT_TARGETS,
    "text": TEXT_TARGETS,
    "number": {"double", "monetary"},
    "date": {"date"},
    "email": set(),  # only the system pair email ⇄ email
    "phones": set(),  # only the system pair phones ⇄ phone
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


@pytest.mark.parametrize("pipedrive_type", ["enum", "set"])
def test_option_fields_take_text_and_refuse_other_data_with_a_reason(pipedrive_type):
    assert check_pair("string", pipedrive_type).ok
    assert "option's name" in check_pair("number", pipedrive_type).reason


@pytest.mark.parametrize("pipedrive_type", ["user", "org", "people"])
def test_links_to_other_records_are_refused_even_for_text(pipedrive_type):
    assert "link to another Pipedrive record" in check_pair("string", pipedrive_type).reason


@pytest.mark.parametrize("pipedrive_type", ["int", "email", "boolean", "json", "picture"])
def test_types_pipedrive_custom_fields_do_not_have_are_refused(pipedrive_type):
    assert "cannot be synced" in check_pair("string", pipedrive_type).reason


def test_each_pipedrive_type_lists_the_snovio_kinds_it_accepts_as_check_pair_does():
    for pipedrive_type in PIPEDRIVE_KINDS:
        accepted = {snovio_kind(t) for t in SNOVIO_KINDS if check_pair(t, pipedrive_type).ok}
        assert accepted == set(accepted_snovio_kinds(pipedrive_type))


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
