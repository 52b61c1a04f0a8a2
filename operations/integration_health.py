"""An integration's health at a glance, for support staff (the admin's list): counts annotated
on a queryset in one query, the filters "failing", "stalled" and "legacy token", and the
rate-limit state in words."""

import datetime as dt

from django.conf import settings
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from integrations.limits.pipedrive import pipedrive_limiter_key
from integrations.limits.snovio import snovio_limiter_key
from integrations.models import AuthMethod, Integration, RateBudget, Status
from syncengine.models import (
    ACTIVE_TRANSFER_STATES,
    EventState,
    InboundEvent,
    Outcome,
    SyncEntry,
    TransferJob,
)

DAY = dt.timedelta(hours=24)
STALLED_AFTER = dt.timedelta(hours=1)
WAITING = (EventState.PENDING, EventState.WAITING)
SUCCESS = (Outcome.CREATED, Outcome.UPDATED)


def _count(queryset) -> Coalesce:
    rows = queryset.values("integration").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def with_health(queryset, *, now: dt.datetime):
    """Adds last_success_at, failed_24h, waiting_events and transfer_state."""
    mine = {"integration": OuterRef("pk")}
    successes = SyncEntry.objects.filter(**mine, outcome__in=SUCCESS).order_by("-created_at")
    failed = SyncEntry.objects.filter(**mine, outcome=Outcome.FAILED, created_at__gte=now - DAY)
    transfer = TransferJob.objects.filter(**mine, state__in=ACTIVE_TRANSFER_STATES)
    return queryset.annotate(
        last_success_at=Subquery(successes.values("created_at")[:1]),
        failed_24h=_count(failed),
        waiting_events=_count(InboundEvent.objects.filter(**mine, state__in=WAITING)),
        transfer_state=Subquery(transfer.values("state")[:1]),
    )


def failing(*, now: dt.datetime) -> Q:
    """Connection failed, or records failed in the last 24 hours."""
    recent = SyncEntry.objects.filter(
        integration=OuterRef("pk"), outcome=Outcome.FAILED, created_at__gte=now - DAY
    )
    return Q(status=Status.FAILED) | Q(Exists(recent))


def stalled(*, now: dt.datetime) -> Q:
    """Events have waited over an hour, and none was processed in that hour."""
    since = now - STALLED_AFTER
    mine = InboundEvent.objects.filter(integration=OuterRef("pk"))
    waiting = mine.filter(state__in=WAITING, received_at__lte=since)
    processed = mine.filter(processed_at__gte=since)
    return Q(Exists(waiting)) & ~Q(Exists(processed))


def legacy_token() -> Q:
    return Q(pipedrive_connection__auth_method=AuthMethod.API_TOKEN)


def rate_limit_state(integration: Integration, *, now: dt.datetime) -> str:
    """Which app holds calls back and until when; "ok" when none does."""
    keys = {}
    if integration.snovio is not None:
        keys["Snov.io"] = snovio_limiter_key(integration.snovio.client_id)
    if integration.pipedrive is not None and integration.pipedrive.company_id:
        keys["Pipedrive"] = pipedrive_limiter_key(integration.pipedrive.company_id)
    budgets = {b.key: b for b in RateBudget.objects.filter(key__in=keys.values())}
    held = [
        _("%(app)s: %(reason)s") % {"app": app, "reason": reason}
        for app, key in keys.items()
        if key in budgets and (reason := held_back(budgets[key], now=now))
    ]
    return "; ".join(held) or _("ok")


def held_back(budget: RateBudget, *, now: dt.datetime) -> str:
    """Why calls are held back, in the active language ("" when they are not)."""
    if budget.daily_remaining == 0 and budget.daily_reset_at and budget.daily_reset_at > now:
        time = f"{budget.daily_reset_at:%H:%M}"
        return _("daily budget spent until %(time)s UTC") % {"time": time}
    if budget.burst_blocked_until and budget.burst_blocked_until > now:
        time = f"{budget.burst_blocked_until:%H:%M:%S}"
        return _("burst limit until %(time)s UTC") % {"time": time}
    window = now.timestamp() - settings.SNOVIO_RATE_WINDOW_SECONDS
    recent = [t for t in budget.recent_calls if t > window]
    if budget.recent_calls and len(recent) >= settings.SNOVIO_REQUESTS_PER_MINUTE:
        return _("%(count)s calls in the last minute (the limit)") % {"count": len(recent)}
    return ""
