"""How PipedriveClient turns the sandbox's failures into the error hierarchy, retries and waits."""

import pytest
import requests
import responses
from django.conf import settings

from integrations.clients.errors import (
    AuthError,
    BillingError,
    ForbiddenError,
    NotFound,
    RateLimited,
    TransientError,
    ValidationFailed,
)
from integrations.clients.pipedrive import BearerAuth, PipedriveClient
from integrations.clients.pipedrive_oauth import OAuthError, revoke_token
from integrations.limits.pipedrive import make_limiter
from integrations.models import RateBudget
from sandbox.pipedrive import api as sandbox_api
from sandbox.pipedrive.faults import inject_fault
from sandbox.pipedrive.ratelimit import enable_rate_limits
from tests.contract.sandbox_accounts import (
    Waits,
    api_token_client,
    make_activity_types,
    make_pipeline,
    make_user,
    oauth_client,
)

pytestmark = pytest.mark.django_db


class FakeClock:
    """Stands in for the sandbox's `time` module; advances only when the client sleeps."""

    def __init__(self):
        self.now, self.waits = 1_000_000.0, []

    def time(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.now += seconds


API = settings.PIPEDRIVE_API_URL


@pytest.fixture
def account():
    user = make_user()
    make_pipeline(user.company)
    make_activity_types(user.company)
    return user


@pytest.fixture
def waits():
    return Waits()


def paths(calls) -> list[str]:
    return [call.request.url.split("/sandbox/pipedrive")[1].split("?")[0] for call in calls]


# -- 401 ----------------------------------------------------------------------------------


def test_a_401_refreshes_the_token_once_and_repeats_the_request(account, sandbox_http):
    client, holder = oauth_client(account)
    revoke_token(holder.tokens.access_token, hint="access_token")
    calls_before = len(sandbox_http.calls)
    assert client.get_current_user().id == account.id
    assert holder.refreshes == 1
    assert paths(sandbox_http.calls[calls_before:]) == [
        "/api/v1/users/me",
        "/oauth/token",
        "/api/v1/users/me",
    ]
    assert sandbox_http.calls[-2].response.status_code == 200
    assert sandbox_http.calls[-3].response.status_code == 401


def test_a_second_401_after_the_refresh_is_an_auth_error(account, sandbox_http):
    refreshes = []
    auth = BearerAuth(get_token=lambda: "v1u:revoked", refresh=lambda: refreshes.append(1) or 1)
    client = PipedriveClient(api_domain=API, auth=auth, sleep=Waits())
    with pytest.raises(AuthError) as caught:
        client.get_current_user()
    assert caught.value.status == 401 and "unauthorized" in caught.value.message
    assert refreshes == [1]
    assert len(sandbox_http.calls) == 2


def test_a_refused_refresh_token_surfaces_as_oauth_error(account, sandbox_http):
    client, holder = oauth_client(account)
    revoke_token(holder.tokens.refresh_token)  # the grant is gone: uninstalled
    with pytest.raises(OAuthError) as caught:
        client.get_current_user()
    assert caught.value.error == "invalid_grant"
    assert isinstance(caught.value, AuthError)


def test_a_wrong_api_token_is_an_auth_error_without_retry(account, sandbox_http):
    account.api_token = "not-the-token"
    with pytest.raises(AuthError):
        api_token_client(account).get_current_user()
    assert len(sandbox_http.calls) == 1


# -- 402, 403, 400, 404 -------------------------------------------------------------------


def test_an_unpaid_company_is_a_billing_error_with_the_remote_text(account, sandbox_http):
    account.company.is_unpaid = True
    account.company.save()
    with pytest.raises(BillingError) as caught:
        api_token_client(account).list_users()
    assert caught.value.status == 402
    assert "Payment required" in caught.value.message


def test_deleting_a_webhook_the_app_did_not_create_is_forbidden(account, sandbox_http):
    hook = api_token_client(account).create_webhook(
        subscription_url="https://elsewhere.test/hook",
        event_action="*",
        event_object="*",
        http_auth_user="u",
        http_auth_password="p",
        name="someone else's",
    )
    client, _ = oauth_client(account)
    with pytest.raises(ForbiddenError) as caught:
        client.delete_webhook(hook.id)
    assert caught.value.status == 403 and caught.value.message == "Forbidden"


def test_refused_data_is_a_validation_error_carrying_the_remote_text(account, sandbox_http):
    client, _ = oauth_client(account)
    person = client.create_person(name="Ann")
    with pytest.raises(ValidationFailed) as caught:
        client.create_activity(subject="Call", type="carrier-pigeon", person_id=person.id)
    assert caught.value.status == 400
    assert "carrier-pigeon" in caught.value.message
    assert "ERR_BAD_REQUEST" in caught.value.message


def test_a_webhook_refusal_lists_the_fields_at_fault(account, sandbox_http):
    client, _ = oauth_client(account)
    with pytest.raises(ValidationFailed) as caught:
        client.create_webhook(
            subscription_url="not a url",
            event_action="*",
            event_object="person",
            http_auth_user="u",
            http_auth_password="p",
            name="sync",
        )
    assert "subscription_url: invalid or non-reachable URL" in caught.value.message


def test_a_missing_person_is_not_found(account, sandbox_http):
    client, _ = oauth_client(account)
    with pytest.raises(NotFound) as caught:
        client.get_person(987654)
    assert caught.value.status == 404 and caught.value.message == "Entity was not found"


# -- 429 ----------------------------------------------------------------------------------


def test_a_burst_429_waits_retry_after_then_succeeds(account, sandbox_http, waits):
    limiter = make_limiter(account.company.id, sleep=waits)
    client = api_token_client(account, limiter=limiter, sleep=waits)
    inject_fault("/api/v2/persons", status=429, retry_after=1)
    assert client.list_persons().items == []
    assert waits[0] == 1.0  # the client's wait; the limiter may add the rest of the block
    assert sum(waits) <= 2.0
    assert len(sandbox_http.calls) == 2
    assert RateBudget.objects.get(key=limiter.key).throttled_total == 1


def test_a_burst_limit_reached_in_the_sandbox_is_waited_out(account, sandbox_http, monkeypatch):
    clock = FakeClock()
    monkeypatch.setattr(sandbox_api, "time", clock)  # the sandbox's 2-second windows
    enable_rate_limits(api_token_burst=2)
    client = api_token_client(account, sleep=clock.sleep)
    for _ in range(3):
        client.get_current_user()
    assert clock.waits == [2.0]
    assert [c.response.status_code for c in sandbox_http.calls] == [200, 200, 429, 200]


def test_a_spent_daily_budget_raises_at_once_and_stops_the_next_call(account, sandbox_http, waits):
    enable_rate_limits(daily_budget=25)
    colleague = make_user(account.company)
    api_token_client(colleague).list_users()  # another client spends 20 of the 25 tokens
    limiter = make_limiter(account.company.id, sleep=waits)
    client = api_token_client(account, limiter=limiter, sleep=waits)
    with pytest.raises(RateLimited) as caught:
        client.list_persons()  # costs 10
    assert caught.value.daily
    assert caught.value.retry_after > 60
    assert waits == []
    calls_before = len(sandbox_http.calls)
    with pytest.raises(RateLimited) as refused:
        client.get_current_user()
    assert refused.value.daily
    assert len(sandbox_http.calls) == calls_before  # refused by the limiter, no request


def test_a_call_costing_more_than_the_known_budget_is_not_sent(account, sandbox_http, waits):
    enable_rate_limits(daily_budget=25)
    limiter = make_limiter(account.company.id, sleep=waits)
    client = api_token_client(account, limiter=limiter, sleep=waits)
    client.list_users()  # 20 of 25: the answer's headers say 5 are left
    with pytest.raises(RateLimited) as caught:
        client.list_persons()  # costs 10
    assert caught.value.daily
    assert len(sandbox_http.calls) == 1
    client.get_current_user()  # costs 2: still fits


def test_a_daily_429_is_recognised_by_its_header_too(account, sandbox_http, waits):
    # The sandbox answers a spent budget with a body naming it; a header-only answer is forced.
    client = api_token_client(account, sleep=waits)
    with responses.RequestsMock() as rsps:
        rsps.get(
            f"{API}/api/v1/users/me",
            status=429,
            json={"success": False, "error": "Too many requests"},
            headers={"x-daily-ratelimit-token-remaining": "0", "Retry-After": "3939"},
        )
        with pytest.raises(RateLimited) as caught:
            client.get_current_user()
    assert caught.value.daily and caught.value.retry_after == 3939.0
    assert waits == []


# -- 5xx, timeouts ------------------------------------------------------------------------


def test_a_get_is_retried_after_a_5xx_and_succeeds(account, sandbox_http, waits):
    client = api_token_client(account, sleep=waits)
    inject_fault("/api/v2/pipelines", status=503)
    assert [p.name for p in client.list_pipelines()] == ["Sales"]
    assert waits == [2]


def test_a_get_failing_with_5xx_every_time_ends_as_transient_error(account, sandbox_http, waits):
    client = api_token_client(account, sleep=waits)
    inject_fault("/api/v2/pipelines", status=503, times=5)
    with pytest.raises(TransientError) as caught:
        client.list_pipelines()
    assert caught.value.status == 503
    assert len(sandbox_http.calls) == 3 and waits == [2, 4]


def test_a_write_failing_with_5xx_is_not_repeated(account, sandbox_http, waits):
    client = api_token_client(account, sleep=waits)
    inject_fault("/api/v2/persons", status=500, method="POST")
    with pytest.raises(TransientError):
        client.create_person(name="Once")
    assert len(sandbox_http.calls) == 1 and waits == []


@pytest.mark.parametrize(
    "failure, words",
    [(requests.Timeout(), "timed out"), (requests.ConnectionError(), "could not connect")],
)
def test_timeouts_and_connection_failures_are_transient(account, failure, words):
    client = api_token_client(account, sleep=Waits())
    with responses.RequestsMock() as rsps:
        rsps.get(f"{API}/api/v1/users/me", body=failure)
        with pytest.raises(TransientError, match=words):
            client.get_current_user()


def test_an_html_block_page_is_reported_as_such(account):
    # Pipedrive's abuse protection answers 403 with an HTML page; the sandbox has no such page.
    client = api_token_client(account, sleep=Waits())
    with responses.RequestsMock() as rsps:
        rsps.get(
            f"{API}/api/v1/users/me",
            status=403,
            body="<html><body>Attention required</body></html>",
            content_type="text/html",
        )
        with pytest.raises(ForbiddenError, match="HTML page"):
            client.get_current_user()
