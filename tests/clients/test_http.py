"""HttpClient, the base of both vendor clients. `responses` plays a generic remote here: these
tests are about the status-code mapping and retry rules, not about a vendor's shapes."""

import pytest
import requests
import responses

from integrations.clients.errors import (
    AuthError,
    BillingError,
    ForbiddenError,
    NotFound,
    RateLimited,
    TransientError,
    ValidationFailed,
)
from integrations.clients.http import HttpClient, extract_error_text

URL = "https://remote.example/api/thing"


class RecordingLimiter:
    def __init__(self):
        self.acquired, self.observed, self.bursts, self.dailies = [], [], [], []

    def acquire(self, cost=1):
        self.acquired.append(cost)

    def observe(self, status, headers):
        self.observed.append(status)

    def block_burst(self, seconds):
        self.bursts.append(seconds)

    def block_daily(self, seconds):
        self.dailies.append(seconds)


class DailyOnBodyClient(HttpClient):
    app = "Remote"

    def rate_limit_error(self, response):
        error = super().rate_limit_error(response)
        error.daily = "daily" in error.message
        return error


@pytest.fixture
def waits():
    return []


@pytest.fixture
def client(waits):
    return HttpClient(sleep=waits.append, timeout=5)


@pytest.mark.parametrize(
    "status, error_class",
    [
        (400, ValidationFailed),
        (401, AuthError),
        (402, BillingError),
        (403, ForbiddenError),
        (404, NotFound),
        (405, ValidationFailed),
        (410, NotFound),
        (422, ValidationFailed),
        (500, TransientError),
        (502, TransientError),
        (503, TransientError),
    ],
)
@responses.activate
def test_each_error_status_maps_to_its_error_class(client, status, error_class):
    responses.post(URL, status=status, json={"error": "remote says no"})
    with pytest.raises(error_class) as caught:
        client.request("POST", URL)
    assert type(caught.value) is error_class
    assert caught.value.status == status
    assert caught.value.message == "remote says no"


@responses.activate
def test_permanent_errors_are_not_retried(client, waits):
    responses.get(URL, status=400, json={"error": "bad"})
    with pytest.raises(ValidationFailed):
        client.request("GET", URL)
    assert len(responses.calls) == 1 and waits == []


@responses.activate
def test_a_get_is_retried_on_5xx_with_growing_waits_then_gives_up(client, waits):
    responses.get(URL, status=503, body="maintenance")
    with pytest.raises(TransientError) as caught:
        client.request("GET", URL)
    assert len(responses.calls) == 3
    assert waits == [2, 4]
    assert caught.value.message == "maintenance"


@responses.activate
def test_a_get_succeeds_when_the_server_recovers(client, waits):
    responses.get(URL, status=502)
    responses.get(URL, status=200, json={"ok": True})
    assert client.request("GET", URL).json() == {"ok": True}
    assert waits == [2]


@responses.activate
def test_a_post_is_never_repeated_after_a_5xx(client, waits):
    responses.post(URL, status=500)
    with pytest.raises(TransientError):
        client.request("POST", URL)
    assert len(responses.calls) == 1 and waits == []


@responses.activate
def test_a_timeout_is_a_transient_error(client):
    responses.post(URL, body=requests.Timeout("slow"))
    with pytest.raises(TransientError, match="timed out"):
        client.request("POST", URL)


@responses.activate
def test_a_refused_connection_is_a_transient_error(client):
    responses.post(URL, body=requests.ConnectionError("refused"))
    with pytest.raises(TransientError, match="could not connect"):
        client.request("POST", URL)


@responses.activate
def test_a_burst_429_waits_retry_after_and_tries_again(client, waits):
    responses.get(URL, status=429, headers={"Retry-After": "3"})
    responses.get(URL, status=200, json={})
    client.request("GET", URL)
    assert waits == [3.0]


@responses.activate
def test_a_burst_wait_is_capped_at_thirty_seconds(client, waits):
    responses.get(URL, status=429, headers={"Retry-After": "500"})
    responses.get(URL, status=200, json={})
    client.request("GET", URL)
    assert waits == [30]


@responses.activate
def test_repeated_burst_429s_give_up_after_three_retries(client, waits):
    responses.post(URL, status=429, json={"error": "slow down"})
    with pytest.raises(RateLimited) as caught:
        client.request("POST", URL)
    assert len(responses.calls) == 4 and waits == [2.0, 2.0, 2.0]
    assert caught.value.retry_after == 2.0


@responses.activate
def test_a_daily_429_is_raised_at_once_and_blocks_the_limiter(waits):
    limiter = RecordingLimiter()
    client = DailyOnBodyClient(limiter=limiter, sleep=waits.append, timeout=5)
    responses.get(
        URL, status=429, json={"error": "daily budget spent"}, headers={"Retry-After": "99"}
    )
    with pytest.raises(RateLimited) as caught:
        client.request("GET", URL)
    assert caught.value.daily and waits == []
    assert limiter.dailies == [99.0] and limiter.bursts == []


@responses.activate
def test_a_burst_429_blocks_the_limiter_for_the_burst_only(waits):
    limiter = RecordingLimiter()
    client = HttpClient(limiter=limiter, sleep=waits.append, timeout=5)
    responses.get(URL, status=429, headers={"Retry-After": "1"})
    responses.get(URL, status=200, json={})
    client.request("GET", URL, cost=7)
    assert limiter.bursts == [1.0] and limiter.dailies == []
    assert limiter.acquired == [7, 7]
    assert limiter.observed == [429, 200]


@responses.activate
def test_a_non_json_error_body_is_kept_as_text(client):
    responses.post(URL, status=403, body="<html>blocked</html>")
    with pytest.raises(ForbiddenError, match="blocked"):
        client.request("POST", URL)


@responses.activate
def test_an_empty_error_body_falls_back_to_the_reason(client):
    responses.post(URL, status=404, body="")
    with pytest.raises(NotFound, match="Not Found"):
        client.request("POST", URL)


@pytest.mark.parametrize(
    "body, text",
    [
        ("plain words", "plain words"),
        ({"success": False, "error": "Person not found", "error_info": "x"}, "Person not found"),
        ({"error": "invalid_grant", "error_description": "code was used"}, "code was used"),
        ({"success": False, "message": "Forbidden"}, "Forbidden"),
        ({"title": "Bad Request"}, "Bad Request"),
        ({"errors": {"subscription_url": ["invalid URL"]}}, "subscription_url: invalid URL"),
        ({"errors": ["one", "two"]}, "one; two"),
        ([{"message": "a"}, {"error": "b"}], "a; b"),
        ({"error": {"message": "nested"}}, "nested"),
        ({"success": False, "data": None}, ""),
        (None, ""),
        (42, ""),
    ],
)
def test_extract_error_text_finds_the_message_in_each_shape(body, text):
    assert extract_error_text(body) == text
