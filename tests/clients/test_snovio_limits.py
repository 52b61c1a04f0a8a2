"""Snov.io's limiter: 60 requests per minute by default; the window is a setting (benchmarks)."""

import pytest

from integrations.limits.snovio import make_limiter, snovio_limiter_key
from integrations.models import RateBudget

pytestmark = pytest.mark.django_db


class FakeClock:
    def __init__(self, start: float = 1_000_000.0):
        self.now, self.waits = start, []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.now += seconds


def test_the_limiter_counts_sixty_requests_per_sixty_seconds_by_default():
    limiter = make_limiter("client-id")
    assert limiter.key == snovio_limiter_key("client-id")
    assert (limiter.limit, limiter.window) == (60, 60)


def test_the_window_follows_the_setting(settings):
    settings.SNOVIO_RATE_WINDOW_SECONDS = 6
    settings.SNOVIO_REQUESTS_PER_MINUTE = 2
    clock = FakeClock()
    limiter = make_limiter("client-id", clock=clock, sleep=clock.sleep)
    limiter.acquire()
    limiter.acquire()
    limiter.acquire()  # the third waits for the first to leave the 6-second window
    assert clock.waits == [pytest.approx(6.0)]


def test_a_slot_is_timed_from_the_answer_so_it_is_never_reused_early():
    """The vendor counts a call when it arrives, after we sent it: our window must not end
    before the vendor's, or the next call gets a 429."""
    clock = FakeClock()
    limiter = make_limiter("client-id", clock=clock, sleep=clock.sleep)
    limiter.acquire()  # sent at 0 …
    clock.now += 0.25
    limiter.observe(200, {})  # … answered at 0.25: counted from there
    for _ in range(59):
        limiter.acquire()
        limiter.observe(200, {})  # the clock does not move: times stay as they are
    limiter.acquire()
    # now = 0.25: the first slot frees at 60.25 s (timed from the start it would be 60 s)
    assert clock.waits == [pytest.approx(60.0)]
    assert RateBudget.objects.get(key=limiter.key).calls_total == 61


def test_an_answer_without_a_counted_call_changes_nothing():
    clock = FakeClock()
    limiter = make_limiter("client-id", clock=clock, sleep=clock.sleep)
    limiter.observe(200, {})
    assert not RateBudget.objects.filter(key=limiter.key).exists()
