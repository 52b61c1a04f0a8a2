"""The emulator takes and refuses custom field values as Pipedrive's v2 API does (B16).

Shapes the spec leaves open are listed in sandbox/GUESSES.md."""

import pytest

from sandbox.pipedrive.models import PersonField


def field(company, name) -> PersonField:
    return PersonField.objects.get(company=company, name=name)


def write(api, company, name, value):
    key = field(company, name).key
    return api.post("/api/v2/persons", {"name": "Val Ue", "custom_fields": {key: value}})


def options(company, name) -> list[int]:
    return [option["id"] for option in field(company, name).options]


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("Lead source", "Webinar"),
        ("Background", "x" * 65535),
        ("Score", 12.5),
        ("Budget", {"value": 1200, "currency": "USD"}),
        ("Last contacted", "2024-02-29"),
        ("Assistant phone", "+1 555 0100"),
        ("Office address", {"value": "1 Main St, Springfield"}),
        ("Office address", {"value": "1 Main St", "locality": "Springfield", "country": "US"}),
        ("Referral partner", "Acme"),
    ],
)
def test_a_value_in_the_documented_shape_is_stored_and_returned(api, company, name, value):
    response = write(api, company, name, value)
    assert response.status_code == 200, response.json()
    assert response.json()["data"]["custom_fields"][field(company, name).key] == value


def test_option_fields_take_option_ids(api, company):
    tier, interests = options(company, "Tier"), options(company, "Interests")
    one = write(api, company, "Tier", tier[1]).json()["data"]["custom_fields"]
    several = write(api, company, "Interests", interests[:2]).json()["data"]["custom_fields"]
    assert one[field(company, "Tier").key] == tier[1]
    assert several[field(company, "Interests").key] == interests[:2]


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("Lead source", "x" * 256),
        ("Assistant phone", "1" * 256),
        ("Background", "x" * 65536),
        ("Score", "12.5"),
        ("Budget", 1200),
        ("Budget", {"value": 1200}),
        ("Budget", {"value": 1200, "currency": ""}),
        ("Budget", {"value": "1200", "currency": "EUR"}),
        ("Budget", {"value": 1200, "currency": "EUR", "rate": 1}),
        ("Office address", "1 Main St, Springfield"),
        ("Office address", {"locality": "Springfield"}),
        ("Office address", {"value": "1 Main St", "planet": "Earth"}),
        ("Last contacted", "29.02.2024"),
        ("Tier", "Gold"),
        ("Interests", []),
        ("Interests", "Email"),
    ],
)
def test_a_value_in_another_shape_is_refused_with_400(api, company, name, value):
    response = write(api, company, name, value)
    assert response.status_code == 400
    assert field(company, name).key in response.json()["error"]


def test_an_option_of_another_field_is_refused(api, company):
    assert write(api, company, "Tier", options(company, "Interests")[0]).status_code == 400
    assert write(api, company, "Interests", [options(company, "Tier")[0]]).status_code == 400


def test_null_clears_a_value(api, company):
    key = field(company, "Budget").key
    created = write(api, company, "Budget", {"value": 5, "currency": "EUR"}).json()["data"]
    patched = api.patch(f"/api/v2/persons/{created['id']}", {"custom_fields": {key: None}})
    assert patched.json()["data"]["custom_fields"][key] is None
