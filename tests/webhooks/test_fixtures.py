"""Every event kind we subscribe to has a captured fixture, and every fixture is declared
(Zulip-style): a fixture of an undeclared kind, or a declared kind without one, fails here."""

import os

import pytest

from syncengine.intake import (
    DECLARED_KINDS,
    SNOVIO_POLL_KIND,
    parse_pipedrive,
    parse_snovio,
)
from syncengine.models import App
from tests.webhooks.capture import capture_pipedrive, capture_snovio, load_fixtures, write_fixtures

PARSERS = {App.PIPEDRIVE: parse_pipedrive, App.SNOVIO: parse_snovio}


@pytest.mark.parametrize("app", [App.PIPEDRIVE, App.SNOVIO])
def test_every_fixture_is_of_a_declared_kind_named_after_it(app):
    fixtures = load_fixtures(app)
    assert fixtures
    for name, body in fixtures.items():
        kind = PARSERS[app](body).kind
        assert kind in DECLARED_KINDS[app], f"{app}/{name}.json has undeclared kind {kind}"
        assert name.split("__")[0] == kind.replace(".", "_")


@pytest.mark.parametrize("app", [App.PIPEDRIVE, App.SNOVIO])
def test_every_declared_webhook_kind_has_a_fixture(app):
    kinds = {PARSERS[app](body).kind for body in load_fixtures(app).values()}
    assert DECLARED_KINDS[app] - {SNOVIO_POLL_KIND} <= kinds


def shape(value):
    """The structure of a body: keys and value types, not the values (custom field keys are
    the sandbox seed's business)."""
    if isinstance(value, dict):
        return {k: "custom" if k == "custom_fields" else shape(v) for k, v in value.items()}
    if isinstance(value, list):
        return [shape(value[0])] if value else []
    return type(value).__name__


@pytest.mark.parametrize(
    "app,capture", [(App.PIPEDRIVE, capture_pipedrive), (App.SNOVIO, capture_snovio)]
)
def test_fixtures_have_the_shape_the_sandboxes_deliver_today(
    app, capture, connected_integration, sandbox_http
):
    bodies = capture(connected_integration, sandbox_http)
    if os.environ.get("CAPTURE_WEBHOOK_FIXTURES") == "1":
        write_fixtures(app, bodies)
    saved = load_fixtures(app)
    assert set(bodies) == set(saved)
    for name, body in bodies.items():
        assert shape(body) == shape(saved[name]), name
