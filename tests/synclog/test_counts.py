"""The settings page shows outcome counts for the last 24 hours and 7 days (B1)."""

from datetime import timedelta

import pytest
from django.urls import reverse

from syncengine.log_queries import outcome_counts
from syncengine.models import Outcome
from tests.factories import make_integration
from tests.synclog.entries import make_entry

pytestmark = pytest.mark.django_db
HOURS = timedelta(hours=1)


def counted(window):
    return {bar.outcome: bar.count for bar in window.bars}


def test_counts_per_window_leave_out_entries_older_than_the_window(integration):
    make_entry(integration, outcome=Outcome.CREATED, age=1 * HOURS)
    make_entry(integration, outcome=Outcome.FAILED, age=2 * HOURS)
    make_entry(integration, outcome=Outcome.CREATED, age=30 * HOURS)
    make_entry(integration, outcome=Outcome.FAILED, age=8 * 24 * HOURS)
    day, week = outcome_counts(integration)
    assert (day.label, day.total) == ("Last 24 hours", 2)
    assert counted(day) == {"created": 1, "failed": 1}
    assert (week.label, week.total) == ("Last 7 days", 3)
    assert counted(week) == {"created": 2, "failed": 1}


def test_counts_leave_out_other_integrations(integration):
    make_entry(make_integration(), outcome=Outcome.FAILED)
    assert [w.total for w in outcome_counts(integration)] == [0, 0]


def test_bars_are_relative_to_the_biggest_count(integration):
    for _ in range(4):
        make_entry(integration, outcome=Outcome.UPDATED)
    make_entry(integration, outcome=Outcome.FAILED)
    day, _week = outcome_counts(integration)
    assert {bar.outcome: bar.percent for bar in day.bars} == {"updated": 100, "failed": 25}


def test_settings_status_shows_the_counts_as_text_and_links_to_the_log(owner_client, integration):
    make_entry(integration, outcome=Outcome.FAILED)
    make_entry(integration, outcome=Outcome.FAILED, age=3 * 24 * HOURS)
    html = owner_client.get(reverse("integrations-settings", args=[integration.uuid])).content
    html = html.decode()
    status = html.split('id="status"')[1].split("</section>")[0]
    assert "Last 24 hours: 1 record" in status
    assert "Last 7 days: 2 records" in status
    assert '<th scope="row">Failed</th>\n            <td>2</td>' in status
    log = reverse("syncengine-log", args=[integration.uuid])
    assert f'<a href="{log}">Open the sync log</a>' in status


def test_settings_status_says_when_nothing_was_synced(owner_client, integration):
    html = owner_client.get(reverse("integrations-settings", args=[integration.uuid])).content
    assert b"Last 24 hours: no records." in html
