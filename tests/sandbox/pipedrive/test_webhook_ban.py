"""Pipedrive's ban system, emulated: 10 failed first attempts ban a webhook for 30 minutes
(events meanwhile are dropped, not queued), and a webhook with no successful delivery for 3
days is deleted (https://pipedrive.readme.io/docs/guide-for-webhooks)."""

import datetime as dt

import pytest
import responses
from django.urls import reverse
from django.utils import timezone

from sandbox.pipedrive import people
from sandbox.pipedrive.delivery import deliver_due_webhooks
from sandbox.pipedrive.models import DeliveryStatus, Person, Webhook, WebhookDelivery

pytestmark = pytest.mark.django_db
HOOK_URL = "https://receiver.example/hooks/pipedrive/"


@pytest.fixture
def hook(ana) -> Webhook:
    return Webhook.objects.create(
        company=ana.company, user=ana, event_action="*", event_object="person",
        subscription_url=HOOK_URL, type="application",
    )  # fmt: skip


def edit(ana, n: int) -> None:
    person = Person.objects.filter(company=ana.company).order_by("id")[n % 5]
    people.update_person(person, actor=ana, changes={"job_title": f"Title {n}"}, source="app")


def deliver(status: int, now) -> int:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        mock.add(responses.POST, HOOK_URL, status=status)
        return deliver_due_webhooks(now)


def test_ten_failed_first_attempts_ban_the_webhook_and_events_meanwhile_are_dropped(
    ana, hook, api
):
    for n in range(10):
        edit(ana, n)
        deliver(503, timezone.now())
    hook.refresh_from_db()
    assert hook.banned_until is not None and hook.banned_until > timezone.now()
    assert api.get("/api/v1/webhooks").json()["data"][0]["is_active"] == 0
    queued = WebhookDelivery.objects.count()
    edit(ana, 11)
    assert WebhookDelivery.objects.count() == queued  # dropped, not queued


def test_failed_retries_do_not_count_towards_a_ban(ana, hook):
    edit(ana, 0)
    start = timezone.now()
    for seconds in (0, 3, 33, 183):  # the first attempt, then the three retries
        deliver(503, start + dt.timedelta(seconds=seconds))
    hook.refresh_from_db()
    assert hook.first_try_failures == 1
    assert WebhookDelivery.objects.get().status == DeliveryStatus.FAILED


def test_a_success_clears_the_count_of_failed_first_attempts(ana, hook):
    for n in range(9):
        edit(ana, n)
        deliver(503, timezone.now())
    edit(ana, 9)
    deliver(200, timezone.now())
    hook.refresh_from_db()
    assert (hook.first_try_failures, hook.banned_until, hook.failing_since) == (0, None, None)


def test_the_ban_ends_after_30_minutes_and_events_flow_again(ana, hook):
    hook.banned_until = timezone.now() - dt.timedelta(seconds=1)
    hook.save()
    edit(ana, 0)
    assert WebhookDelivery.objects.count() == 1


def test_a_webhook_failing_for_3_days_is_deleted(ana, hook):
    edit(ana, 0)
    start = timezone.now()
    deliver(500, start)
    hook.refresh_from_db()
    assert hook.failing_since == start
    edit(ana, 1)
    WebhookDelivery.objects.filter(status=DeliveryStatus.PENDING).update(
        next_attempt_at=start + dt.timedelta(days=3)
    )
    deliver(500, start + dt.timedelta(days=3))
    assert not Webhook.objects.filter(pk=hook.pk).exists()


def test_the_play_page_shows_a_ban(ana, hook, owner_client):
    hook.banned_until = timezone.now() + dt.timedelta(minutes=30)
    hook.save()
    page = owner_client.get(reverse("sandbox-pipedrive-play-webhooks")).content.decode()
    assert "Banned until" in page
