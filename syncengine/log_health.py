"""Sync health at a glance (B17): records synced, failed and skipped per hour over the last 24
hours and per day over the last 7 days, as bars drawn on the server (inline SVG) and the same
numbers as a table. The geometry is plain arithmetic over the counts (`chart_of`)."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count
from django.db.models.functions import TruncDay, TruncHour
from django.utils import dateformat, timezone
from django.utils.translation import gettext_lazy
from django_stubs_ext import StrOrPromise

from syncengine.models import Outcome, SyncEntry

# What each outcome counts as: written or already in line, failed, or left alone; and the
# colour of its bars (each at least 3:1 against the white page).
KINDS = (
    ("synced", gettext_lazy("Synced")),
    ("failed", gettext_lazy("Failed")),
    ("skipped", gettext_lazy("Skipped")),
)
COLOURS = {"synced": "#0b57d0", "failed": "#b3261e", "skipped": "#6b6b6b"}
LEGEND = tuple((kind, label, COLOURS[kind]) for kind, label in KINDS)
SYNCED = {Outcome.CREATED, Outcome.UPDATED, Outcome.UNCHANGED, Outcome.RELINKED}
FAILED = {Outcome.FAILED}
HEIGHT, BAR, GAP, TOP = 120, 12, 4, 8  # drawing units (the SVG scales to its box)


def kind_of(outcome: str) -> str:
    if outcome in SYNCED:
        return "synced"
    return "failed" if outcome in FAILED else "skipped"


@dataclass(frozen=True)
class Segment:
    kind: str
    y: float
    height: float

    @property
    def colour(self) -> str:
        return COLOURS[self.kind]


@dataclass(frozen=True)
class Column:
    label: str  # "14:00", "1 Dec"
    counts: dict  # kind → count
    x: float
    segments: tuple[Segment, ...]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class Chart:
    title: StrOrPromise  # "Last 24 hours, per hour"
    unit: StrOrPromise  # "Hour", "Day"
    columns: tuple[Column, ...]
    peak: int
    width: float
    height: float = HEIGHT + TOP
    bar: float = BAR

    @property
    def legend(self) -> tuple:
        return LEGEND

    @property
    def totals(self) -> dict:
        return {kind: sum(c.counts[kind] for c in self.columns) for kind, _ in KINDS}


def chart_of(title: StrOrPromise, unit: StrOrPromise, buckets: list[tuple[str, dict]]) -> Chart:
    """Stacked bars (synced at the bottom, then failed, then skipped), scaled to the peak."""
    peak = max((sum(counts.values()) for _, counts in buckets), default=0)
    columns = []
    for index, (label, counts) in enumerate(buckets):
        counts = {kind: counts.get(kind, 0) for kind, _ in KINDS}
        bottom, segments = float(HEIGHT + TOP), []
        for kind, _ in KINDS:
            height = HEIGHT * counts[kind] / peak if peak else 0.0
            if height:
                bottom -= height
                segments.append(Segment(kind, round(bottom, 2), round(height, 2)))
        columns.append(Column(label, counts, index * (BAR + GAP), tuple(segments)))
    width = len(buckets) * (BAR + GAP) - GAP if buckets else 0
    return Chart(title, unit, tuple(columns), peak, width)


def sync_health(integration, now: dt.datetime | None = None) -> list[Chart]:
    now = timezone.localtime(now or timezone.now())
    hour = now.replace(minute=0, second=0, microsecond=0)
    hours = [hour - dt.timedelta(hours=n) for n in range(23, -1, -1)]
    day = hour.replace(hour=0)
    days = [day - dt.timedelta(days=n) for n in range(6, -1, -1)]
    per_hour = counted(integration, hours[0], TruncHour)
    per_day = counted(integration, days[0], TruncDay)
    return [
        chart_of(
            gettext_lazy("Last 24 hours, per hour"),
            gettext_lazy("Hour"),
            [(f"{h:%H}:00", per_hour.get(h, {})) for h in hours],
        ),
        chart_of(
            gettext_lazy("Last 7 days, per day"),
            gettext_lazy("Day"),
            [(dateformat.format(d, "j M"), per_day.get(d, {})) for d in days],
        ),
    ]


def counted(integration, since: dt.datetime, trunc) -> dict:
    """{bucket start: {kind: count}} for the integration's entries since `since`."""
    rows = (
        SyncEntry.objects.filter(integration=integration, created_at__gte=since)
        .annotate(bucket=trunc("created_at", tzinfo=timezone.get_current_timezone()))
        .values("bucket", "outcome")
        .annotate(n=Count("id"))
    )
    found: dict = {}
    for row in rows:
        bucket = timezone.localtime(row["bucket"])
        kinds = found.setdefault(bucket, {})
        kind = kind_of(row["outcome"])
        kinds[kind] = kinds.get(kind, 0) + row["n"]
    return found
