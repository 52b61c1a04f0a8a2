"""Stored event payloads parse into records whatever they hold (B13): times in seconds,
milliseconds or microseconds, missing ids and wrong types read as unknown, never raise."""

import datetime as dt

import pytest

from integrations.clients.snovio.parsing import parse_datetime
from integrations.clients.timestamps import from_epoch
from syncengine.realtime.events import (
    meta_time,
    parse_campaign_event,
    parse_person_event,
)

DEC_1 = dt.datetime(2025, 12, 1, tzinfo=dt.UTC)
SEP_9 = dt.datetime(2001, 9, 9, 1, 46, 40, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    "value", [1764547200, 1764547200000, 1764547200000000, "1764547200000", 1764547200.0]
)
def test_an_epoch_number_is_read_in_seconds_milliseconds_or_microseconds_by_magnitude(value):
    assert from_epoch(value) == DEC_1
    assert meta_time(value) == DEC_1
    assert parse_datetime(value) == DEC_1


@pytest.mark.parametrize(
    "value",
    [
        0,
        -1,
        1,
        10**19,
        pytest.param(10**400, id="huge"),
        1e300,
        float("inf"),
        float("nan"),
        True,
        "",
        "12ab",
        None,
        [],
    ],
)
def test_an_epoch_number_that_is_no_plausible_time_is_unknown(value):
    assert from_epoch(value) is None
    assert meta_time(value) is None
    assert parse_datetime(value) is None


def test_iso_text_still_reads_as_before():
    assert meta_time("2026-03-01T12:00:09.000Z") == dt.datetime(
        2026, 3, 1, 12, 0, 9, tzinfo=dt.UTC
    )
    assert parse_datetime({"date": "2020-04-07 08:25:44.000000"}) == dt.datetime(
        2020, 4, 7, 8, 25, 44, tzinfo=dt.UTC
    )


def test_a_pipedrive_event_stamped_in_milliseconds_parses_with_its_time():
    payload = {
        "meta": {"id": "poison-ms", "action": "change", "entity": "person", "entity_id": 990001,
                 "timestamp": 1764595200000},
        "data": {"id": 990001, "name": "Milli Second",
                 "emails": [{"value": "milli@example.net", "primary": True}]},
        "previous": None,
    }  # fmt: skip
    event = parse_person_event(payload)
    assert event.occurred_at == dt.datetime(2025, 12, 1, 13, 20, tzinfo=dt.UTC)
    assert (event.person_id, event.email) == (990001, "milli@example.net")


def test_a_snovio_event_created_at_in_microseconds_parses_with_its_time():
    payload = {
        "event_object": "campaign_email",
        "event_action": "sent",
        "created_at": 1000000000000000,
        "data": {"event_id": "poison-created-at", "prospect_email": "far@example.net"},
    }
    assert parse_campaign_event(payload).occurred_at == SEP_9


def test_a_pipedrive_person_event_without_any_id_parses_with_no_person():
    payload = {"meta": {"id": "poison-noid", "action": "change", "entity": "person"},
               "data": {"name": "No Id"}}  # fmt: skip
    event = parse_person_event(payload)
    assert (event.person_id, event.person, event.email) == (None, None, "")


@pytest.mark.parametrize(
    "data",
    [
        {"id": "x1", "name": "Text id"},
        {"id": True},
        {"id": 10**30},
        {"id": {"value": 7}},
    ],
)
def test_a_person_id_that_is_no_pipedrive_id_reads_as_no_person(data):
    event = parse_person_event({"meta": {"action": "change"}, "data": data})
    assert (event.person_id, event.person) == (None, None)


def test_wrong_types_inside_a_person_are_dropped_not_raised():
    data = {
        "id": 5,
        "name": ["not", "text"],
        "emails": 42,
        "phones": {"value": "1"},
        "custom_fields": ["not", "a", "dict"],
        "job_title": {"x": 1},
    }
    event = parse_person_event({"meta": {"action": "change"}, "data": data})
    person = event.person
    assert (person.id, person.name, person.emails, person.phones) == (5, "", [], [])
    assert (person.custom_fields, person.job_title) == ({}, "")


def test_a_wrapped_option_field_with_a_broken_values_list_reads_as_empty():
    data = {"id": 5, "custom_fields": {"abc": {"type": "set", "values": 3}}}
    event = parse_person_event({"meta": {"action": "change"}, "data": data})
    assert event.person.custom_fields == {"abc": []}


def test_a_campaign_event_whose_email_is_not_text_parses():
    payload = {"event_object": "campaign_email", "event_action": "sent", "data": {
        "prospect_email": 12345, "created_at": "soon"}}  # fmt: skip
    assert parse_campaign_event(payload).email == "12345"
