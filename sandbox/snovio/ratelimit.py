"""The per-account request budget (Snov.io: 60 requests per minute), off unless enabled.

The window is 60 s unless settings.SANDBOX_SNOVIO_RATE_WINDOW_SECONDS says otherwise (benchmarks
run the real limit in scaled-down time)."""

import math
import time

from django.conf import settings
from django.db import transaction

from sandbox.snovio.models import Account

WINDOW_SECONDS = 60.0


def window_seconds() -> float:
    return float(getattr(settings, "SANDBOX_SNOVIO_RATE_WINDOW_SECONDS", WINDOW_SECONDS))


def take_request_slot(account_id: int, *, now: float | None = None) -> float:
    """Count one request; return 0, or the seconds to wait when the window is full."""
    now = time.time() if now is None else now
    with transaction.atomic():
        account = Account.objects.select_for_update().get(pk=account_id)
        if not account.rate_limit_enabled:
            return 0.0
        window = window_seconds()
        recent = [t for t in account.recent_calls if t > now - window]
        if len(recent) >= account.rate_limit_per_minute:
            wait = min(recent) + window - now
            return max(wait, 0.001)
        account.recent_calls = recent + [now]
        account.save(update_fields=["recent_calls"])
        return 0.0


def retry_after_header(wait: float) -> str:
    return str(max(1, math.ceil(wait)))


def set_rate_limit(account: Account, *, enabled: bool, per_minute: int | None = None) -> None:
    """Switch the limit on or off (and optionally change it); a switch clears the window."""
    account.rate_limit_enabled = enabled
    if per_minute:
        account.rate_limit_per_minute = per_minute
    account.recent_calls = []
    account.save(update_fields=["rate_limit_enabled", "rate_limit_per_minute", "recent_calls"])
