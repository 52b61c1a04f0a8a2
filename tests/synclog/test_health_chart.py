"""Sync health at a glance (B17): synced, failed and skipped per hour for 24 hours and per
day for 7 days, drawn as bars on the settings page with the same numbers in a table."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from syncengine.log_health import HEIGHT, TOP, chart_of, sync_health
from syncengine.models import Outcome
from tests.factories import make_integration
from tests.synclog.entries import make_entry

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 12, 1, 14, 30, tzinfo=dt.UTC)


def made_at(integration, moment, outcome):
    entry = make_entry(integration, outcome=outcome)
    type(entry).objects.filter(pk=entry.pk).update(created_at=moment)


def test_outcomes_are_counted_per_hour_and_per_day_as_synced_failed_and_skipped(integration):
    made_at(integration, NOW - dt.timedelta(minutes=10), Outcome.CREATED)  # 14:00
    made_at(integration, NOW - dt.timedelta(minutes=20), Outcome.UPDATED)  # 14:00
    made_at(integration, NOW - dt.timedelta(hours=2), Outcome.FAILED)  # 12:00
    made_at(integration, NOW - dt.timedelta(hours=3), Outcome.AMBIGUOUS)  # 11:00
    made_at(integration, NOW - dt.timedelta(days=3), Outcome.SKIPPED)  # 28 Nov
    made_at(integration, NOW - dt.timedelta(days=9), Outcome.FAILED)  # too old
    made_at(make_integration(), NOW, Outcome.FAILED)  # someone else's
    hours, days = sync_health(integration, now=NOW)
    by_hour = {c.label: c.counts for c in hours.columns}
    assert len(hours.columns) == 24 and hours.columns[-1].label == "14:00"
    assert by_hour["14:00"] == {"synced": 2, "failed": 0, "skipped": 0}
    assert by_hour["12:00"] == {"synced": 0, "failed": 1, "skipped": 0}
    assert by_hour["11:00"] == {"synced": 0, "failed": 0, "skipped": 1}
    assert hours.totals == {"synced": 2, "failed": 1, "skipped": 1}
    by_day = {c.label: c.counts for c in days.columns}
    assert [c.label for c in days.columns] == [f"{d} Nov" for d in range(25, 31)] + ["1 Dec"]
    assert by_day["1 Dec"] == {"synced": 2, "failed": 1, "skipped": 1}
    assert by_day["28 Nov"] == {"synced": 0, "failed": 0, "skipped": 1}
    assert days.totals == {"synced": 2, "failed": 1, "skipped": 2}


def test_bars_stack_from_the_baseline_and_the_tallest_fills_the_height():
    chart = chart_of("t", "Hour", [("a", {"synced": 3, "failed": 1}), ("b", {"skipped": 2})])
    first, second = chart.columns
    assert [s.kind for s in first.segments] == ["synced", "failed"]
    assert sum(s.height for s in first.segments) == HEIGHT
    assert first.segments[0].y + first.segments[0].height == HEIGHT + TOP
    assert second.segments[0].height == HEIGHT / 2
    assert second.x > first.x


def test_an_empty_window_draws_no_bars():
    chart = chart_of("t", "Day", [("a", {}), ("b", {})])
    assert chart.peak == 0 and all(not c.segments for c in chart.columns)


def test_the_settings_page_shows_the_chart_and_its_numbers_as_a_table(owner_client, integration):
    made_at(integration, timezone.now(), Outcome.FAILED)
    page = owner_client.get(reverse("integrations-settings", args=[integration.uuid]))
    html = page.content.decode()
    assert html.count('data-testid="health-svg"') == 2
    assert html.count('data-testid="health-table"') == 2
    assert "Last 24 hours, per hour</strong>: 0 synced, 1 failed, 0 skipped." in html
    assert 'fill="#b3261e" data-kind="failed"' in html
