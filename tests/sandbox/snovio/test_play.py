import pytest
import responses
from django.urls import reverse

from sandbox.snovio.models import (
    Account,
    Campaign,
    CampaignMessage,
    CustomField,
    Fault,
    Prospect,
    ProspectList,
    Webhook,
    WebhookDelivery,
)
from sandbox.snovio.seed import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, seed_sandbox

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    return seed_sandbox(prospects=30)


@pytest.fixture
def visitor(owner_client):
    """A signed-in user of this app: the play pages need a login (B14)."""
    return owner_client


@pytest.mark.parametrize(
    "name",
    [
        "sandbox-snovio-play",
        "sandbox-snovio-play-lists",
        "sandbox-snovio-play-fields",
        "sandbox-snovio-play-campaigns",
        "sandbox-snovio-play-webhooks",
        "sandbox-snovio-play-prospect-new",
    ],
)
def test_play_pages_open_for_a_signed_in_user(demo, visitor, name):
    response = visitor.get(reverse(name))
    assert response.status_code == 200
    assert b'name="viewport"' in response.content


def test_account_page_shows_the_api_credentials_with_the_secret_masked(demo, visitor):
    content = visitor.get(reverse("sandbox-snovio-play")).content.decode()
    assert "API User ID" in content and DEMO_CLIENT_ID in content
    assert "API Secret" in content and f"••••{DEMO_CLIENT_SECRET[-4:]}" in content
    assert DEMO_CLIENT_SECRET not in content


def test_account_page_creates_the_demo_account_when_there_is_none(visitor):
    visitor.get(reverse("sandbox-snovio-play"))
    assert Account.objects.get().client_id == DEMO_CLIENT_ID


def test_load_demo_data_button_seeds(visitor):
    visitor.post(reverse("sandbox-snovio-play"))
    assert Prospect.objects.count() > 100


def test_create_a_list(demo, visitor):
    visitor.post(reverse("sandbox-snovio-play-lists"), {"name": "Trade show"})
    assert ProspectList.objects.filter(name="Trade show").exists()


def test_browse_a_list_with_search_and_pages(demo, visitor):
    conference = demo.lists.get(name="Conference leads")
    url = reverse("sandbox-snovio-play-list", args=[conference.pk])
    page = visitor.get(url, {"q": "prospect3@example.com"}).content.decode()
    assert "prospect3@example.com" in page
    assert "prospect6@example.com" not in page
    assert visitor.get(url, {"page": 2}).status_code == 200


def test_create_a_prospect_with_custom_fields(demo, visitor):
    employees = CustomField.objects.get(name="Employees")
    conference = demo.lists.get(name="Conference leads")
    visitor.post(
        reverse("sandbox-snovio-play-prospect-new"),
        {
            "email": "walk.in@example.com",
            "email_status": "valid",
            "first_name": "Walk",
            "last_name": "In",
            "phones": "+1 1\n+1 2",
            "lists": [conference.pk],
            f"cf_{employees.pk}": "25",
        },
    )
    prospect = Prospect.objects.get(email="walk.in@example.com")
    assert prospect.phones == ["+1 1", "+1 2"]
    assert prospect.custom_fields["Employees"] == "25"
    assert prospect.name == "Walk In"
    assert list(prospect.lists.all()) == [conference]


def test_a_prospect_needs_an_email_or_linkedin(demo, visitor):
    response = visitor.post(
        reverse("sandbox-snovio-play-prospect-new"),
        {"email_status": "valid", "first_name": "Nobody"},
    )
    assert response.status_code == 200
    assert "Give an email or a LinkedIn profile URL" in response.content.decode()


def test_edit_a_prospect_bumps_its_update_time(demo, visitor):
    prospect = Prospect.objects.get(email="prospect1@example.com")
    before = prospect.updated_at
    url = reverse("sandbox-snovio-play-prospect", args=[prospect.pk])
    form = visitor.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v not in (None, "")}
    data["lists"] = [lst.pk for lst in data["lists"]]
    data["position"] = "Head of Everything"
    visitor.post(url, data)
    prospect.refresh_from_db()
    assert prospect.position == "Head of Everything"
    assert prospect.updated_at > before


