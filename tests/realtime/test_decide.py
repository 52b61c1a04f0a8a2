"""The real-time decisions, as pure functions (no HTTP, no database)."""

import datetime as dt

import pytest

from integrations.clients.pipedrive.models import Person
from integrations.clients.snovio.models import Prospect
from syncengine.matching import Match
from syncengine.realtime import decide
from syncengine.realtime.events import (
    parse_campaign_event,
    parse_person_event,
    parse_prospect_event,
    unwrap_value,
)

T0 = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC)
LATER = T0 + dt.timedelta(seconds=5)


# -- status gate -----------------------------------------------------------------------------


def test_an_active_integration_runs_events():
    assert decide.gate("active", settings_problem=False).verdict == decide.RUN


def test_events_wait_while_a_manual_transfer_runs():
    verdict = decide.gate("syncing", settings_problem=False)
    assert (verdict.verdict, verdict.reason) == (decide.WAIT, "syncing")
    assert verdict.wait <= dt.timedelta(minutes=1)


def test_events_wait_while_the_connection_is_lost():
    assert decide.gate("failed", settings_problem=False).verdict == decide.WAIT


@pytest.mark.parametrize(
    ("status", "problem", "reason"),
    [("paused", False, "paused"), ("setup", False, "not_active"), ("failed", True, "not_active")],
)
def test_paused_or_unlaunched_integrations_skip_events(status, problem, reason):
    verdict = decide.gate(status, settings_problem=problem)
    assert (verdict.verdict, verdict.reason) == (decide.SKIP, reason)


# -- echoes and order (B3, B4) -----------------------------------------------------------------


def test_values_equal_to_what_we_wrote_are_an_echo():
    verdict = decide.judge_change(seen="h1", written="h1", occurred_at=T0, applied_at=T0)
    assert verdict == decide.ECHO


def test_different_values_are_a_genuine_change_even_from_the_api():
    verdict = decide.judge_change(seen="h2", written="h1", occurred_at=LATER, applied_at=T0)
    assert verdict == decide.APPLY


def test_nothing_written_yet_is_never_an_echo():
    assert decide.judge_change(seen="", written="", occurred_at=None, applied_at=None) == "apply"


def test_a_change_older_than_the_applied_one_is_stale():
    verdict = decide.judge_change(seen="h2", written="h1", occurred_at=T0, applied_at=LATER)
    assert verdict == decide.STALE


def test_a_change_at_the_same_moment_is_not_stale():
    verdict = decide.judge_change(seen="h2", written="h1", occurred_at=T0, applied_at=T0)
    assert verdict == decide.APPLY


def test_the_echo_fingerprint_compares_the_organization_by_id_and_ignores_unmapped_fields():
    keys = ["email", "job_title", "org_id"]
    ours = Person(id=1, name="A", emails=["a@x.org"], job_title="CEO", org_id=5)
    webhook = Person(id=1, name="Renamed", emails=["A@X.org"], job_title="CEO", org_id=5)
    assert decide.person_fingerprint(ours, keys) == decide.person_fingerprint(webhook, keys)
    moved = Person(id=1, name="A", emails=["a@x.org"], job_title="CEO", org_id=6)
    assert decide.person_fingerprint(ours, keys) != decide.person_fingerprint(moved, keys)


def test_the_prospect_fingerprint_follows_mapped_fields_only():
    keys = ["email", "position"]
    a = Prospect(id="p", email="a@x.org", position="CEO", locality="Paris")
    b = Prospect(id="p", email="a@x.org", position="CEO", locality="Rome")
    assert decide.prospect_fingerprint(a, keys) == decide.prospect_fingerprint(b, keys)


def test_watermarks_only_move_forward():
    assert decide.later(LATER, T0) == LATER
    assert decide.later(None, T0) == T0
    assert decide.later(None, None) is None


# -- ambiguity, deletes, merges (B5, B6) -----------------------------------------------------


def test_several_records_with_one_email_are_ambiguous_never_guessed():
    assert decide.match_verdict(Match((1, 2))) == "ambiguous"
    assert decide.match_verdict(Match((1,))) == "update"
    assert decide.match_verdict(Match()) == "create"


def test_a_delete_closes_the_link():
    verdict = decide.delete_verdict(linked=True, merged_to_id=None, survivor_linked=False)
    assert verdict == decide.UNLINK


def test_a_delete_by_merge_relinks_to_the_survivor():
    verdict = decide.delete_verdict(linked=True, merged_to_id=9, survivor_linked=False)
    assert verdict == decide.RELINK


