import datetime as dt

from django.utils import timezone

from .conftest import BASE

UNAUTHORIZED = {
    "success": False,
    "error": "unauthorized access",
    "errorCode": 401,
    "error_info": "Please check developers.pipedrive.com",
}


def test_missing_credentials_get_the_gateway_401(client, company):
    response = client.get(f"{BASE}/api/v2/persons")
    assert response.status_code == 401
    assert response.json() == UNAUTHORIZED


def test_expired_access_token_is_refused(client, token):
    token.expires_at = timezone.now() - dt.timedelta(seconds=1)
    token.save()
    response = client.get(
        f"{BASE}/api/v2/persons", headers={"Authorization": f"Bearer {token.access_token}"}
    )
    assert response.status_code == 401
    assert response.json() == UNAUTHORIZED


def test_revoked_access_token_is_refused(client, token):
    token.revoked = True
    token.save()
    response = client.get(
        f"{BASE}/api/v2/persons", headers={"Authorization": f"Bearer {token.access_token}"}
    )
    assert response.status_code == 401


def test_personal_api_token_header_is_accepted(client, bob):
    response = client.get(f"{BASE}/api/v1/users/me", headers={"x-api-token": bob.api_token})
    assert response.status_code == 200
    assert response.json()["data"]["email"] == "bob@demo-company.example"
    assert response.json()["data"]["is_you"] is True


def test_legacy_api_token_query_parameter_is_accepted(client, bob):
    response = client.get(f"{BASE}/v1/users/me", {"api_token": bob.api_token})
    assert response.status_code == 200


def test_wrong_api_token_is_refused(client, company):
    response = client.get(f"{BASE}/api/v2/persons", headers={"x-api-token": "nope"})
    assert response.status_code == 401


def test_unpaid_account_gets_402_on_every_call(api, company):
    company.is_unpaid = True
    company.save()
    for path in ("/api/v2/persons", "/api/v1/users/me"):
        response = api.get(path)
        assert response.status_code == 402
        assert response.json()["errorCode"] == 402


def test_every_answer_carries_rate_limit_headers(api):
    response = api.get("/api/v2/persons")
    for header in (
        "x-ratelimit-limit",
        "x-ratelimit-remaining",
        "x-ratelimit-reset",
        "x-daily-ratelimit-token-limit",
        "x-daily-ratelimit-token-remaining",
    ):
        assert header in response
    assert response["x-ratelimit-limit"] == "80"
    assert int(response["x-daily-ratelimit-token-remaining"]) == 30000 - 10


def test_users_me_describes_the_company(api, ana):
    data = api.get("/api/v1/users/me").json()["data"]
    assert data["id"] == ana.id
    assert data["company_id"] == ana.company_id
    assert data["company_name"] == "Demo Company"
    assert data["company_domain"] == "demo-company"


def test_users_lists_the_company_users(api):
    body = api.get("/api/v1/users").json()
    assert body["success"] is True
    assert [u["email"] for u in body["data"]] == [
        "ana@demo-company.example",
        "bob@demo-company.example",
    ]
    assert [u["is_you"] for u in body["data"]] == [True, False]
