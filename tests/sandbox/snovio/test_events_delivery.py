import datetime as dt
import json

import pytest
import requests
import responses
from django.utils import timezone

from sandbox.snovio import services
from sandbox.snovio.delivery import DEFAULT_RETRY_DELAYS, deliver_due_webhooks
from sandbox.snovio.events import fire_campaign_event
from sandbox.snovio.models import (
    Account,
    DeliveryStatus,
    Webhook,
    WebhookDelivery,
)
from sandbox.snovio.services import ProspectData, SandboxValidationError
from sandbox.snovio.tasks import RETRY_SCHEDULE, deliver_webhooks

pytestmark = pytest.mark.django_db
RECEIVER = "https://receiver.example/hooks/snovio"


@pytest.fixture
def campaign(account):
    leads = services.create_list(account, "Leads")
    return services.create_campaign(account, name="Spring outreach", prospect_list=leads)


@pytest.fixture
def prospect(account):
    data = ProspectData(email="ann@example.com", first_name="Ann", last_name="Lee")
    return services.create_prospect(account, data)


def subscribe(account, event_object, event_action, status="active"):
    return Webhook.objects.create(
        account=account,
        event_object=event_object,
        event_action=event_action,
        end_point=RECEIVER,
        status=status,
    )


@pytest.fixture
def receiver():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        mock.add(responses.POST, RECEIVER, status=200)
        yield mock


def test_an_event_queues_one_delivery_per_matching_active_webhook(account, campaign, prospect):
    subscribe(account, "campaign_email", "sent")
    subscribe(account, "campaign_email", "sent")
    subscribe(account, "campaign_email", "opened")
    subscribe(account, "campaign_email", "sent", status="deactivated")
    fire_campaign_event(campaign=campaign, prospect=prospect, kind="sent")
    assert WebhookDelivery.objects.filter(status="pending").count() == 2


def test_other_accounts_subscriptions_get_nothing(account, campaign, prospect):
    other = Account.objects.create(client_id="other", client_secret="x", user_id=1)
    subscribe(other, "campaign_email", "sent")
    fire_campaign_event(campaign=campaign, prospect=prospect, kind="sent")
    assert not WebhookDelivery.objects.exists()


def test_the_payload_describes_campaign_prospect_and_email(account, campaign, prospect):
    subscribe(account, "campaign_email", "sent")
    message = fire_campaign_event(campaign=campaign, prospect=prospect, kind="sent")
    payload = WebhookDelivery.objects.get().payload
    assert payload["event_object"] == "campaign_email"
    assert payload["event_action"] == "sent"
    assert isinstance(payload["created_at"], int)
    data = payload["data"]
    assert data["campaign_id"] == campaign.pk
    assert data["campaign"] == "Spring outreach"
    assert data["prospect_id"] == prospect.uid
    assert data["prospect_email"] == "ann@example.com"
    assert (data["prospect_first_name"], data["prospect_last_name"]) == ("Ann", "Lee")
    assert data["prospect_full_name"] == "Ann Lee"
    assert data["email_subject"] == message.subject
    assert data["email_body"] == message.body
    assert data["sender_email"] == campaign.sender_email
    assert data["message_id"] == message.uid


def test_opens_clicks_and_replies_name_the_same_email(account, campaign, prospect):
    for event_object, action in (
        ("campaign_email", "sent"),
        ("campaign_email", "opened"),
        ("campaign_email", "clicked"),
        ("campaign_reply", "received"),
    ):
        subscribe(account, event_object, action)
    for kind in ("sent", "opened", "clicked", "replied"):
        fire_campaign_event(campaign=campaign, prospect=prospect, kind=kind, reply_text="Yes!")
    payloads = [d.payload["data"] for d in WebhookDelivery.objects.order_by("pk")]
    assert len({p["message_id"] for p in payloads}) == 1
    assert len({p["event_id"] for p in payloads}) == 4
    assert payloads[-1]["message"] == "Yes!"
    assert payloads[0]["message"] == ""


def test_a_second_email_gets_a_new_message_id(account, campaign, prospect):
    first = fire_campaign_event(campaign=campaign, prospect=prospect, kind="sent")
    second = fire_campaign_event(campaign=campaign, prospect=prospect, kind="sent")
    assert first.uid != second.uid
    assert second.subject.startswith("Following up")


def test_first_sent_and_first_received_fire_only_the_first_time(account, campaign, prospect):
    subscribe(account, "campaign_email", "first_sent")
    subscribe(account, "campaign_reply", "first_received")
    for kind in ("sent", "replied", "sent", "replied"):
        fire_campaign_event(campaign=campaign, prospect=prospect, kind=kind)
    actions = sorted(d.payload["event_action"] for d in WebhookDelivery.objects.all())
    assert actions == ["first_received", "first_sent"]


def test_bounce_and_finish_use_their_event_names(account, campaign, prospect):
    subscribe(account, "campaign_email", "bounced")
    subscribe(account, "prospect", "campaign_finished")
    message = fire_campaign_event(campaign=campaign, prospect=prospect, kind="sent")
    fire_campaign_event(campaign=campaign, prospect=prospect, kind="bounced")
    fire_campaign_event(campaign=campaign, prospect=prospect, kind="finished")
    message.refresh_from_db()
    assert message.bounced_at and message.finished_at
    assert WebhookDelivery.objects.count() == 2


