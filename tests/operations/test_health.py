"""/healthz answers while the process lives; /readyz says whether the deployment works: the
database and the broker answer and the housekeeping tick ran within two minutes (R: machines
report health). Both are public small JSON documents."""

import datetime as dt

from django.utils import timezone

from integrations.models import Status
from operations.models import TickRun
from syncengine import scheduler
from syncengine.models import EventState, InboundEvent
from tests.factories import make_integration


def tick_at(moment):
    TickRun.objects.create(started_at=moment, finished_at=moment)


def test_healthz_is_public_json(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_is_unavailable_before_any_tick(client, db):
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["database"] == {"ok": True}
    assert body["checks"]["broker"] == {"ok": True, "kind": "orm"}
    assert body["checks"]["tick"]["ok"] is False


def test_readyz_turns_unavailable_when_the_tick_has_not_run_for_two_minutes(client, db):
    tick_at(timezone.now() - dt.timedelta(minutes=2, seconds=5))
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["tick"]["age_seconds"] > 120


def test_readyz_is_ready_after_a_tick_and_reports_the_backlog_per_lane(client, db, monkeypatch):
    monkeypatch.setattr("config.lanes.async_task", lambda *args, **kwargs: None)  # no workers
    integration = make_integration(status=Status.PAUSED)
    InboundEvent.objects.create(
        integration=integration, source="snovio", kind="prospect.change",
        idempotency_key="a", payload={}, state=EventState.WAITING,
    )  # fmt: skip
    tick_at(timezone.now() - dt.timedelta(minutes=5))
    scheduler.tick()
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["checks"]["tick"]["ok"] is True
    assert set(body["backlog"]) == {"realtime", "bulk", "housekeeping"}
    assert body["backlog"]["realtime"]["waiting"] == 1
    assert body["backlog"]["realtime"]["oldest_seconds"] >= 0
    assert body["backlog"]["bulk"] == {"waiting": 0, "oldest_seconds": None}


def test_readyz_is_unavailable_when_the_broker_does_not_answer(client, db, settings):
    tick_at(timezone.now())
    settings.Q_BROKER = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert (body["checks"]["broker"]["ok"], body["checks"]["broker"]["kind"]) == (False, "redis")
    assert set(body["backlog"]) == {"realtime", "bulk"}  # what the database knows


def test_metrics_leave_out_only_what_an_unreachable_broker_would_say(client, db, settings):
    settings.METRICS_TOKEN = "t" * 32
    settings.Q_BROKER = "redis://127.0.0.1:1/0"
    response = client.get("/metrics", headers={"Authorization": "Bearer " + "t" * 32})
    text = response.content.decode()
    assert response.status_code == 200
    assert 'snovsync_lane_backlog{lane="realtime"} 0.0' in text
    assert 'lane="housekeeping"' not in text
