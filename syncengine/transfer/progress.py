"""What the job page says: percent, counts, an ETA, the outcome and the failed records, in the
active language (no database)."""

import datetime as dt
from dataclasses import dataclass, replace

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from syncengine.wording import Text

# Share of the bar each phase fills: reading is quick, writing is where the time goes.
SHARES = {"read": (0, 10), "classify": (10, 30), "write": (30, 100)}
PREVIEW_SHARES = {"read": (0, 30), "classify": (30, 100)}


@dataclass(frozen=True)
class Progress:
    percent: int
    label: str
    done: int
    total: int
    eta_seconds: int | None

    @property
    def eta_text(self) -> str:
        """ "45 s", "2 min 20 s", "1 h 5 min"."""
        seconds = self.eta_seconds or 0
        hours, rest = divmod(seconds, 3600)
        minutes, secs = divmod(rest, 60)
        if hours:
            return _("%(hours)s h %(minutes)s min") % {"hours": hours, "minutes": minutes}
        if minutes:
            return _("%(minutes)s min %(seconds)s s") % {"minutes": minutes, "seconds": secs}
        return _("%(seconds)s s") % {"seconds": secs}


@dataclass(frozen=True)
class Limit:
    """A rate limit the remaining calls must fit in: `per_window` calls in `window_seconds`,
    `free_now` of them usable at once, else the next frees at `frees_at`."""

    app: str
    per_window: int
    window_seconds: float
    free_now: int
    frees_at: dt.datetime | None = None

    def seconds_for(self, calls: int, now: dt.datetime) -> float:
        """How long `calls` more calls take at this limit, from now."""
        later = max(calls - self.free_now, 0)
        if not later:
            return 0.0
        first = max((self.frees_at - now).total_seconds(), 0.0) if self.frees_at else 0.0
        return first + (later - 1) * self.window_seconds / max(self.per_window, 1)


@dataclass(frozen=True)
class Block:
    """A limit that lets no call through until `until` (a spent daily budget, a burst)."""

    what: str  # "Pipedrive's daily API budget", in the active language
    until: dt.datetime


def progress_of(
    *,
    phase,
    dry_run,
    processed,
    total,
    pages_read,
    phase_started_at,
    finished,
    now,
    read_by_id=0,
    limit=None,
) -> Progress:
    """`limit`: the rate limit of the app written to; the time left is never less than the
    limit allows (the pace so far includes a burst the limit will not repeat)."""
    if finished:
        return Progress(100, _("Finished"), processed, total, 0)
    start, end = (PREVIEW_SHARES if dry_run else SHARES).get(phase, (0, 100))
    if phase == "read":
        return Progress(start, reading_label(pages_read, read_by_id), processed, 0, None)
    fraction = processed / total if total else 1.0
    label = _("Comparing records") if phase == "classify" else _("Writing changes")
    percent = int(start + (end - start) * min(fraction, 1.0))
    left = eta(processed, total, phase_started_at, now)
    if phase == "write" and limit is not None and total > processed:
        left = max(left or 0, round(limit.seconds_for(total - processed, now)))
    return Progress(percent, label, processed, total, left)


def reading_label(pages_read: int, read_by_id: int) -> str:
    values = {"pages": pages_read, "by_id": read_by_id}
    if read_by_id:
        return _("Reading both apps: %(pages)s pages, %(by_id)s prospects by id") % values
    return _("Reading both apps: %(pages)s pages") % values


def eta(done: int, total: int, started: dt.datetime | None, now: dt.datetime) -> int | None:
    """Seconds left at the pace so far; None until there is a pace."""
    if not started or done <= 0 or total <= done:
        return None if total > done else 0
    elapsed = (now - started).total_seconds()
    return int(elapsed / done * (total - done))


def job_progress(job, now: dt.datetime, *, limit: Limit | None = None) -> Progress:
    """While the job waits, the time left is the wait plus the rest at the pace it had when
    it began waiting, or at the limit from then on if that is slower: waiting never makes the
    pace look slower."""
    fields = {
        "phase": job.phase,
        "dry_run": job.dry_run,
        "processed": job.processed,
        "total": job.total,
        "pages_read": job.pages_read,
        "read_by_id": job.counts.get("read_by_id", 0),
        "phase_started_at": job.phase_started_at,
        "finished": not job.is_active and job.state == "done",
    }
    until = job.waiting_until
    if job.state != "waiting" or until is None or until <= now:
        return progress_of(**fields, now=now, limit=limit)
    progress = progress_of(**fields, now=min(job.heartbeat_at or now, now))
    if progress.eta_seconds is None:
        return progress
    remaining = max(job.total - job.processed, 0)
    at_limit = limit.seconds_for(remaining, until) if limit and job.phase == "write" else 0
    left = (until - now).total_seconds() + max(progress.eta_seconds, at_limit)
    return replace(progress, eta_seconds=round(left))


