import pytest

from sandbox.pipedrive.models import Person, PersonField

NOT_FOUND = {
    "success": False,
    "error": "Entity was not found",
    "error_info": "Object was not found.",
    "data": None,
    "additional_data": None,
}


def field(company, name) -> PersonField:
    return PersonField.objects.get(company=company, name=name)


def test_create_person_splits_name_and_makes_first_email_primary(api, ana):
    response = api.post(
        "/api/v2/persons",
        {
            "name": "Jane Q Public",
            "emails": [{"value": "jane@x.example"}, {"value": "j@y.example"}],
        },
    )
    assert response.status_code == 200
    data = response.json()["data"]
    assert (data["first_name"], data["last_name"]) == ("Jane", "Q Public")
    assert data["emails"] == [
        {"value": "jane@x.example", "primary": True, "label": "work"},
        {"value": "j@y.example", "primary": False, "label": "work"},
    ]
    assert data["owner_id"] == ana.id
    assert data["add_time"].endswith("Z")


def test_create_person_from_first_and_last_name(api):
    data = api.post("/api/v2/persons", {"first_name": "Ada", "last_name": "Lovelace"}).json()
    assert data["data"]["name"] == "Ada Lovelace"


def test_create_person_without_name_is_refused(api):
    response = api.post("/api/v2/persons", {"emails": [{"value": "a@b.example"}]})
    assert response.status_code == 400
    assert response.json()["code"] == "ERR_BAD_REQUEST"


@pytest.mark.parametrize(
    "body",
    [
        {"name": "X", "owner_id": "1"},
        {"name": "X", "visible_to": True},
        {"name": "X", "emails": ["plain@string.example"]},
        {"name": "X", "emails": [{"value": "a@b.example", "primary": 1}]},
        {"name": 5},
    ],
)
def test_v2_rejects_wrong_types(api, body):
    response = api.post("/api/v2/persons", body)
    assert response.status_code == 400
    assert response.json()["success"] is False
    assert response.json()["code"] == "ERR_BAD_REQUEST"


def test_custom_fields_are_validated_by_type(api, company):
    tier, budget = field(company, "Tier"), field(company, "Budget")
    good = api.post(
        "/api/v2/persons",
        {
            "name": "C F",
            "custom_fields": {
                tier.key: tier.options[0]["id"],
                budget.key: {"value": 10, "currency": "USD"},
            },
        },
    )
    assert good.status_code == 200
    assert good.json()["data"]["custom_fields"][tier.key] == tier.options[0]["id"]
    for bad in ({tier.key: 9999}, {budget.key: 10}, {"0" * 40: "x"}):
        response = api.post("/api/v2/persons", {"name": "C F", "custom_fields": bad})
        assert response.status_code == 400, bad


def test_patch_changes_only_given_fields(api, company):
    person = Person.objects.filter(company=company).first()
    response = api.patch(f"/api/v2/persons/{person.id}", {"job_title": "Chief Tester"})
    data = response.json()["data"]
    assert data["job_title"] == "Chief Tester"
    assert data["name"] == person.name
    assert data["emails"] == person.emails


def test_patch_replaces_the_emails(api, company):
    person = Person.objects.filter(company=company).first()
    api.patch(f"/api/v2/persons/{person.id}", {"emails": [{"value": "new@x.example"}]})
    person.refresh_from_db()
    assert person.emails == [{"value": "new@x.example", "primary": True, "label": "work"}]


def test_search_by_exact_email_finds_both_ambiguous_persons(api):
    response = api.get(
        "/api/v2/persons/search", term="PROSPECT1@example.com", fields="email", exact_match="true"
    )
    items = response.json()["data"]["items"]
    assert len(items) == 2
    assert all(item["item"]["emails"] == ["prospect1@example.com"] for item in items)
    assert response.json()["additional_data"]["next_cursor"] is None


def test_search_exact_match_does_not_match_part_of_an_email(api):
    response = api.get("/api/v2/persons/search", term="prospect1", exact_match="true")
    assert response.json()["data"]["items"] == []
    assert len(api.get("/api/v2/persons/search", term="prospect1").json()["data"]["items"]) == 2


def test_search_needs_two_characters(api):
    assert api.get("/api/v2/persons/search", term="p").status_code == 400


