"""The shared row of a Pipedrive budget, read and written in two plain statements.

Near a limit every call of a busy transfer reads the row before it and writes what the answer
said after it (HeaderBudgetLimiter). Built by the ORM, the two cost a tenth of a written
record's CPU; as fixed statements, prepared once per connection (config.db), a fraction."""

import datetime as dt
from functools import lru_cache

from django.db import connection
from django.utils import timezone

from config.db import prepared_cursor
from integrations.models import RateBudget

SHARED_FIELDS = ("burst_blocked_until", "daily_limit", "daily_remaining", "daily_reset_at")
MOMENTS = {"burst_blocked_until", "daily_reset_at"}
TABLE = RateBudget._meta.db_table
# The names in these statements are SHARED_FIELDS', never input.
READ_SQL = f"SELECT {', '.join(SHARED_FIELDS)} FROM {TABLE} WHERE key = %s"  # noqa: S608


@lru_cache(maxsize=2 ** len(SHARED_FIELDS))
def write_sql(names: tuple[str, ...]) -> str:
    """The UPDATE setting these fields: which ones depends on what the answer told."""
    sets = "".join(f", {name} = %s" for name in names)
    return f"UPDATE {TABLE} SET calls_total = calls_total + %s{sets} WHERE key = %s"  # noqa: S608


def read_budget(key: str) -> dict | None:
    """The row's shared fields, or None when there is no row yet."""
    with prepared_cursor() as cursor:
        cursor.execute(READ_SQL, [key])
        row = cursor.fetchone()
    if row is None:
        return None
    values = zip(SHARED_FIELDS, row, strict=True)
    return {name: aware(v) if name in MOMENTS else v for name, v in values}


def write_budget(key: str, *, calls: int, updates: dict) -> None:
    """Add `calls` to the row's total and set the fields an answer told (any of SHARED_FIELDS)."""
    names = tuple(name for name in SHARED_FIELDS if name in updates)
    if len(names) != len(updates):
        raise ValueError(f"not a shared budget field: {sorted(set(updates) - set(names))}")
    adapt = connection.ops.adapt_datetimefield_value
    values = [adapt(updates[n]) if n in MOMENTS else updates[n] for n in names]
    with prepared_cursor() as cursor:
        cursor.execute(write_sql(names), [calls, *values, key])


def aware(value: dt.datetime | None) -> dt.datetime | None:
    """A moment as the ORM would give it (SQLite keeps them without their zone, in UTC)."""
    if value is None or timezone.is_aware(value):
        return value
    return timezone.make_aware(value, dt.UTC)
