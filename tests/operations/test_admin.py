"""Support staff see each integration's health in the admin list, filter the unhealthy ones,
and act on them: each action goes through the service the pages use and is written to the
admin's history with who did it."""

import datetime as dt

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.urls import reverse
from django.utils import timezone

from integrations.models import AuthMethod, PipedriveConnection, RemoteSchema, Status, StatusCause
from syncengine.models import EventState, InboundEvent, Outcome, SyncEntry, TransferJob
from syncengine.transfer import runner
from tests.factories import make_integration

CHANGELIST = reverse("admin:integrations_integration_changelist")


def act(admin_client, action, *integrations):
    data = {"action": action, "_selected_action": [i.pk for i in integrations]}
    return admin_client.post(CHANGELIST, data, follow=True)


def history(integration) -> list[tuple[str, str, int]]:
    entries = LogEntry.objects.filter(object_id=str(integration.pk)).order_by("pk")
    return [(e.user.username, e.change_message, e.action_flag) for e in entries]


def event(integration, state, *, received_ago=dt.timedelta(0), key="k1", processed=None):
    row = InboundEvent.objects.create(
        integration=integration, source="pipedrive", kind="person.change",
        idempotency_key=key, payload={}, state=state, processed_at=processed,
    )  # fmt: skip
    InboundEvent.objects.filter(pk=row.pk).update(received_at=timezone.now() - received_ago)
    return row


def test_the_list_shows_health_at_a_glance(admin_client, db):
    integration = make_integration(status=Status.FAILED, status_cause=StatusCause.OTHER)
    integration.status_detail = "Token revoked"
    integration.save()
    SyncEntry.objects.create(
        integration=integration, receiver="pipedrive", origin="realtime",
        outcome=Outcome.FAILED, reason_code="validation",
    )  # fmt: skip
    event(integration, EventState.WAITING)
    response = admin_client.get(CHANGELIST)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Connection failed" in html and "Token revoked" in html
    row = response.context["cl"].result_list[0]
    assert (row.failed_24h, row.waiting_events, row.transfer_state) == (1, 1, None)


@pytest.mark.parametrize("choice", ["failing", "stalled", "legacy"])
def test_the_health_filters_pick_the_unhealthy_integrations(admin_client, db, choice):
    healthy = make_integration(status=Status.ACTIVE)
    event(healthy, EventState.WAITING, received_ago=dt.timedelta(minutes=5))
    failing = make_integration(status=Status.FAILED)
    stalled = make_integration(status=Status.ACTIVE)
    event(stalled, EventState.PENDING, received_ago=dt.timedelta(hours=2))
    event(stalled, EventState.DONE, key="old", processed=timezone.now() - dt.timedelta(hours=2))
    legacy = make_integration(status=Status.PAUSED)
    PipedriveConnection.objects.create(
        integration=legacy, auth_method=AuthMethod.API_TOKEN, api_domain="https://x.example"
    )
    expected = {"failing": failing, "stalled": stalled, "legacy": legacy}[choice]
    response = admin_client.get(CHANGELIST, {"health": choice})
    assert [i.pk for i in response.context["cl"].result_list] == [expected.pk]


def test_pause_goes_through_the_service_and_is_recorded(admin_client, admin_user, db):
    integration = make_integration(status=Status.ACTIVE)
    act(admin_client, "pause", integration)
    integration.refresh_from_db()
    assert integration.status == Status.PAUSED
    assert history(integration) == [(admin_user.username, "Paused: now Paused.", CHANGE)]


def test_resume_checks_the_settings_like_the_page_and_is_recorded(admin_client, admin_user, db):
    integration = make_integration(status=Status.PAUSED)  # nothing connected: problems
    act(admin_client, "resume", integration)
    integration.refresh_from_db()
    assert (integration.status, integration.status_cause) == (
        Status.FAILED,
        StatusCause.SETTINGS_PROBLEM,
    )
    [(who, message, _)] = history(integration)
    assert who == admin_user.username and message.startswith("Resumed: ")
    assert "settings problem" in message


