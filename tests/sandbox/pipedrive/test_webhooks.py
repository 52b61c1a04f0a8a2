import base64
import datetime as dt
import json

import pytest
import responses
from django.utils import timezone

from sandbox.pipedrive import people
from sandbox.pipedrive.delivery import deliver_due_webhooks
from sandbox.pipedrive.models import (
    Activity,
    Deal,
    DeliveryStatus,
    Person,
    PersonField,
    Webhook,
    WebhookDelivery,
)

from .conftest import Api

HOOK_URL = "http://testserver/hooks/pipedrive/"


@pytest.fixture
def hook(ana) -> Webhook:
    return Webhook.objects.create(
        company=ana.company, user=ana, event_action="*", event_object="person",
        subscription_url=HOOK_URL, http_auth_user="pd", http_auth_password="s3cret",
    )  # fmt: skip


def only_delivery() -> WebhookDelivery:
    (delivery,) = WebhookDelivery.objects.all()
    return delivery


def test_create_webhook_answers_the_v1_shape(api, ana):
    body = {
        "subscription_url": HOOK_URL,
        "event_action": "*",
        "event_object": "person",
        "name": "sync",
        "http_auth_user": "pd",
        "http_auth_password": "pw",
    }
    response = api.post("/api/v1/webhooks", body)
    assert response.status_code == 201
    payload = response.json()
    assert payload["status"] == "ok" and payload["success"] is True
    data = payload["data"]
    assert data["type"] == "application" and data["version"] == "2.0" and data["is_active"] == 1
    assert data["user_id"] == ana.id and data["company_id"] == ana.company_id
    assert [h["id"] for h in api.get("/api/v1/webhooks").json()["data"]] == [data["id"]]
    assert api.delete(f"/api/v1/webhooks/{data['id']}").json() == {
        "status": "ok",
        "success": True,
    }
    missing = api.delete(f"/api/v1/webhooks/{data['id']}")
    assert missing.status_code == 404 and missing.json()["errors"] == {"id": ["not found"]}


def test_create_webhook_validates_fields(api):
    response = api.post("/api/v1/webhooks", {"subscription_url": "nope", "event_action": "x"})
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert {"subscription_url", "event_action", "event_object", "name"} <= errors.keys()


def test_webhook_limit_is_40_per_user(api, ana):
    for n in range(40):
        Webhook.objects.create(
            company=ana.company, user=ana, event_action="*", event_object="*",
            subscription_url=f"{HOOK_URL}{n}", type="application",
        )  # fmt: skip
    body = {"subscription_url": HOOK_URL, "event_action": "*", "event_object": "*", "name": "n"}
    assert api.post("/api/v1/webhooks", body).status_code == 422


def test_oauth_app_sees_only_its_own_webhooks(api, token_api, hook):
    assert api.get("/api/v1/webhooks").json()["data"] == []
    assert [h["id"] for h in token_api.get("/api/v1/webhooks").json()["data"]] == [hook.id]
    assert api.delete(f"/api/v1/webhooks/{hook.id}").status_code == 403


def test_api_change_writes_a_v2_event_with_only_changed_fields(api, company, hook, ana):
    person = Person.objects.filter(company=company).first()
    tier = PersonField.objects.get(company=company, name="Tier")
    old_tier = person.custom_fields.get(tier.key)
    new_tier = tier.options[1]["id"]
    api.patch(
        f"/api/v2/persons/{person.id}",
        {"job_title": "Boss", "custom_fields": {tier.key: new_tier}},
    )
    payload = only_delivery().payload
    meta = payload["meta"]
    assert meta["action"] == "change" and meta["entity"] == "person"
    assert meta["entity_id"] == str(person.id) and meta["version"] == "2.0"
    assert meta["change_source"] == "api" and meta["user_id"] == str(ana.id)
    assert meta["company_id"] == str(company.id) and meta["webhook_id"] == str(hook.id)
    assert meta["host"] == "demo-company.pipedrive.com" and meta["attempt"] == 1
    assert payload["data"]["job_title"] == "Boss"
    assert payload["data"]["custom_fields"][tier.key] == {"type": "enum", "id": new_tier}
    expected_old = {"type": "enum", "id": old_tier} if old_tier else None
    assert payload["previous"] == {
        "job_title": person.job_title or None,
        "custom_fields": {tier.key: expected_old},
    }


def test_create_event_has_no_previous_and_delete_event_has_the_last_state(api, hook):
    created = api.post("/api/v2/persons", {"name": "New One"}).json()["data"]
    api.delete(f"/api/v2/persons/{created['id']}")
    create, delete = WebhookDelivery.objects.order_by("id")
    assert create.payload["meta"]["action"] == "create" and create.payload["previous"] is None
    assert create.payload["data"]["name"] == "New One"
    assert delete.payload["meta"]["action"] == "delete" and delete.payload["data"] is None
    assert delete.payload["previous"]["name"] == "New One"


def test_no_event_for_other_objects_or_other_companies(api, hook):
    api.post("/api/v2/deals", {"title": "Not a person"})
    assert not WebhookDelivery.objects.exists()


def test_deal_and_activity_changes_reach_wildcard_subscriptions(api, hook):
    hook.event_object = "*"
    hook.save()
    deal = api.post("/api/v2/deals", {"title": "D"}).json()["data"]
    api.post("/api/v2/activities", {"subject": "A", "deal_id": deal["id"]})
    entities = [d.payload["meta"]["entity"] for d in WebhookDelivery.objects.order_by("id")]
    assert entities == ["deal", "activity"]


