"""Pure classification and conflict resolution of a transfer (R7.2–R7.3, B2, B6)."""

from hypothesis import given
from hypothesis import strategies as st

from syncengine.exchange import Exchange
from syncengine.mapping import mapping_pairs
from syncengine.transfer.classify import (
    PIPEDRIVE,
    SNOVIO,
    Decision,
    Kind,
    Reason,
    Record,
    Rules,
    add_samples,
    classify,
    tally,
)

PAIRS = tuple(mapping_pairs([]))


def rules(sender=SNOVIO, source=None, **kwargs) -> Rules:
    return Rules(sender=sender, source=source or sender, pairs=PAIRS, **kwargs)


def prospect(pid="p1", email="ann@example.org", **values) -> Record:
    base = {"email": email, "first_name": "Ann", "last_name": "Lee", "full_name": "Ann Lee"}
    return Record(pid, email, base | values)


def person(pid="7", email="ann@example.org", **values) -> Record:
    base = {"email": email, "first_name": "Ann", "last_name": "Lee", "name": "Ann Lee"}
    return Record(pid, email, base | values)


def test_a_prospect_without_a_duplicate_is_created_with_mapped_values_only():
    decision = classify(prospect(position="CTO", locality="Oslo"), [], rules())
    assert decision.kind == Kind.CREATE
    assert decision.target_app == PIPEDRIVE
    assert decision.writes == {
        "email": "ann@example.org",
        "first_name": "Ann",
        "last_name": "Lee",
        "name": "Ann Lee",
        "job_title": "CTO",
    }


def test_a_creation_carries_the_receivers_constants_not_the_senders():
    constants = {PIPEDRIVE: (("abc", "from Snov.io"),), SNOVIO: (("custom:X", "no"),)}
    decision = classify(prospect(), [], rules(constants=constants))
    assert decision.writes["abc"] == "from Snov.io"
    assert "custom:X" not in decision.writes


def test_a_prospect_without_email_is_skipped_when_only_prospects_with_email_sync():
    decision = classify(prospect(email=""), [], rules())
    assert decision == Decision(Kind.SKIPPED, Reason.NO_EMAIL)


def test_a_prospect_without_email_is_created_when_the_rule_is_off():
    decision = classify(prospect(email=""), [], rules(exchange=Exchange(only_with_email=False)))
    assert decision.kind == Kind.CREATE
    assert "email" not in decision.writes


def test_a_person_without_email_never_goes_to_snovio_which_needs_one():
    decision = classify(
        person(email=""), [], rules(sender=PIPEDRIVE, exchange=Exchange(only_with_email=False))
    )
    assert decision == Decision(Kind.SKIPPED, Reason.NO_EMAIL)


def test_a_prospect_only_in_lists_not_taking_part_is_skipped():
    record = Record("p1", "a@x.org", {"email": "a@x.org"}, in_scope=False)
    assert classify(record, [], rules()) == Decision(Kind.SKIPPED, Reason.EXCLUDED_LIST)


def test_two_receiver_records_with_the_email_are_ambiguous_and_listed():
    decision = classify(prospect(), [person("1"), person("2")], rules())
    assert decision.kind == Kind.AMBIGUOUS
    assert decision.reason == Reason.SEVERAL_IN_RECEIVER
    assert decision.candidates == ("1", "2")
    assert decision.writes == {}


def test_two_sender_records_with_the_email_are_ambiguous():
    decision = classify(prospect(), [person()], rules(), same_email=2)
    assert decision == Decision(Kind.AMBIGUOUS, Reason.SEVERAL_IN_SENDER)


def test_a_duplicate_with_the_same_mapped_values_is_identical():
    decision = classify(prospect(), [person()], rules())
    assert decision.kind == Kind.IDENTICAL
    assert decision.match_id == "7"


def test_unmapped_differences_do_not_make_a_conflict():
    decision = classify(prospect(locality="Oslo"), [person(**{"abc": "zzz"})], rules())
    assert decision.kind == Kind.IDENTICAL


def test_filling_an_empty_receiver_field_is_an_update_not_a_conflict():
    decision = classify(prospect(position="CTO"), [person(job_title="")], rules())
    assert decision.kind == Kind.UPDATE
    assert decision.writes == {"job_title": "CTO"}
    assert decision.conflicts == ()


