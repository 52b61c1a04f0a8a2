"""v2 requests are checked as the official OpenAPI file declares them: query parameters of the
wrong type or outside their enum, and body fields of the wrong JSON type, are refused with 400
(what contract fuzzing found the emulator accepting)."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path,params",
    [
        ("/api/v2/persons", {"owner_id": "abc"}),
        ("/api/v2/persons", {"include_option_labels": "1"}),
        ("/api/v2/pipelines", {"sort_by": ""}),
        ("/api/v2/deals", {"sort_direction": "sideways"}),
        ("/api/v2/activities", {"deal_id": "9223372036854775808"}),
        ("/api/v2/persons/search", {"term": "ana", "fields": "email,shoe_size"}),
    ],
)
def test_a_query_parameter_the_spec_does_not_allow_is_refused(api, path, params):
    response = api.get(path, **params)
    assert response.status_code == 400, response.content
    assert response.json()["success"] is False


def test_allowed_values_pass_including_comma_separated_lists(api):
    assert api.get("/api/v2/persons/search", term="ana", fields="email,name").status_code == 200
    assert api.get("/api/v2/deals", sort_direction="desc", status="open").status_code == 200


@pytest.mark.parametrize(
    "path,body",
    [
        ("/api/v2/organizations", {"name": "Acme", "industry": {"x": 1}}),
        ("/api/v2/organizations", {"name": "Acme", "address": {"locality": True}}),
        ("/api/v2/deals", {"title": "Deal", "value": "100"}),
        ("/api/v2/activities", {"subject": "Call", "done": "yes"}),
        ("/api/v2/persons", {"name": "Ann", "visible_to": True}),
        ("/api/v2/organizations", {"name": "0", "visible_to": 2147483648}),
        ("/api/v2/deals", {"title": "Deal", "probability": -2147483649}),
        ("/api/v2/activities", {"subject": "Call", "location": {"locality": ["Madrid"]}}),
        ("/api/v2/activities", {"subject": "Call", "location": "Madrid"}),
        ("/api/v2/activities", {"subject": "Call", "participants": [[]]}),
        ("/api/v2/activities", {"subject": "Call", "attendees": [{"person_id": None}]}),
        ("/api/v2/activities", {"subject": "Call", "attendees": [{"email": 7}]}),
        ("/api/v2/deals", {"title": "Deal", "currency": "0000"}),
        ("/api/v2/activities", {"subject": "Call", "type": "\u0000"}),
        ("/api/v2/persons", {"name": "Ann \ud800"}),
    ],
)
def test_a_body_field_of_the_wrong_json_type_is_refused(api, path, body):
    response = api.post(path, body)
    assert response.status_code == 400, response.content


def test_null_is_left_to_each_operation(api, company):
    assert api.post("/api/v2/persons", {"name": "Ann", "job_title": None}).status_code == 200
