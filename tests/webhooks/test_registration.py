"""Exactly the webhooks the settings need, in both sandboxes; removed when sync stops."""

import pytest
from django.utils import timezone

from automations.models import Automation
from automations.registry import TRIGGER_EVENTS, Trigger
from integrations import lifecycle, services
from integrations.clients.errors import AuthError
from integrations.models import Direction, RealtimeState, Status, StatusCause
from integrations.status import set_status
from sandbox.pipedrive.models import Webhook as PipedriveHook
from sandbox.snovio.models import Webhook as SnovioHook
from sandbox.snovio.models import WebhookStatus
from syncengine.webhook_registration import (
    EMAIL_HISTORY_TRIGGERS,
    PIPEDRIVE_EVENTS,
    needed_webhooks,
    sync_webhooks,
)

EMAIL_EVENTS = {TRIGGER_EVENTS[t] for t in EMAIL_HISTORY_TRIGGERS}


@pytest.fixture
def active(connected_integration):
    integration = connected_integration
    integration.launched_at = timezone.now()
    integration.include_email_history = True
    integration.save()
    set_status(integration, Status.ACTIVE)
    return integration


def pipedrive_set(integration):
    url_part = str(integration.uuid)
    return {
        (h.event_object, h.event_action)
        for h in PipedriveHook.objects.all()
        if url_part in h.subscription_url
    }


def snovio_set(integration):
    token = RealtimeState.objects.get(integration=integration).snovio_token
    return {
        (h.event_object, h.event_action, h.status)
        for h in SnovioHook.objects.all()
        if token in h.end_point
    }


def active_snovio(events):
    return {(o, a, WebhookStatus.ACTIVE) for o, a in events}


def test_registering_twice_leaves_the_same_webhooks_in_both_apps(active):
    sync_webhooks(integration=active)
    first = (pipedrive_set(active), snovio_set(active), PipedriveHook.objects.count())
    sync_webhooks(integration=active)
    assert (pipedrive_set(active), snovio_set(active), PipedriveHook.objects.count()) == first
    assert first[0] == PIPEDRIVE_EVENTS
    assert first[1] == active_snovio(EMAIL_EVENTS)
    assert SnovioHook.objects.count() == len(EMAIL_EVENTS)


def test_pipedrive_webhooks_carry_our_url_and_basic_auth_secrets(active):
    sync_webhooks(integration=active)
    state = RealtimeState.objects.get(integration=active)
    for hook in PipedriveHook.objects.all():
        assert hook.subscription_url == f"http://testserver/webhooks/pipedrive/{active.uuid}/"
        assert (hook.http_auth_user, hook.http_auth_password) == (
            state.pipedrive_auth_user,
            state.pipedrive_auth_password,
        )
        assert hook.version == "2.0"
    assert sorted(state.pipedrive_webhook_ids) == sorted(
        PipedriveHook.objects.values_list("id", flat=True)
    )


def test_only_to_snovio_needs_only_pipedrive_person_webhooks(active):
    active.direction = Direction.TO_SNOVIO
    active.save()
    sync_webhooks(integration=active)
    assert pipedrive_set(active) == PIPEDRIVE_EVENTS
    assert snovio_set(active) == set()


def test_only_to_pipedrive_needs_only_the_campaign_events_in_use(active):
    active.direction = Direction.TO_PIPEDRIVE
    active.include_email_history = False
    active.save()
    Automation.objects.create(integration=active, trigger=Trigger.FINISHED)
    Automation.objects.create(integration=active, trigger=Trigger.REPLIED, enabled=False)
    sync_webhooks(integration=active)
    assert pipedrive_set(active) == set()
    assert snovio_set(active) == active_snovio([("prospect", "campaign_finished")])


def test_switching_email_history_off_removes_the_email_events(active):
    sync_webhooks(integration=active)
    active.include_email_history = False
    active.save()
    sync_webhooks(integration=active)
    assert snovio_set(active) == set()
    assert pipedrive_set(active) == PIPEDRIVE_EVENTS


def test_pausing_removes_all_our_webhooks(active, django_capture_on_commit_callbacks):
    sync_webhooks(integration=active)
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.pause_integration(integration=active)
    assert pipedrive_set(active) == set()
    assert snovio_set(active) == set()
    state = RealtimeState.objects.get(integration=active)
    assert (state.pipedrive_webhook_ids, state.snovio_webhook_ids) == ([], [])


