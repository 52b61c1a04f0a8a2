"""Throughput under the sandboxes' real rate limits, run in scaled time.

One in-process worker (the sandbox answering in the same process) makes ~10–25 calls per
second here, below Pipedrive's real 80 per 2 s and far above Snov.io's real 60 per minute, so
the windows are rescaled for this process only (settings, nothing else changes) until each
limit is what bounds a transfer, keeping each vendor's real request count per window:

- Snov.io: 60 requests per `snovio_window` seconds (60 in real life; 12 here: 5/s), in the
  sandbox (SANDBOX_SNOVIO_RATE_WINDOW_SECONDS) and in our limiter (SNOVIO_RATE_WINDOW_SECONDS)
  alike. A transfer to Snov.io writes one prospect per call.
- Pipedrive: the real burst of 80 requests per `pipedrive_window` seconds (2 in real life; 16
  here: 5/s; SANDBOX_PIPEDRIVE_BURST_WINDOW_SECONDS). Shrinking the 2 s window instead could not
  work: x-ratelimit-reset counts whole seconds. Our limiter only reads the headers, so it needs
  no setting. The daily token budget stays on (30,000; 5 per write: a few thousand fit).

The share of the limit used: calls made / the most the limit lets through between the first and
the last limited call (`limit * (floor(span / window) + 1)`: every window may be full)."""

import math
import time

from django.test import override_settings

from integrations.models import RateBudget
from sandbox.pipedrive.ratelimit import enable_rate_limits
from sandbox.snovio.models import Account
from sandbox.snovio.ratelimit import set_rate_limit
from syncengine.models import TransferJob
from syncengine.transfer.services import sender_of, start_transfer
from tests.bench import seed_fast
from tests.bench.inprocess import InProcessHttp, drive

SNOVIO_PER_WINDOW = 60


def allowed(limit: int, window: float, span: float) -> int:
    """The most calls a limit of `limit` per `window` lets through in `span` seconds."""
    return limit * (math.floor(span / window) + 1)


def run(
    integration,
    n: int,
    *,
    direction: str,
    snovio_window: int = 12,
    pipedrive_window: int = 16,
    pipedrive_burst: int = 80,
    max_seconds: float = 900.0,
) -> dict:
    seed_fast.seed(n)
    for account in Account.objects.all():
        set_rate_limit(account, enabled=True, per_minute=SNOVIO_PER_WINDOW)
    enable_rate_limits(oauth_burst=pipedrive_burst, api_token_burst=pipedrive_burst)
    RateBudget.objects.all().delete()  # what connecting the apps used does not count
    scaled = {
        "SNOVIO_RATE_WINDOW_SECONDS": snovio_window,
        "SANDBOX_SNOVIO_RATE_WINDOW_SECONDS": snovio_window,
        "SNOVIO_REQUESTS_PER_MINUTE": SNOVIO_PER_WINDOW,
        "SANDBOX_PIPEDRIVE_BURST_WINDOW_SECONDS": pipedrive_window,
    }
    with override_settings(**scaled), InProcessHttp() as http:
        started = time.perf_counter()
        job = start_transfer(
            integration=integration,
            direction=direction,
            source=sender_of(direction),  # the sender wins conflicts: every write goes one way
            dry_run=False,
            enqueue=False,
        )
        driven = drive(job.pk, max_seconds=max_seconds)
        elapsed = time.perf_counter() - started
    job = TransferJob.objects.get(pk=job.pk)
    limits = {
        "snovio": (SNOVIO_PER_WINDOW, float(snovio_window)),
        "pipedrive": (pipedrive_burst, float(pipedrive_window)),
    }
    apps = {}
    for app, (limit, window) in limits.items():
        calls = http.by_app.get(app, 0)
        first, last = http.span.get(app, (0.0, 0.0))
        most = allowed(limit, window, last - first)
        apps[app] = {
            "limit": f"{limit} per {window:g} s",
            "calls": calls,
            "span_s": last - first,
            "calls_per_s": calls / (last - first) if last > first else 0.0,
            "allowed_per_s": limit / window,
            "used": calls / most if calls else 0.0,
            "429s": http.too_many.get(app, 0),
        }
    throttled = {b.key.split(":")[0]: b.throttled_total for b in RateBudget.objects.all()}
    return {
        "records": n,
        "direction": direction,
        "state": job.state,
        "error": job.error,
        "plan": job.counts["plan"],
        "done": job.counts.get("done", {}),
        "seconds": elapsed,
        "records_per_s": n / elapsed,
        "apps": apps,
        "limiter_waits": throttled,
        "statuses": dict(http.statuses),
        **driven,
    }
