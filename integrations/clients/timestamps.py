"""Unix times as the vendors send them: seconds, milliseconds or microseconds (pure).

The unit is read from the magnitude. An event of this century is about 1.7e9 seconds after
1970, i.e. 1.7e12 milliseconds or 1.7e15 microseconds, and these ranges do not overlap, so a
number is taken in the unit that puts it between EARLIEST and LATEST. A number that fits no
unit is not a time we can trust (a far-future one would hold a record's watermark for ever):
it reads as unknown, never as an error."""

import datetime as dt
import math
import re

EARLIEST = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
LATEST = dt.datetime(2100, 1, 1, tzinfo=dt.UTC)
UNITS_PER_SECOND = (1, 1_000, 1_000_000)
_NUMBER = re.compile(r"\d{1,20}(\.\d{1,9})?")


def from_epoch(value) -> dt.datetime | None:
    """A number (or its digits) counted from 1970 in s, ms or µs, as UTC; None if it is not."""
    number = _as_number(value)
    if number is None:
        return None
    for per_second in UNITS_PER_SECOND:
        seconds = number / per_second
        if EARLIEST.timestamp() <= seconds < LATEST.timestamp():
            return dt.datetime.fromtimestamp(seconds, tz=dt.UTC)
    return None


def _as_number(value) -> float | None:
    if isinstance(value, str):
        text = value.strip()
        return float(text) if _NUMBER.fullmatch(text) else None
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, int):
        return float(value) if abs(value) < 10**20 else None  # float() of a huge int raises
    return value if math.isfinite(value) else None


def next_utc_midnight(now: dt.datetime) -> dt.datetime:
    """When a daily budget that resets at midnight UTC (Pipedrive's) is full again."""
    return (now + dt.timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
