"""Turn a record of one app into the field values of the other (R3.4, R4), as pure functions.

Values travel keyed by field key. Snov.io keys are those of syncengine.fields (built-ins, and
"custom:<label>" for custom fields); Pipedrive keys are personField keys ("name", "email",
"phone", "job_title", "org_id", or a 40-character hash for custom fields).
"""

import datetime as dt
import hashlib
import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

from syncengine.compatibility import Kind, pipedrive_kind, snovio_kind
from syncengine.fields import SNOVIO_BUILTIN_FIELDS, SYSTEM_MAPPINGS, custom_snovio_key
from syncengine.schema import PipedriveField, Schema
from syncengine.wording import Text, _, joined


@dataclass(frozen=True)
class Pair:
    snovio: str
    pipedrive: str


def mapping_pairs(custom: Iterable[tuple[str, str]]) -> list[Pair]:
    """System pairs first, then the integration's custom pairs."""
    system = [Pair(m.snovio_field, m.pipedrive_field) for m in SYSTEM_MAPPINGS]
    return system + [Pair(s, p) for s, p in custom]


def prospect_values(prospect) -> dict:
    """A Snov.io prospect (clients.snovio.Prospect) as values keyed by Snov.io field key."""
    values = {
        "email": normalize_email(prospect.email),
        "first_name": prospect.first_name,
        "last_name": prospect.last_name,
        "full_name": prospect.name or join_name(prospect.first_name, prospect.last_name),
        "phones": list(prospect.phones),
        "position": prospect.position,
        "company_name": prospect.company_name,
        "locality": prospect.locality,
    }
    values |= {custom_snovio_key(k): v for k, v in prospect.custom_fields.items()}
    return values


def person_values(person, *, org_name: str = "") -> dict:
    """A Pipedrive person (clients.pipedrive.Person) as values keyed by Pipedrive field key."""
    values = {
        "email": normalize_email(person.emails[0]) if person.emails else "",
        "first_name": person.first_name,
        "last_name": person.last_name,
        "name": person.name,
        "phone": list(person.phones),
        "job_title": person.job_title,
        "org_id": org_name,
    }
    return values | dict(person.custom_fields)


# System fields carry their kind here, whatever their remote field_type says
# (Pipedrive's organization field is a link; the mapping carries the organization's name).
SYSTEM_KINDS = {
    "email": Kind.EMAIL,
    "phone": Kind.PHONE,
    "phones": Kind.PHONE,
    "org_id": Kind.TEXT,
}
BUILTINS = {f.key: f for f in SNOVIO_BUILTIN_FIELDS}


@dataclass(frozen=True)
class Unmatched:
    """Texts that name no option of a Pipedrive option field: that field is left unwritten."""

    field: str  # the Pipedrive field's name
    texts: tuple[str, ...]


@dataclass(frozen=True)
class Mapped:
    values: dict
    unmatched: tuple[Unmatched, ...] = ()


def to_pipedrive(values: dict, pairs: list[Pair], schema: Schema) -> dict:
    """Snov.io values → Pipedrive values, converted to each Pipedrive field's type."""
    return map_to_pipedrive(values, pairs, schema).values


def map_to_pipedrive(values: dict, pairs: list[Pair], schema: Schema) -> Mapped:
    """As to_pipedrive, and which texts named no option (those fields are left out, B16)."""
    out, unmatched = {}, []
    for pair in pairs:
        if pair.snovio not in values:
            continue
        field = option_field(pair, schema)
        if field is None:
            out[pair.pipedrive] = convert(values[pair.snovio], pipedrive_kind_of(pair, schema))
            continue
        chosen, missing = choose_options(values[pair.snovio], field)
        if missing:
            unmatched.append(Unmatched(field.name, missing))
        else:
            out[pair.pipedrive] = chosen
    return Mapped(out, tuple(unmatched))


def to_snovio(values: dict, pairs: list[Pair], schema: Schema) -> dict:
    """Pipedrive values → Snov.io values, converted to each Snov.io field's type; an option
    field gives its option labels."""
    out = {}
    for pair in pairs:
        if pair.pipedrive not in values:
            continue
        value, field = values[pair.pipedrive], option_field(pair, schema)
        if field is not None:
            value = option_labels(value, field)
        out[pair.snovio] = convert(value, snovio_kind_of(pair, schema))
    return out


# -- option fields (B16): Snov.io text ⇄ Pipedrive option ids, by label ----------------------


def option_field(pair: Pair, schema: Schema) -> PipedriveField | None:
    if pair.pipedrive in SYSTEM_KINDS:
        return None
    field = schema.pipedrive_field(pair.pipedrive)
    return field if field and pipedrive_kind(field.field_type) is Kind.OPTION else None


def label_key(label: str) -> str:
    """Options are matched by label, case-insensitively and trimmed."""
    return str(label).strip().casefold()