def test_resuming_registers_them_again(active, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.pause_integration(integration=active)
        lifecycle.resume_integration(integration=active)
    active.refresh_from_db()
    assert active.status == Status.ACTIVE
    assert pipedrive_set(active) == PIPEDRIVE_EVENTS


def test_connection_failed_removes_our_webhooks(active):
    sync_webhooks(integration=active)
    set_status(active, Status.FAILED, cause=StatusCause.SETTINGS_PROBLEM)
    sync_webhooks(integration=active)
    assert pipedrive_set(active) == set() and snovio_set(active) == set()


def test_disconnecting_pipedrive_removes_our_webhooks_from_both_apps(active):
    sync_webhooks(integration=active)
    services.disconnect_pipedrive(integration=active)
    assert PipedriveHook.objects.count() == 0
    assert SnovioHook.objects.count() == 0


def test_disconnecting_snovio_removes_our_webhooks_from_both_apps(active):
    sync_webhooks(integration=active)
    services.disconnect_snovio(integration=active)
    assert PipedriveHook.objects.count() == 0
    assert SnovioHook.objects.count() == 0


def test_webhooks_of_other_apps_are_never_touched(active):
    from integrations import connections

    client = connections.snovio_client(active.snovio)
    foreign = client.create_webhook(
        event_object="campaign_email", event_action="sent", endpoint_url="https://other.example/"
    )
    sync_webhooks(integration=active)
    set_status(active, Status.PAUSED)
    sync_webhooks(integration=active)
    assert list(SnovioHook.objects.values_list("id", flat=True)) == [foreign.id]


def test_a_lost_webhook_id_is_recovered_by_our_url(active):
    sync_webhooks(integration=active)
    RealtimeState.objects.filter(integration=active).update(
        pipedrive_webhook_ids=[], snovio_webhook_ids=[]
    )
    sync_webhooks(integration=active)
    assert PipedriveHook.objects.count() == len(PIPEDRIVE_EVENTS)
    assert SnovioHook.objects.count() == len(EMAIL_EVENTS)
    set_status(active, Status.PAUSED)
    RealtimeState.objects.filter(integration=active).update(pipedrive_webhook_ids=[])
    sync_webhooks(integration=active)
    assert PipedriveHook.objects.count() == 0


def test_a_snovio_webhook_deactivated_after_failures_is_switched_back_on(active):
    sync_webhooks(integration=active)
    SnovioHook.objects.update(status=WebhookStatus.DEACTIVATED)
    sync_webhooks(integration=active)
    assert snovio_set(active) == active_snovio(EMAIL_EVENTS)


def test_lost_pipedrive_authorisation_marks_connection_failed(active, monkeypatch):
    class Refusing:
        def list_webhooks(self):
            raise AuthError("invalid_grant", status=401, app="Pipedrive")

    monkeypatch.setattr("integrations.connections.pipedrive_client", lambda c: Refusing())
    with pytest.raises(AuthError):
        sync_webhooks(integration=active)
    active.refresh_from_db()
    assert active.status == Status.FAILED


@pytest.mark.parametrize(
    "live,direction,history,triggers,pipedrive,snovio",
    [
        (False, Direction.BOTH, True, {Trigger.FINISHED}, set(), set()),
        (True, Direction.BOTH, False, set(), PIPEDRIVE_EVENTS, set()),
        (True, Direction.BOTH, True, set(), PIPEDRIVE_EVENTS, EMAIL_EVENTS),
        (True, Direction.TO_SNOVIO, True, {Trigger.FINISHED}, PIPEDRIVE_EVENTS, set()),
        (
            True,
            Direction.TO_PIPEDRIVE,
            False,
            {Trigger.BOUNCED, Trigger.FINISHED},
            set(),
            {("campaign_email", "bounced"), ("prospect", "campaign_finished")},
        ),
        (
            True,
            Direction.TO_PIPEDRIVE,
            True,
            set(TRIGGER_EVENTS),
            set(),
            set(TRIGGER_EVENTS.values()),
        ),
    ],
)
def test_needed_webhooks_follow_direction_history_and_automations(
    live, direction, history, triggers, pipedrive, snovio
):
    needs = needed_webhooks(
        live=live, direction=direction, email_history=history, enabled_triggers=frozenset(triggers)
    )
    assert (set(needs.pipedrive), set(needs.snovio)) == (set(pipedrive), set(snovio))
