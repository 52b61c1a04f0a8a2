"""`make run`'s emulators enforce the vendors' real limits by default; the tests' settings turn
that default off, so each test chooses its limits explicitly."""

import pytest

from sandbox.pipedrive.models import RateLimitSettings
from sandbox.snovio.models import Account

pytestmark = pytest.mark.django_db


def test_new_emulated_accounts_enforce_rate_limits_when_the_setting_is_on(settings):
    settings.SANDBOX_RATE_LIMITS = True
    account = Account.objects.create(client_id="a", client_secret="b", user_id=1)
    assert account.rate_limit_enabled is True
    assert account.rate_limit_per_minute == 60
    limits = RateLimitSettings.load()
    assert limits.enabled is True
    assert (limits.oauth_burst, limits.daily_budget) == (80, 30000)


def test_the_test_settings_leave_limits_off_until_a_test_turns_them_on():
    account = Account.objects.create(client_id="a", client_secret="b", user_id=1)
    assert account.rate_limit_enabled is False
    assert RateLimitSettings.load().enabled is False
