"""The sandbox's burst window is 2 s unless SANDBOX_PIPEDRIVE_BURST_WINDOW_SECONDS stretches it
(benchmarks run the real burst of 80 against a slow in-process client)."""

import pytest

from sandbox.pipedrive.ratelimit import take_burst

pytestmark = pytest.mark.django_db


def test_the_burst_window_is_two_seconds_by_default():
    assert take_burst("k", 1, enforce=True, now=100.0).allowed
    refused = take_burst("k", 1, enforce=True, now=101.5)
    assert (refused.allowed, refused.remaining, refused.reset) == (False, 0, 1)
    assert take_burst("k", 1, enforce=True, now=102.0).allowed


def test_a_longer_window_from_the_setting(settings):
    settings.SANDBOX_PIPEDRIVE_BURST_WINDOW_SECONDS = 16
    assert take_burst("k", 1, enforce=True, now=100.0).allowed
    refused = take_burst("k", 1, enforce=True, now=102.0)
    assert (refused.allowed, refused.reset) == (False, 14)
    assert not take_burst("k", 1, enforce=True, now=115.9).allowed
    assert take_burst("k", 1, enforce=True, now=116.0).allowed
