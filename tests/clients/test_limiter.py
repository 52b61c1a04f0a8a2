import datetime as dt

import pytest
from django.utils import timezone

from integrations.clients.errors import RateLimited
from integrations.clients.timestamps import next_utc_midnight
from integrations.limits import (
    HeaderBudgetLimiter,
    SlidingWindowLimiter,
    budget_updates_from_headers,
)
from integrations.models import RateBudget

NOW = dt.datetime(2026, 3, 10, 15, 30, tzinfo=dt.UTC)


class FakeClock:
    """A clock that only moves when the limiter sleeps; the waits are recorded."""

    def __init__(self, start: float = 1_000_000.0):
        self.now = start
        self.waits: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.now += seconds


def sliding(clock: FakeClock, **kwargs) -> SlidingWindowLimiter:
    options = {"limit": 60, "window": 60.0, "max_wait": 90.0, **kwargs}
    return SlidingWindowLimiter("snovio:test", clock=clock, sleep=clock.sleep, **options)


# -- SlidingWindowLimiter ---------------------------------------------------------------------


@pytest.mark.django_db
def test_sixty_calls_in_a_minute_pass_without_waiting():
    clock = FakeClock()
    limiter = sliding(clock)
    for _ in range(60):
        limiter.acquire()
    assert clock.waits == []
    assert RateBudget.objects.get(key="snovio:test").calls_total == 60


@pytest.mark.django_db
def test_the_sixty_first_call_waits_until_the_oldest_leaves_the_window():
    clock = FakeClock()
    limiter = sliding(clock)
    for _ in range(60):
        limiter.acquire()
        clock.now += 0.5
    limiter.acquire()
    assert clock.waits == [pytest.approx(30.0)]
    assert RateBudget.objects.get(key="snovio:test").throttled_total == 1


@pytest.mark.django_db
def test_calls_older_than_the_window_no_longer_count():
    clock = FakeClock()
    limiter = sliding(clock, limit=2)
    limiter.acquire()
    limiter.acquire()
    clock.now += 61
    limiter.acquire()
    assert clock.waits == []


@pytest.mark.django_db
def test_a_wait_longer_than_max_wait_raises_rate_limited_instead_of_sleeping():
    clock = FakeClock()
    limiter = sliding(clock, limit=1, max_wait=10)
    limiter.acquire()
    with pytest.raises(RateLimited) as caught:
        limiter.acquire()
    assert caught.value.retry_after == pytest.approx(60.0)
    assert not caught.value.daily
    assert clock.waits == []


@pytest.mark.django_db
def test_two_limiters_with_the_same_key_share_one_budget():
    clock = FakeClock()
    sliding(clock, limit=1).acquire()
    with pytest.raises(RateLimited):
        sliding(clock, limit=1, max_wait=1).acquire()


# -- budget_updates_from_headers (pure) -------------------------------------------------------


def test_no_rate_headers_change_nothing():
    assert budget_updates_from_headers({}, now=NOW) == {}


def test_burst_remaining_above_zero_clears_a_burst_block():
    updates = budget_updates_from_headers(
        {"x-ratelimit-remaining": "12", "x-ratelimit-reset": "2"}, now=NOW
    )
    assert updates == {"burst_blocked_until": None}


def test_burst_remaining_zero_blocks_until_the_window_resets():
    updates = budget_updates_from_headers(
        {"x-ratelimit-remaining": "0", "x-ratelimit-reset": "3"}, now=NOW
    )
    assert updates == {"burst_blocked_until": NOW + dt.timedelta(seconds=3)}


def test_burst_remaining_zero_without_reset_blocks_two_seconds():
    updates = budget_updates_from_headers({"x-ratelimit-remaining": "0"}, now=NOW)
    assert updates["burst_blocked_until"] == NOW + dt.timedelta(seconds=2)


