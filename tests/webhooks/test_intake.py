"""Deliveries that pass the checks become one InboundEvent each, rung once it has committed."""

import pytest

from config.lanes import DRAIN
from syncengine.models import App, EventState, InboundEvent
from tests.webhooks.capture import load_fixtures
from tests.webhooks.conftest import post_pipedrive, post_snovio

PIPEDRIVE = load_fixtures("pipedrive")
SNOVIO = load_fixtures("snovio")


@pytest.fixture
def enqueued(monkeypatch):
    """Capture the processing bell instead of ringing it."""
    calls = []
    monkeypatch.setattr(
        "config.lanes.async_task", lambda func, *args, cluster: calls.append((func, *args))
    )
    return calls


@pytest.mark.parametrize("name", sorted(PIPEDRIVE))
def test_each_pipedrive_fixture_is_stored_and_enqueued_after_commit(
    name, client, state, enqueued, django_capture_on_commit_callbacks
):
    body = PIPEDRIVE[name]
    with django_capture_on_commit_callbacks(execute=True):
        response = post_pipedrive(client, state, body)
    assert response.status_code == 200
    assert response.json() == {"status": "stored"}
    event = InboundEvent.objects.get()
    assert (event.source, event.state) == (App.PIPEDRIVE, EventState.PENDING)
    assert event.kind == f"{body['meta']['entity']}.{body['meta']['action']}"
    assert event.idempotency_key == body["meta"]["id"]
    assert event.payload == body
    assert enqueued == [(DRAIN.func, event.integration_id)]


@pytest.mark.parametrize("name", sorted(SNOVIO))
def test_each_snovio_fixture_is_stored_with_its_event_id_and_enqueued(
    name, client, state, enqueued, django_capture_on_commit_callbacks
):
    body = SNOVIO[name]
    with django_capture_on_commit_callbacks(execute=True):
        response = post_snovio(client, state, body)
    assert response.status_code == 200
    event = InboundEvent.objects.get()
    assert (event.source, event.state) == (App.SNOVIO, EventState.PENDING)
    assert event.kind == f"{body['event_object']}.{body['event_action']}"
    assert event.idempotency_key == body["data"]["event_id"]
    assert enqueued == [(DRAIN.func, event.integration_id)]


