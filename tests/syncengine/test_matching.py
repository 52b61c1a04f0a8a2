from hypothesis import given
from hypothesis import strategies as st

from syncengine.matching import index_by_email, match_email


def test_one_record_per_email_is_a_match():
    index = index_by_email([(1, "a@x.io"), (2, "b@x.io")])
    assert match_email(" A@X.io ", index).one == 1


def test_two_records_with_one_email_are_ambiguous_not_guessed():
    match = match_email("a@x.io", index_by_email([(1, "a@x.io"), (2, "A@x.io ")]))
    assert match.ambiguous and match.one is None
    assert set(match.ids) == {1, 2}


def test_no_email_never_matches():
    index = index_by_email([(1, ""), (2, None)])
    assert index == {}
    assert match_email("", index).none


@given(st.lists(st.tuples(st.integers(0, 50), st.sampled_from(["a@x.io", "B@x.io", ""]))))
def test_every_record_with_an_email_is_found_by_it(records):
    index = index_by_email(records)
    for record_id, email in records:
        if email:
            assert record_id in match_email(email, index).ids