def test_a_merge_into_a_person_already_linked_closes_the_merged_link():
    verdict = decide.delete_verdict(linked=True, merged_to_id=9, survivor_linked=True)
    assert verdict == decide.MERGED_INTO_LINKED


def test_a_delete_of_an_unlinked_person_changes_nothing():
    verdict = decide.delete_verdict(linked=False, merged_to_id=None, survivor_linked=False)
    assert verdict == decide.NOT_LINKED


# -- errors ----------------------------------------------------------------------------------


def test_backoff_doubles_and_is_capped():
    waits = [decide.backoff(n).total_seconds() for n in range(1, 10)]
    assert waits[:3] == [30, 60, 120]
    assert max(waits) == decide.BACKOFF_CAP_SECONDS
    assert not decide.gives_up(decide.MAX_ATTEMPTS - 1) and decide.gives_up(decide.MAX_ATTEMPTS)


# -- payload parsing -------------------------------------------------------------------------


def test_a_v2_person_webhook_is_parsed_with_its_update_time_and_plain_custom_values():
    payload = {
        "meta": {"action": "change", "entity_id": "8", "timestamp": "2026-03-01T12:00:09.000Z"},
        "data": {
            "id": 8,
            "name": "Ann Lee",
            "emails": [{"value": "Ann@X.org", "primary": True, "label": "work"}],
            "update_time": "2026-03-01T12:00:05Z",
            "custom_fields": {
                "abc": {"type": "varchar", "value": "x"},
                "tier": {"type": "enum", "id": 17},
            },
        },
        "previous": {"name": "Ann"},
    }
    event = parse_person_event(payload)
    # meta.timestamp has milliseconds: two edits in one second stay in order
    assert (event.person_id, event.email, event.occurred_at) == (
        8,
        "ann@x.org",
        T0 + dt.timedelta(seconds=9),
    )
    assert event.person.custom_fields == {"abc": "x", "tier": 17}
    polled = {**payload, "meta": {**payload["meta"], "change_source": "poll"}}
    assert parse_person_event(polled).occurred_at == T0 + dt.timedelta(seconds=5)


def test_a_merge_delete_carries_the_survivor_and_the_last_state():
    payload = {
        "meta": {
            "action": "delete",
            "entity_id": "8",
            "merged_to_id": "3",
            "timestamp": 1772366400,
        },
        "data": None,
        "previous": {"id": 8, "name": "Ann", "emails": [{"value": "a@x.org", "primary": True}]},
    }
    event = parse_person_event(payload)
    assert (event.action, event.person_id, event.merged_to_id, event.email) == (
        "delete",
        8,
        3,
        "a@x.org",
    )
    assert event.occurred_at == dt.datetime.fromtimestamp(1772366400, tz=dt.UTC)


def test_set_and_monetary_custom_values_are_unwrapped_like_the_api_gives_them():
    assert unwrap_value({"type": "set", "values": [{"id": 1}, {"id": 2}]}) == [1, 2]
    money = unwrap_value({"type": "monetary", "value": 5, "currency": "EUR"})
    assert money == {"value": 5, "currency": "EUR"}
    assert unwrap_value("plain") == "plain"


def test_a_polled_prospect_is_parsed_from_the_api_shape_or_the_record_fields():
    api = {"prospect": {"id": "p1", "firstName": "Ann", "emails": [{"email": "A@x.org"}],
                        "lastUpdateDate": {"date": "2026-03-01 12:00:00.000000"}}}  # fmt: skip
    parsed = parse_prospect_event(api)
    assert (parsed.prospect.id, parsed.email, parsed.occurred_at) == ("p1", "a@x.org", T0)
    plain = parse_prospect_event({"prospect": {"id": "p2", "email": "b@x.org", "first_name": "B"}})
    assert (plain.prospect.id, plain.prospect.first_name, plain.email) == ("p2", "B", "b@x.org")


def test_a_campaign_webhook_is_parsed_with_its_message_id():
    payload = {
        "event_object": "campaign_email", "event_action": "opened", "created_at": 1772366400,
        "data": {"prospect_email": "Ann@X.org", "prospect_first_name": "Ann",
                 "prospect_last_name": "Lee", "campaign": "Spring", "message_id": "m1"},
    }  # fmt: skip
    event = parse_campaign_event(payload)
    assert (event.kind, event.email, event.name, event.message_id) == (
        "campaign_email.opened", "ann@x.org", "Ann Lee", "m1",
    )  # fmt: skip
