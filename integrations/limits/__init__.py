"""Rate limits per remote account, shared by all worker processes through the database.

The clients know only the limiter's two calls (`acquire`, `observe`, plus `block_*` on a 429);
the state lives here, in RateBudget rows, so `integrations.clients` needs no models.

Two shapes, one per vendor:
- Snov.io publishes a plain "60 requests per minute": a sliding window counted here.
- Pipedrive reports what is left in its response headers (burst window, daily token budget):
  the limiter remembers the last report and waits or stops before asking again.
"""

import datetime as dt
import math
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from integrations.clients.errors import RateLimited
from integrations.clients.timestamps import next_utc_midnight
from integrations.limits.shared import SHARED_FIELDS, read_budget, write_budget
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


# What each process last read or was told of a Pipedrive budget (HeaderBudgetLimiter): a busy
# transfer asks the database nothing per call while the budget is comfortable.
SHARE_SECONDS = 1.0  # memory trusted this long; what was learnt is written at most this often
LOW_BURST = 10  # calls left in the burst window below which every call reads and writes
LOW_DAILY = 200  # tokens left in the day below which every call reads and writes


@dataclass
class KnownBudget:
    burst_blocked_until: dt.datetime | None = None
    daily_limit: int | None = None
    daily_remaining: int | None = None
    daily_reset_at: dt.datetime | None = None
    burst_remaining: int | None = None  # from the last answer only: not kept in the database
    known_at: float = -math.inf  # monotonic: last read from the database or told by an answer
    written_at: float = -math.inf
    unwritten: dict = field(default_factory=dict)
    unwritten_calls: int = 0

    def comfortable(self, now: dt.datetime) -> bool:
        """Far from every limit: other processes need not hear of each call at once."""
        if self.burst_blocked_until and self.burst_blocked_until > now:
            return False
        if self.burst_remaining is not None and self.burst_remaining <= LOW_BURST:
            return False
        return self.daily_remaining is None or self.daily_remaining > LOW_DAILY

    def learn(self, values: dict) -> None:
        for name, value in values.items():
            setattr(self, name, value)


_known: dict[str, KnownBudget] = {}
_known_lock = threading.Lock()


def forget_budgets() -> None:
    """Drop this process' memory of every budget (tests start from the database alone)."""
    with _known_lock:
        _known.clear()


class HeaderBudgetLimiter:
    """Follows Pipedrive's x-ratelimit-* and x-daily-ratelimit-token-* headers.

    Every answer says what the company has left, whoever spent it, so a process that calls
    often knows more than the database. While the budget is comfortable (more than LOW_BURST
    calls in the burst window, more than LOW_DAILY tokens in the day), each process trusts what
    it last learnt for up to SHARE_SECONDS and writes it at most that often (with the calls
    made meanwhile); near a limit, and after any 429, every call reads and writes the shared
    row, as before. What a process learnt in its last second is lost if it dies, which only
    undercounts `calls_total`: the next answer tells the truth again."""

    def __init__(
        self,
        key: str,
        *,
        max_wait: float = 30.0,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.key, self.max_wait, self.sleep, self.clock = key, max_wait, sleep, clock

    def acquire(self, cost: int = 1) -> None:
        budget = self._current()
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
        now = timezone.now()
        updates = budget_updates_from_headers(headers, now=now)
        with _known_lock:
            known = _known.setdefault(self.key, KnownBudget())
            known.learn(updates)
            remaining = _int_header(headers, "x-ratelimit-remaining")
            known.burst_remaining = remaining if remaining is not None else known.burst_remaining
            known.unwritten.update(updates)
            known.unwritten_calls += 1
            known.known_at = self.clock()
            if known.comfortable(now) and known.known_at - known.written_at < SHARE_SECONDS:
                return
            updates, calls = known.unwritten, known.unwritten_calls
            known.unwritten, known.unwritten_calls, known.written_at = {}, 0, known.known_at
        write_budget(self.key, calls=calls, updates=updates)

    def _current(self) -> KnownBudget:
        """This process' memory while it is fresh and comfortable, else the shared row."""
        with _known_lock:
            known = _known.get(self.key)
            if (
                known is not None
                and self.clock() - known.known_at < SHARE_SECONDS
                and known.comfortable(timezone.now())
            ):
                return known
        row = read_budget(self.key)
        if row is None:
            RateBudget.objects.get_or_create(key=self.key)
            row = dict.fromkeys(SHARED_FIELDS)
        with _known_lock:
            known = _known.setdefault(self.key, KnownBudget())
            known.learn(row)
            known.learn(known.unwritten)  # learnt here since, not written yet: newer
            known.known_at = self.clock()
            return known

    def block_daily(self, seconds: float) -> None:
        """A 429 said the day's budget is spent: refuse calls until the reset it announced."""
        until = timezone.now() + dt.timedelta(seconds=max(seconds, 1))
        self._block(daily_remaining=0, daily_reset_at=until)

    def block_burst(self, seconds: float) -> None:
        self._block(burst_blocked_until=timezone.now() + dt.timedelta(seconds=seconds))

    def _block(self, **values) -> None:
        with _known_lock:
            _known.setdefault(self.key, KnownBudget()).learn(values)
        RateBudget.objects.filter(key=self.key).update(
            throttled_total=F("throttled_total") + 1, **values
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
