"""What the sync log shows (B1): filters from the query string, the "why" for one email, counts.

Filters never fail: a value that is not one of the choices is dropped and a note says so. The
sentences an entry reads as are in log_sentences."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from integrations.models import Integration
from syncengine.log_sentences import explain
from syncengine.mapping import normalize_email
from syncengine.models import App, Outcome, RecordLink, SyncEntry
from syncengine.retry import retryable_entries

KNOWN_ORIGINS = ("realtime", "poll", "transfer", "automation", "retry")
FILTER_NOTES = {
    "outcome": gettext_lazy("Unknown outcome “%(value)s” was ignored."),
    "receiver": gettext_lazy("Unknown app “%(value)s” was ignored."),
    "origin": gettext_lazy("Unknown origin “%(value)s” was ignored."),
}
AUTOMATIONS_SHOWN = 5


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
            filters.notes.append(str(FILTER_NOTES[name]) % {"value": value[:50]})
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
    # What the automations last did for this contact, newest first (what ran, what could not).
    automations: list[AppVerdict] = field(default_factory=list)

    @property
    def known(self) -> bool:
        return bool(self.links) or any(v.entry for v in self.verdicts) or bool(self.automations)


def email_summary(integration: Integration, email: str) -> EmailSummary:
    """Why did (or didn't) this contact sync: the latest outcome in each app, and its link."""
    entries = SyncEntry.objects.filter(integration=integration, email__iexact=email)
    contacts = entries.exclude(origin="automation").order_by("-created_at", "-id")
    verdicts = []
    for app in App:
        latest = contacts.filter(receiver=app).first()
        nothing = _("Nothing was sent to %(app)s yet.") % {"app": app.label}
        sentence = explain(latest) if latest else nothing
        verdicts.append(AppVerdict(str(app.label), latest, sentence))
    links = RecordLink.objects.filter(integration=integration, email__iexact=email).order_by(
        "closed_at", "-created_at"
    )
    ran = entries.filter(origin="automation").order_by("-created_at", "-id")[:AUTOMATIONS_SHOWN]
    automations = [AppVerdict(str(App(e.receiver).label), e, explain(e)) for e in ran]
    return EmailSummary(email, verdicts, list(links), automations)


WINDOWS = (
    (gettext_lazy("Last 24 hours"), timedelta(hours=24)),
    (gettext_lazy("Last 7 days"), timedelta(days=7)),
)


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
            Bar(o.value, str(o.label), counts[o], round(100 * counts[o] / biggest))
            for o in Outcome
            if counts.get(o)
        ]
        windows.append(Window(str(label), sum(counts.values()), bars))
    return windows