def choose_options(value, field: PipedriveField) -> tuple[object, tuple[str, ...]]:
    """The option id (enum) or ids (set, from a comma-separated text) a text names, and the
    parts that name no option. An empty text clears the field ("")."""
    text = convert(value, Kind.TEXT)
    by_label: dict[str, int] = {}
    for option in field.options:
        by_label.setdefault(label_key(option.label), option.id)
    parts = [text]
    if field.field_type == "set" and label_key(text) not in by_label:
        parts = text.split(",")
    parts = [part.strip() for part in parts if part.strip()]
    if not parts:
        return "", ()
    missing = tuple(part for part in parts if label_key(part) not in by_label)
    if missing:
        return None, missing
    ids = list(dict.fromkeys(by_label[label_key(part)] for part in parts))
    return (ids if field.field_type == "set" else ids[0]), ()


def option_labels(value, field: PipedriveField) -> str:
    """The labels of the chosen option ids, in the field's order ("" when none is known)."""
    chosen = {str(option_id(item)) for item in as_list(value) if not is_empty(item)}
    return ", ".join(o.label for o in field.options if str(o.id) in chosen)


def option_id(item):
    """An option as Pipedrive gives it: its id, or `{id, label}` when labels are asked for."""
    return item.get("id") if isinstance(item, dict) else item


def as_list(value) -> list:
    return list(value) if isinstance(value, list | tuple) else [value]


def unmatched_note(unmatched) -> str:
    """For the sync log: which value had no option, so which field was left unwritten (a
    Text, said in the reader's language; "" when every text named an option)."""
    sentences = []
    for miss in unmatched:
        quoted = ", ".join(f"“{text}”" for text in miss.texts)
        if len(miss.texts) == 1:
            message = _("%(texts)s is not an option of “%(field)s”; that field was not written.")
        else:
            message = _("%(texts)s are not options of “%(field)s”; that field was not written.")
        sentences.append(Text(message, texts=quoted, field=miss.field))
    return joined(sentences) if sentences else ""


def pipedrive_kind_of(pair: Pair, schema: Schema) -> Kind:
    if pair.pipedrive in SYSTEM_KINDS:
        return SYSTEM_KINDS[pair.pipedrive]
    field = schema.pipedrive_field(pair.pipedrive)
    return pipedrive_kind(field.field_type) if field else Kind.TEXT


def snovio_kind_of(pair: Pair, schema: Schema) -> Kind:
    field = schema.snovio_field(pair.snovio) or BUILTINS.get(pair.snovio)
    return snovio_kind(field.type) if field else Kind.TEXT


def with_constants(values: dict, constants: Iterable[tuple[str, str]]) -> dict:
    """Constants (field, text) are written on every record sent to the receiving app (R4)."""
    return values | dict(constants)


def convert(value, kind: Kind):
    """Normalise a value for a field of this kind; empty values become "" (or [] for lists)."""
    if kind is Kind.PHONE:
        items = value if isinstance(value, list | tuple) else [value]
        return [str(v).strip() for v in items if v not in (None, "") and str(v).strip()]
    if is_empty(value):
        return ""
    if kind is Kind.OPTION:  # Pipedrive's own option ids, kept as they are
        ids = [option_id(item) for item in as_list(value) if not is_empty(item)]
        return ids if isinstance(value, list | tuple) else ids[0]
    if isinstance(value, dict):  # Pipedrive monetary/address: {"value": …}
        value = value.get("value", "")
    if kind is Kind.NUMBER:
        return to_number(value)
    if kind is Kind.DATE:
        return to_date(value)
    if kind is Kind.EMAIL:
        return normalize_email(str(value))
    if isinstance(value, list):
        return ", ".join(str(v) for v in value if v)
    return str(value).strip()


THOUSANDS = re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d+)?$")


def to_number(value):
    text = str(value).strip().replace(" ", "")
    text = text.replace(",", "") if THOUSANDS.match(text) else text.replace(",", ".")
    try:
        number = float(text)
    except ValueError:
        return ""
    if not math.isfinite(number):
        return ""
    return int(number) if number.is_integer() else number


def to_date(value) -> str:
    text = str(value).strip()
    for fmt in ("%Y-%m-%d", "%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%d %H:%M:%S", "%d.%m.%Y", "%m/%d/%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    return text[:10] if len(text) >= 10 and text[4] == "-" else ""


def changes(desired: dict, current: dict, *, keep_filled: bool = True) -> dict:
    """The values to write so that `current` matches `desired`.

    With keep_filled, an empty desired value never erases a filled one (R7.2)."""
    out = {}
    for key, value in desired.items():
        if comparable(value) == comparable(current.get(key, "")):
            continue
        if keep_filled and is_empty(value) and not is_empty(current.get(key)):
            continue
        out[key] = value
    return out


def fingerprint(values: dict) -> str:
    """A stable hash of values, to recognise our own write when it comes back (B3)."""
    canonical = {k: comparable(v) for k, v in values.items() if not is_empty(v)}
    blob = json.dumps(canonical, sort_keys=True, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()


def comparable(value):
    if isinstance(value, list | tuple):
        return sorted(str(v).strip().lower() for v in value if not is_empty(v))
    if isinstance(value, dict):
        return comparable(value.get("value", ""))
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value).strip()


def is_empty(value) -> bool:
    return value is None or value == "" or value == [] or value == {}


def normalize_email(email: str | None) -> str:
    """Duplicates are found by email, compared case-insensitively and trimmed."""
    return (email or "").strip().lower()


def join_name(first: str, last: str) -> str:
    return " ".join(part for part in (first, last) if part).strip()
