"""What the job page says: percent, counts, an ETA, the outcome and the failed records (pure)."""

import datetime as dt
from dataclasses import dataclass

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


def progress_of(
    *, phase, dry_run, processed, total, pages_read, phase_started_at, finished, now, read_by_id=0
) -> Progress:
    if finished:
        return Progress(100, "Finished", processed, total, 0)
    start, end = (PREVIEW_SHARES if dry_run else SHARES).get(phase, (0, 100))
    if phase == "read":
        by_id = f", {read_by_id} prospects by id" if read_by_id else ""
        label = f"Reading both apps: {pages_read} pages{by_id}"
        return Progress(start, label, processed, 0, None)
    fraction = processed / total if total else 1.0
    label = "Comparing records" if phase == "classify" else "Writing changes"
    percent = int(start + (end - start) * min(fraction, 1.0))
    return Progress(percent, label, processed, total, eta(processed, total, phase_started_at, now))


def eta(done: int, total: int, started: dt.datetime | None, now: dt.datetime) -> int | None:
    """Seconds left at the pace so far; None until there is a pace."""
    if not started or done <= 0 or total <= done:
        return None if total > done else 0
    elapsed = (now - started).total_seconds()
    return int(elapsed / done * (total - done))


def job_progress(job, now: dt.datetime) -> Progress:
    return progress_of(
        phase=job.phase,
        dry_run=job.dry_run,
        processed=job.processed,
        total=job.total,
        pages_read=job.pages_read,
        read_by_id=job.counts.get("read_by_id", 0),
        phase_started_at=job.phase_started_at,
        finished=not job.is_active and job.state == "done",
        now=now,
    )


WRITTEN = ("created", "updated")
PLANNED_WRITES = ("create", "update", "conflict")


def calls_line(*, pages_read: int, read_by_id: int, plan: dict, dry_run: bool) -> str:
    """The API calls a transfer costs (R7): pages, prospects read by id because their list
    page lacked a mapped field, and (for a preview) the writes a transfer would make."""
    reads = f"API calls: {pages_read} pages read"
    if read_by_id:
        reads += f", {read_by_id} prospects read by id (fields their list pages lack)"
    if not dry_run:
        return reads + "."
    writes = sum(plan.get(key, 0) for key in PLANNED_WRITES)
    return f"{reads}; a transfer would add {writes} writes (and any new organizations)."


def outcome_line(*, state: str, dry_run: bool, done: dict) -> str:
    """A finished transfer says "Finished — N written, M failed" (B13); others say nothing."""
    if state != "done" or dry_run:
        return ""
    written = sum(done.get(key, 0) for key in WRITTEN)
    return f"Finished — {written} written, {done.get('failed', 0)} failed"


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
    return FailedRow(item.email, str(name or ""), item.failure, item.remote_error)


PLAN_LABELS = {
    "create": "To create",
    "update": "To update (empty fields filled)",
    "identical": "Identical",
    "conflict": "Conflicts resolved for the source app",
    "skipped:no_email": "Skipped: no email",
    "skipped:excluded_list": "Skipped: only in lists not taking part",
    "ambiguous:several_in_receiver": "Ambiguous: several receiver records with the email",
    "ambiguous:several_in_sender": "Ambiguous: several sender records with the email",
}


def plan_rows(counts: dict) -> list[tuple[str, str, int]]:
    """(key, label, count) for every bucket, zero counts included, in a fixed order."""
    return [(key, label, counts.get(key, 0)) for key, label in PLAN_LABELS.items()]


def sample_groups(samples: dict) -> list[tuple[str, list]]:
    return [(PLAN_LABELS.get(key, key), samples[key]) for key in PLAN_LABELS if samples.get(key)]
