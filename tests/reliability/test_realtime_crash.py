"""A worker killed in the middle of processing loses nothing and applies nothing twice
(issue 4, Reliability; DESIGN "Work is durable in the database")."""

import os

import pytest
import redis

from syncengine.models import EventState, InboundEvent
from tests.reliability.cluster import Cluster, wait_until, waiting_for_a_task
from tests.reliability.conftest import (
    all_finished,
    assert_applied_exactly_once,
    event_states,
    make_events,
    ring,
    tick_for,
)

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PROSPECTS, PERSONS = 30, 10
PROCESS = "syncengine.tasks.drain_integration"
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/13")


def kill_a_worker_mid_event(cluster: Cluster, events, attempts: int = 3) -> int:
    """SIGKILL the worker that most recently started an event, until one is left RUNNING
    with nobody working on it; returns that event's id."""
    ids = [e.pk for e in events]
    for _ in range(attempts):
        pid = wait_until(
            lambda: holding_an_event(cluster, ids),
            timeout=30,
            every=0.01,
            what=lambda: f"a worker processing an event:\n{cluster.tail()}",
        )
        cluster.kill_worker(pid)
        running = set(
            InboundEvent.objects.filter(pk__in=ids, state=EventState.RUNNING).values_list(
                "pk", flat=True
            )
        )
        others_done_with_what_they_held(cluster)
        orphaned = InboundEvent.objects.filter(pk__in=running, state=EventState.RUNNING)
        if orphaned.exists():
            return orphaned.first().pk
    raise AssertionError(f"{attempts} kills left no event behind:\n{cluster.tail()}")


def holding_an_event(cluster: Cluster, ids) -> int | None:
    """The worker that most recently started an event, once it holds one: as many events are
    running as workers are busy. (A worker that has just started a task may still be loading
    its code, a while on a busy machine, and hold no event yet.)"""
    pid = cluster.busy_worker(PROCESS)
    busy = [p for p in cluster.alive_workers().values() if not waiting_for_a_task(p)]
    running = InboundEvent.objects.filter(pk__in=ids, state=EventState.RUNNING).count()
    return pid if pid and running >= len(busy) else None


def others_done_with_what_they_held(cluster: Cluster) -> None:
    """Wait until every live worker has finished the task it is at now (it started another
    one or waits for one): an event running before this and still running after it was the
    dead worker's, however long a live worker takes over an event."""
    started, alive = cluster.tasks_started(), cluster.alive_workers()
    wait_until(
        lambda: all(
            cluster.tasks_started()[name] > started[name] or waiting_for_a_task(pid)
            for name, pid in alive.items()
        ),
        timeout=60,
        every=0.05,
        what=lambda: f"the live workers to finish their tasks:\n{cluster.tail()}",
    )


def crash_and_recover(integration, live_site, broker: str) -> None:
    events = make_events(integration, prospects=PROSPECTS, persons=PERSONS)
    with Cluster(site_url=live_site, workers=2, broker=broker) as cluster:
        ring(events)
        orphan = kill_a_worker_mid_event(cluster, events)
        wait_until(
            lambda: all_finished(events),
            timeout=60,
            tick=tick_for(cluster),
            every=1,
            what=lambda: f"every event to finish ({event_states(events)}):\n{cluster.report()}",
        )
        assert len(cluster.alive_workers()) == 2, "django-q replaced the dead worker"
    assert InboundEvent.objects.get(pk=orphan).state == EventState.DONE
    assert_applied_exactly_once(integration, events, prospects=PROSPECTS, persons=PERSONS)


def test_a_worker_killed_mid_event_loses_nothing_and_duplicates_nothing_orm_broker(
    live_integration, live_site, use_broker
):
    use_broker("orm")
    crash_and_recover(live_integration, live_site, "orm")


def test_the_same_crash_with_the_redis_broker_which_keeps_no_receipts(
    live_integration, live_site, use_broker
):
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.ConnectionError:
        pytest.skip(f"Redis is not reachable at {REDIS_URL}")
    client.flushdb()
    try:
        use_broker(REDIS_URL)
        crash_and_recover(live_integration, live_site, REDIS_URL)
    finally:
        client.flushdb()