def test_fire_a_campaign_event_from_a_prospect(demo, visitor):
    campaign = Campaign.objects.get(name="Conference follow-up")
    Webhook.objects.create(
        account=demo,
        event_object="campaign_email",
        event_action="sent",
        end_point="https://receiver.example/hook",
    )
    prospect = Prospect.objects.get(email="prospect3@example.com")
    url = reverse("sandbox-snovio-play-prospect-event", args=[prospect.pk])
    visitor.post(url, {"campaign": campaign.pk, "kind": "sent"})
    assert CampaignMessage.objects.filter(prospect=prospect, campaign=campaign).exists()
    assert WebhookDelivery.objects.count() == 1


def test_an_impossible_event_is_explained(demo, visitor):
    campaign = Campaign.objects.get(name="Conference follow-up")
    prospect = Prospect.objects.get(email="prospect4@example.com")
    url = reverse("sandbox-snovio-play-prospect-event", args=[prospect.pk])
    response = visitor.post(url, {"campaign": campaign.pk, "kind": "clicked"}, follow=True)
    assert "No email of this campaign" in response.content.decode()


def test_create_a_custom_field_and_a_campaign(demo, visitor):
    visitor.post(reverse("sandbox-snovio-play-fields"), {"name": "Budget", "type": "number"})
    empty = demo.lists.get(name="Empty list")
    visitor.post(
        reverse("sandbox-snovio-play-campaigns"),
        {"name": "Later", "prospect_list": empty.pk, "status": "Draft"},
    )
    assert CustomField.objects.get(name="Budget").type == "number"
    assert Campaign.objects.get(name="Later").prospect_list == empty


def test_toggle_the_rate_limit(demo, visitor):
    visitor.post(reverse("sandbox-snovio-play-rate-limit"), {"enabled": "on", "per_minute": 5})
    demo.refresh_from_db()
    assert (demo.rate_limit_enabled, demo.rate_limit_per_minute) == (True, 5)
    visitor.post(reverse("sandbox-snovio-play-rate-limit"), {"per_minute": 5})
    demo.refresh_from_db()
    assert demo.rate_limit_enabled is False


def test_add_and_clear_faults(demo, visitor):
    url = reverse("sandbox-snovio-play-faults")
    visitor.post(url, {"path_prefix": "/v1/get-balance", "status": 502, "remaining": 2})
    assert Fault.objects.get().status == 502
    visitor.post(url, {"clear": "1"})
    assert not Fault.objects.exists()


def test_add_a_webhook_and_deliver_now(demo, visitor):
    visitor.post(
        reverse("sandbox-snovio-play-webhooks"),
        {"event": "campaign_email.opened", "endpoint_url": "https://receiver.example/hook"},
    )
    hook = Webhook.objects.get()
    WebhookDelivery.objects.create(webhook=hook, payload={"event_object": "campaign_email"})
    with responses.RequestsMock() as mock:
        mock.add(responses.POST, "https://receiver.example/hook", status=200)
        visitor.post(reverse("sandbox-snovio-play-webhooks-deliver"))
    assert WebhookDelivery.objects.get().status == "delivered"
    log = visitor.get(reverse("sandbox-snovio-play-webhooks")).content.decode()
    assert "Delivered" in log


def test_deactivate_a_webhook_from_the_page(demo, visitor):
    hook = Webhook.objects.create(
        account=demo,
        event_object="prospect",
        event_action="campaign_finished",
        end_point="https://x.example",
    )
    visitor.post(reverse("sandbox-snovio-play-webhooks"), {"toggle": hook.pk})
    hook.refresh_from_db()
    assert hook.status == "deactivated"