def test_tracking_an_email_never_sent_is_refused(campaign, prospect):
    with pytest.raises(SandboxValidationError):
        fire_campaign_event(campaign=campaign, prospect=prospect, kind="opened")


def test_a_finish_without_any_email_still_fires(account, campaign, prospect):
    subscribe(account, "prospect", "campaign_finished")
    fire_campaign_event(campaign=campaign, prospect=prospect, kind="finished")
    assert WebhookDelivery.objects.get().payload["data"]["message_id"] is None


def test_delivery_starts_after_commit_and_posts_the_json(
    account, campaign, prospect, receiver, django_capture_on_commit_callbacks
):
    subscribe(account, "campaign_email", "sent")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        fire_campaign_event(campaign=campaign, prospect=prospect, kind="sent")
        assert len(receiver.calls) == 0
    assert len(callbacks) == 1
    assert len(receiver.calls) == 1
    posted = json.loads(receiver.calls[0].request.body)
    assert posted == WebhookDelivery.objects.get().payload
    assert receiver.calls[0].request.headers["Content-Type"] == "application/json"
    assert WebhookDelivery.objects.get().status == DeliveryStatus.DELIVERED


def test_nothing_is_enqueued_when_no_webhook_matches(
    campaign, prospect, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        fire_campaign_event(campaign=campaign, prospect=prospect, kind="sent")
    assert callbacks == []


def test_deliveries_wait_until_they_are_due(account, campaign, prospect, receiver):
    subscribe(account, "campaign_email", "sent")
    now = timezone.now()
    fire_campaign_event(campaign=campaign, prospect=prospect, kind="sent", now=now)
    assert deliver_due_webhooks(now - dt.timedelta(seconds=1)) == 0
    assert deliver_due_webhooks(now) == 1
    assert deliver_due_webhooks(now) == 0  # delivered once only


def failing_receiver(mock, status=500):
    mock.replace(responses.POST, RECEIVER, status=status)


def test_a_failed_delivery_is_retried_on_the_ladder(account, campaign, prospect, receiver):
    failing_receiver(receiver)
    subscribe(account, "campaign_email", "sent")
    now = timezone.now()
    fire_campaign_event(campaign=campaign, prospect=prospect, kind="sent", now=now)
    assert deliver_due_webhooks(now) == 0
    delivery = WebhookDelivery.objects.get()
    assert delivery.attempts == 1
    assert delivery.last_status_code == 500
    assert delivery.next_attempt_at == now + dt.timedelta(seconds=DEFAULT_RETRY_DELAYS[0])
    assert delivery.status == DeliveryStatus.PENDING


def test_the_webhook_is_deactivated_after_the_last_attempt(
    account, campaign, prospect, receiver, settings
):
    settings.SANDBOX_SNOVIO_WEBHOOK_RETRY_DELAYS = [60, 120]
    failing_receiver(receiver, status=404)
    hook = subscribe(account, "campaign_email", "sent")
    now = timezone.now()
    fire_campaign_event(campaign=campaign, prospect=prospect, kind="sent", now=now)
    for offset in (0, 60, 180):
        deliver_due_webhooks(now + dt.timedelta(seconds=offset))
    delivery = WebhookDelivery.objects.get()
    hook.refresh_from_db()
    assert delivery.attempts == 3
    assert delivery.status == DeliveryStatus.FAILED
    assert hook.status == "deactivated"
    assert len(receiver.calls) == 3


def test_a_retry_succeeds_when_the_receiver_recovers(account, campaign, prospect, receiver):
    failing_receiver(receiver, status=502)
    subscribe(account, "campaign_email", "sent")
    now = timezone.now()
    fire_campaign_event(campaign=campaign, prospect=prospect, kind="sent", now=now)
    deliver_due_webhooks(now)
    receiver.replace(responses.POST, RECEIVER, status=204)
    assert deliver_due_webhooks(now + dt.timedelta(hours=1)) == 1
    assert WebhookDelivery.objects.get().status == DeliveryStatus.DELIVERED


def test_a_timeout_counts_as_a_failed_attempt(account, campaign, prospect, receiver):
    receiver.replace(responses.POST, RECEIVER, body=requests.ReadTimeout())
    subscribe(account, "campaign_email", "sent")
    now = timezone.now()
    fire_campaign_event(campaign=campaign, prospect=prospect, kind="sent", now=now)
    deliver_due_webhooks(now)
    delivery = WebhookDelivery.objects.get()
    assert delivery.attempts == 1
    assert "3 s" in delivery.last_error


def test_deliveries_of_a_deactivated_webhook_are_skipped(account, campaign, prospect, receiver):
    hook = subscribe(account, "campaign_email", "sent")
    fire_campaign_event(campaign=campaign, prospect=prospect, kind="sent")
    Webhook.objects.filter(pk=hook.pk).update(status="deactivated")
    assert deliver_due_webhooks() == 0
    assert WebhookDelivery.objects.get().status == DeliveryStatus.SKIPPED
    assert len(receiver.calls) == 0


def test_the_task_books_a_run_for_the_next_retry(account, campaign, prospect, receiver):
    from django_q.models import Schedule

    failing_receiver(receiver)
    subscribe(account, "campaign_email", "sent")
    fire_campaign_event(campaign=campaign, prospect=prospect, kind="sent")
    deliver_webhooks()
    schedule = Schedule.objects.get(name=RETRY_SCHEDULE)
    assert schedule.next_run == WebhookDelivery.objects.get().next_attempt_at
    assert schedule.schedule_type == Schedule.ONCE
