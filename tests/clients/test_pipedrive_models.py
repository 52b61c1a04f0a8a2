"""Parsing Pipedrive bodies into records: the v1 and v2 shapes both end in the same fields."""

import datetime as dt

import pytest

from integrations.clients.pipedrive.bodies import activity_body, contact_list, person_body, query
from integrations.clients.pipedrive.models import (
    format_time,
    parse_activity,
    parse_person,
    parse_time,
)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2026-01-05T09:00:00Z", dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC)),
        ("2026-01-05T09:00:00.250Z", dt.datetime(2026, 1, 5, 9, 0, 0, 250000, tzinfo=dt.UTC)),
        ("2026-01-05 09:00:00", dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC)),
        ("", None),
        (None, None),
        ("yesterday", None),
    ],
)
def test_parse_time_reads_v1_and_v2_timestamps_as_aware_utc(text, expected):
    assert parse_time(text) == expected


def test_format_time_sends_utc_rfc3339():
    madrid = dt.timezone(dt.timedelta(hours=2))
    assert format_time(dt.datetime(2026, 5, 1, 12, tzinfo=madrid)) == "2026-05-01T10:00:00Z"


def test_a_v1_person_parses_like_a_v2_one():
    person = parse_person(
        {
            "id": 7,
            "name": "Ana Ruiz",
            "email": [
                {"value": "home@example.test", "primary": False},
                {"value": "work@example.test", "primary": True},
            ],
            "phone": [{"value": "", "primary": False}],
            "owner_id": {"id": 3, "name": "Owner"},
            "org_id": {"value": 9, "name": "Globex"},
            "update_time": "2026-01-05 09:00:00",
        }
    )
    assert person.emails == ["work@example.test", "home@example.test"]
    assert person.phones == []
    assert (person.owner_id, person.org_id) == (3, 9)
    assert person.update_time == dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC)


def test_an_activity_without_person_id_takes_its_primary_participant():
    activity = parse_activity(
        {
            "id": 1,
            "subject": "Call",
            "type": "call",
            "person_id": None,
            "participants": [
                {"person_id": 4, "primary": False},
                {"person_id": 5, "primary": True},
            ],
        }
    )
    assert activity.person_id == 5


def test_contact_list_drops_blanks_and_marks_the_first_primary():
    assert contact_list([" a@x.test ", "", "b@x.test"]) == [
        {"value": "a@x.test", "primary": True, "label": "work"},
        {"value": "b@x.test", "primary": False, "label": "work"},
    ]


def test_person_body_on_update_sends_only_the_given_fields():
    assert person_body({"job_title": "CTO"}) == {"job_title": "CTO"}


def test_activity_body_can_unlink_the_person():
    assert activity_body({"person_id": None}) == {"participants": []}


def test_query_drops_unset_values_and_spells_booleans_and_lists():
    assert query(a=None, b=True, c=False, ids=[1, 2], n=0) == {
        "b": "true",
        "c": "false",
        "ids": "1,2",
        "n": 0,
    }