def test_unchanged_patch_writes_no_event(api, company, hook):
    person = Person.objects.filter(company=company).first()
    api.patch(f"/api/v2/persons/{person.id}", {"name": person.name})
    assert not WebhookDelivery.objects.exists()


def test_events_are_queued_for_after_commit(api, hook, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        api.post("/api/v2/persons", {"name": "Queued"})
    assert len(callbacks) == 1
    assert only_delivery().status == DeliveryStatus.PENDING


def record_posts(rsps, statuses):
    seen = []

    def callback(request):
        seen.append(request)
        return statuses[min(len(seen), len(statuses)) - 1], {}, "{}"

    rsps.add_callback(responses.POST, HOOK_URL, callback=callback)
    return seen


def test_delivery_posts_json_with_basic_auth(api, hook):
    api.post("/api/v2/persons", {"name": "Delivered"})
    with responses.RequestsMock() as rsps:
        seen = record_posts(rsps, [200])
        assert deliver_due_webhooks() == 1
    (request,) = seen
    expected = "Basic " + base64.b64encode(b"pd:s3cret").decode()
    assert request.headers["Authorization"] == expected
    assert json.loads(request.body)["data"]["name"] == "Delivered"
    delivery = only_delivery()
    assert delivery.status == DeliveryStatus.DELIVERED and delivery.last_http_status == 200
    hook.refresh_from_db()
    assert hook.last_http_status == 200


def test_failed_delivery_is_retried_after_3_30_150_seconds_then_failed(api, hook):
    api.post("/api/v2/persons", {"name": "Unlucky"})
    now = timezone.now()
    with responses.RequestsMock() as rsps:
        seen = record_posts(rsps, [500])
        for delay in (0, 3, 30, 150):
            now += dt.timedelta(seconds=delay)
            assert deliver_due_webhooks(now=now - dt.timedelta(seconds=0.5)) == 0 or delay == 0
            assert deliver_due_webhooks(now=now + dt.timedelta(seconds=0.5)) == 1
        assert deliver_due_webhooks(now=now + dt.timedelta(days=1)) == 0
    assert [json.loads(r.body)["meta"]["attempt"] for r in seen] == [1, 2, 3, 4]
    delivery = only_delivery()
    assert delivery.status == DeliveryStatus.FAILED and delivery.attempt == 4


def test_delivery_succeeds_on_a_retry(api, hook):
    api.post("/api/v2/persons", {"name": "Second time lucky"})
    now = timezone.now()
    with responses.RequestsMock() as rsps:
        record_posts(rsps, [503, 200])
        deliver_due_webhooks(now=now)
        deliver_due_webhooks(now=now + dt.timedelta(seconds=5))  # the retry is due after 3 s
    assert only_delivery().status == DeliveryStatus.DELIVERED


def test_merge_sends_delete_with_merged_to_and_change_with_merged_from(company, hook, ana):
    survivor, merged = Person.objects.filter(company=company)[:2]
    deal = Deal.objects.filter(person=merged).first()
    activity = Activity.objects.filter(person=merged).first()
    people.merge_persons(survivor=survivor, merged=merged, actor=ana)
    delete, change = WebhookDelivery.objects.order_by("id")
    assert delete.payload["meta"]["action"] == "delete"
    assert delete.payload["meta"]["entity_id"] == str(merged.id)
    assert delete.payload["meta"]["merged_to_id"] == str(survivor.id)
    assert change.payload["meta"]["action"] == "change"
    assert change.payload["meta"]["merged_from_id"] == str(merged.id)
    assert change.payload["meta"]["change_source"] == "app"
    survivor.refresh_from_db()
    emails = [e["value"] for e in survivor.emails]
    assert emails == [survivor.emails[0]["value"], merged.emails[0]["value"]]
    deal.refresh_from_db()
    activity.refresh_from_db()
    assert deal.person_id == survivor.id and activity.person_id == survivor.id
    assert activity.participants[0]["person_id"] == survivor.id


def test_token_user_webhooks_are_general(client, bob):
    response = Api(client, {"x-api-token": bob.api_token}).post(
        "/api/v1/webhooks",
        {"subscription_url": HOOK_URL, "event_action": "*", "event_object": "*", "name": "n"},
    )
    assert response.json()["data"]["type"] == "general"


def test_delivery_task_books_a_run_for_the_next_retry(api, hook):
    from django_q.models import Schedule

    from sandbox.pipedrive.tasks import RETRY_SCHEDULE, deliver_webhooks

    api.post("/api/v2/persons", {"name": "Retry me"})
    with responses.RequestsMock() as rsps:
        record_posts(rsps, [500])
        assert deliver_webhooks() == 1
    schedule = Schedule.objects.get(name=RETRY_SCHEDULE)
    assert schedule.func == "sandbox.pipedrive.tasks.deliver_webhooks"
    assert schedule.next_run == only_delivery().next_attempt_at


def test_committed_change_runs_delivery_in_a_task(api, hook, django_capture_on_commit_callbacks):
    with responses.RequestsMock() as rsps:
        seen = record_posts(rsps, [200])
        with django_capture_on_commit_callbacks(execute=True):
            api.post("/api/v2/persons", {"name": "Sent by the worker"})
    assert len(seen) == 1
    assert only_delivery().status == DeliveryStatus.DELIVERED
