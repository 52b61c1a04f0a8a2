"""A change in a sandbox reaches our endpoint as a real delivery and becomes one event."""

import pytest
from django.utils import timezone

from integrations import connections
from integrations.models import Status
from integrations.status import set_status
from sandbox.pipedrive.delivery import deliver_due_webhooks as deliver_pipedrive
from sandbox.pipedrive.models import WebhookDelivery as PipedriveDelivery
from sandbox.snovio.delivery import deliver_due_webhooks as deliver_snovio
from sandbox.snovio.events import EventKind, fire_campaign_event
from sandbox.snovio.models import Campaign, Prospect
from syncengine.models import App, EventState, InboundEvent
from syncengine.webhook_registration import sync_webhooks


@pytest.fixture
def live(connected_integration):
    integration = connected_integration
    integration.launched_at = timezone.now()
    integration.include_email_history = True
    integration.save()
    set_status(integration, Status.ACTIVE)
    sync_webhooks(integration=integration)
    return integration


def test_a_person_edited_through_the_pipedrive_api_arrives_as_one_event(live, sandbox_http):
    client = connections.pipedrive_client(live.pipedrive)
    person = next(iter(client.iter_persons()))
    client.update_person(person.id, job_title="Chief Evidence Officer")
    assert deliver_pipedrive() == 1
    delivery = PipedriveDelivery.objects.get()
    assert delivery.last_http_status == 200
    event = InboundEvent.objects.get()
    assert (event.source, event.kind, event.state) == (
        App.PIPEDRIVE,
        "person.change",
        EventState.PENDING,
    )
    assert event.idempotency_key == delivery.payload["meta"]["id"]
    assert event.payload["data"]["job_title"] == "Chief Evidence Officer"


def test_a_pipedrive_retry_of_a_delivered_event_is_stored_once(live, sandbox_http):
    client = connections.pipedrive_client(live.pipedrive)
    created = client.create_person(name="Twice Delivered", emails=["twice@example.org"])
    deliver_pipedrive()
    PipedriveDelivery.objects.update(status="pending", next_attempt_at=timezone.now())
    deliver_pipedrive()
    assert InboundEvent.objects.filter(kind="person.create").count() == 1
    assert InboundEvent.objects.get().payload["meta"]["entity_id"] == str(created.id)


def test_a_snovio_campaign_reply_arrives_as_one_event(live, sandbox_http):
    campaign = Campaign.objects.order_by("pk").first()
    prospect = Prospect.objects.filter(memberships__prospect_list=campaign.prospect_list).first()
    fire_campaign_event(campaign=campaign, prospect=prospect, kind=EventKind.SENT)
    fire_campaign_event(campaign=campaign, prospect=prospect, kind=EventKind.REPLIED)
    assert deliver_snovio() == 2
    kinds = set(InboundEvent.objects.values_list("kind", flat=True))
    assert kinds == {"campaign_email.sent", "campaign_reply.received"}
    reply = InboundEvent.objects.get(kind="campaign_reply.received")
    assert reply.payload["data"]["prospect_email"] == prospect.email
