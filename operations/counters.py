"""Counters that only go up, kept in the database (MetricCounter) so every process on every
machine adds to the same number and the web process serving /metrics sees them all.

Why not prometheus_client's multiprocess mode: workers and web servers are separate services,
possibly on several machines (Redis broker), and django-q recycles its workers; a directory of
per-process files would see only one machine and would need cleaning after every recycle. The
work is already a row in the database; its counters sit beside it."""

import json
import logging
import threading
import time
from collections import Counter
from functools import lru_cache, partial

from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F

from operations.models import MetricCounter

logger = logging.getLogger(__name__)

# name: (help, label names). Exposed as snovsync_<name>_total.
COUNTERS = {
    "events_received": ("Events stored (webhook deliveries and polled changes)", ("app", "kind")),
    "events_processed": ("Events finished, by how they ended", ("app", "state")),
    "events_failed": ("Events that failed, by reason", ("app", "reason")),
    "transfer_records_written": ("Records a transfer created or updated", ("app",)),
    "emails_sent": ("Notification emails sent", ("kind",)),
}
LABEL_LENGTH = 64


def labels_key(labels: dict) -> str:
    return json.dumps(sorted((k, str(v)[:LABEL_LENGTH]) for k, v in labels.items()))


def labels_of(key: str) -> dict:
    return dict(json.loads(key))


# Counts wait in the process and are written at most once per METRICS_FLUSH_SECONDS, one
# UPDATE per series: every webhook adding 1 to the same row would make deliveries queue on its
# row lock. A process that dies loses at most that long of counting, never the work counted.
_pending: Counter = Counter()
_lock = threading.Lock()
_flushed_at = 0.0


def count(name: str, amount: int = 1, **labels) -> None:
    """Add to a counter once the surrounding transaction commits (nothing if it rolls back);
    a failure to count is logged, never raised into the work being counted."""
    key = series_key(name, tuple(sorted(labels.items())))
    transaction.on_commit(partial(_note, name, key, amount), robust=True)


@lru_cache(maxsize=4096)
def series_key(name: str, labels: tuple) -> str:
    """A declared series' key (labels_key), remembered: every webhook counts one (a refusal
    is raised each time, never remembered)."""
    if name not in COUNTERS or {label for label, _ in labels} != set(COUNTERS[name][1]):
        raise ValueError(f"undeclared counter or labels: {name} {[k for k, _ in labels]}")
    return labels_key(dict(labels))


def _note(name: str, key: str, amount: int, *, clock=time.monotonic) -> None:
    global _flushed_at
    with _lock:
        _pending[(name, key)] += amount
        if clock() - _flushed_at < settings.METRICS_FLUSH_SECONDS:
            return
        due, _flushed_at = dict(_pending), clock()
        _pending.clear()
    for (due_name, due_key), due_amount in due.items():
        _add(due_name, due_key, due_amount)


def flush() -> None:
    """Write what waits now (a scrape in this process, tests, a worker about to stop)."""
    global _flushed_at
    with _lock:
        due = dict(_pending)
        _pending.clear()
        _flushed_at = 0.0
    for (name, key), amount in due.items():
        _add(name, key, amount)


def _add(name: str, key: str, amount: int) -> None:
    series = MetricCounter.objects.filter(name=name, labels=key)
    try:
        if series.update(value=F("value") + amount):
            return
        try:
            with transaction.atomic():
                MetricCounter.objects.create(name=name, labels=key, value=amount)
        except IntegrityError:  # another process created the row meanwhile
            series.update(value=F("value") + amount)
    except DatabaseError:
        logger.exception("counter %s not updated", name)


def series() -> dict[str, list[tuple[dict, int]]]:
    """Every counter's series: {name: [(labels, value), …]}."""
    flush()
    found: dict[str, list] = {name: [] for name in COUNTERS}
    for name, key, value in MetricCounter.objects.values_list("name", "labels", "value"):
        if name in found:
            found[name].append((labels_of(key), value))
    return found
