"""Prometheus metrics: they move when events are received and processed, transfers write and
emails go out; they are read from the database, so what workers count is what the web process
serves; only configured addresses or the bearer token may read them."""

import pytest
from django.core import mail
from prometheus_client.parser import text_string_to_metric_families

from integrations.models import RateBudget, StatusCause
from integrations.status import mark_connection_failed
from sandbox.pipedrive.faults import inject_fault
from syncengine.intake import record_inbound_event
from syncengine.transfer.services import start_transfer
from tests.factories import make_integration
from tests.realtime.conftest import new_prospect, polled_event, run

TOKEN = "scrape-token-for-tests-0123456789"


@pytest.fixture
def scraper(client, settings):
    settings.METRICS_TOKEN = TOKEN
    settings.METRICS_ALLOWED_IPS = []

    def scrape() -> dict:
        response = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/plain")
        samples = {}
        for family in text_string_to_metric_families(response.content.decode()):
            for sample in family.samples:
                samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
        return samples

    return scrape


def value(samples, name, **labels) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0)


def test_metrics_move_when_events_are_received_and_processed(active, scraper, committed):
    before = scraper()
    with committed():
        done = run(polled_event(active, new_prospect("new@example.net")))
    inject_fault("/api/v2/persons", status=400, times=1, method="POST")
    with committed():
        failed = run(polled_event(active, new_prospect("refused@example.net")))
        record_inbound_event(
            integration_id=active.pk, source="pipedrive", kind="deal.change",
            idempotency_key="d1", payload={"meta": {}},
        )  # fmt: skip
    after = scraper()
    assert (done.state, failed.state) == ("done", "failed")

    def moved(name, **labels):
        return value(after, name, **labels) - value(before, name, **labels)

    assert moved("snovsync_events_processed_total", app="snovio", state="done") == 1
    assert moved("snovsync_events_processed_total", app="snovio", state="failed") == 1
    assert moved("snovsync_events_failed_total", app="snovio", reason="validation") == 1
    assert moved("snovsync_events_received_total", app="pipedrive", kind="other") == 1
    assert moved("snovsync_api_calls_total", app="pipedrive") >= 2


def test_metrics_count_transfer_writes_emails_and_rate_limit_waits(
    connected_integration, scraper, committed
):
    with committed():
        start_transfer(
            integration=connected_integration, direction="to_pipedrive", source="snovio",
            dry_run=False,
        )  # fmt: skip
        mark_connection_failed(connected_integration, cause=StatusCause.OTHER, detail="Gone")
    RateBudget.objects.create(key="snovio:abc", throttled_total=3)
    samples = scraper()
    assert value(samples, "snovsync_transfer_records_written_total", app="pipedrive") == 10
    assert len(mail.outbox) == 1
    assert value(samples, "snovsync_emails_sent_total", kind="connection_failed") == 1
    assert value(samples, "snovsync_rate_limit_waits_total", app="snovio") == 3


def test_gauges_count_the_waiting_work_per_lane(db, scraper):
    integration = make_integration()
    for key in ("a", "b"):
        record_inbound_event(
            integration_id=integration.pk, source="snovio", kind="prospect.change",
            idempotency_key=key, payload={},
        )  # fmt: skip
    samples = scraper()
    assert value(samples, "snovsync_lane_backlog", lane="realtime") == 2
    assert value(samples, "snovsync_lane_backlog", lane="bulk") == 0
    assert value(samples, "snovsync_integrations", status="setup") == 1


def test_metrics_are_refused_without_the_token(client, db, settings):
    settings.METRICS_TOKEN = TOKEN
    settings.METRICS_ALLOWED_IPS = []
    assert client.get("/metrics").status_code == 403
    wrong = {"Authorization": f"Bearer {TOKEN}x"}
    assert client.get("/metrics", headers=wrong).status_code == 403


def test_with_nothing_configured_nobody_reads_the_metrics(client, db, settings):
    settings.METRICS_TOKEN = ""
    settings.METRICS_ALLOWED_IPS = []
    assert client.get("/metrics", headers={"Authorization": "Bearer "}).status_code == 403


def test_metrics_are_served_to_allowed_addresses_only(client, db, settings):
    settings.METRICS_TOKEN = ""
    settings.METRICS_ALLOWED_IPS = ["10.0.0.0/8", "192.0.2.7"]
    assert client.get("/metrics", REMOTE_ADDR="10.1.2.3").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="192.0.2.7").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="192.0.2.8").status_code == 403


def test_behind_a_proxy_the_forwarded_client_address_is_checked(client, db, settings):
    settings.METRICS_TOKEN = ""
    settings.METRICS_ALLOWED_IPS = ["10.0.0.0/8"]
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "127.0.0.1"}
    allowed = client.get("/metrics", headers={"X-Forwarded-For": "10.9.9.9"}, **proxy)
    assert allowed.status_code == 200
    # A forged entry ahead of the proxy's own is not the address the proxy saw.
    forged = client.get("/metrics", headers={"X-Forwarded-For": "10.9.9.9, 203.0.113.5"}, **proxy)
    assert forged.status_code == 403
