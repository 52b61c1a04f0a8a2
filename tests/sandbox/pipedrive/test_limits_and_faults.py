import datetime as dt

import requests

from sandbox.pipedrive.faults import inject_fault
from sandbox.pipedrive.ratelimit import (
    Window,
    advance_window,
    enable_rate_limits,
    seconds_until_midnight_utc,
)

from .conftest import BASE, REDIRECT_URI, basic


def test_burst_limit_answers_429_with_retry_after(token_api, clock_stands_still):
    enable_rate_limits(api_token_burst=2)
    assert token_api.get("/api/v2/persons").status_code == 200
    second = token_api.get("/api/v2/persons")
    assert second["x-ratelimit-remaining"] == "0"
    third = token_api.get("/api/v2/persons")
    assert third.status_code == 429
    assert third["Retry-After"] == "2"  # the whole 2-second window is still ahead
    assert third["x-ratelimit-limit"] == "2"


def test_limits_are_off_unless_enabled(token_api):
    for _ in range(25):
        assert token_api.get("/api/v1/users/me").status_code == 200


def test_search_has_its_own_burst_limit(api, clock_stands_still):
    enable_rate_limits(search_burst=1)
    assert api.get("/api/v2/persons/search", term="prospect").status_code == 200
    assert api.get("/api/v2/persons/search", term="prospect").status_code == 429
    assert api.get("/api/v2/persons").status_code == 200


def test_daily_budget_counts_token_costs_and_then_refuses(api):
    enable_rate_limits(daily_budget=25)
    first = api.get("/api/v2/persons")  # costs 10
    assert first["x-daily-ratelimit-token-limit"] == "25"
    assert first["x-daily-ratelimit-token-remaining"] == "15"
    assert api.get("/api/v2/persons").status_code == 200  # 20 spent
    refused = api.get("/api/v2/persons")
    assert refused.status_code == 429
    assert refused.json() == {
        "success": False,
        "error": "daily request budget exceeded",
        "errorCode": 429,
    }
    assert 0 < int(refused["Retry-After"]) <= 86400
    assert api.get("/api/v1/users/me").status_code == 200  # costs 2: still fits


def test_fault_answers_its_status_the_given_number_of_times(api):
    inject_fault("/api/v2/persons", status=503, times=2)
    assert [api.get("/api/v2/persons").status_code for _ in range(3)] == [503, 503, 200]


def test_fault_429_carries_retry_after_and_matches_by_prefix_and_method(api):
    inject_fault("/sandbox/pipedrive/api/v2/persons", status=429, retry_after=7, method="POST")
    assert api.get("/api/v2/persons").status_code == 200
    refused = api.post("/api/v2/persons", {"name": "X"})
    assert refused.status_code == 429 and refused["Retry-After"] == "7"
    assert api.post("/api/v2/persons", {"name": "X"}).status_code == 200


def test_fault_on_the_token_endpoint(company, sandbox_http):
    inject_fault("/oauth/token", status=500)
    response = requests.post(
        f"http://testserver{BASE}/oauth/token",
        data={"grant_type": "refresh_token", "refresh_token": "x", "redirect_uri": REDIRECT_URI},
        headers={"Authorization": basic()},
        timeout=5,
    )
    assert response.status_code == 500


def test_window_resets_after_two_seconds():
    window = Window(started_at=100.0, count=5)
    assert advance_window(window, 101.9) == window
    assert advance_window(window, 102.0) == Window(102.0, 0)


def test_seconds_until_midnight_utc():
    now = dt.datetime(2026, 3, 1, 23, 0, tzinfo=dt.UTC)
    assert seconds_until_midnight_utc(now) == 3600
