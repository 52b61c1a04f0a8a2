"""Snov.io's request budget: 60 requests per minute per account."""

import hashlib

from django.conf import settings

from integrations.limits import SlidingWindowLimiter


def snovio_limiter_key(client_id: str) -> str:
    """The rate-budget key of a Snov.io account (a hash: ids are credentials)."""
    return "snovio:" + hashlib.sha256(client_id.encode()).hexdigest()[:24]


def make_limiter(client_id: str, **kwargs) -> SlidingWindowLimiter:
    """Snov.io allows 60 requests per minute per account (the window is a setting only so
    benchmarks can run the limit in scaled-down time)."""
    limit = settings.SNOVIO_REQUESTS_PER_MINUTE
    window = settings.SNOVIO_RATE_WINDOW_SECONDS
    key = snovio_limiter_key(client_id)
    return SlidingWindowLimiter(key, limit=limit, window=window, **kwargs)
