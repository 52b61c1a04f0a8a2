"""What waits, per lane of work, read from the database (the source of truth) and the broker.

- realtime: stored events pending or waiting (InboundEvent rows);
- bulk: transfers queued, running or waiting (TransferJob rows);
- housekeeping: messages waiting in the broker for its cluster (the tick fans work out as
  messages, not rows).
The broker's own queue length is reported for every lane beside it."""

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Min
from django_q.brokers import get_broker
from django_q.models import OrmQ

from config import lanes
from syncengine.models import ACTIVE_TRANSFER_STATES, EventState, InboundEvent, TransferJob

logger = logging.getLogger(__name__)

BROKER_TIMEOUT_SECONDS = 2
WAITING_EVENTS = (EventState.PENDING, EventState.WAITING)


@dataclass(frozen=True)
class LaneBacklog:
    lane: str
    waiting: int
    oldest_seconds: float | None  # how long the oldest has waited; None when nothing waits


def lane_backlogs(*, now: dt.datetime) -> list[LaneBacklog]:
    events = InboundEvent.objects.filter(state__in=WAITING_EVENTS)
    jobs = TransferJob.objects.filter(state__in=ACTIVE_TRANSFER_STATES)
    found = [
        _backlog(lanes.REALTIME, events.aggregate(n=Count("pk"), at=Min("received_at")), now),
        _backlog(lanes.BULK, jobs.aggregate(n=Count("pk"), at=Min("created_at")), now),
    ]
    try:
        found.append(broker_backlog(lanes.HOUSEKEEPING, now=now))
    except Exception as exc:  # an unreachable broker: the lanes the database knows still count
        logger.warning("backlog of %s unknown (%s)", lanes.HOUSEKEEPING, type(exc).__name__)
    return found


def _backlog(lane: str, row: dict, now: dt.datetime) -> LaneBacklog:
    return LaneBacklog(lane, row["n"], age(row["at"], now))


def age(since: dt.datetime | None, now: dt.datetime) -> float | None:
    return None if since is None else max((now - since).total_seconds(), 0.0)


def uses_redis() -> bool:
    return settings.Q_BROKER.startswith("redis://")


def broker_backlog(lane: str, *, now: dt.datetime) -> LaneBacklog:
    """Messages waiting for the lane's cluster. The ORM broker's rows say since when (a
    message's lock is its enqueue time until a worker takes it); Redis only says how many."""
    if uses_redis():
        return LaneBacklog(lane, redis_client().llen(get_broker(lane).list_key), None)
    ready = OrmQ.objects.filter(key=lane, lock__lte=now)
    return _backlog(lane, ready.aggregate(n=Count("pk"), at=Min("lock")), now)


def redis_client():
    """A client that gives up quickly: a health check must answer even when Redis does not."""
    import redis

    return redis.Redis.from_url(
        settings.Q_BROKER,
        socket_connect_timeout=BROKER_TIMEOUT_SECONDS,
        socket_timeout=BROKER_TIMEOUT_SECONDS,
    )


def ping_broker() -> None:
    """Raises if the broker cannot be reached (the ORM broker is the database)."""
    if uses_redis():
        redis_client().ping()
    else:
        OrmQ.objects.exists()
