import pytest

from sandbox.snovio import services
from sandbox.snovio.models import (
    Account,
    Campaign,
    CustomField,
    EmailStatus,
    Prospect,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def leads(account):
    return services.create_list(account, "Leads")


@pytest.fixture
def fields(account):
    CustomField.objects.create(account=account, name="Industry", type="string")
    CustomField.objects.create(account=account, name="Employees", type="number")
    CustomField.objects.create(account=account, name="Last event", type="date")


def test_add_prospect_with_form_bracket_notation(api, leads, fields):
    response = api.post_form(
        "/v1/add-prospect-to-list",
        [
            ("listId", leads.pk),
            ("email", "ann@example.com"),
            ("firstName", "Ann"),
            ("lastName", "Lee"),
            ("phones[]", "+1 111"),
            ("phones[]", "+1 222"),
            ("customFields[Industry]", "Retail"),
            ("customFields['Employees']", "40"),
            ("socialLinks[linkedIn]", "https://linkedin.com/in/ann"),
        ],
    )
    body = response.json()
    assert body["success"] is True and body["added"] is True and body["updated"] is False
    prospect = Prospect.objects.get(uid=body["id"])
    assert prospect.phones == ["+1 111", "+1 222"]
    assert prospect.custom_fields == {"Industry": "Retail", "Employees": "40"}
    assert prospect.social_links == {"linkedIn": "https://linkedin.com/in/ann"}
    assert prospect.name == "Ann Lee"
    assert list(prospect.lists.all()) == [leads]


def test_add_prospect_with_a_json_body(api, leads, fields):
    body = api.post_json(
        "/v1/add-prospect-to-list",
        {
            "listId": leads.pk,
            "email": "bo@example.com",
            "fullName": "Bo Diaz",
            "position": "CTO",
            "companyName": "Acme",
            "phones": ["+34 600"],
            "customFields": {"Last event": "2025-03-01"},
        },
    ).json()
    prospect = Prospect.objects.get(uid=body["id"])
    assert (prospect.name, prospect.position, prospect.company_name) == ("Bo Diaz", "CTO", "Acme")
    assert prospect.custom_fields == {"Last event": "2025-03-01"}
    assert prospect.email_status == EmailStatus.UNVERIFIED


def add(api, leads, **fields):
    return api.post_json("/v1/add-prospect-to-list", {"listId": leads.pk, **fields}).json()


def test_existing_email_without_flags_changes_nothing(api, leads):
    first = add(api, leads, email="ann@example.com", firstName="Ann")
    again = add(api, leads, email="ANN@example.com", firstName="Annie")
    assert again == {"success": True, "id": first["id"], "added": False, "updated": False}
    assert Prospect.objects.get().first_name == "Ann"


def test_update_contact_merges_non_empty_fields(api, leads):
    first = add(api, leads, email="ann@example.com", firstName="Ann", position="CEO")
    again = add(api, leads, email="ann@example.com", lastName="Lee", updateContact=True)
    assert again["id"] == first["id"]
    assert again["updated"] is True
    prospect = Prospect.objects.get()
    assert (prospect.first_name, prospect.last_name, prospect.position) == ("Ann", "Lee", "CEO")
    assert prospect.name == "Ann Lee"


def test_update_contact_with_same_values_reports_no_update(api, leads):
    add(api, leads, email="ann@example.com", firstName="Ann")
    again = add(api, leads, email="ann@example.com", firstName="Ann", updateContact=True)
    assert again["updated"] is False


def test_update_contact_in_a_form_uses_1_for_true(api, leads):
    add(api, leads, email="ann@example.com", firstName="Ann")
    body = api.post_form(
        "/v1/add-prospect-to-list",
        {
            "listId": leads.pk,
            "email": "ann@example.com",
            "firstName": "Anna",
            "updateContact": "1",
        },
    ).json()
    assert body["updated"] is True


def test_update_contact_adds_the_prospect_to_another_list(api, account, leads):
    other = services.create_list(account, "Other")
    add(api, leads, email="ann@example.com")
    again = add(api, other, email="ann@example.com", updateContact=True)
    assert again["added"] is True
    assert set(Prospect.objects.get().lists.all()) == {leads, other}


def test_create_duplicates_makes_a_second_prospect(api, leads):
    first = add(api, leads, email="ann@example.com")
    again = add(api, leads, email="ann@example.com", createDuplicates=True)
    assert again["added"] is True and again["id"] != first["id"]
    assert Prospect.objects.filter(email="ann@example.com").count() == 2


def test_both_flags_together_are_refused(api, leads):
    body = add(api, leads, email="ann@example.com", updateContact=True, createDuplicates=True)
    assert body["success"] is False
    assert "updateContact" in body["errors"]


def test_prospect_without_email_or_linkedin_is_refused_in_a_200(api, leads):
    response = api.post_json("/v1/add-prospect-to-list", {"listId": leads.pk, "firstName": "X"})
    assert response.status_code == 200
    assert response.json()["success"] is False
    assert "email" in response.json()["errors"]
    assert not Prospect.objects.exists()


def test_prospect_with_only_a_linkedin_link_is_accepted(api, leads):
    body = add(api, leads, socialLinks={"linkedIn": "https://linkedin.com/in/x"})
    assert body["added"] is True


def test_a_number_field_refuses_text(api, leads, fields):
    body = add(api, leads, email="a@example.com", customFields={"Employees": "many"})
    assert body["success"] is False
    assert "customFields[Employees]" in body["errors"]


def test_unknown_custom_fields_are_ignored(api, leads, fields):
    body = add(api, leads, email="a@example.com", customFields={"Shoe size": "44"})
    assert Prospect.objects.get(uid=body["id"]).custom_fields == {}


def test_adding_to_an_unknown_list_is_not_found(api, account):
    response = api.post_json("/v1/add-prospect-to-list", {"listId": 12345, "email": "a@b.co"})
    assert response.status_code == 404


def test_prospect_by_id_has_profile_jobs_and_lists(api, leads):
    uid = add(
        api,
        leads,
        email="ann@example.com",
        firstName="Ann",
        position="CEO",
        companyName="Acme",
        phones=["+1 1"],
    )["id"]
    body = api.post_json("/v1/get-prospect-by-id", {"id": uid}).json()
    assert body["success"] is True
    data = body["data"]
    assert data["id"] == uid
    assert data["currentJob"][0]["companyName"] == "Acme"
    assert data["currentJob"][0]["position"] == "CEO"
    assert data["lists"] == [{"id": leads.pk, "name": "Leads"}]
    assert data["emails"][0]["email"] == "ann@example.com"
    assert data["phones"] == ["+1 1"]
    assert set(data["lastUpdateDate"]) == {"date", "timezone_type", "timezone"}


def test_prospect_by_unknown_id_is_not_found(api, account):
    response = api.post_json("/v1/get-prospect-by-id", {"id": "nope=="})
    assert response.status_code == 404
    assert response.json()["errors"]["code"] == 404


def test_prospect_by_id_needs_an_id(api, account):
    assert api.post_json("/v1/get-prospect-by-id", {}).status_code == 400


def test_prospects_by_email_lists_every_match_case_insensitively(api, leads):
    add(api, leads, email="ann@example.com")
    add(api, leads, email="Ann@Example.com", createDuplicates=True)
    body = api.post_json("/v1/get-prospects-by-email", {"email": "ANN@example.com"}).json()
    assert body["success"] is True
    assert len(body["data"]) == 2


def test_prospects_by_email_without_match_is_an_empty_list(api, account):
    body = api.post_json("/v1/get-prospects-by-email", {"email": "none@example.com"}).json()
    assert body == {"success": True, "data": []}


def test_prospects_by_email_never_shows_other_accounts(api, leads):
    other = Account.objects.create(client_id="other", client_secret="x", user_id=1)
    services.create_prospect(other, services.ProspectData(email="ann@example.com"))
    body = api.post_json("/v1/get-prospects-by-email", {"email": "ann@example.com"}).json()
    assert body["data"] == []


def test_custom_fields_are_a_bare_array_with_keys(api, fields):
    body = api.get("/v1/prospect-custom-fields").json()
    assert body[0] == {
        "key": "customFields['Industry']",
        "label": "Industry",
        "required": False,
        "type": "string",
    }
    assert [f["type"] for f in body] == ["string", "number", "date"]


def test_campaigns_are_a_bare_array_with_unix_times(api, account, leads):
    campaign = services.create_campaign(account, name="Hello", prospect_list=leads)
    (item,) = api.get("/v1/get-user-campaigns").json()
    assert item["id"] == campaign.pk
    assert item["campaign"] == "Hello"
    assert item["list_id"] == leads.pk
    assert item["status"] == "Active"
    assert isinstance(item["created_at"], int)
    assert len(item["hash"]) == 32


def test_draft_campaigns_have_no_start_time(api, account, leads):
    services.create_campaign(account, name="Later", prospect_list=leads, status="Draft")
    assert api.get("/v1/get-user-campaigns").json()[0]["started_at"] is None
    assert Campaign.objects.get().started_at is None
