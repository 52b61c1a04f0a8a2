"""What Snov.io's answers carry decides how a mapped field is read: from the list page, by id,
or not at all. Refresh learns it from a sample of the real answers; until then the reference's
documented fields are assumed."""

import pytest

from integrations.clients.snovio.parsing import parse_prospect
from sandbox.snovio.models import Account
from sandbox.snovio.seed import DEMO_CLIENT_ID
from syncengine.prospect_reads import (
    BY_ID,
    PAGE,
    UNREADABLE,
    carriage_of,
    lacks,
    readable_by_id,
    source_of,
    unreadable,
)
from syncengine.schema import Schema, SnovioCarriage
from syncengine.schema_refresh import load_schema, refresh_schema

MAPPED = ("email", "full_name", "phones", "position", "company_name", "custom:Industry")


def test_until_refresh_samples_the_answers_the_documented_fields_are_assumed():
    carriage = carriage_of(Schema())
    assert {key: source_of(key, carriage) for key in MAPPED} == {
        "email": PAGE,
        "full_name": PAGE,
        "phones": UNREADABLE,
        "position": BY_ID,
        "company_name": BY_ID,
        "custom:Industry": UNREADABLE,
    }


def test_a_page_that_carries_everything_needs_no_read_by_id():
    schema = Schema(
        snovio_carriage=SnovioCarriage(
            page=("email", "name", "phones", "position", "company_name", "custom_fields"),
            detail=("position",),
        )
    )
    assert {source_of(key, carriage_of(schema)) for key in MAPPED} == {PAGE}
    assert unreadable(MAPPED, schema) == frozenset()


def test_readable_by_id_names_the_attributes_a_read_can_add():
    assert readable_by_id(MAPPED, Schema()) == ("company_name", "name", "position")


def test_a_prospect_lacks_what_its_answer_did_not_carry():
    page_item = parse_prospect({"id": "x", "name": "Ann Lee", "emails": []})
    assert lacks(page_item, ("name", "position", "company_name")) == ("position", "company_name")


@pytest.mark.django_db
@pytest.mark.parametrize("documented_only", [False, True], ids=["fuller", "documented"])
def test_refresh_learns_what_the_list_page_and_a_read_by_id_carry(
    connected_only, sandbox_http, documented_only
):
    Account.objects.filter(client_id=DEMO_CLIENT_ID).update(documented_only=documented_only)
    refresh_schema(integration=connected_only)
    schema = load_schema(connected_only)
    carriage = schema.snovio_carriage
    if documented_only:
        assert set(carriage.page) == {"email", "first_name", "last_name", "name"}
        assert "position" in carriage.detail and "email" not in carriage.detail
        assert unreadable(MAPPED, schema) == {"phones", "custom:Industry"}
    else:
        assert {"phones", "position", "custom_fields", "updated_at"} <= set(carriage.page)
        assert unreadable(MAPPED, schema) == frozenset()
