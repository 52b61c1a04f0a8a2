"""Counters are added up in the process and written at most once per interval: a burst of
webhooks does not queue on one counter row's lock."""

from operations import counters
from operations.models import MetricCounter


def test_a_burst_is_written_once_per_interval_and_nothing_is_lost(db, settings):
    settings.METRICS_FLUSH_SECONDS = 60
    counters.flush()
    counters._flushed_at = 100.0  # the interval started at 100 s
    key = counters.labels_key({"app": "pipedrive", "kind": "person.change"})
    for _ in range(10):
        counters._note("events_received", key, 1, clock=lambda: 100.5)
    assert not MetricCounter.objects.filter(name="events_received").exists()  # waiting
    counters._note("events_received", key, 1, clock=lambda: 170.0)  # interval over
    assert MetricCounter.objects.get(name="events_received", labels=key).value == 11


def test_a_scrape_sees_what_still_waits(db, settings):
    settings.METRICS_FLUSH_SECONDS = 60
    counters.flush()
    key = counters.labels_key({"kind": "digest"})
    counters._note("emails_sent", key, 2, clock=lambda: 1.0)
    series = counters.series()["emails_sent"]
    assert series == [({"kind": "digest"}, 2)]