def test_refresh_loads_the_schema_in_the_background_and_is_recorded(
    admin_client, admin_user, connected_only, django_capture_on_commit_callbacks
):
    RemoteSchema.objects.filter(integration=connected_only).update(refreshed_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        act(admin_client, "refresh_schema", connected_only)
    assert RemoteSchema.objects.get(integration=connected_only).refreshed_at is not None
    assert history(connected_only) == [(admin_user.username, "Schema refresh queued.", CHANGE)]


def test_retry_failed_records_requeues_them_and_is_recorded(admin_client, admin_user, db):
    integration = make_integration(status=Status.ACTIVE)
    failed = event(integration, EventState.FAILED)
    entry = SyncEntry.objects.create(
        integration=integration, receiver="pipedrive", origin="realtime",
        outcome=Outcome.FAILED, event=failed,
    )  # fmt: skip
    act(admin_client, "retry_failed_records", integration)
    entry.refresh_from_db()
    failed.refresh_from_db()
    assert entry.retried_at is not None and failed.state == EventState.PENDING
    assert history(integration) == [
        (admin_user.username, "Retried failed records: 1 queued.", CHANGE)
    ]


def test_replay_parked_events_puts_them_back_and_is_recorded(
    admin_client, admin_user, db, django_capture_on_commit_callbacks
):
    integration = make_integration(status=Status.PAUSED)
    parked = event(integration, EventState.WAITING)
    failed = event(integration, EventState.FAILED, key="k2")
    with django_capture_on_commit_callbacks(execute=True):
        act(admin_client, "replay_parked_events", integration)
    parked.refresh_from_db()
    failed.refresh_from_db()
    # Run again at once (tasks run in this process): Paused, so logged as not synced.
    assert (parked.state, failed.state) == (EventState.DONE, EventState.FAILED)
    assert SyncEntry.objects.get(event=parked).outcome == Outcome.SKIPPED
    assert history(integration) == [(admin_user.username, "Replayed parked events: 1.", CHANGE)]


def test_a_transfer_preview_starts_a_dry_run_and_is_recorded(
    admin_client, admin_user, connected_integration, monkeypatch
):
    steps = []
    monkeypatch.setattr(runner, "enqueue_step", steps.append)
    act(admin_client, "preview_to_pipedrive", connected_integration)
    job = TransferJob.objects.get()
    assert (job.dry_run, job.direction, job.source_app) == (True, "to_pipedrive", "snovio")
    assert steps == [job.pk]
    message = f"Transfer preview {job.pk} started: Snov.io → Pipedrive."
    assert history(connected_integration) == [(admin_user.username, message, CHANGE)]


def test_a_refused_preview_says_why_and_records_nothing(admin_client, db):
    integration = make_integration(status=Status.ACTIVE)  # nothing connected
    response = act(admin_client, "preview_to_snovio", integration)
    assert b"Connect Snov.io first." in response.content
    assert not TransferJob.objects.exists() and history(integration) == []


def test_secrets_stay_masked_on_the_change_page(admin_client, connected_integration):
    url = reverse("admin:integrations_integration_change", args=[connected_integration.pk])
    html = admin_client.get(url).content.decode()
    assert connected_integration.pipedrive.access_token not in html
    assert connected_integration.snovio.client_secret not in html


def test_staff_can_check_the_notifications_and_the_tick_runs(admin_client, db):
    from integrations.models import ConnectionFailure
    from integrations.status import mark_connection_failed
    from operations.notify import record_connection_failure

    integration = make_integration(status=Status.ACTIVE)
    mark_connection_failed(integration, cause=StatusCause.OTHER, detail="Gone")
    record_connection_failure(failure_id=ConnectionFailure.objects.get().pk)
    page = admin_client.get(reverse("admin:operations_notification_changelist"))
    assert page.status_code == 200
    assert b"The sync stopped: connection failed" in page.content
    assert admin_client.get(reverse("admin:operations_tickrun_changelist")).status_code == 200
