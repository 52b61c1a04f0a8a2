"""Which Snov.io field may be paired with which Pipedrive field (R3.4).

Both sides must hold the same kind of data. Every field type is put in one kind; a pair is
allowed when the kinds are equal. Refusals carry a sentence a user can act on.
"""

from dataclasses import dataclass
from enum import Enum


class Kind(Enum):
    TEXT = "text"
    NUMBER = "number"
    DATE = "date"
    PHONE = "phone"
    EMAIL = "email"
    CHOICE = "choice"
    LINK = "link"
    UNSUPPORTED = "unsupported"


KIND_WORDS = {
    Kind.TEXT: "text",
    Kind.NUMBER: "a number",
    Kind.DATE: "a date",
    Kind.PHONE: "phone numbers",
    Kind.EMAIL: "email addresses",
    Kind.CHOICE: "a choice from a list of options",
    Kind.LINK: "a link to another Pipedrive record",
    Kind.UNSUPPORTED: "a value this integration cannot copy",
}

# Snov.io custom field types and built-in prospect fields.
SNOVIO_KINDS = {
    "string": Kind.TEXT,
    "text": Kind.TEXT,
    "number": Kind.NUMBER,
    "date": Kind.DATE,
    "email": Kind.EMAIL,
    "phones": Kind.PHONE,
}

# Pipedrive `field_type` values (personFields).
PIPEDRIVE_KINDS = {
    "varchar": Kind.TEXT,
    "varchar_auto": Kind.TEXT,
    "text": Kind.TEXT,
    "address": Kind.TEXT,  # written and read as the address's single-line `value`
    "double": Kind.NUMBER,
    "int": Kind.NUMBER,
    "monetary": Kind.NUMBER,  # the amount; currency stays the field's default
    "date": Kind.DATE,
    "phone": Kind.PHONE,
    "email": Kind.EMAIL,
    "enum": Kind.CHOICE,
    "set": Kind.CHOICE,
    "user": Kind.LINK,
    "org": Kind.LINK,
    "people": Kind.LINK,
    "daterange": Kind.UNSUPPORTED,
    "time": Kind.UNSUPPORTED,
    "timerange": Kind.UNSUPPORTED,
    "visible_to": Kind.UNSUPPORTED,
    "boolean": Kind.UNSUPPORTED,
    "json": Kind.UNSUPPORTED,
    "picture": Kind.UNSUPPORTED,
}


@dataclass(frozen=True)
class Verdict:
    ok: bool
    reason: str = ""


def snovio_kind(field_type: str) -> Kind:
    return SNOVIO_KINDS.get(field_type, Kind.UNSUPPORTED)


def pipedrive_kind(field_type: str) -> Kind:
    return PIPEDRIVE_KINDS.get(field_type, Kind.UNSUPPORTED)


def check_pair(snovio_type: str, pipedrive_type: str) -> Verdict:
    """May a Snov.io field of this type be mapped to a Pipedrive field of that type?"""
    left, right = snovio_kind(snovio_type), pipedrive_kind(pipedrive_type)
    if Kind.UNSUPPORTED in (left, right):
        side = "Snov.io" if left is Kind.UNSUPPORTED else "Pipedrive"
        kind_type = snovio_type if left is Kind.UNSUPPORTED else pipedrive_type
        return Verdict(False, f"The {side} field type “{kind_type}” cannot be synced.")
    if left is Kind.CHOICE or right in (Kind.CHOICE, Kind.LINK):
        return Verdict(
            False,
            f"The Pipedrive field holds {KIND_WORDS[right]}; a Snov.io value cannot be "
            "matched to it safely. Pick a text, number, date or phone field.",
        )
    if left is not right:
        return Verdict(
            False,
            f"The Snov.io field holds {KIND_WORDS[left]} but the Pipedrive field holds "
            f"{KIND_WORDS[right]}. Both sides must hold the same kind of data.",
        )
    return Verdict(True)


def constant_allowed(app: str, field_type: str) -> Verdict:
    """A constant is a fixed text (R4): only text fields of the receiving app can take it."""
    kind = snovio_kind(field_type) if app == "snovio" else pipedrive_kind(field_type)
    if kind is Kind.TEXT:
        return Verdict(True)
    return Verdict(False, f"A constant is a fixed text; this field holds {KIND_WORDS[kind]}.")
