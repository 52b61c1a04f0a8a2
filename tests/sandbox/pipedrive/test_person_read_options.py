"""v2 person reads honour `custom_fields` (only those keys, at most 15) and
`include_option_labels` (option values as {id, label}); unknown API paths answer JSON in
Pipedrive's shape."""

import pytest

from sandbox.pipedrive.models import Person, PersonField

pytestmark = pytest.mark.django_db


def field(company, name) -> PersonField:
    return PersonField.objects.get(company=company, name=name)


@pytest.fixture
def labelled(company):
    tier, interests = field(company, "Tier"), field(company, "Interests")
    person = Person.objects.filter(company=company).order_by("id").first()
    person.custom_fields = {
        **person.custom_fields,
        tier.key: tier.options[1]["id"],
        interests.key: [interests.options[0]["id"], interests.options[2]["id"]],
    }
    person.save()
    return person, tier, interests


def test_option_values_are_ids_unless_labels_are_asked_for(api, labelled):
    person, tier, interests = labelled
    plain = api.get(f"/api/v2/persons/{person.id}").json()["data"]["custom_fields"]
    assert plain[tier.key] == tier.options[1]["id"]
    labelled_fields = api.get(f"/api/v2/persons/{person.id}", include_option_labels="true")
    values = labelled_fields.json()["data"]["custom_fields"]
    assert values[tier.key] == {"id": tier.options[1]["id"], "label": "Silver"}
    assert values[interests.key] == [
        {"id": interests.options[0]["id"], "label": "Email"},
        {"id": interests.options[2]["id"], "label": "Events"},
    ]


def test_the_list_shows_labels_too(api, labelled):
    person, tier, _ = labelled
    items = api.get("/api/v2/persons", include_option_labels="true", limit=500).json()["data"]
    shown = next(item for item in items if item["id"] == person.id)
    assert shown["custom_fields"][tier.key]["label"] == "Silver"


def test_custom_fields_keeps_only_the_keys_asked_for(api, labelled):
    person, tier, interests = labelled
    data = api.get(f"/api/v2/persons/{person.id}", custom_fields=tier.key).json()["data"]
    assert set(data["custom_fields"]) == {tier.key}
    items = api.get("/api/v2/persons", custom_fields=f"{tier.key},{interests.key}").json()
    assert all(set(i["custom_fields"]) == {tier.key, interests.key} for i in items["data"])


def test_more_than_15_custom_field_keys_are_refused(api, labelled):
    keys = ",".join(f"{n:040x}" for n in range(16))
    response = api.get("/api/v2/persons", custom_fields=keys)
    assert response.status_code == 400 and response.json()["success"] is False


def test_a_non_boolean_include_option_labels_is_refused(api):
    assert api.get("/api/v2/persons", include_option_labels="yes").status_code == 400


@pytest.mark.parametrize(
    "path", ["/api/v2/nothing-here", "/api/v1/nothing", "/v1/deals/1/nothing", "/oauth/x"]
)
def test_unknown_api_paths_answer_json_in_pipedrives_shape(client, path):
    response = client.get(f"/sandbox/pipedrive{path}")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "success": False,
        "error": "Unknown method .",
        "error_info": "Please check developers.pipedrive.com for more information about "
        "Pipedrive API.",
        "data": None,
        "additional_data": None,
    }


def test_unknown_snovio_paths_answer_json_in_snovios_shape(client):
    response = client.post("/sandbox/snovio/v1/no-such-method")
    assert response.status_code == 404
    assert response.json() == {
        "errors": {"code": 404, "title": "Sorry, but url or entity not found", "source": ""}
    }