def waiting_line(*, until: dt.datetime, limit: Limit | None, block: Block | None, zone) -> str:
    """Why a waiting transfer waits, until when (local time): the limit it waits for when
    one is spent, else only the time."""
    at = until.astimezone(zone).strftime("%H:%M %Z").strip()
    if block is not None:
        return _("Waiting for %(limit)s until %(time)s") % {"limit": block.what, "time": at}
    if limit is not None and limit.free_now == 0:
        return _("Waiting for %(app)s's rate limit until %(time)s") % {
            "app": limit.app,
            "time": at,
        }
    return _("Waiting until %(time)s") % {"time": at}


WRITTEN = ("created", "updated")
PLANNED_WRITES = ("create", "update", "conflict")


def calls_line(*, pages_read: int, read_by_id: int, plan: dict, dry_run: bool) -> str:
    """The API calls a transfer costs (R7): pages, prospects read by id because their list
    page lacked a mapped field, and (for a preview) the writes a transfer would make."""
    values = {"pages": pages_read, "by_id": read_by_id}
    if read_by_id:
        reads = _(
            "API calls: %(pages)s pages read, %(by_id)s prospects read by id (fields their "
            "list pages lack)"
        )
    else:
        reads = _("API calls: %(pages)s pages read")
    if not dry_run:
        return reads % values + "."
    writes = sum(plan.get(key, 0) for key in PLANNED_WRITES)
    text = _("%(calls)s; a transfer would add %(writes)s writes (and any new organizations).")
    return text % {"calls": reads % values, "writes": writes}


def outcome_line(*, state: str, dry_run: bool, done: dict) -> str:
    """A finished transfer says "Finished — N written, M failed" (B13); others say nothing."""
    if state != "done" or dry_run:
        return ""
    written = sum(done.get(key, 0) for key in WRITTEN)
    text = _("Finished — %(written)s written, %(failed)s failed")
    return text % {"written": written, "failed": done.get("failed", 0)}


@dataclass(frozen=True)
class FailedRow:
    email: str
    name: str
    reason: str
    remote: str


def failed_row(item) -> FailedRow:
    """A failed item as the page lists it: who (email and name), why, and the remote words."""
    values = item.values or {}
    first_last = " ".join(v for v in (values.get("first_name"), values.get("last_name")) if v)
    name = values.get("full_name") or values.get("name") or first_last
    reason = said(item.failure, item.failure_words)
    return FailedRow(item.email, str(name or ""), reason, item.remote_error)


def said(text: str, words: dict | None) -> str:
    """A stored sentence in the active language when its words were kept (a Text's data)."""
    return Text.from_data(words).translated(_) if words else text


PLAN_LABELS = {
    "create": gettext_lazy("To create"),
    "update": gettext_lazy("To update (empty fields filled)"),
    "identical": gettext_lazy("Identical"),
    "conflict": gettext_lazy("Conflicts resolved for the source app"),
    "skipped:no_email": gettext_lazy("Skipped: no email"),
    "skipped:excluded_list": gettext_lazy("Skipped: only in lists not taking part"),
    "ambiguous:several_in_receiver": gettext_lazy(
        "Ambiguous: several receiver records with the email"
    ),
    "ambiguous:several_in_sender": gettext_lazy(
        "Ambiguous: several sender records with the email"
    ),
}


def plan_rows(counts: dict) -> list[tuple[str, str, int]]:
    """(key, label, count) for every bucket, zero counts included, in a fixed order."""
    return [(key, str(label), counts.get(key, 0)) for key, label in PLAN_LABELS.items()]


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str


@dataclass(frozen=True)
class SampleRow:
    """One previewed record as a person reads it: fields by name, values before → after."""

    email: str
    name: str
    changes: list[Change]
    conflicts: list[str]
    candidates: list[str]


def sample_groups(samples: dict, names) -> list[tuple[str, list[SampleRow]]]:
    """The preview's samples per bucket; `names` names fields and values (FieldNames)."""
    return [
        (str(PLAN_LABELS.get(key, key)), [sample_row(s, names) for s in samples[key]])
        for key in PLAN_LABELS
        if samples.get(key)
    ]


def sample_row(sample: dict, names) -> SampleRow:
    app = sample.get("target") or "pipedrive"
    before, after = sample.get("before") or {}, sample.get("after") or {}
    keys = list(after) or list(sample.get("fields") or [])
    changes = [
        Change(
            names.name(app, key),
            names.value(app, key, before[key]) if key in before else "",
            names.value(app, key, after[key]) if key in after else "",
        )
        for key in keys
    ]
    ids = sample.get("candidates") or []
    named = sample.get("candidate_names") or [""] * len(ids)
    return SampleRow(
        email=sample.get("email", ""),
        name=sample.get("name", ""),
        changes=changes,
        conflicts=[names.name(app, key) for key in sample.get("conflicts") or []],
        candidates=[
            name or _("record %(id)s") % {"id": i} for i, name in zip(ids, named, strict=False)
        ],
    )
