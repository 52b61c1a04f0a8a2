"""Pipedrive bans a webhook whose first deliveries fail 10 times (events during the ban are
dropped, not queued) and deletes one failing for 3 days. With our endpoint down until the ban,
then back: the tick's webhook check notices, the next poll reads persons `updated_since` (B8),
and every edit made in Pipedrive reaches Snov.io."""

import datetime as dt

import pytest
import requests
from django.utils import timezone

from integrations.models import RealtimeState, Status
from integrations.status import set_status
from sandbox.pipedrive import delivery, people
from sandbox.pipedrive.delivery import deliver_due_webhooks
from sandbox.pipedrive.models import Person, Webhook, WebhookDelivery
from sandbox.snovio.models import Prospect
from syncengine.models import EventState, InboundEvent
from syncengine.polling import poll_pipedrive
from syncengine.realtime.process import process_event
from syncengine.webhook_registration import sync_webhooks

pytestmark = pytest.mark.django_db


@pytest.fixture
def live(connected_integration, sandbox_http):
    integration = connected_integration
    integration.launched_at = timezone.now() - dt.timedelta(seconds=1)
    integration.save()
    set_status(integration, Status.ACTIVE)
    sync_webhooks(integration=integration)
    return integration


class Endpoint:
    """Our webhook endpoint as Pipedrive's deliveries reach it: up, or unreachable."""

    def __init__(self, monkeypatch):
        self.down = False
        real = requests.post

        def post(url, *args, **kwargs):
            if self.down and "/webhooks/pipedrive/" in url:
                raise requests.ConnectionError("connection refused")
            return real(url, *args, **kwargs)

        monkeypatch.setattr(delivery.requests, "post", post)


@pytest.fixture
def endpoint(monkeypatch):
    return Endpoint(monkeypatch)


def edit_in_pipedrive(person: Person, title: str) -> None:
    person.refresh_from_db()
    actor = person.company.users.order_by("id").first()
    people.update_person(person, actor=actor, changes={"job_title": title}, source="app")


def process_all() -> None:
    for event in InboundEvent.objects.filter(state=EventState.PENDING).order_by("pk"):
        process_event(event_id=event.pk)


def persons_with_email():
    return [p for p in Person.objects.order_by("id") if p.emails]


def test_edits_dropped_during_a_ban_still_reach_snovio_once_the_endpoint_is_back(live, endpoint):
    persons = persons_with_email()
    endpoint.down = True
    titles = {}
    for n in range(12):  # 10 failed first attempts ban the webhook; 2 edits fall in the ban
        person = persons[n % len(persons)]
        titles[person.pk] = f"Title {n}"
        edit_in_pipedrive(person, titles[person.pk])
        deliver_due_webhooks(timezone.now())
    hook = Webhook.objects.get(event_action="change")
    assert hook.banned_until is not None
    assert WebhookDelivery.objects.filter(webhook=hook).count() == 10  # the last 2 dropped

    endpoint.down = False
    sync_webhooks(integration=live)  # the tick's webhook check
    state = RealtimeState.objects.get(integration=live)
    assert state.next_poll_at is not None and state.next_poll_at <= timezone.now()
    replaced = Webhook.objects.get(event_action="change")
    assert replaced.pk != hook.pk and not replaced.is_banned(timezone.now())
    poll_pipedrive(live)  # what the next tick runs for this integration
    process_all()

    for person in Person.objects.filter(pk__in=titles):
        prospect = Prospect.objects.get(email__iexact=person.primary_email)
        assert prospect.position == titles[person.pk], person.primary_email


def test_a_webhook_pipedrive_deleted_is_registered_again_and_a_catch_up_poll_is_due(live):
    state = RealtimeState.objects.get(integration=live)
    RealtimeState.objects.filter(pk=state.pk).update(next_poll_at=None)
    deleted = Webhook.objects.get(event_action="change")
    deleted.delete()  # what 3 days of failed deliveries do
    sync_webhooks(integration=live)
    state.refresh_from_db()
    assert Webhook.objects.filter(event_action="change").exclude(pk=deleted.pk).exists()
    assert deleted.pk not in state.pipedrive_webhook_ids
    assert state.next_poll_at is not None and state.next_poll_at <= timezone.now()


def test_healthy_webhooks_leave_the_poll_schedule_alone(live):
    later = timezone.now() + dt.timedelta(minutes=5)
    RealtimeState.objects.filter(integration=live).update(next_poll_at=later)
    before = set(Webhook.objects.values_list("pk", flat=True))
    sync_webhooks(integration=live)
    assert RealtimeState.objects.get(integration=live).next_poll_at == later
    assert set(Webhook.objects.values_list("pk", flat=True)) == before