def test_nothing_is_enqueued_before_the_transaction_commits(
    client, state, enqueued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        post_pipedrive(client, state, PIPEDRIVE["person_create"])
    assert enqueued == []
    for callback in callbacks:  # the commit
        callback()
    assert len(enqueued) == 1


def test_a_redelivered_pipedrive_event_is_stored_once(client, state):
    body = PIPEDRIVE["person_change"]
    retry = {**body, "meta": {**body["meta"], "attempt": 2}}
    assert post_pipedrive(client, state, body).json() == {"status": "stored"}
    second = post_pipedrive(client, state, retry)
    assert second.status_code == 200
    assert second.json() == {"status": "duplicate"}
    assert InboundEvent.objects.count() == 1


def test_a_redelivered_snovio_event_without_event_id_is_stored_once_by_its_hash(client, state):
    body = {**SNOVIO["campaign_email_opened"]}
    body["data"] = {k: v for k, v in body["data"].items() if k != "event_id"}
    post_snovio(client, state, body)
    assert post_snovio(client, state, body).json() == {"status": "duplicate"}
    event = InboundEvent.objects.get()
    assert event.idempotency_key.startswith("sha256:")


def test_the_same_event_id_from_two_integrations_is_stored_for_each(client, state):
    from syncengine.webhook_registration import ensure_realtime_state
    from tests.factories import make_integration

    other = ensure_realtime_state(make_integration())[0]
    post_pipedrive(client, state, PIPEDRIVE["person_create"])
    post_pipedrive(client, other, PIPEDRIVE["person_create"])
    assert InboundEvent.objects.count() == 2


def test_an_unknown_pipedrive_kind_is_stored_as_ignored_and_not_enqueued(
    client, state, enqueued, django_capture_on_commit_callbacks
):
    body = PIPEDRIVE["person_change"]
    deal = {**body, "meta": {**body["meta"], "entity": "deal", "id": "deal-event-1"}}
    with django_capture_on_commit_callbacks(execute=True):
        response = post_pipedrive(client, state, deal)
    assert response.status_code == 200
    event = InboundEvent.objects.get()
    assert (event.kind, event.state) == ("deal.change", EventState.IGNORED)
    assert enqueued == []


def test_an_unknown_snovio_kind_is_stored_as_ignored(client, state, enqueued):
    body = {"event_object": "email_verification", "event_action": "verified", "data": {}}
    assert post_snovio(client, state, body).status_code == 200
    event = InboundEvent.objects.get()
    assert (event.kind, event.state) == ("email_verification.verified", EventState.IGNORED)


def test_a_rolled_back_delivery_leaves_neither_the_event_nor_its_bell(state, database_broker):
    from django.db import transaction
    from django_q.models import OrmQ

    from syncengine.intake import parse_pipedrive, record_inbound_event

    delivery = parse_pipedrive(PIPEDRIVE["person_create"])
    with pytest.raises(RuntimeError), transaction.atomic():
        record_inbound_event(
            integration_id=state.integration_id, source=delivery.source, kind=delivery.kind,
            idempotency_key=delivery.idempotency_key, payload=delivery.payload,
        )  # fmt: skip
        raise RuntimeError("the request failed after storing")
    assert (InboundEvent.objects.count(), OrmQ.objects.count()) == (0, 0)


@pytest.mark.django_db(transaction=True)
def test_a_delivery_while_the_bell_is_out_is_one_statement_on_postgresql(
    client, state, database_broker, settings
):
    """Outside a test's transaction, as in production: the first delivery of a burst rings;
    the next is one statement on PostgreSQL (its integration, its INSERT and the lease read),
    elsewhere the integration, its INSERT (autocommit) and a read of the lease."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django_q.models import OrmQ

    settings.METRICS_FLUSH_SECONDS = 3600  # counts are written once a second, not per delivery
    first = PIPEDRIVE["person_create"]
    assert post_pipedrive(client, state, first).json() == {"status": "stored"}
    assert OrmQ.objects.count() == 1
    second = {**first, "meta": {**first["meta"], "id": "another-delivery"}}
    with CaptureQueriesContext(connection) as queries:
        assert post_pipedrive(client, state, second).json() == {"status": "stored"}
    statements = [q["sql"].split()[0] for q in queries.captured_queries]
    if connection.vendor == "postgresql":
        assert statements == ["WITH"]
    else:
        assert statements == ["SELECT", "INSERT", "SELECT"]
    assert OrmQ.objects.count() == 1  # one bell for the burst


def test_the_bell_rings_only_after_the_event_commits(
    client, state, enqueued, monkeypatch, django_capture_on_commit_callbacks
):
    from django_q.conf import Conf

    monkeypatch.setattr(Conf, "SYNC", False)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        post_pipedrive(client, state, PIPEDRIVE["person_create"])
    assert enqueued == []
    for callback in callbacks:
        callback()
    assert enqueued == [(DRAIN.func, InboundEvent.objects.get().integration_id)]


def test_a_delivery_skips_the_middleware_of_peoples_pages(client, state, monkeypatch):
    """No session, user, CSRF, message or login work for a delivery; a page still gets it."""
    from django.contrib.sessions.middleware import SessionMiddleware

    seen = []
    original = SessionMiddleware.process_request

    def spy(self, request):
        seen.append(request.path)
        return original(self, request)

    monkeypatch.setattr(SessionMiddleware, "process_request", spy)
    response = post_pipedrive(client, state, PIPEDRIVE["person_change"])
    assert response.status_code == 200
    assert seen == []
    client.get("/accounts/login/")
    assert seen == ["/accounts/login/"]
