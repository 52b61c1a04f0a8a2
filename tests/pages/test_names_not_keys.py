"""Names, not keys: every page of the product, in every state, as its owner reads it, holds no
40-character Pipedrive field key, no "custom:" Snov.io key and no reason code, even for a
field deleted since it was mapped and for log entries of every kind."""

import pytest
from django.test import Client

from syncengine.models import App, Constant, FieldMapping, Outcome, SyncEntry
from tests.factories import make_integration, make_user
from tests.pages.readable import keys_and_codes
from tests.pages.states import STATES, add_rows, put_in_state
from tests.pages.test_every_url import url_values
from tests.pages.urls import is_machine, product_routes

pytestmark = pytest.mark.django_db
GONE_KEY = "0123456789abcdef0123456789abcdef01234567"


def add_hard_cases(integration) -> None:
    """A pair and a constant whose fields are gone (one pair from before names were kept), and
    log entries whose reasons, fields and records are all codes and keys underneath."""
    FieldMapping.objects.create(
        integration=integration, snovio_field="custom:Gone", pipedrive_field=GONE_KEY
    )
    Constant.objects.create(
        integration=integration, app=App.PIPEDRIVE, field="f" * 40, value="Imported"
    )
    entries = [
        {"reason_code": "email_history", "outcome": Outcome.UPDATED, "message": "email_history"},
        {"reason_code": "own_write", "outcome": Outcome.ECHO},
        {"reason_code": "several_in_receiver", "outcome": Outcome.AMBIGUOUS,
         "candidates": [{"app": "pipedrive", "id": "1", "name": "Olivia Smith"},
                        {"app": "pipedrive", "id": "29", "name": ""}]},
        {"reason_code": "create_deal", "outcome": Outcome.CREATED, "origin": "automation",
         "message": "Deal 'Olivia Smith deal' created in Qualified (Sales)."},
        {"outcome": Outcome.UPDATED, "changes": {GONE_KEY: "x", "custom:Industry": "Retail"}},
        {"reason_code": "no_such_code_yet", "outcome": Outcome.SKIPPED,
         "message": "no_such_code_yet"},
    ]  # fmt: skip
    for fields in entries:
        values = {"receiver": App.PIPEDRIVE, "origin": "realtime", "email": "o@example.org"}
        SyncEntry.objects.create(integration=integration, **(values | fields))


@pytest.fixture
def integration_in(request, connected_integration, sandbox_http):
    if request.param == "new":
        return make_integration(make_user("newcomer@example.org"))
    put_in_state(connected_integration, request.param)
    return connected_integration


@pytest.mark.parametrize("integration_in", STATES, indirect=True)
def test_no_page_shows_a_key_or_a_code(integration_in):
    integration = integration_in
    values = url_values(integration, add_rows(integration))
    add_hard_cases(integration)
    client = Client()
    client.force_login(integration.owner)
    found, read = {}, 0
    for route in product_routes():
        path = route.path(values)
        if is_machine(path):
            continue
        for query in ({}, {"email": "o@example.org"}):
            response = client.get(path, query)
            if response.get("Content-Type", "").startswith("text/html"):
                read += 1
                page = response.content.decode()
                if codes := keys_and_codes(page, also={"no_such_code_yet"}):
                    found[f"{path}?{query}"] = codes
    assert read >= 40
    assert found == {}
