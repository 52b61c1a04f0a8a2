"""Request parameters as Snov.io reads them: query string, form body (with PHP-style bracket
keys such as `phones[]` and `customFields[Industry]`) or JSON body, merged into one dict."""

import json
import re
from urllib.parse import parse_qsl

BRACKET_KEY = re.compile(r"^(?P<name>[^\[\]]+)\[(?P<sub>[^\]]*)\]$")


def parse_pairs(pairs: list[tuple[str, str]]) -> dict:
    """`a[]=1&a[]=2&b[x]=3&c=4&c=5` → {"a": ["1", "2"], "b": {"x": "3"}, "c": ["4", "5"]}."""
    result: dict = {}
    for key, value in pairs:
        match = BRACKET_KEY.match(key)
        if not match:
            _add_plain(result, key, value)
            continue
        name, sub = match["name"], match["sub"].strip("'\"")
        if sub == "" or sub.isdigit():
            existing = result.get(name)
            result[name] = (existing if isinstance(existing, list) else []) + [value]
        else:
            nested = result.get(name)
            if not isinstance(nested, dict):
                nested = result[name] = {}
            nested[sub] = value
    return result


def _add_plain(result: dict, key: str, value: str) -> None:
    if key not in result:
        result[key] = value
    elif isinstance(result[key], list):
        result[key].append(value)
    else:
        result[key] = [result[key], value]


def body_params(content_type: str, body: bytes) -> dict:
    """Parse a JSON or urlencoded body; anything else (or malformed JSON) gives {}."""
    if not body:
        return {}
    if "json" in content_type:
        try:
            data = json.loads(body)
        except ValueError:
            return {}
        return data if isinstance(data, dict) else {}
    if "x-www-form-urlencoded" in content_type or not content_type:
        text = body.decode("utf-8", errors="replace")
        return parse_pairs(parse_qsl(text, keep_blank_values=True))
    return {}


def request_params(request) -> dict:
    """Query-string parameters, overridden by body parameters (GET bodies included)."""
    query = parse_pairs(_query_pairs(request))
    content_type = request.content_type or ""
    if content_type.startswith("multipart/"):
        body = parse_pairs([(k, v) for k in request.POST for v in request.POST.getlist(k)])
    else:
        body = body_params(content_type, request.body)
    return {**query, **body}


def _query_pairs(request) -> list[tuple[str, str]]:
    return [(key, value) for key in request.GET for value in request.GET.getlist(key)]


def as_bool(value) -> bool:
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in ("1", "true", "yes", "on")


def as_int(value, default: int | None = None) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return default


def as_list(value) -> list:
    if value in (None, ""):
        return []
    if isinstance(value, list):
        return value
    if isinstance(value, dict):
        return list(value.values())
    return [value]


def as_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        value = value[-1] if value else ""
    return str(value).strip()