def test_the_sender_as_source_overwrites_the_receivers_filled_values():
    decision = classify(prospect(position="CTO"), [person(job_title="CEO")], rules())
    assert decision.kind == Kind.CONFLICT
    assert decision.target_app == PIPEDRIVE
    assert decision.writes == {"job_title": "CTO"}
    assert decision.conflicts == ("job_title",)


def test_the_receiver_as_source_overwrites_the_senders_values_instead():
    decision = classify(
        prospect(position="CTO"), [person(job_title="CEO")], rules(source=PIPEDRIVE)
    )
    assert decision.kind == Kind.CONFLICT
    assert decision.target_app == SNOVIO
    assert decision.writes == {"email": "ann@example.org", "position": "CEO"}
    assert decision.conflicts == ("position",)


def test_an_empty_source_value_never_erases_a_filled_one():
    decision = classify(prospect(position=""), [person(job_title="CEO")], rules())
    assert decision.kind == Kind.IDENTICAL


def test_pipedrive_to_snovio_writes_updates_with_the_email_that_finds_the_prospect():
    decision = classify(person(job_title="CTO"), [prospect(position="")], rules(sender=PIPEDRIVE))
    assert decision.kind == Kind.UPDATE
    assert decision.writes == {"email": "ann@example.org", "position": "CTO"}


def test_values_are_compared_after_conversion_case_of_phones_and_spacing():
    sender = prospect(phones=["+1 555 0101", "+1 555 0102"], position=" CTO ")
    receiver = person(phone=["+1 555 0102", "+1 555 0101"], job_title="CTO")
    assert classify(sender, [receiver], rules()).kind == Kind.IDENTICAL


def test_counts_and_samples_group_skips_and_ambiguity_by_reason():
    pairs = [
        (prospect("a"), classify(prospect("a"), [], rules())),
        (prospect("b", email=""), classify(prospect("b", email=""), [], rules())),
        (prospect("c"), classify(prospect("c"), [person("1"), person("2")], rules())),
    ]
    counts = tally(d for _, d in pairs)
    assert counts == {"create": 1, "skipped:no_email": 1, "ambiguous:several_in_receiver": 1}
    samples = add_samples({}, pairs, size=1)
    assert samples["ambiguous:several_in_receiver"][0]["candidates"] == ["1", "2"]
    assert add_samples(samples, pairs, size=1) == samples


text = st.sampled_from(["", "CTO", "CEO", " cto", "Sales"])


@given(sender_title=text, receiver_title=text, sender_is_source=st.booleans())
def test_applying_the_writes_makes_the_pair_identical(
    sender_title, receiver_title, sender_is_source
):
    source = SNOVIO if sender_is_source else PIPEDRIVE
    sender, receiver = prospect(position=sender_title), person(job_title=receiver_title)
    decision = classify(sender, [receiver], rules(source=source))
    if decision.target_app == PIPEDRIVE:
        receiver = person(job_title=decision.writes.get("job_title", receiver_title))
    else:
        sender = prospect(position=decision.writes.get("position", sender_title))
    assert classify(sender, [receiver], rules(source=source)).kind == Kind.IDENTICAL


@given(sender_title=text, receiver_title=text, sender_is_source=st.booleans())
def test_a_filled_value_is_only_ever_replaced_by_a_filled_value(
    sender_title, receiver_title, sender_is_source
):
    source = SNOVIO if sender_is_source else PIPEDRIVE
    decision = classify(
        prospect(position=sender_title), [person(job_title=receiver_title)], rules(source=source)
    )
    for key, value in decision.writes.items():
        assert value != "", key
    loser_title = receiver_title if sender_is_source else sender_title
    expected_conflict = bool(loser_title.strip()) and bool(decision.writes)
    assert (decision.kind == Kind.CONFLICT) == expected_conflict


@given(
    st.lists(st.sampled_from(["a@x.org", "b@x.org", "", "c@x.org"]), max_size=6),
    st.booleans(),
)
def test_every_sender_record_gets_exactly_one_bucket(emails, only_with_email):
    records = [prospect(f"p{i}", email=e) for i, e in enumerate(emails)]
    decisions = [
        classify(
            r,
            [],
            rules(exchange=Exchange(only_with_email=only_with_email)),
            same_email=emails.count(r.email),
        )
        for r in records
    ]
    assert sum(tally(decisions).values()) == len(records)
