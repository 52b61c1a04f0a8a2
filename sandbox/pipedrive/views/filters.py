"""Query-string parsing with v2 strictness."""

import datetime as dt

from ..errors import bad_request_v2

INT_LIMIT = 2**63  # what a database id can hold: beyond it, refused like any non-integer


def query_int(params, name: str) -> int | None:
    raw = params.get(name)
    if raw in (None, ""):
        return None
    try:
        value = int(raw)
    except ValueError:
        raise bad_request_v2(f"Parameter '{name}' must be an integer") from None
    if not -INT_LIMIT < value < INT_LIMIT:
        raise bad_request_v2(f"Parameter '{name}' must be an integer")
    return value


def query_bool(params, name: str) -> bool | None:
    raw = params.get(name)
    if raw in (None, ""):
        return None
    if raw not in ("true", "false"):
        raise bad_request_v2(f"Parameter '{name}' must be a boolean (true or false)")
    return raw == "true"


def query_ids(params, name: str = "ids") -> list[int] | None:
    raw = params.get(name)
    if raw in (None, ""):
        return None
    try:
        ids = [int(part) for part in raw.split(",") if part.strip()]
    except ValueError:
        raise bad_request_v2(f"Parameter '{name}' must be a comma-separated list of ids") from None
    if len(ids) > 100:
        raise bad_request_v2(f"Parameter '{name}' accepts at most 100 ids")
    return ids


def query_time(params, name: str) -> dt.datetime | None:
    raw = params.get(name)
    if raw in (None, ""):
        return None
    try:
        value = dt.datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise bad_request_v2(f"Parameter '{name}' must be an RFC 3339 date-time") from None
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def filter_common(queryset, params, *, fields=("owner_id",)):
    """ids, owner_id/…_id filters, updated_since / updated_until."""
    ids = query_ids(params)
    if ids is not None:
        queryset = queryset.filter(id__in=ids)
    for name in fields:
        value = query_int(params, name)
        if value is not None:
            queryset = queryset.filter(**{name: value})
    since, until = query_time(params, "updated_since"), query_time(params, "updated_until")
    if since:
        queryset = queryset.filter(update_time__gte=since)
    if until:
        queryset = queryset.filter(update_time__lt=until)
    return queryset
