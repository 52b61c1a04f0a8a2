"""v2 cursor pagination (keyset on the sort field + id) and v1 start/limit pagination."""

import base64
import datetime as dt
import json

from django.db.models import Q, QuerySet

from .errors import ApiError, bad_request_v2

DEFAULT_LIMIT = 100
MAX_LIMIT = 500


def parse_limit(raw: str | None, *, v1: bool = False) -> int:
    if raw in (None, ""):
        return DEFAULT_LIMIT
    try:
        limit = int(raw)
    except ValueError:
        raise _bad("Parameter 'limit' must be an integer", v1) from None
    if limit < 1:
        raise _bad("Parameter 'limit' must be a positive integer", v1)
    return min(limit, MAX_LIMIT)


def _bad(message: str, v1: bool) -> ApiError:
    if v1:
        from .errors import v1_error

        return v1_error(message, 400)
    return bad_request_v2(message)


def encode_cursor(data: dict) -> str:
    raw = json.dumps(data, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> dict:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, UnicodeDecodeError):
        raise bad_request_v2("Invalid cursor") from None
    if not isinstance(data, dict) or "id" not in data:
        raise bad_request_v2("Invalid cursor")
    return data


def _cursor_value(value):
    if isinstance(value, dt.datetime):
        return value.isoformat()
    return value


def _parse_cursor_value(value, field: str):
    if field.endswith("_time") and isinstance(value, str):
        try:
            return dt.datetime.fromisoformat(value)
        except ValueError:
            raise bad_request_v2("Invalid cursor") from None
    return value


def cursor_page(
    queryset: QuerySet, params, *, sort_fields=("id", "update_time", "add_time")
) -> tuple[list, str | None]:
    """One page of `queryset` as chosen by `sort_by`, `sort_direction`, `limit`, `cursor`."""
    sort_by = params.get("sort_by") or "id"
    if sort_by not in sort_fields:
        raise bad_request_v2(f"Parameter 'sort_by' must be one of: {', '.join(sort_fields)}")
    direction = params.get("sort_direction") or "asc"
    if direction not in ("asc", "desc"):
        raise bad_request_v2("Parameter 'sort_direction' must be one of: asc, desc")
    limit = parse_limit(params.get("limit"))
    sign = "" if direction == "asc" else "-"
    queryset = queryset.order_by(f"{sign}{sort_by}", f"{sign}id")
    if params.get("cursor"):
        queryset = queryset.filter(_after(decode_cursor(params["cursor"]), sort_by, direction))
    rows = list(queryset[: limit + 1])
    if len(rows) <= limit:
        return rows, None
    last = rows[limit - 1]
    cursor = encode_cursor(
        {
            "field": sort_by,
            "fieldValue": _cursor_value(getattr(last, sort_by)),
            "sortDirection": direction,
            "id": last.id,
        }
    )
    return rows[:limit], cursor


def _after(cursor: dict, sort_by: str, direction: str) -> Q:
    if cursor.get("field", sort_by) != sort_by:
        raise bad_request_v2("Cursor does not match the sort order")
    op = "gt" if direction == "asc" else "lt"
    last_id = cursor["id"]
    if sort_by == "id":
        return Q(**{f"id__{op}": last_id})
    value = _parse_cursor_value(cursor.get("fieldValue"), sort_by)
    return Q(**{f"{sort_by}__{op}": value}) | Q(**{sort_by: value, f"id__{op}": last_id})


def offset_page(queryset: QuerySet, params) -> tuple[list, dict]:
    """v1: `start` + `limit`, answered with additional_data.pagination."""
    try:
        start = int(params.get("start") or 0)
    except ValueError:
        start = 0
    limit = parse_limit(params.get("limit"), v1=True)
    rows = list(queryset[start : start + limit + 1])
    more = len(rows) > limit
    pagination = {"start": start, "limit": limit, "more_items_in_collection": more}
    if more:
        pagination["next_start"] = start + limit
    return rows[:limit], pagination
