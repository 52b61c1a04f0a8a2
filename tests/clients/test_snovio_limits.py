"""Snov.io's limiter: 60 requests per minute by default; the window is a setting (benchmarks)."""

import pytest

from integrations.clients.snovio import make_limiter, snovio_limiter_key

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
