"""Every real-time decision, as pure functions over plain data: whether an event runs now,
echoes (B3), stale deliveries (B4), ambiguity (B6), deletes and merges (B5), and how long to
wait after an error. Whether a record takes part (R2, R3) is the Exchange's rule
(syncengine/exchange.py)."""

import datetime as dt
from dataclasses import dataclass

from syncengine.mapping import fingerprint, person_values, prospect_values
from syncengine.matching import Match

# Integration status → what happens to an event (R6.2, R8).
RUN, WAIT, SKIP = "run", "wait", "skip"
SYNCING_WAIT = dt.timedelta(seconds=30)
CONNECTION_WAIT = dt.timedelta(minutes=5)
MAX_ATTEMPTS = 5
BACKOFF_BASE_SECONDS = 30
BACKOFF_CAP_SECONDS = 30 * 60


@dataclass(frozen=True)
class Gate:
    verdict: str
    reason: str = ""
    wait: dt.timedelta | None = None


def gate(status: str, *, settings_problem: bool) -> Gate:
    """Active runs; Syncing and a lost connection wait (nothing lost); the rest is skipped."""
    if status == "active":
        return Gate(RUN)
    if status == "syncing":
        return Gate(WAIT, "syncing", SYNCING_WAIT)
    if status == "failed" and not settings_problem:
        return Gate(WAIT, "connection_failed", CONNECTION_WAIT)
    return Gate(SKIP, "paused" if status == "paused" else "not_active")


# -- echoes and order --------------------------------------------------------------------

ECHO, STALE, APPLY = "echo", "stale", "apply"


def judge_change(*, seen: str, written: str, occurred_at, applied_at) -> str:
    """Our own write coming back (same values as last written) is an echo; anything older
    than what was applied is stale; the rest is a genuine change."""
    if written and seen == written:
        return ECHO
    if occurred_at and applied_at and occurred_at < applied_at:
        return STALE
    return APPLY


def later(a: dt.datetime | None, b: dt.datetime | None) -> dt.datetime | None:
    return max(x for x in (a, b) if x) if (a or b) else None


def pipedrive_keys(pairs, constants) -> list[str]:
    return sorted({p.pipedrive for p in pairs} | {field for field, _ in constants})


def snovio_keys(pairs, constants) -> list[str]:
    return sorted({p.snovio for p in pairs} | {field for field, _ in constants})


def observed_person(person, keys) -> dict:
    """A person as Pipedrive holds it, restricted to the fields we write. The organization is
    compared by id: both our write's answer and its webhook carry the id, not the name."""
    values = person_values(person, org_name=person.org_id or "")
    return {key: values.get(key, "") for key in keys}


def observed_prospect(prospect, keys) -> dict:
    values = prospect_values(prospect)
    return {key: values.get(key, "") for key in keys}


def person_fingerprint(person, keys) -> str:
    return fingerprint(observed_person(person, keys))


def prospect_fingerprint(prospect, keys) -> str:
    return fingerprint(observed_prospect(prospect, keys))


# -- matching, deletes, merges -----------------------------------------------------------


def match_verdict(match: Match) -> str:
    """ "create", "update" or "ambiguous": several records with one email are never guessed."""
    if match.ambiguous:
        return "ambiguous"
    return "create" if match.none else "update"


UNLINK, RELINK, NOT_LINKED, MERGED_INTO_LINKED = "unlink", "relink", "not_linked", "merged"


def delete_verdict(*, linked: bool, merged_to_id: int | None, survivor_linked: bool) -> str:
    """A delete is never propagated (B5): the link closes, or follows the merge survivor."""
    if not linked:
        return NOT_LINKED
    if merged_to_id is None:
        return UNLINK
    return MERGED_INTO_LINKED if survivor_linked else RELINK


# -- errors ----------------------------------------------------------------------------


def backoff(attempts: int, *, base_seconds: float = BACKOFF_BASE_SECONDS) -> dt.timedelta:
    """Capped exponential backoff after `attempts` failures (1-based)."""
    seconds = base_seconds * 2 ** max(attempts - 1, 0)
    return dt.timedelta(seconds=min(seconds, BACKOFF_CAP_SECONDS))


def gives_up(attempts: int) -> bool:
    return attempts >= MAX_ATTEMPTS