def test_daily_token_headers_set_remaining_limit_and_next_utc_midnight():
    updates = budget_updates_from_headers(
        {"x-daily-ratelimit-token-remaining": "1234", "x-daily-ratelimit-token-limit": "30000"},
        now=NOW,
    )
    assert updates == {
        "daily_remaining": 1234,
        "daily_reset_at": dt.datetime(2026, 3, 11, tzinfo=dt.UTC),
        "daily_limit": 30000,
    }


@pytest.mark.parametrize("garbage", ["", "soon", "inf", "nan"])
def test_unreadable_header_values_are_ignored(garbage):
    headers = {"x-ratelimit-remaining": garbage, "x-daily-ratelimit-token-remaining": garbage}
    assert budget_updates_from_headers(headers, now=NOW) == {}


def test_next_utc_midnight_is_the_start_of_the_following_day():
    assert next_utc_midnight(NOW) == dt.datetime(2026, 3, 11, tzinfo=dt.UTC)


# -- HeaderBudgetLimiter ----------------------------------------------------------------------


def header_limiter(waits: list, **kwargs) -> HeaderBudgetLimiter:
    return HeaderBudgetLimiter("pipedrive:company:1", sleep=waits.append, **kwargs)


@pytest.mark.django_db
def test_header_limiter_lets_calls_through_while_budget_is_left():
    waits = []
    limiter = header_limiter(waits)
    limiter.acquire(10)
    headers = {"x-daily-ratelimit-token-remaining": "500", "x-ratelimit-remaining": "5"}
    limiter.observe(200, headers)
    limiter.acquire(10)
    assert waits == []
    assert RateBudget.objects.get(key="pipedrive:company:1").daily_remaining == 500


@pytest.mark.django_db
def test_header_limiter_refuses_every_call_after_daily_remaining_zero():
    waits = []
    limiter = header_limiter(waits)
    limiter.acquire()
    limiter.observe(200, {"x-daily-ratelimit-token-remaining": "0"})
    with pytest.raises(RateLimited) as caught:
        limiter.acquire(1)
    assert caught.value.daily
    assert caught.value.retry_after > 0


@pytest.mark.django_db
def test_header_limiter_refuses_a_call_that_costs_more_than_what_is_left():
    limiter = header_limiter([])
    limiter.acquire()
    limiter.observe(200, {"x-daily-ratelimit-token-remaining": "5"})
    limiter.acquire(5)
    with pytest.raises(RateLimited):
        limiter.acquire(10)


@pytest.mark.django_db
def test_header_limiter_allows_calls_again_once_the_daily_reset_has_passed():
    limiter = header_limiter([])
    limiter.acquire()
    RateBudget.objects.filter(key=limiter.key).update(
        daily_remaining=0, daily_reset_at=timezone.now() - dt.timedelta(seconds=1)
    )
    limiter.acquire(10)


@pytest.mark.django_db
def test_header_limiter_waits_out_a_spent_burst_window():
    waits = []
    limiter = header_limiter(waits)
    limiter.acquire()
    limiter.observe(200, {"x-ratelimit-remaining": "0", "x-ratelimit-reset": "2"})
    limiter.acquire()
    assert len(waits) == 1 and 0 < waits[0] <= 2


@pytest.mark.django_db
def test_header_limiter_raises_when_the_burst_block_exceeds_max_wait():
    waits = []
    limiter = header_limiter(waits, max_wait=1)
    limiter.acquire()
    limiter.block_burst(20)
    with pytest.raises(RateLimited) as caught:
        limiter.acquire()
    assert not caught.value.daily
    assert waits == []
    assert RateBudget.objects.get(key=limiter.key).throttled_total == 1


@pytest.mark.django_db
def test_block_daily_refuses_calls_until_the_announced_reset():
    limiter = header_limiter([])
    limiter.acquire()
    limiter.block_daily(3600)
    with pytest.raises(RateLimited) as caught:
        limiter.acquire()
    assert caught.value.daily
    assert 3590 < caught.value.retry_after <= 3600


