"""What a transfer does with each sender record (R7.2–R7.3, B2, B6), as pure functions.

A sender record is created in the receiver when nobody there has its email; a duplicate (same
normalised email on both sides) is brought in line: the source app's mapped values overwrite the
other app's, and an empty source value never erases a filled one. Several records with one email,
on either side, are never guessed (B6)."""

from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum

from syncengine.exchange import Exchange
from syncengine.mapping import (
    Pair,
    changes,
    convert,
    is_empty,
    map_to_pipedrive,
    pipedrive_kind_of,
    snovio_kind_of,
    to_snovio,
    unmatched_note,
    with_constants,
)
from syncengine.schema import Schema

SNOVIO, PIPEDRIVE = "snovio", "pipedrive"
SAMPLE_SIZE = 5


class Kind(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    CONFLICT = "conflict"
    IDENTICAL = "identical"
    AMBIGUOUS = "ambiguous"
    SKIPPED = "skipped"


WRITING_KINDS = frozenset({Kind.CREATE, Kind.UPDATE, Kind.CONFLICT})


class Reason(StrEnum):
    NO_EMAIL = "no_email"
    EXCLUDED_LIST = "excluded_list"
    SEVERAL_IN_RECEIVER = "several_in_receiver"
    SEVERAL_IN_SENDER = "several_in_sender"


@dataclass(frozen=True)
class Record:
    """A record of either app: its id, normalised email and values in its own app's keys."""

    id: str
    email: str
    values: dict
    in_scope: bool = True  # Snov.io sender: the prospect is in a list taking part


@dataclass(frozen=True)
class Rules:
    sender: str
    source: str
    pairs: tuple[Pair, ...]
    schema: Schema = field(default_factory=Schema)
    constants: dict = field(default_factory=dict)  # app → ((field, text), …)
    exchange: Exchange = field(default_factory=Exchange)

    @property
    def receiver(self) -> str:
        return other(self.sender)


@dataclass(frozen=True)
class Decision:
    kind: Kind
    reason: str = ""
    target_app: str = (
        ""  # the app written to (the receiver, or the sender if it is not the source)
    )
    match_id: str = ""  # the receiver's duplicate
    writes: dict = field(default_factory=dict)  # values to write, in the target app's keys
    conflicts: tuple[str, ...] = ()  # filled fields overwritten by the source's values
    candidates: tuple[str, ...] = ()  # ambiguous: the receiver's records with this email
    candidate_names: tuple[str, ...] = ()  # their names, for the preview
    before: dict = field(default_factory=dict)  # the written fields' values before (preview)
    after: dict = field(default_factory=dict)  # the target's mapped fields once written
    note: str = ""  # texts that named no option: those fields are left unwritten (B16)


def other(app: str) -> str:
    return PIPEDRIVE if app == SNOVIO else SNOVIO


def classify(record: Record, matches: list[Record], rules: Rules, *, same_email=1) -> Decision:
    """One sender record against the receiver's records with its email.

    `same_email` is how many sender records share this email (more than one: ambiguous)."""
    if not record.in_scope:
        return Decision(Kind.SKIPPED, Reason.EXCLUDED_LIST)
    if not record.email:
        if rules.exchange.skips_without_email(rules.receiver):
            return Decision(Kind.SKIPPED, Reason.NO_EMAIL)
        return creation(record, rules)
    if same_email > 1:
        return Decision(Kind.AMBIGUOUS, Reason.SEVERAL_IN_SENDER)
    if len(matches) > 1:
        ids, names = tuple(m.id for m in matches), tuple(record_name(m.values) for m in matches)
        return Decision(
            Kind.AMBIGUOUS, Reason.SEVERAL_IN_RECEIVER, candidates=ids, candidate_names=names
        )
    if not matches:
        return creation(record, rules)
    return resolve(record, matches[0], rules)


def creation(record: Record, rules: Rules) -> Decision:
    """A new record in the receiver: mapped values and the receiver's constants."""
    desired = mapped(record.values, into=rules.receiver, rules=rules)
    writes = {k: v for k, v in desired.items() if not is_empty(v)}
    note = option_note(record.values, into=rules.receiver, rules=rules)
    return Decision(Kind.CREATE, target_app=rules.receiver, writes=writes, after=writes, note=note)


def resolve(record: Record, match: Record, rules: Rules) -> Decision:
    """A duplicate pair: the source app's values win; the other app is written (R7.2)."""
    if rules.source == rules.sender:
        winner, loser, target = record, match, rules.receiver
    else:
        winner, loser, target = match, record, rules.sender
    desired = mapped(winner.values, into=target, rules=rules)
    current = normalised(loser.values, app=target, rules=rules)
    writes = changes(desired, current, keep_filled=True)
    note = option_note(winner.values, into=target, rules=rules)
    if not writes:
        return Decision(Kind.IDENTICAL, target_app=target, match_id=match.id, note=note)
    conflicts = tuple(sorted(k for k in writes if not is_empty(current.get(k))))
    if target == SNOVIO:  # Snov.io finds the prospect to update by its email
        writes = {"email": record.email, **writes}
    kind = Kind.CONFLICT if conflicts else Kind.UPDATE
    after = current | writes
    return Decision(
        kind,
        target_app=target,
        match_id=match.id,
        writes=writes,
        conflicts=conflicts,
        after=after,
        note=note,
        before={k: current.get(k, "") for k in writes if k != "email"},
    )


def mapped(values: dict, *, into: str, rules: Rules) -> dict:
    """Values of the other app, in `into`'s keys, with `into`'s constants (R4)."""
    if into == PIPEDRIVE:
        out = map_to_pipedrive(values, list(rules.pairs), rules.schema).values
    else:
        out = to_snovio(values, list(rules.pairs), rules.schema)
    return with_constants(out, rules.constants.get(into, ()))


def option_note(values: dict, *, into: str, rules: Rules) -> str:
    """Which Snov.io texts named no option of a Pipedrive option field (B16)."""
    if into != PIPEDRIVE:
        return ""
    return unmatched_note(map_to_pipedrive(values, list(rules.pairs), rules.schema).unmatched)


def normalised(values: dict, *, app: str, rules: Rules) -> dict:
    """An app's own values, restricted to the mapped fields and converted like mapped ones."""
    out = {}
    for pair in rules.pairs:
        if app == PIPEDRIVE:
            out[pair.pipedrive] = convert(
                values.get(pair.pipedrive, ""), pipedrive_kind_of(pair, rules.schema)
            )
        else:
            out[pair.snovio] = convert(
                values.get(pair.snovio, ""), snovio_kind_of(pair, rules.schema)
            )
    for key, _ in rules.constants.get(app, ()):
        out[key] = values.get(key, "")
    return out


def bucket(decision: Decision) -> str:
    """The count a decision adds to: its kind, and for skips and ambiguity the reason."""
    if decision.kind in (Kind.SKIPPED, Kind.AMBIGUOUS):
        return f"{decision.kind}:{decision.reason}"
    return str(decision.kind)


def tally(decisions) -> Counter:
    return Counter(bucket(d) for d in decisions)


def sample(record: Record, decision: Decision) -> dict:
    """What the preview shows for one record."""
    return {
        "id": record.id,
        "email": record.email,
        "name": record_name(record.values),
        "target": decision.target_app,
        "fields": sorted(k for k in decision.writes if k != "email"),
        "conflicts": list(decision.conflicts),
        "candidates": list(decision.candidates),
        "candidate_names": list(decision.candidate_names),
        # Updates and conflicts: each written field's value before and after (the preview).
        "before": jsonable(decision.before),
        "after": jsonable({k: v for k, v in decision.writes.items() if k != "email"}),
    }


def jsonable(values: dict) -> dict:
    """Sample values as JSON can store them (a converted date or number as its text)."""
    plain = (str, int, float, bool, type(None), list, dict)
    return {k: v if isinstance(v, plain) else str(v) for k, v in values.items()}


def add_samples(samples: dict, pairs, *, size: int = SAMPLE_SIZE) -> dict:
    """Keep the first `size` samples of each bucket (pairs: (record, decision))."""
    out = {key: list(value) for key, value in samples.items()}
    for record, decision in pairs:
        items = out.setdefault(bucket(decision), [])
        if len(items) < size:
            items.append(sample(record, decision))
    return out


def record_name(values: dict) -> str:
    name = values.get("full_name") or values.get("name") or ""
    if not name:
        name = " ".join(p for p in (values.get("first_name"), values.get("last_name")) if p)
    return str(name)
