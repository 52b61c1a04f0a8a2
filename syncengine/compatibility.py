"""Which Snov.io field may be paired with which Pipedrive field (R3.4, B16).

Every field type is put in one kind. Each Pipedrive kind accepts the Snov.io kinds whose values
our writer can turn into what Pipedrive stores there: a pair is offered only when a write
succeeds (tests/fieldtypes writes every offered pair into the sandboxes and reads it back).
Refusals carry a sentence a user can act on.
"""

from dataclasses import dataclass
from enum import Enum

from syncengine.wording import Text, _


class Kind(Enum):
    TEXT = "text"
    NUMBER = "number"
    DATE = "date"
    PHONE = "phone"
    EMAIL = "email"
    OPTION = "option"
    LINK = "link"
    UNSUPPORTED = "unsupported"


KIND_WORDS = {
    Kind.TEXT: Text(_("text")),
    Kind.NUMBER: Text(_("a number")),
    Kind.DATE: Text(_("a date")),
    Kind.PHONE: Text(_("phone numbers")),
    Kind.EMAIL: Text(_("email addresses")),
    Kind.OPTION: Text(_("options from a list")),
    Kind.LINK: Text(_("a link to another Pipedrive record")),
    Kind.UNSUPPORTED: Text(_("a value this integration cannot copy")),
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

# Pipedrive `field_type` values of custom person fields (the 16 types of personFields). Types
# left out (int, boolean, time, ranges, …) cannot be synced.
PIPEDRIVE_KINDS = {
    "varchar": Kind.TEXT,
    "varchar_auto": Kind.TEXT,
    "text": Kind.TEXT,
    "address": Kind.TEXT,  # written as {"value": text}; Pipedrive splits it into components
    "phone": Kind.TEXT,  # one phone number, kept as text
    "double": Kind.NUMBER,
    "monetary": Kind.NUMBER,  # written as {"value": amount, "currency": …}
    "date": Kind.DATE,
    "enum": Kind.OPTION,  # the option whose label is the text (B16)
    "set": Kind.OPTION,  # the options named in a comma-separated text (B16)
    "user": Kind.LINK,
    "org": Kind.LINK,
    "people": Kind.LINK,
    "daterange": Kind.UNSUPPORTED,
    "time": Kind.UNSUPPORTED,
    "timerange": Kind.UNSUPPORTED,
    "visible_to": Kind.UNSUPPORTED,
}

# The Snov.io kinds each Pipedrive kind takes (and gives back in the other direction).
ACCEPTS = {
    Kind.TEXT: frozenset({Kind.TEXT}),
    Kind.NUMBER: frozenset({Kind.NUMBER}),
    Kind.DATE: frozenset({Kind.DATE}),
    Kind.OPTION: frozenset({Kind.TEXT}),
}
# Pipedrive field types a constant (a fixed text, R4) can be written into.
CONSTANT_KINDS = frozenset({Kind.TEXT})


@dataclass(frozen=True)
class Verdict:
    ok: bool
    reason: str = ""  # a Text when refused


def snovio_kind(field_type: str) -> Kind:
    return SNOVIO_KINDS.get(field_type, Kind.UNSUPPORTED)


def pipedrive_kind(field_type: str) -> Kind:
    return PIPEDRIVE_KINDS.get(field_type, Kind.UNSUPPORTED)


def accepted_snovio_kinds(pipedrive_type: str) -> frozenset[Kind]:
    """The kinds of Snov.io field a Pipedrive field of this type may be paired with."""
    return ACCEPTS.get(pipedrive_kind(pipedrive_type), frozenset())


def check_pair(snovio_type: str, pipedrive_type: str) -> Verdict:
    """May a Snov.io field of this type be mapped to a Pipedrive field of that type?"""
    left, right = snovio_kind(snovio_type), pipedrive_kind(pipedrive_type)
    if Kind.UNSUPPORTED in (left, right):
        side = "Snov.io" if left is Kind.UNSUPPORTED else "Pipedrive"
        kind_type = snovio_type if left is Kind.UNSUPPORTED else pipedrive_type
        message = _("The %(app)s field type “%(type)s” cannot be synced.")
        return Verdict(False, Text(message, app=side, type=kind_type))
    if right is Kind.LINK:
        message = _(
            "The Pipedrive field holds %(kind)s; a Snov.io value cannot be matched to it "
            "safely. Pick a text, number, date or option field."
        )
        return Verdict(False, Text(message, kind=KIND_WORDS[right]))
    if left in accepted_snovio_kinds(pipedrive_type):
        return Verdict(True)
    if right is Kind.OPTION:
        message = _(
            "The Snov.io field holds %(kind)s; an option field is chosen by the option's "
            "name, so it needs a text field."
        )
        return Verdict(False, Text(message, kind=KIND_WORDS[left]))
    message = _(
        "The Snov.io field holds %(snovio_kind)s but the Pipedrive field holds "
        "%(pipedrive_kind)s. Both sides must hold the same kind of data."
    )
    return Verdict(
        False, Text(message, snovio_kind=KIND_WORDS[left], pipedrive_kind=KIND_WORDS[right])
    )


def constant_allowed(app: str, field_type: str) -> Verdict:
    """A constant is a fixed text (R4): only text fields of the receiving app can take it."""
    kind = snovio_kind(field_type) if app == "snovio" else pipedrive_kind(field_type)
    if kind in CONSTANT_KINDS:
        return Verdict(True)
    message = _("A constant is a fixed text; this field holds %(kind)s.")
    return Verdict(False, Text(message, kind=KIND_WORDS[kind]))