def test_deleted_person_is_soft_deleted_and_hidden(api, company):
    person = Person.objects.filter(company=company).first()
    response = api.delete(f"/api/v2/persons/{person.id}")
    assert response.json() == {"success": True, "data": {"id": person.id}}
    person.refresh_from_db()
    assert person.is_deleted
    ids = [p["id"] for p in api.get("/api/v2/persons").json()["data"]]
    assert person.id not in ids
    assert api.get(f"/api/v2/persons/{person.id}").json()["data"]["is_deleted"] is True
    search = api.get("/api/v2/persons/search", term=person.name, fields="name")
    assert person.id not in [i["item"]["id"] for i in search.json()["data"]["items"]]
    assert api.patch(f"/api/v2/persons/{person.id}", {"name": "Back"}).status_code == 404


def test_unknown_person_gets_the_v2_404(api):
    response = api.get("/api/v2/persons/999999")
    assert response.status_code == 404
    assert response.json() == NOT_FOUND


def test_cursor_pagination_walks_every_person_once(api, company, ana):
    Person.objects.bulk_create(
        Person(company=company, name=f"Bulk {n}", owner=ana) for n in range(520)
    )
    total = Person.objects.filter(company=company, is_deleted=False).count()
    first = api.get("/api/v2/persons", limit=500).json()
    assert len(first["data"]) == 500
    cursor = first["additional_data"]["next_cursor"]
    assert cursor
    second = api.get("/api/v2/persons", limit=500, cursor=cursor).json()
    assert second["additional_data"]["next_cursor"] is None
    ids = [p["id"] for p in first["data"] + second["data"]]
    assert len(ids) == len(set(ids)) == total


def test_limit_defaults_to_100_and_is_capped_at_500(api, company, ana):
    Person.objects.bulk_create(
        Person(company=company, name=f"Bulk {n}", owner=ana) for n in range(600)
    )
    assert len(api.get("/api/v2/persons").json()["data"]) == 100
    assert len(api.get("/api/v2/persons", limit=5000).json()["data"]) == 500


def test_bad_cursor_is_a_400(api):
    assert api.get("/api/v2/persons", cursor="not-a-cursor").status_code == 400


def test_updated_since_filters_and_sort_desc(api, company):
    person = Person.objects.filter(company=company).last()
    since = person.update_time.strftime("%Y-%m-%dT%H:%M:%SZ")
    data = api.get("/api/v2/persons", updated_since=since).json()["data"]
    assert [p["id"] for p in data] == [person.id]
    data = api.get("/api/v2/persons", sort_by="update_time", sort_direction="desc").json()["data"]
    assert data[0]["id"] == person.id


def test_person_fields_v2_and_v1_shapes(api, company):
    v2 = api.get("/api/v2/personFields").json()["data"]
    tier = next(f for f in v2 if f["field_name"] == "Tier")
    assert tier["field_type"] == "enum" and tier["is_custom_field"] is True
    assert len(tier["field_code"]) == 40 and tier["options"][0].keys() == {"id", "label"}
    assert next(f for f in v2 if f["field_code"] == "email")["is_custom_field"] is False
    v1 = api.get("/api/v1/personFields").json()
    assert v1["additional_data"]["more_items_in_collection"] is False
    assert next(f for f in v1["data"] if f["key"] == "name")["edit_flag"] is False


def test_create_custom_field_through_v1(api, company):
    response = api.post(
        "/api/v1/personFields", {"name": "Plan", "field_type": "enum", "options": [{"label": "A"}]}
    )
    data = response.json()["data"]
    assert len(data["key"]) == 40 and int(data["key"], 16) >= 0
    assert data["edit_flag"] is True and data["options"][0]["label"] == "A"
    assert isinstance(data["options"][0]["id"], int)
    assert api.post("/api/v1/personFields", {"name": "No type"}).status_code == 400


def test_organizations_create_get_and_search(api):
    created = api.post("/api/v2/organizations", {"name": "Wayne Enterprises"}).json()["data"]
    assert api.get(f"/api/v2/organizations/{created['id']}").json()["data"]["name"] == (
        "Wayne Enterprises"
    )
    items = api.get("/api/v2/organizations/search", term="wayne").json()["data"]["items"]
    assert [i["item"]["id"] for i in items] == [created["id"]]
