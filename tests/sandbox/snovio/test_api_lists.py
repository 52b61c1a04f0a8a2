import pytest

from sandbox.snovio import services
from sandbox.snovio.models import ListMembership, Prospect, ProspectList

pytestmark = pytest.mark.django_db

PHP_DATE_KEYS = {"date", "timezone_type", "timezone"}


def make_prospects(account, prospect_list, count):
    prospects = Prospect.objects.bulk_create(
        Prospect(account=account, email=f"p{n}@example.com", first_name=f"P{n}")
        for n in range(count)
    )
    ListMembership.objects.bulk_create(
        ListMembership(prospect=p, prospect_list=prospect_list) for p in prospects
    )
    return prospects


def test_balance_has_a_string_balance_inside_data(api):
    body = api.get("/v1/get-balance").json()
    assert body["success"] is True
    assert body["data"]["balance"] == "25000.00"
    assert set(body["data"]) >= {"teamwork", "unique_recipients_used", "limit_resets_in"}


def test_user_lists_is_a_bare_array_with_contact_counts(api, account):
    full = services.create_list(account, "Full")
    services.create_list(account, "Empty")
    make_prospects(account, full, 3)
    body = api.get("/v1/get-user-lists").json()
    assert isinstance(body, list)
    assert [(item["name"], item["contacts"]) for item in body] == [("Full", 3), ("Empty", 0)]
    assert set(body[0]["creationDate"]) == PHP_DATE_KEYS
    assert body[0]["isDeleted"] is False
    assert body[0]["deletionDate"] is None


def test_deleted_lists_stay_in_user_lists_flagged(api, account):
    services.delete_list(services.create_list(account, "Old"))
    (item,) = api.get("/v1/get-user-lists").json()
    assert item["isDeleted"] is True
    assert set(item["deletionDate"]) == PHP_DATE_KEYS


def test_user_lists_show_only_the_callers_lists(api, account):
    from sandbox.snovio.models import Account

    other = Account.objects.create(client_id="other", client_secret="x", user_id=1)
    services.create_list(other, "Not mine")
    assert api.get("/v1/get-user-lists").json() == []


def test_creating_a_list_answers_inside_an_outer_array(api, account):
    body = api.post_json("/v1/lists", {"name": "Fresh leads"}).json()
    assert body == [{"success": True, "data": {"id": ProspectList.objects.get().pk}}]
    assert ProspectList.objects.get().name == "Fresh leads"


def test_creating_a_list_without_name_is_refused(api, account):
    response = api.post_json("/v1/lists", {"name": " "})
    assert response.status_code == 400
    assert response.json()["success"] is False


def test_prospect_list_returns_list_summary_and_prospects(api, account):
    target = services.create_list(account, "Leads")
    make_prospects(account, target, 2)
    body = api.post_json("/v1/prospect-list", {"listId": target.pk, "page": 1, "perPage": 20})
    body = body.json()
    assert body["success"] is True
    assert body["list"]["name"] == "Leads"
    assert body["list"]["contacts"] == 2
    assert body["list"]["emailsCount"] == []
    first = body["prospects"][0]
    assert first["firstName"] == "P0"
    assert first["emails"][0]["email"] == "p0@example.com"
    assert set(first["lastUpdateDate"]) == PHP_DATE_KEYS


def test_prospect_list_pages_are_one_based(api, account):
    target = services.create_list(account, "Leads")
    make_prospects(account, target, 5)

    def emails(page):
        body = api.post_json(
            "/v1/prospect-list", {"listId": target.pk, "page": page, "perPage": 2}
        )
        return [p["emails"][0]["email"] for p in body.json()["prospects"]]

    assert emails(1) == ["p0@example.com", "p1@example.com"]
    assert emails(2) == ["p2@example.com", "p3@example.com"]
    assert emails(3) == ["p4@example.com"]
    assert emails(4) == []


def test_prospect_list_reads_parameters_from_the_query_string(api, account):
    target = services.create_list(account, "Leads")
    make_prospects(account, target, 3)
    response = api.post_form(f"/v1/prospect-list?listId={target.pk}&perPage=2&page=2", {})
    assert len(response.json()["prospects"]) == 1
    assert response.json()["list"]["contacts"] == 3


def test_prospect_list_caps_per_page_at_5000(api, account):
    target = services.create_list(account, "Big")
    make_prospects(account, target, 5003)
    body = api.post_json("/v1/prospect-list", {"listId": target.pk, "perPage": 9000}).json()
    assert len(body["prospects"]) == 5000
    assert body["list"]["contacts"] == 5003


def test_prospect_list_of_an_unknown_list_is_not_found(api, account):
    response = api.post_json("/v1/prospect-list", {"listId": 999})
    assert response.status_code == 404
    assert response.json() == {
        "errors": {"code": 404, "title": "Sorry, but url or entity not found", "source": ""}
    }


def test_prospect_list_of_another_accounts_list_is_not_found(api, account):
    from sandbox.snovio.models import Account

    other = Account.objects.create(client_id="other", client_secret="x", user_id=1)
    foreign = services.create_list(other, "Theirs")
    assert api.post_json("/v1/prospect-list", {"listId": foreign.pk}).status_code == 404


def test_prospect_list_without_list_id_is_a_bad_request(api, account):
    response = api.post_json("/v1/prospect-list", {})
    assert response.status_code == 400
    assert response.json()["success"] is False
