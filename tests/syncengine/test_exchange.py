"""The data-exchange settings and their rules (R2, R3), as one pure value."""

from types import SimpleNamespace

from syncengine.exchange import Exchange

BOTH = Exchange(target_list_id="7")


def test_a_prospect_goes_to_pipedrive_in_two_way_sync():
    assert BOTH.prospect_excluded(email="a@x.org", list_ids=[1]) == ""


def test_one_way_to_snovio_never_writes_a_prospect_into_pipedrive():
    exchange = Exchange(direction="to_snovio", target_list_id="7")
    assert exchange.prospect_excluded(email="a@x.org", list_ids=[1]) == "one_way"


def test_one_way_to_pipedrive_never_writes_a_person_into_snovio():
    exchange = Exchange(direction="to_pipedrive", target_list_id="7")
    assert exchange.person_excluded(email="a@x.org") == "one_way"


def test_prospects_without_email_are_skipped_when_only_with_email_is_on():
    assert BOTH.prospect_excluded(email="", list_ids=[1]) == "no_email"


def test_prospects_without_email_pass_when_only_with_email_is_off():
    exchange = Exchange(only_with_email=False)
    assert exchange.prospect_excluded(email="", list_ids=[1]) == ""


def test_prospects_of_lists_not_taking_part_never_reach_pipedrive():
    chosen = Exchange(all_lists=False, source_list_ids=("2",))
    assert chosen.prospect_excluded(email="a@x.org", list_ids=[1]) == "list_not_included"
    assert chosen.prospect_excluded(email="a@x.org", list_ids=[1, 2]) == ""


def test_all_lists_includes_lists_created_later():
    assert BOTH.prospect_excluded(email="a@x.org", list_ids=[999]) == ""


def test_persons_without_email_or_target_list_do_not_reach_snovio():
    assert BOTH.person_excluded(email="") == "no_email"
    no_list = Exchange()
    assert no_list.person_excluded(email="a@x.org") == "no_target_list"


def test_the_exchange_is_read_from_the_integration_in_one_place():
    integration = SimpleNamespace(
        direction="to_pipedrive", target_list_id=12, owner_user_id=3, all_lists=False,
        source_list_ids=[4, "5"], include_email_history=True, only_with_email=False,
    )  # fmt: skip
    exchange = Exchange.of(integration)
    assert exchange == Exchange(
        direction="to_pipedrive", target_list_id="12", owner_user_id=3, all_lists=False,
        source_list_ids=("4", "5"), include_email_history=True, only_with_email=False,
    )  # fmt: skip
    assert (exchange.to_pipedrive, exchange.to_snovio) == (True, False)


def test_a_prospect_whose_lists_are_unknown_is_not_excluded_for_them():
    chosen = Exchange(all_lists=False, source_list_ids=("2",))
    assert chosen.takes_part(None)
    assert chosen.prospect_excluded(email="a@x.org", list_ids=None) == ""


def test_polling_reads_only_the_chosen_lists_and_every_list_with_all_lists():
    assert Exchange(all_lists=False, source_list_ids=("3", "1", "x")).chosen_list_ids() == [1, 3]
    assert Exchange().chosen_list_ids() == []


def test_records_without_email_are_left_out_when_chosen_and_always_towards_snovio():
    assert Exchange().skips_without_email("pipedrive")
    assert not Exchange(only_with_email=False).skips_without_email("pipedrive")
    assert Exchange(only_with_email=False).skips_without_email("snovio")
