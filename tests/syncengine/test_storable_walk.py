"""storable.loads skips its walk over the decoded value only when the text itself shows that
nothing unstorable can be inside (syncengine/storable.py::surely_storable)."""

import json

import pytest

from syncengine import storable
from tests.bench.bench_intake import person_change


def test_a_webhook_body_of_the_usual_shape_needs_no_walk():
    assert storable.surely_storable(person_change(1).decode())


@pytest.mark.parametrize(
    "text",
    [
        '{"name": "A\\u0000B"}',  # an escaped NUL
        '{"name": "\\ud800"}',  # an escaped lone surrogate
        '{"name": "\\u00e9"}',  # any escape: the walk decides
        "[" * 64 + "]" * 64,  # brackets enough to nest too deep
        json.dumps({"name": "[" * 70}),  # brackets inside a string count too (safe side)
    ],
)
def test_text_that_could_hide_something_is_walked(text):
    assert not storable.surely_storable(text)


def test_a_lone_surrogate_in_the_text_itself_is_refused():
    with pytest.raises(storable.Unstorable) as refused:
        storable.loads('{"name": "\ud800"}')
    assert refused.value.reason_code == "lone_surrogate"


@pytest.mark.parametrize(
    "text, reason",
    [
        ('{"name": "A\\u0000B"}', "nul_character"),
        ('{"name": "\\udc00"}', "lone_surrogate"),
        ("[" * 65 + "]" * 65, "too_deep"),
    ],
)
def test_what_the_walk_finds_is_still_refused(text, reason):
    with pytest.raises(storable.Unstorable) as refused:
        storable.loads(text)
    assert refused.value.reason_code == reason


def test_brackets_inside_strings_are_walked_and_accepted():
    assert storable.loads(json.dumps({"name": "[" * 70})) == {"name": "[" * 70}
