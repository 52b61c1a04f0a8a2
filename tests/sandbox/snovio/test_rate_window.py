"""The sandbox's request window is a minute unless SANDBOX_SNOVIO_RATE_WINDOW_SECONDS says
otherwise (benchmarks run the real limit in scaled-down time)."""

import pytest

from sandbox.snovio.ratelimit import set_rate_limit, take_request_slot

pytestmark = pytest.mark.django_db


def test_the_window_is_sixty_seconds_by_default(account):
    set_rate_limit(account, enabled=True, per_minute=1)
    assert take_request_slot(account.pk, now=1000.0) == 0
    assert take_request_slot(account.pk, now=1010.0) == pytest.approx(50.0)
    assert take_request_slot(account.pk, now=1060.0) == 0


def test_a_shorter_window_from_the_setting(account, settings):
    settings.SANDBOX_SNOVIO_RATE_WINDOW_SECONDS = 6
    set_rate_limit(account, enabled=True, per_minute=2)
    assert take_request_slot(account.pk, now=1000.0) == 0
    assert take_request_slot(account.pk, now=1001.0) == 0
    assert take_request_slot(account.pk, now=1002.0) == pytest.approx(4.0)
    assert take_request_slot(account.pk, now=1006.5) == 0
