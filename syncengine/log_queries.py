"""What the sync log shows (B1): filters from the query string, the "why" for one email, counts.

Filters never fail: a value that is not one of the choices is dropped and a note says so.
The records behind an ambiguous entry are read from `changes["candidates"]` (a list of ids) or
else from its message ("… (41, 57) …" as real-time writes it, "several_in_receiver: 41,57" as the
transfer writes it)."""

import re
from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Count, QuerySet
from django.utils import timezone

from integrations.models import Integration
from syncengine.mapping import normalize_email
from syncengine.models import App, Outcome, RecordLink, SyncEntry
from syncengine.retry import retryable_entries

KNOWN_ORIGINS = ("realtime", "poll", "transfer", "automation", "retry")
FILTER_LABELS = {"outcome": "outcome", "receiver": "app", "origin": "origin"}

# Sentences for the log and the "why". {app}: the receiving app, {other}: the other app,
# {ids}: the records involved, {remote}: the remote app's own words.
ECHO = "This was our own change coming back, so it was not sent to {app} again."
STALE = "A newer change had already been applied in {app}; this older one was dropped."
AMBIGUOUS = (
    "Several {app} records have this email ({ids}), so none was chosen. "
    "Merge or correct the duplicates, then retry."
)
REASONS = {
    "no_email": "The prospect has no email and “Sync only prospects with email” is on.",
    "excluded_list": "The prospect is in a Snov.io list that does not take part in the sync.",
    "paused": "The integration was paused, so nothing was sent to {app}.",
    "echo": ECHO,
    "stale": STALE,
    "ambiguous": AMBIGUOUS,
    "several_in_sender": "Several {other} records have this email ({ids}), so none was sent. "
    "Merge or correct the duplicates, then retry.",
    "validation": "{app} refused the data: {remote}",
    "auth": "{app} no longer accepts our connection. Reconnect {app}, then retry.",
    "billing": "{app} refused because the account is not paid up: {remote}",
    "forbidden": "{app} refused: a permission is missing or a plan limit is reached. {remote}",
    "rate_limited": "{app}'s request limit was reached; the record waits and is sent later.",
    "transient": "{app} could not be reached or had a server error; it is tried again later.",
    "not_found": "The record no longer exists in {app}, so the link was removed.",
    "delete_not_linked": "A record that was never linked was deleted; deletes are not copied.",
}
# When the reason code has no sentence of its own, the outcome decides.
OUTCOMES = {
    Outcome.CREATED: "Created in {app}.",
    Outcome.UPDATED: "Updated in {app}.",
    Outcome.UNCHANGED: "Already identical in {app}; nothing needed writing.",
    Outcome.ECHO: ECHO,
    Outcome.STALE: STALE,
    Outcome.AMBIGUOUS: AMBIGUOUS,
    Outcome.UNLINKED: "Unlinked from its {app} record.",
    Outcome.RELINKED: "Re-linked to another {app} record (merged there). {remote}",
}


def involved_ids(entry: SyncEntry) -> str:
    candidates = (entry.changes or {}).get("candidates")
    if candidates:
        return ", ".join(str(c) for c in candidates)
    found = re.search(r"\(([^()]+)\)", entry.message) or re.search(r": *(.+)$", entry.message)
    return found.group(1).strip() if found else "ids not recorded"


def explain(entry: SyncEntry) -> str:
    """The plain-language reason for one entry."""
    other = App.SNOVIO if entry.receiver == App.PIPEDRIVE else App.PIPEDRIVE
    values = {
        "app": entry.get_receiver_display(),
        "other": other.label,
        "ids": involved_ids(entry),
        "remote": entry.remote_error or entry.message or "no details given",
    }
    template = REASONS.get(entry.reason_code) or OUTCOMES.get(entry.outcome)
    if template:
        return template.format(**values).strip()
    words = entry.message or entry.remote_error or entry.reason_code
    return f"{entry.get_outcome_display()} in {values['app']}" + (f": {words}" if words else ".")


