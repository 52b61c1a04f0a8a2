"""Health for machines: /healthz (the process answers) and /readyz (the deployment works: the
database and the broker answer, the housekeeping tick ran lately, and what waits per lane)."""

import datetime as dt
import logging

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from operations.backlog import lane_backlogs, ping_broker, uses_redis
from operations.models import TickRun

logger = logging.getLogger(__name__)

# The tick runs every minute (django-q's scheduler looks about every 30 s).
TICK_LATE_AFTER = dt.timedelta(minutes=2)


@login_not_required
@never_cache
@require_GET
def healthz(request):
    """Liveness: answers without touching the database."""
    return JsonResponse({"status": "ok"})


@login_not_required
@never_cache
@require_GET
def readyz(request):
    now = timezone.now()
    checks = {"database": check_database(), "broker": check_broker()}
    document = {"checks": checks}
    if checks["database"]["ok"]:
        checks["tick"] = check_tick(now=now)
        document["backlog"] = backlog(now=now)
    ready = all(check["ok"] for check in checks.values()) and "tick" in checks
    document = {"status": "ok" if ready else "unavailable", **document}
    return JsonResponse(document, status=200 if ready else 503)


def check_database() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as exc:
        logger.warning("readiness: database unreachable (%s)", type(exc).__name__)
        return {"ok": False, "error": type(exc).__name__}
    return {"ok": True}


def check_broker() -> dict:
    kind = "redis" if uses_redis() else "orm"
    try:
        ping_broker()
    except Exception as exc:
        logger.warning("readiness: broker unreachable (%s)", type(exc).__name__)
        return {"ok": False, "kind": kind, "error": type(exc).__name__}
    return {"ok": True, "kind": kind}


def check_tick(*, now: dt.datetime) -> dict:
    """Late when no tick started within TICK_LATE_AFTER: nothing polls, recovers stuck work or
    sends notifications then."""
    last = TickRun.objects.order_by("-started_at").values_list("started_at", flat=True).first()
    if last is None:
        return {"ok": False, "last_run": None, "age_seconds": None}
    age = (now - last).total_seconds()
    ok = now - last <= TICK_LATE_AFTER
    return {"ok": ok, "last_run": last.isoformat(), "age_seconds": round(age, 1)}


def backlog(*, now: dt.datetime) -> dict:
    try:
        lanes = lane_backlogs(now=now)
    except Exception as exc:  # a broker that fails here is already reported as a check
        logger.warning("readiness: backlog unknown (%s)", type(exc).__name__)
        return {}
    return {
        b.lane: {
            "waiting": b.waiting,
            "oldest_seconds": None if b.oldest_seconds is None else round(b.oldest_seconds, 1),
        }
        for b in lanes
    }
