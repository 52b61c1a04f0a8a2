import pytest
from django.urls import reverse

from sandbox.pipedrive.models import (
    Fault,
    Person,
    PersonField,
    RateLimitSettings,
    Webhook,
    WebhookDelivery,
)

PAGES = [
    "sandbox-pipedrive-play",
    "sandbox-pipedrive-play-persons",
    "sandbox-pipedrive-play-person-new",
    "sandbox-pipedrive-play-merge",
    "sandbox-pipedrive-play-pipelines",
    "sandbox-pipedrive-play-fields",
    "sandbox-pipedrive-play-users",
    "sandbox-pipedrive-play-deals",
    "sandbox-pipedrive-play-activities",
    "sandbox-pipedrive-play-webhooks",
    "sandbox-pipedrive-play-limits",
]


@pytest.fixture
def client(owner_client):
    """The play pages need a login of this app (B14)."""
    return owner_client


@pytest.fixture
def hook(ana):
    return Webhook.objects.create(
        company=ana.company, user=ana, event_action="*", event_object="*",
        subscription_url="http://testserver/hooks/",
    )  # fmt: skip


@pytest.mark.parametrize("name", PAGES)
def test_play_pages_render(client, company, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert b'name="viewport"' in response.content


def test_overview_offers_to_create_the_demo_company(client, db):
    assert b"Create the demo company" in client.get(reverse("sandbox-pipedrive-play")).content
    client.post(reverse("sandbox-pipedrive-play-seed"))
    assert Person.objects.count() == 150


def test_person_page_edit_writes_an_app_event(client, company, hook):
    person = Person.objects.filter(company=company).first()
    url = reverse("sandbox-pipedrive-play-person", args=[person.id])
    page = client.get(url)
    assert person.name.encode() in page.content
    form = page.context["form"]
    data = {k: v for k, v in form.initial.items() if not k.startswith("cf_")}
    data.update(name="Renamed Person", owner=person.owner_id, org=person.org_id or "")
    response = client.post(url, data)
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.name == "Renamed Person"
    (delivery,) = WebhookDelivery.objects.all()
    assert delivery.payload["meta"]["change_source"] == "app"
    assert delivery.payload["previous"]["name"] != "Renamed Person"


def test_person_create_with_custom_fields(client, company, ana):
    tier = PersonField.objects.get(company=company, name="Tier")
    budget = PersonField.objects.get(company=company, name="Budget")
    response = client.post(
        reverse("sandbox-pipedrive-play-person-new"),
        {
            "name": "Play Person",
            "emails": "play@x.example\nsecond@x.example",
            "owner": ana.id,
            f"cf_{tier.key}": str(tier.options[2]["id"]),
            f"cf_{budget.key}": "99.5",
            f"cf_{budget.key}_currency": "USD",
        },
    )
    assert response.status_code == 302
    person = Person.objects.get(name="Play Person")
    assert person.primary_email == "play@x.example"
    assert person.custom_fields[tier.key] == tier.options[2]["id"]
    assert person.custom_fields[budget.key] == {"value": 99.5, "currency": "USD"}


def test_person_delete_and_merge_from_play_pages(client, company, hook):
    first, second, third = Person.objects.filter(company=company)[:3]
    client.post(reverse("sandbox-pipedrive-play-person-delete", args=[third.id]))
    third.refresh_from_db()
    assert third.is_deleted
    response = client.post(
        reverse("sandbox-pipedrive-play-merge"), {"survivor": first.id, "merged": second.id}
    )
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.is_deleted
    metas = [d.payload["meta"] for d in WebhookDelivery.objects.order_by("id")]
    assert [(m["action"], m.get("merged_to_id")) for m in metas] == [
        ("delete", None),
        ("delete", str(first.id)),
        ("change", None),
    ]


def test_create_custom_field_and_pipeline(client, company):
    client.post(
        reverse("sandbox-pipedrive-play-fields"),
        {"name": "Colour", "field_type": "set", "options": "Red\nBlue"},
    )
    field = PersonField.objects.get(name="Colour")
    assert [o["label"] for o in field.options] == ["Red", "Blue"] and len(field.key) == 40
    client.post(
        reverse("sandbox-pipedrive-play-pipelines"),
        {"create_pipeline": "1", "name": "Upsell", "stages": "One\nTwo"},
    )
    assert [s.name for s in company.pipelines.get(name="Upsell").stages.all()] == ["One", "Two"]


def test_user_profile_shows_the_api_token_masked_and_regenerates_it(client, bob):
    url = reverse("sandbox-pipedrive-play-user", args=[bob.id])
    assert f"••••{bob.api_token[-4:]}" in client.get(url).content.decode()
    old = bob.api_token
    client.post(url)
    bob.refresh_from_db()
    assert bob.api_token != old


def test_unpaid_toggle_and_limits_form(client, company):
    client.post(reverse("sandbox-pipedrive-play-unpaid"))
    company.refresh_from_db()
    assert company.is_unpaid
    client.post(
        reverse("sandbox-pipedrive-play-limits"),
        {
            "save_limits": "1",
            "enabled": "on",
            "oauth_burst": 5,
            "api_token_burst": 3,
            "search_burst": 1,
            "daily_budget": 100,
        },
    )
    config = RateLimitSettings.load()
    assert config.enabled and config.api_token_burst == 3
    client.post(
        reverse("sandbox-pipedrive-play-limits"),
        {"add_fault": "1", "path_prefix": "/api/v2/persons", "http_status": 503, "remaining": 2},
    )
    assert Fault.objects.get().remaining == 2


def test_a_custom_field_can_be_deleted_but_not_a_system_field(client, company):
    custom = PersonField.objects.filter(company=company, is_custom=True).first()
    system = PersonField.objects.filter(company=company, is_custom=False).first()
    client.post(reverse("sandbox-pipedrive-play-field-delete", args=[custom.id]))
    response = client.post(reverse("sandbox-pipedrive-play-field-delete", args=[system.id]))
    assert not PersonField.objects.filter(pk=custom.pk).exists()
    assert response.status_code == 404
    assert PersonField.objects.filter(pk=system.pk).exists()


def test_the_new_custom_field_form_shows_its_inputs_below_the_fields_table(client, company):
    page = client.get(reverse("sandbox-pipedrive-play-fields")).content.decode()
    form = page.split('id="new-field"')[1]
    for name in ("name", "field_type", "options"):
        assert f'name="{name}"' in form
    assert "Lead source" in page.split('id="new-field"')[0]  # the table still lists the fields
