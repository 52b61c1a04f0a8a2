"""The time left is estimated from the rate limit of the app written to, not only from the pace
so far: a burst of free calls at the start never makes it grow later, and waiting for a limit
adds the wait instead of slowing the pace (B7)."""

import datetime as dt
from types import SimpleNamespace

from syncengine.transfer.progress import Block, Limit, job_progress, waiting_line

START = dt.datetime(2026, 12, 1, 14, 0, tzinfo=dt.UTC)
SNOVIO = Limit("Snov.io", per_window=60, window_seconds=60.0, free_now=0)


def writing_job(processed, total=200, **fields):
    values = {
        "phase": "write",
        "dry_run": False,
        "processed": processed,
        "total": total,
        "pages_read": 4,
        "counts": {},
        "phase_started_at": START,
        "is_active": True,
        "state": "running",
        "waiting_until": None,
        "heartbeat_at": None,
    }
    return SimpleNamespace(**(values | fields))


def at(seconds: float) -> dt.datetime:
    return START + dt.timedelta(seconds=seconds)


def test_the_limit_sets_the_time_left_when_it_is_slower_than_the_pace_so_far():
    # 60 free calls went out in the first 10 s; from then on Snov.io allows one a second.
    first = job_progress(writing_job(60), at(10), limit=SNOVIO)
    later = job_progress(writing_job(90), at(40), limit=SNOVIO)
    assert first.eta_seconds == 139  # the 140 calls left, one a second after the first
    assert later.eta_seconds == 109
    assert later.eta_seconds < first.eta_seconds


def test_free_calls_in_the_window_go_at_once():
    limit = Limit("Snov.io", 60, 60.0, free_now=20)
    assert job_progress(writing_job(180), at(10), limit=limit).eta_seconds == 1


def test_without_a_limit_the_pace_so_far_decides():
    assert job_progress(writing_job(100), at(50)).eta_seconds == 50


def test_a_wait_adds_its_length_and_never_slows_the_pace():
    until = at(400)
    waiting = {"state": "waiting", "waiting_until": until, "heartbeat_at": at(50)}
    job = writing_job(100, **waiting)
    now, a_minute_later = at(100), at(160)
    left = job_progress(job, now, limit=SNOVIO).eta_seconds
    assert left == 300 + 99
    assert job_progress(job, a_minute_later, limit=SNOVIO).eta_seconds == left - 60


def test_a_waiting_transfer_names_the_limit_it_waits_for_and_until_when():
    until = at(300)
    assert waiting_line(until=until, limit=SNOVIO, block=None, zone=dt.UTC) == (
        "Waiting for Snov.io's rate limit until 14:05 UTC"
    )
    daily = Block("Pipedrive's daily API budget", until)
    assert waiting_line(until=until, limit=None, block=daily, zone=dt.UTC) == (
        "Waiting for Pipedrive's daily API budget until 14:05 UTC"
    )
    free = Limit("Snov.io", 60, 60.0, free_now=3)
    assert waiting_line(until=until, limit=free, block=None, zone=dt.UTC) == (
        "Waiting until 14:05 UTC"
    )


def test_the_time_left_reads_in_minutes_and_hours():
    assert job_progress(writing_job(60), at(10), limit=SNOVIO).eta_text == "2 min 19 s"
    slow = Limit("Snov.io", 1, 60.0, free_now=0)
    assert job_progress(writing_job(100), at(10), limit=slow).eta_text == "1 h 39 min"
