"""The shared row of a Pipedrive budget, read and written in two plain statements.

Near a limit every call of a busy transfer reads the row before it and writes what the answer
said after it (HeaderBudgetLimiter). Built by the ORM, the two cost a tenth of a written
record's CPU; as fixed statements, prepared once per connection (config.db), a fraction."""

import datetime as dt

from django.db import connection
from django.utils import timezone

from config.db import prepared_cursor

SHARED_FIELDS = ("burst_blocked_until", "daily_limit", "daily_remaining", "daily_reset_at")
MOMENTS = {"burst_blocked_until", "daily_reset_at"}
READ_SQL = (
    "SELECT burst_blocked_until, daily_limit, daily_remaining, daily_reset_at"
    " FROM integrations_ratebudget WHERE key = %s"
)
# What an answer told decides which fields are set: one statement for each set of them (the
# names are SHARED_FIELDS', never input).
WRITE_SQL = {
    names: "UPDATE integrations_ratebudget SET calls_total = calls_total + %s"  # noqa: S608
    + "".join(f", {name} = %s" for name in names)
    + " WHERE key = %s"
    for names in (
        tuple(name for i, name in enumerate(SHARED_FIELDS) if mask >> i & 1)
        for mask in range(2 ** len(SHARED_FIELDS))
    )
}


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
    values = [stored(updates[n]) if n in MOMENTS else updates[n] for n in names]
    with prepared_cursor() as cursor:
        cursor.execute(WRITE_SQL[names], [calls, *values, key])


def aware(value: dt.datetime | None) -> dt.datetime | None:
    """A moment as the ORM would give it (SQLite keeps them without their zone, in UTC)."""
    if value is None or timezone.is_aware(value):
        return value
    return timezone.make_aware(value, dt.UTC)


def stored(value: dt.datetime | None):
    return connection.ops.adapt_datetimefield_value(value)
