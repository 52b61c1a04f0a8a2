"""Prometheus metrics at /metrics, all read from the database at scrape time: counters from
MetricCounter and RateBudget (they only go up), gauges counted from the rows of work.

Reachable only from METRICS_ALLOWED_IPS (addresses or networks; behind proxies the client's
address is taken like the login limits do, TRUSTED_PROXY_COUNT) or with
`Authorization: Bearer <METRICS_TOKEN>`. With neither set, nobody can read it."""

import hmac
import ipaddress
import logging

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db.models import Count, Sum
from django.http import HttpResponse, HttpResponseForbidden
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily

from config import lanes
from integrations.models import Integration, RateBudget
from operations import counters
from operations.backlog import broker_backlog, lane_backlogs
from operations.models import TickRun

logger = logging.getLogger(__name__)

PREFIX = "snovsync_"
# RateBudget keys start with the app (integrations.limits).
RATE_BUDGET_APPS = ("snovio", "pipedrive")


@login_not_required
@never_cache
@require_GET
def metrics(request):
    if not may_scrape(request):
        return HttpResponseForbidden("Metrics are not available to this client.\n")
    registry = CollectorRegistry(auto_describe=False)
    registry.register(DatabaseCollector())
    return HttpResponse(generate_latest(registry), content_type=CONTENT_TYPE_LATEST)


def may_scrape(request) -> bool:
    token = settings.METRICS_TOKEN
    given = request.headers.get("Authorization", "")
    if token and hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        return True
    return address_allowed(client_address(request), settings.METRICS_ALLOWED_IPS)


def client_address(request) -> str:
    """REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT proxies the address the first of them saw."""
    proxies = getattr(settings, "ALLAUTH_TRUSTED_PROXY_COUNT", 0)
    if proxies:
        forwarded = [a.strip() for a in request.headers.get("X-Forwarded-For", "").split(",")]
        forwarded = [a for a in forwarded if a]
        return forwarded[-proxies] if len(forwarded) >= proxies else ""
    return request.META.get("REMOTE_ADDR", "")


def address_allowed(address: str, allowed: list[str]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    for entry in allowed:
        try:
            if ip in ipaddress.ip_network(entry, strict=False):
                return True
        except ValueError:
            logger.warning("METRICS_ALLOWED_IPS: %r is not an address or network", entry)
    return False


class DatabaseCollector:
    def collect(self):
        now = timezone.now()
        yield from counter_families()
        yield from rate_limit_families()
        yield from lane_families(now)
        yield integration_family()
        yield tick_family(now)


def counter_families():
    found = counters.series()
    for name, (help_text, label_names) in counters.COUNTERS.items():
        family = CounterMetricFamily(PREFIX + name, help_text, labels=label_names)
        for labels, value in found[name]:
            family.add_metric([labels.get(n, "") for n in label_names], value)
        yield family


def rate_limit_families():
    waits = CounterMetricFamily(
        PREFIX + "rate_limit_waits",
        "Calls held back by a rate limit (our limiter or the app's 429), per app",
        labels=["app"],
    )
    calls = CounterMetricFamily(PREFIX + "api_calls", "Calls made to each app", labels=["app"])
    for app in RATE_BUDGET_APPS:
        row = RateBudget.objects.filter(key__startswith=f"{app}:").aggregate(
            waits=Sum("throttled_total"), calls=Sum("calls_total")
        )
        waits.add_metric([app], row["waits"] or 0)
        calls.add_metric([app], row["calls"] or 0)
    yield waits
    yield calls


def lane_families(now):
    depth = GaugeMetricFamily(
        PREFIX + "lane_backlog",
        "Work waiting per lane: events pending or waiting (realtime), active transfers (bulk), "
        "broker messages (housekeeping)",
        labels=["lane"],
    )
    oldest = GaugeMetricFamily(
        PREFIX + "lane_oldest_waiting_seconds",
        "How long the oldest waiting unit of work of each lane has waited",
        labels=["lane"],
    )
    for backlog in lane_backlogs(now=now):
        depth.add_metric([backlog.lane], backlog.waiting)
        oldest.add_metric([backlog.lane], backlog.oldest_seconds or 0.0)
    yield depth
    yield oldest
    yield broker_family(now)


def broker_family(now):
    family = GaugeMetricFamily(
        PREFIX + "broker_messages", "Messages waiting in the broker for each lane", labels=["lane"]
    )
    for lane in lanes.LANES:
        try:
            family.add_metric([lane], broker_backlog(lane, now=now).waiting)
        except Exception as exc:  # an unreachable broker leaves the series out
            logger.warning("metrics: broker queue of %s unknown (%s)", lane, type(exc).__name__)
    return family


def integration_family():
    family = GaugeMetricFamily(
        PREFIX + "integrations", "Integrations per status", labels=["status"]
    )
    rows = Integration.objects.values("status").annotate(n=Count("pk")).order_by()
    for row in rows:
        family.add_metric([row["status"]], row["n"])
    return family


def tick_family(now):
    family = GaugeMetricFamily(
        PREFIX + "tick_age_seconds", "Seconds since the last housekeeping tick started"
    )
    last = TickRun.objects.order_by("-started_at").values_list("started_at", flat=True).first()
    if last is not None:
        family.add_metric([], (now - last).total_seconds())
    return family
