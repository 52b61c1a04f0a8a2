"""Input we can store: JSON of bounded depth with finite numbers, text without NUL or lone
surrogates. Anything else is refused where it comes in, with a reason code, and nothing of it
is stored.

Why refuse rather than strip: PostgreSQL refuses NUL (in text and jsonb) and lone surrogates
(they are not UTF-8), jsonb refuses NaN and Infinity, and deep nesting breaks everything that
recurses (json itself, the admin's rendering). Real Pipedrive and Snov.io data never holds
these, so a body that does is broken or hostile; quietly changing it would store something the
sender never said (and change its hash, which identifies a retried delivery)."""

import json
import math
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MAX_DEPTH = 64  # objects and arrays inside each other; real webhook bodies use about 5
_UNSTORABLE_CHARACTER = re.compile("[\x00\ud800-\udfff]")
LONE_SURROGATE_MESSAGE = _(
    "This text contains a lone surrogate (\\ud800–\\udfff), which is not a character: remove it."
)


class Unstorable(ValueError):
    """`reason_code` is short and safe to log or answer; `where` is the path of the value
    (`constants[0].value`) and `key` the repeated key, for messages to a person."""

    def __init__(self, reason_code: str, *, where: str = "", key: str = ""):
        super().__init__(reason_code)
        self.reason_code, self.where, self.key = reason_code, where, key


def text_problem(text: str) -> str | None:
    """The reason code of a text that cannot be stored, or None."""
    found = _UNSTORABLE_CHARACTER.search(text)
    if found is None:
        return None
    return "nul_character" if found.group() == "\x00" else "lone_surrogate"


def loads(text: str, *, unique_keys: bool = False):
    """JSON text → value, or Unstorable (invalid_json, too_deep, invalid_number, nul_character,
    lone_surrogate, duplicate_key). A repeated key keeps the last value unless `unique_keys`."""
    try:
        value = _DECODERS[unique_keys].decode(text)
    except RecursionError:  # json's own parser recurses: deep enough input exhausts the stack
        raise Unstorable("too_deep") from None
    except Unstorable:
        raise
    except ValueError:
        raise Unstorable("invalid_json") from None
    if not surely_storable(text):
        check_value(value)
    return value


def surely_storable(text: str) -> bool:
    """Whether decoded JSON text can skip the walk of `check_value` (most webhook bodies).

    Without a \\u escape, a JSON string can hold neither NUL (a raw control character is
    invalid JSON) nor a lone surrogate unless the text itself holds one; and with fewer
    brackets than MAX_DEPTH nothing nests that deep (brackets inside strings only make the
    count safer). Numbers were checked while parsing."""
    return (
        "\\u" not in text
        and _UNSTORABLE_CHARACTER.search(text) is None
        and text.count("{") + text.count("[") < MAX_DEPTH
    )


def check_value(value, *, max_depth: int = MAX_DEPTH) -> None:
    """Refuse a decoded value that cannot be stored (walked with a list, not recursion, in
    document order so the first problem is the one named)."""
    pending = [(value, 0, "")]
    while pending:
        item, depth, where = pending.pop()
        if isinstance(item, dict | list) and depth >= max_depth:
            raise Unstorable("too_deep", where=where)
        if isinstance(item, dict):
            for key in item:
                _check_text(key, where)
            children = [(v, f"{where}.{k}" if where else k) for k, v in item.items()]
            pending.extend((v, depth + 1, path) for v, path in reversed(children))
        elif isinstance(item, list):
            children = [(v, f"{where}[{i}]") for i, v in enumerate(item)]
            pending.extend((v, depth + 1, path) for v, path in reversed(children))
        elif isinstance(item, str):
            _check_text(item, where)
        elif isinstance(item, float) and not math.isfinite(item):
            raise Unstorable("invalid_number", where=where)


def validate_storable_text(value) -> None:
    """Form field validator for free text: a message beside the field, not a database error.

    Django's CharField already refuses NUL (with its own message); lone surrogates it lets
    through, so this adds them (a NUL is left to Django, so it is not reported twice)."""
    if isinstance(value, str) and text_problem(value.replace("\x00", "")) == "lone_surrogate":
        raise ValidationError(LONE_SURROGATE_MESSAGE, code="lone_surrogate")


def _check_text(text, where: str = "") -> None:
    reason = text_problem(text) if isinstance(text, str) else None
    if reason is not None:
        raise Unstorable(reason, where=where)


def _refuse_constant(name: str):
    raise Unstorable("invalid_number")  # NaN, Infinity, -Infinity: not JSON, not storable


def _finite_float(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):  # 1e999
        raise Unstorable("invalid_number")
    return number


def _unique_object(pairs: list) -> dict:
    seen = {}
    for key, value in pairs:
        _check_text(key)  # before the key is named in a message
        if key in seen:
            raise Unstorable("duplicate_key", key=key)
        seen[key] = value
    return seen


# One decoder each, made once: json.loads with hooks builds a new decoder on every call (a
# webhook spent more on that than on parsing its body). Decoders keep no state between calls.
_DECODERS = {
    unique: json.JSONDecoder(
        parse_constant=_refuse_constant,
        parse_float=_finite_float,
        object_pairs_hook=_unique_object if unique else None,
    )
    for unique in (False, True)
}
