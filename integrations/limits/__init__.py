"""Rate limits per remote account, shared by all worker processes through the database.

The clients know only the limiter's two calls (`acquire`, `observe`, plus `block_*` on a 429);
the state lives here, in RateBudget rows, so `integrations.clients` needs no models.

Two shapes, one per vendor:
- Snov.io publishes a plain "60 requests per minute": a sliding window counted here.
- Pipedrive reports what is left in its response headers (burst window, daily token budget):
  the limiter remembers the last report and waits or stops before asking again.
"""

import datetime as dt
import threading
import time
from collections.abc import Callable, Mapping

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from integrations.clients.errors import RateLimited
from integrations.clients.timestamps import next_utc_midnight
from integrations.models import RateBudget


def _locked_budget(key: str) -> RateBudget:
    RateBudget.objects.get_or_create(key=key)
    return RateBudget.objects.select_for_update().get(key=key)


class SlidingWindowLimiter:
    """At most `limit` calls in any `window` seconds, across processes.

    A call is first counted when it is allowed; once its answer is back, its time is moved to
    then. The vendor counts it when it arrives, somewhere in between: timed from the answer, a
    slot is never reused before the vendor has freed it (timed from the start, the 61st call
    could arrive a few milliseconds early and get a 429)."""

    def __init__(
        self,
        key: str,
        *,
        limit: int,
        window: float = 60.0,
        max_wait: float = 90.0,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.key, self.limit, self.window, self.max_wait = key, limit, window, max_wait
        self.clock, self.sleep = clock, sleep
        self._taken = threading.local()

    def acquire(self, cost: int = 1) -> None:
        waited = 0.0
        while True:
            wait = self._try_take()
            if wait <= 0:
                return
            if waited + wait > self.max_wait:
                raise RateLimited("request budget per minute used up", retry_after=wait)
            self.sleep(wait)
            waited += wait

    def _try_take(self) -> float:
        """Record a call and return 0, or return how long to wait before trying again."""
        now = self.clock()
        with transaction.atomic():
            budget = _locked_budget(self.key)
            recent = [t for t in budget.recent_calls if t > now - self.window]
            if len(recent) < self.limit:
                budget.recent_calls = recent + [now]
                budget.calls_total += 1
                budget.save(update_fields=["recent_calls", "calls_total", "updated_at"])
                self._taken.at = now
                return 0.0
            budget.throttled_total += 1
            budget.recent_calls = recent
            budget.save(update_fields=["recent_calls", "throttled_total", "updated_at"])
            return max(min(recent) + self.window - now, 0.01)

    def observe(self, status: int, headers: Mapping[str, str]) -> None:
        """The answer is back: the call's time becomes now. (Snov.io sends no budget headers;
        a 429 is handled by the caller.)"""
        taken, self._taken.at = getattr(self._taken, "at", None), None
        now = self.clock()
        if taken is None or now <= taken:
            return
        with transaction.atomic():
            budget = _locked_budget(self.key)
            calls = list(budget.recent_calls)
            if taken in calls:
                calls[calls.index(taken)] = now
                budget.recent_calls = calls
                budget.save(update_fields=["recent_calls", "updated_at"])


class HeaderBudgetLimiter:
    """Follows Pipedrive's x-ratelimit-* and x-daily-ratelimit-token-* headers."""

    def __init__(
        self,
        key: str,
        *,
        max_wait: float = 30.0,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.key, self.max_wait, self.sleep = key, max_wait, sleep

    def acquire(self, cost: int = 1) -> None:
        budget, _ = RateBudget.objects.get_or_create(key=self.key)
        now = timezone.now()
        daily_spent = budget.daily_remaining is not None and budget.daily_remaining < cost
        if daily_spent and budget.daily_reset_at and budget.daily_reset_at > now:
            retry_after = (budget.daily_reset_at - now).total_seconds()
            raise RateLimited("daily API budget used up", retry_after=retry_after, daily=True)
        if budget.burst_blocked_until and budget.burst_blocked_until > now:
            wait = (budget.burst_blocked_until - now).total_seconds()
            if wait > self.max_wait:
                raise RateLimited("burst limit reached", retry_after=wait)
            self.sleep(wait)

    def observe(self, status: int, headers: Mapping[str, str]) -> None:
        updates = budget_updates_from_headers(headers, now=timezone.now())
        RateBudget.objects.filter(key=self.key).update(calls_total=F("calls_total") + 1, **updates)

    def block_daily(self, seconds: float) -> None:
        """A 429 said the day's budget is spent: refuse calls until the reset it announced."""
        until = timezone.now() + dt.timedelta(seconds=max(seconds, 1))
        RateBudget.objects.filter(key=self.key).update(
            daily_remaining=0, daily_reset_at=until, throttled_total=F("throttled_total") + 1
        )

    def block_burst(self, seconds: float) -> None:
        until = timezone.now() + dt.timedelta(seconds=seconds)
        RateBudget.objects.filter(key=self.key).update(
            burst_blocked_until=until, throttled_total=F("throttled_total") + 1
        )


def _int_header(headers: Mapping[str, str], name: str) -> int | None:
    value = headers.get(name)
    try:
        return int(float(value)) if value is not None else None
    except (ValueError, OverflowError):
        return None


def budget_updates_from_headers(headers: Mapping[str, str], *, now: dt.datetime) -> dict:
    """Turn Pipedrive's rate headers into RateBudget column updates (pure)."""
    updates: dict = {}
    remaining = _int_header(headers, "x-ratelimit-remaining")
    reset = _int_header(headers, "x-ratelimit-reset")
    if remaining is not None:
        blocked = remaining <= 0
        updates["burst_blocked_until"] = (
            now + dt.timedelta(seconds=max(reset or 2, 1)) if blocked else None
        )
    daily_left = _int_header(headers, "x-daily-ratelimit-token-remaining")
    daily_limit = _int_header(headers, "x-daily-ratelimit-token-limit")
    if daily_left is not None:
        updates["daily_remaining"] = daily_left
        updates["daily_reset_at"] = next_utc_midnight(now)
    if daily_limit is not None:
        updates["daily_limit"] = daily_limit
    return updates