@dataclass
class LogFilters:
    outcome: str = ""
    receiver: str = ""
    origin: str = ""
    email: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def active(self) -> dict:
        names = ("outcome", "receiver", "origin", "email")
        return {name: getattr(self, name) for name in names if getattr(self, name)}


def origin_choices(integration: Integration) -> list[str]:
    used = SyncEntry.objects.filter(integration=integration).values_list("origin", flat=True)
    return sorted(set(KNOWN_ORIGINS) | set(used.distinct()))


def parse_filters(params, integration: Integration) -> LogFilters:
    """Valid values from the query string; anything else is ignored with a note."""
    allowed = {
        "outcome": Outcome.values,
        "receiver": App.values,
        "origin": origin_choices(integration),
    }
    filters = LogFilters(email=normalize_email(params.get("email", "")))
    for name, choices in allowed.items():
        value = params.get(name, "").strip()
        if value in choices:
            setattr(filters, name, value)
        elif value:
            filters.notes.append(f"Unknown {FILTER_LABELS[name]} “{value[:50]}” was ignored.")
    return filters


def log_entries(integration: Integration, filters: LogFilters) -> QuerySet:
    entries = SyncEntry.objects.filter(integration=integration)
    for name in ("outcome", "receiver", "origin"):
        if getattr(filters, name):
            entries = entries.filter(**{name: getattr(filters, name)})
    if filters.email:
        entries = entries.filter(email__iexact=filters.email)
    return entries.order_by("-created_at", "-id")


def retryable_ids(integration: Integration, entries) -> set[int]:
    """Which of these entries get a Retry button: what syncengine.retry would run again."""
    chosen = retryable_entries(integration, [entry.pk for entry in entries])
    return set(chosen.values_list("pk", flat=True))


def failed_count(integration: Integration) -> int:
    """How many failures "Retry all failed" would run again (B12)."""
    return retryable_entries(integration).count()


@dataclass
class AppVerdict:
    app: str
    entry: SyncEntry | None
    sentence: str


@dataclass
class EmailSummary:
    email: str
    verdicts: list[AppVerdict]
    links: list[RecordLink]

    @property
    def known(self) -> bool:
        return bool(self.links) or any(v.entry for v in self.verdicts)


def email_summary(integration: Integration, email: str) -> EmailSummary:
    """Why did (or didn't) this contact sync: the latest outcome in each app, and its link."""
    entries = SyncEntry.objects.filter(integration=integration, email__iexact=email)
    verdicts = []
    for app in App:
        latest = entries.filter(receiver=app).order_by("-created_at", "-id").first()
        sentence = explain(latest) if latest else f"Nothing was sent to {app.label} yet."
        verdicts.append(AppVerdict(app.label, latest, sentence))
    links = RecordLink.objects.filter(integration=integration, email__iexact=email).order_by(
        "closed_at", "-created_at"
    )
    return EmailSummary(email, verdicts, list(links))


WINDOWS = (("Last 24 hours", timedelta(hours=24)), ("Last 7 days", timedelta(days=7)))


@dataclass
class Bar:
    outcome: str
    label: str
    count: int
    percent: int


@dataclass
class Window:
    label: str
    total: int
    bars: list[Bar]


def outcome_counts(integration: Integration, now=None) -> list[Window]:
    """Outcome counts for the last 24 hours and 7 days; bars are relative to the largest."""
    now = now or timezone.now()
    windows = []
    for label, span in WINDOWS:
        rows = (
            SyncEntry.objects.filter(integration=integration, created_at__gte=now - span)
            .values("outcome")
            .annotate(n=Count("id"))
        )
        counts = {row["outcome"]: row["n"] for row in rows}
        biggest = max(counts.values(), default=0)
        bars = [
            Bar(o.value, o.label, counts[o], round(100 * counts[o] / biggest))
            for o in Outcome
            if counts.get(o)
        ]
        windows.append(Window(label, sum(counts.values()), bars))
    return windows
