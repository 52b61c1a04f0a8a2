"""Find a record's counterpart by email, never guessing (B6)."""

from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass

from syncengine.mapping import normalize_email


@dataclass(frozen=True)
class Match:
    """No counterpart, exactly one, or several (ambiguous: a person must choose)."""

    ids: tuple[Hashable, ...] = ()

    @property
    def none(self) -> bool:
        return not self.ids

    @property
    def one(self) -> Hashable | None:
        return self.ids[0] if len(self.ids) == 1 else None

    @property
    def ambiguous(self) -> bool:
        return len(self.ids) > 1


def index_by_email(records: Iterable[tuple[Hashable, str]]) -> dict[str, list[Hashable]]:
    """(id, email) pairs → normalised email → ids. Records without email are left out."""
    index: dict[str, list[Hashable]] = defaultdict(list)
    for record_id, email in records:
        key = normalize_email(email)
        if key and record_id not in index[key]:
            index[key].append(record_id)
    return dict(index)


def match_email(email: str, index: dict[str, list[Hashable]]) -> Match:
    key = normalize_email(email)
    return Match(tuple(index.get(key, ()))) if key else Match()
