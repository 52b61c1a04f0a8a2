"""Burst windows (per token, 2 s) and the daily token budget (per company).

Usage is counted on every call so the headers are always meaningful; limits are enforced only
when RateLimitSettings.enabled is on. The burst window is 2 s unless
settings.SANDBOX_PIPEDRIVE_BURST_WINDOW_SECONDS says otherwise (benchmarks stretch it so that a
slow in-process client meets the real burst of 80)."""

import datetime as dt
import math
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import Company, DailyUsage, RateLimitSettings, RateWindow

BURST_WINDOW_SECONDS = 2.0


def burst_window_seconds() -> float:
    return float(getattr(settings, "SANDBOX_PIPEDRIVE_BURST_WINDOW_SECONDS", BURST_WINDOW_SECONDS))


@dataclass(frozen=True)
class Window:
    started_at: float
    count: int


def advance_window(window: Window, now: float, length: float = BURST_WINDOW_SECONDS) -> Window:
    """The window as seen at `now`: a fresh one once the old one has run out."""
    if now - window.started_at >= length:
        return Window(started_at=now, count=0)
    return window


def seconds_left(window: Window, now: float, length: float = BURST_WINDOW_SECONDS) -> int:
    return max(1, math.ceil(window.started_at + length - now))


def seconds_until_midnight_utc(now: dt.datetime) -> int:
    now = now.astimezone(dt.UTC)
    midnight = dt.datetime.combine(now.date() + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC)
    return max(1, math.ceil((midnight - now).total_seconds()))


@dataclass
class BurstResult:
    allowed: bool
    limit: int
    remaining: int
    reset: int


@dataclass
class DailyResult:
    allowed: bool
    limit: int
    remaining: int
    retry_after: int


def take_burst(key: str, limit: int, *, enforce: bool, now: float) -> BurstResult:
    with transaction.atomic():
        RateWindow.objects.get_or_create(key=key)
        row = RateWindow.objects.select_for_update().get(key=key)
        length = burst_window_seconds()
        window = advance_window(Window(row.started_at, row.count), now, length)
        allowed = not enforce or window.count < limit
        if allowed:
            window = Window(window.started_at, window.count + 1)
        row.started_at, row.count = window.started_at, window.count
        row.save(update_fields=["started_at", "count"])
    left = seconds_left(window, now, length)
    return BurstResult(allowed, limit, max(limit - window.count, 0), left)


def charge_daily(company: Company, cost: int, budget: int, *, enforce: bool) -> DailyResult:
    now = timezone.now()
    today = now.astimezone(dt.UTC).date()
    with transaction.atomic():
        DailyUsage.objects.get_or_create(company=company, day=today)
        usage = DailyUsage.objects.select_for_update().get(company=company, day=today)
        allowed = not enforce or usage.used + cost <= budget
        if allowed:
            usage.used += cost
            usage.save(update_fields=["used"])
    remaining = max(budget - usage.used, 0)
    return DailyResult(allowed, budget, remaining, seconds_until_midnight_utc(now))


def daily_usage(company: Company) -> int:
    today = timezone.now().astimezone(dt.UTC).date()
    row = DailyUsage.objects.filter(company=company, day=today).first()
    return row.used if row else 0


def enable_rate_limits(**limits) -> RateLimitSettings:
    """Turn limits on (for tests and demos), optionally changing any of the numbers."""
    config = RateLimitSettings.load()
    config.enabled = True
    for name, value in limits.items():
        setattr(config, name, value)
    config.save()
    return config
