"""The settings page offers only the pairs tested in test_every_offered_pair (B16, R3.4): its
select options tell the page's script what each Pipedrive field accepts, and the server
refuses any other pair with a sentence."""

import re

import pytest

from syncengine.mapping import Pair
from syncengine.schema_refresh import load_schema
from syncengine.settings_forms import MappingForm
from tests.fieldtypes.conftest import OFFERED

pytestmark = pytest.mark.django_db

OPTION = re.compile(r'<option value="(?P<key>[^"]+)"(?P<attrs>[^>]*)>')


def rendered_options(form, name) -> dict[str, dict[str, str]]:
    """Each offered field's data attributes, as the browser gets them."""
    html = str(form[name])
    return {
        m["key"]: dict(re.findall(r'data-(\w+)="([^"]*)"', m["attrs"]))
        for m in OPTION.finditer(html)
    }


def offered_by_the_page(integration) -> set[Pair]:
    """The pairs the page's script leaves selectable: the left field's kind is accepted."""
    form = MappingForm(schema=load_schema(integration), integration=integration)
    left = rendered_options(form, "snovio_field")
    right = rendered_options(form, "pipedrive_field")
    return {
        Pair(left_key, right_key)
        for left_key, left_data in left.items()
        for right_key, right_data in right.items()
        if left_data["kind"] in right_data["accepts"].split()
    }


def type_pair(schema, pair: Pair) -> tuple[str, str]:
    return schema.snovio_field(pair.snovio).type, schema.pipedrive_field(pair.pipedrive).field_type


def test_every_pair_the_page_offers_is_one_the_writer_is_tested_with(typed):
    schema = load_schema(typed)
    offered = {type_pair(schema, pair) for pair in offered_by_the_page(typed)}
    assert offered == set(OFFERED)


def test_fields_nothing_can_be_paired_with_are_not_offered(typed):
    form = MappingForm(schema=load_schema(typed), integration=typed)
    offered_types = {
        load_schema(typed).pipedrive_field(key).field_type
        for key in rendered_options(form, "pipedrive_field")
    }
    assert offered_types == {p for _, p in OFFERED}
    assert not offered_types & {"user", "org", "people", "time", "daterange", "timerange"}


def post(integration, pair: Pair) -> MappingForm:
    data = {"snovio_field": pair.snovio, "pipedrive_field": pair.pipedrive}
    return MappingForm(data, schema=load_schema(integration), integration=integration)


def test_the_server_takes_each_offered_pair_and_refuses_the_rest_with_a_sentence(typed):
    schema = load_schema(typed)
    offered = offered_by_the_page(typed)
    lefts = {pair.snovio for pair in offered}
    rights = {pair.pipedrive for pair in offered}
    for pair in (Pair(left, right) for left in lefts for right in rights):
        form = post(typed, pair)
        if pair in offered:
            assert form.is_valid(), (type_pair(schema, pair), form.errors)
        else:
            assert not form.is_valid()
            [reason] = form.errors["pipedrive_field"]
            assert reason.endswith(".") and len(reason.split()) > 8, reason