# -- What a process remembers of a Pipedrive budget ---------------------------------------------

COMFORTABLE = {"x-ratelimit-remaining": "70", "x-daily-ratelimit-token-remaining": "29000"}


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def statements(run) -> list[str]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        run()
    return [q["sql"].split()[0] for q in queries.captured_queries]


@pytest.mark.django_db
def test_a_busy_limiter_with_a_comfortable_budget_asks_the_database_once_a_second():
    clock = Clock()
    limiter = HeaderBudgetLimiter("pipedrive:company:1", sleep=[].append, clock=clock)
    limiter.acquire()
    limiter.observe(200, COMFORTABLE)  # the first answer is written at once

    def calls(n):
        for _ in range(n):
            limiter.acquire()
            limiter.observe(200, COMFORTABLE)
            clock.now += 0.01

    assert statements(lambda: calls(50)) == []  # half a second
    assert statements(lambda: calls(60)) == ["UPDATE"]  # a second on: what it learnt
    assert RateBudget.objects.get(key=limiter.key).calls_total in range(51, 112)


@pytest.mark.django_db
def test_near_the_burst_limit_every_call_reads_and_writes_the_shared_budget():
    clock = Clock()
    limiter = HeaderBudgetLimiter("pipedrive:company:1", sleep=[].append, clock=clock)
    limiter.acquire()
    low = {**COMFORTABLE, "x-ratelimit-remaining": "3"}
    limiter.observe(200, low)
    for _ in range(3):
        assert statements(lambda: (limiter.acquire(), limiter.observe(200, low))) == [
            "SELECT",
            "UPDATE",
        ]
    assert RateBudget.objects.get(key=limiter.key).calls_total == 4


@pytest.mark.django_db
def test_another_process_block_is_heeded_once_the_memory_is_a_second_old():
    clock, waits = Clock(), []
    limiter = HeaderBudgetLimiter("pipedrive:company:1", sleep=waits.append, clock=clock)
    limiter.acquire()
    limiter.observe(200, COMFORTABLE)
    # Another process got a 429 and blocked the company's burst window for 5 seconds.
    blocked = timezone.now() + dt.timedelta(seconds=5)
    RateBudget.objects.filter(key=limiter.key).update(burst_blocked_until=blocked)
    limiter.acquire()
    assert waits == []  # this process' own answer, just now, said 70 calls were left
    clock.now += 1
    limiter.acquire()
    assert len(waits) == 1 and 3 < waits[0] <= 5


@pytest.mark.django_db
def test_a_daily_budget_near_its_end_is_shared_on_every_call():
    clock = Clock()
    limiter = HeaderBudgetLimiter("pipedrive:company:1", sleep=[].append, clock=clock)
    limiter.acquire()
    for left in (150, 145, 140):
        limiter.observe(200, {**COMFORTABLE, "x-daily-ratelimit-token-remaining": str(left)})
        assert RateBudget.objects.get(key=limiter.key).daily_remaining == left


@pytest.mark.django_db
def test_the_moments_an_answer_told_are_stored_as_the_orm_stores_them():
    limiter = HeaderBudgetLimiter("pipedrive:company:1", sleep=[].append, clock=Clock())
    limiter.acquire()
    before = timezone.now()
    limiter.observe(200, {"x-ratelimit-remaining": "0", "x-ratelimit-reset": "3"})
    stored = RateBudget.objects.get(key=limiter.key)
    assert before + dt.timedelta(seconds=3) <= stored.burst_blocked_until
    assert stored.daily_reset_at is None
    # compared in the database (SQLite compares the stored text)
    assert RateBudget.objects.filter(burst_blocked_until__gt=before + dt.timedelta(seconds=2))
    assert not RateBudget.objects.filter(burst_blocked_until__gt=before + dt.timedelta(seconds=4))
