"""What the apps' rate limits allow a transfer right now, read from the limiters' shared state
(RateBudget): the job page estimates the time left from the limit, not from the pace so far,
and says which limit a waiting transfer waits for (B7)."""

import datetime as dt

from django.conf import settings
from django.utils.translation import gettext as _

from integrations.limits.pipedrive import pipedrive_limiter_key
from integrations.limits.snovio import snovio_limiter_key
from integrations.models import RateBudget
from syncengine.transfer.progress import Block, Limit


def snovio_limit(integration, now: dt.datetime) -> Limit | None:
    """Snov.io's sliding window: how many calls are free now, and when the next one frees."""
    connection = integration.snovio
    if connection is None:
        return None
    budget = RateBudget.objects.filter(key=snovio_limiter_key(connection.client_id)).first()
    per, window = settings.SNOVIO_REQUESTS_PER_MINUTE, float(settings.SNOVIO_RATE_WINDOW_SECONDS)
    moment = now.timestamp()
    recent = sorted(t for t in (budget.recent_calls if budget else []) if t > moment - window)
    free = max(per - len(recent), 0)
    frees_at = None if free else dt.datetime.fromtimestamp(recent[0] + window, tz=dt.UTC)
    return Limit("Snov.io", per, window, free, frees_at)


def pipedrive_block(integration, now: dt.datetime) -> Block | None:
    """Pipedrive's daily budget spent, or its burst limit reached: until when."""
    connection = integration.pipedrive
    if connection is None:
        return None
    budget = RateBudget.objects.filter(key=pipedrive_limiter_key(connection.company_id)).first()
    if budget is None:
        return None
    spent = budget.daily_remaining is not None and budget.daily_remaining <= 0
    if spent and budget.daily_reset_at and budget.daily_reset_at > now:
        return Block(_("Pipedrive's daily API budget"), budget.daily_reset_at)
    if budget.burst_blocked_until and budget.burst_blocked_until > now:
        return Block(_("Pipedrive's rate limit"), budget.burst_blocked_until)
    return None
