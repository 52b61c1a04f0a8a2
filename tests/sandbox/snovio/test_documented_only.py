"""Documented-only mode: every prospect answer carries exactly the fields Snov.io's reference
shows (https://snov.io/api), so the product is tried against the narrowest real answer."""

import pytest
from django.urls import reverse

from sandbox.snovio import services
from sandbox.snovio.models import CustomField, ListMembership, Prospect
from sandbox.snovio.seed import seed_sandbox

pytestmark = pytest.mark.django_db

LIST_ITEM_KEYS = {"id", "name", "firstName", "lastName", "emails"}
EMAIL_KEYS = {
    "email",
    "probability",
    "isVerified",
    "jobStatus",
    "domainType",
    "isValidFormat",
    "isDisposable",
    "isWebmail",
    "isGibberish",
    "smtpStatus",
}
DETAIL_KEYS = {
    "id",
    "name",
    "firstName",
    "lastName",
    "industry",
    "country",
    "locality",
    "social",
    "lastUpdateDate",
    "currentJob",
    "previousJob",
    "lists",
    "campaigns",
}


@pytest.fixture
def full_prospect(account):
    CustomField.objects.create(account=account, name="Industry")
    leads = services.create_list(account, "Leads")
    prospect = Prospect.objects.create(
        account=account,
        email="ann@example.com",
        first_name="Ann",
        last_name="Lee",
        position="CTO",
        company_name="Acme",
        phones=["+1 555"],
        custom_fields={"Industry": "Retail"},
        locality="Austin, Texas",
    )
    ListMembership.objects.create(prospect=prospect, prospect_list=leads)
    return prospect, leads


def documented(account):
    account.documented_only = True
    account.save()


def test_a_documented_list_page_item_has_only_id_names_and_emails(api, account, full_prospect):
    prospect, leads = full_prospect
    documented(account)
    body = api.post_json("/v1/prospect-list", {"listId": leads.pk}).json()
    (item,) = body["prospects"]
    assert set(item) == LIST_ITEM_KEYS
    assert set(item["emails"][0]) == EMAIL_KEYS
    assert set(body["list"]) == {"name", "contacts", "creationDate", "emailsCount"}


def test_the_fuller_list_page_also_carries_job_phones_and_custom_fields(
    api, account, full_prospect
):
    _, leads = full_prospect
    (item,) = api.post_json("/v1/prospect-list", {"listId": leads.pk}).json()["prospects"]
    assert item["position"] == "CTO" and item["phones"] == ["+1 555"]
    assert item["customFields"] == {"Industry": "Retail"}


def test_a_documented_prospect_by_id_has_its_job_but_no_emails_phones_or_custom_values(
    api, account, full_prospect
):
    prospect, _ = full_prospect
    documented(account)
    data = api.post_json("/v1/get-prospect-by-id", {"id": prospect.uid}).json()["data"]
    assert set(data) == DETAIL_KEYS
    assert data["currentJob"][0]["position"] == "CTO"
    assert data["currentJob"][0]["companyName"] == "Acme"
    assert data["locality"] == "Austin, Texas"
    assert data["lastUpdateDate"]["timezone"] == "UTC"


def test_documented_prospects_by_email_have_the_by_id_shape(api, account, full_prospect):
    documented(account)
    body = api.post_json("/v1/get-prospects-by-email", {"email": "ann@example.com"}).json()
    assert [set(item) for item in body["data"]] == [DETAIL_KEYS]


def test_the_play_page_switches_documented_only_mode(owner_client):
    demo = seed_sandbox(prospects=3)
    url = reverse("sandbox-snovio-play-documented-only")
    owner_client.post(url, {"documented_only": "on"})
    demo.refresh_from_db()
    assert demo.documented_only is True
    page = owner_client.get(reverse("sandbox-snovio-play")).content.decode()
    assert "documented fields only" in page
    owner_client.post(url, {})
    demo.refresh_from_db()
    assert demo.documented_only is False
