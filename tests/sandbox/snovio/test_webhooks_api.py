import pytest

from sandbox.snovio.models import Account, Webhook

pytestmark = pytest.mark.django_db

HOOK = {
    "event_object": "campaign_email",
    "event_action": "opened",
    "endpoint_url": "https://sync.example.com/hooks/1",
}


def test_create_takes_endpoint_url_and_answers_end_point(api, account):
    response = api.post_json("/v2/webhooks", HOOK)
    body = response.json()
    assert response.status_code == 201
    assert body["data"]["end_point"] == "https://sync.example.com/hooks/1"
    assert "endpoint_url" not in body["data"]
    assert body["data"]["status"] == "active"
    assert isinstance(body["data"]["created_at"], int)
    assert body["meta"] == {"user_id": account.user_id}


def test_list_nests_each_webhook_in_its_own_data(api, account):
    created = api.post_json("/v2/webhooks", HOOK).json()["data"]
    body = api.get("/v2/webhooks").json()
    assert body["data"] == [{"data": created}]
    assert body["meta"] == {"webhooks_count": 1, "user_id": account.user_id}


def test_put_changes_the_status(api):
    hook_id = api.post_json("/v2/webhooks", HOOK).json()["data"]["id"]
    body = api.put_json(f"/v2/webhooks/{hook_id}", {"status": "deactivated"}).json()
    assert body["data"]["status"] == "deactivated"
    assert Webhook.objects.get().status == "deactivated"


def test_put_refuses_an_unknown_status(api):
    hook_id = api.post_json("/v2/webhooks", HOOK).json()["data"]["id"]
    response = api.put_json(f"/v2/webhooks/{hook_id}", {"status": "paused"})
    assert response.status_code == 422


def test_delete_answers_success_inside_data(api):
    hook_id = api.post_json("/v2/webhooks", HOOK).json()["data"]["id"]
    assert api.delete(f"/v2/webhooks/{hook_id}").json() == {"data": {"success": True}}
    assert not Webhook.objects.exists()


def test_another_accounts_webhook_is_not_found(api):
    other = Account.objects.create(client_id="other", client_secret="x", user_id=1)
    hook = Webhook.objects.create(
        account=other,
        event_object="prospect",
        event_action="campaign_finished",
        end_point="https://x.example",
    )
    assert api.delete(f"/v2/webhooks/{hook.pk}").status_code == 404
    assert api.put_json(f"/v2/webhooks/{hook.pk}", {"status": "active"}).status_code == 404


def test_an_unknown_event_is_refused(api):
    response = api.post_json("/v2/webhooks", {**HOOK, "event_action": "exploded"})
    assert response.status_code == 422
    assert "event_action" in response.json()["errors"]


def test_a_non_http_endpoint_is_refused(api):
    response = api.post_json("/v2/webhooks", {**HOOK, "endpoint_url": "ftp://x.example"})
    assert response.status_code == 422
    assert "endpoint_url" in response.json()["errors"]


def test_an_account_holds_at_most_50_webhooks(api, account):
    Webhook.objects.bulk_create(
        Webhook(
            account=account,
            event_object="campaign_email",
            event_action="sent",
            end_point=f"https://x.example/{n}",
        )
        for n in range(49)
    )
    assert api.post_json("/v2/webhooks", HOOK).status_code == 201
    response = api.post_json("/v2/webhooks", HOOK)
    assert response.status_code == 422
    assert "webhooks_count" in response.json()["errors"]
    assert account.webhooks.count() == 50
