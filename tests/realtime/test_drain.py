"""The realtime lane rings once per integration and drains a few seconds at a time, so one
account's burst takes turns with everyone else's events (issue 12's fairness, B13)."""

import itertools

import pytest

from config import lanes
from integrations.models import Status
from syncengine.models import EventState, InboundEvent
from syncengine.realtime import drain
from tests.factories import make_integration

KEYS = itertools.count()


@pytest.fixture
def queue(monkeypatch):
    """The realtime lane's queue, in order: what was rung, not run."""
    rung = []
    monkeypatch.setattr(
        "config.lanes.async_task",
        lambda func, *args, cluster: rung.append((func, *args)),
    )
    return rung


def stored(integration, n: int = 1) -> list[InboundEvent]:
    """Pending person events of a paused integration: each runs at once (logged, not synced)."""
    return [
        InboundEvent.objects.create(
            integration=integration,
            source="pipedrive",
            kind="person.change",
            idempotency_key=f"k{next(KEYS)}",
            payload={"meta": {"entity_id": 1}, "data": None},
        )  # fmt: skip
        for _ in range(n)
    ]


def states(events) -> set[str]:
    return set(
        InboundEvent.objects.filter(pk__in=[e.pk for e in events]).values_list("state", flat=True)
    )


@pytest.fixture
def a_and_b(db):
    return make_integration(status=Status.PAUSED), make_integration(status=Status.PAUSED)


def test_a_burst_rings_once_and_its_next_turn_comes_after_the_other_accounts(a_and_b, queue):
    a, b = a_and_b
    burst = stored(a, 5)
    assert [drain.ring(a.pk) for _ in burst] == [True, False, False, False, False]
    stored(b)
    drain.ring(b.pk)
    assert queue == [(lanes.DRAIN.func, a.pk), (lanes.DRAIN.func, b.pk)]

    ticks = iter([0.0, 10.0])  # the first event uses up A's turn
    assert drain.drain(a.pk, seconds=5, clock=lambda: next(ticks, 99.0)) == 1
    assert queue[2:] == [(lanes.DRAIN.func, a.pk)]  # behind B's bell, not before it
    assert len(states(burst[1:]) & {EventState.PENDING}) == 1


def test_a_drain_runs_every_due_event_once_and_then_lets_go_of_the_bell(a_and_b, queue):
    a, _ = a_and_b
    events = stored(a, 3)
    drain.ring(a.pk)
    assert drain.drain(a.pk) == 3
    assert states(events) == {EventState.DONE}
    assert drain.drain(a.pk) == 0  # a second bell finds nothing to run twice
    assert drain.ring(a.pk) is True  # the lease was dropped: the next event rings again


def test_events_waiting_for_later_do_not_keep_the_bell(a_and_b, queue):
    from django.utils import timezone

    a, _ = a_and_b
    (event,) = stored(a)
    later = timezone.now() + timezone.timedelta(minutes=5)
    InboundEvent.objects.filter(pk=event.pk).update(
        state=EventState.WAITING, next_attempt_at=later
    )
    drain.ring(a.pk)
    assert drain.drain(a.pk) == 0
    assert not drain.lease_held(a.pk)  # the tick rings when it is due


def test_an_event_stored_while_the_bell_was_still_out_is_rung_for(a_and_b, queue, monkeypatch):
    a, _ = a_and_b
    drain.ring(a.pk)
    late = []
    give_back = drain.give_back_lease

    def intake_meanwhile(integration_id):
        late.extend(stored(a))  # intake saw the lease and did not ring
        give_back(integration_id)

    monkeypatch.setattr(drain, "give_back_lease", intake_meanwhile)
    drain.drain(a.pk)
    assert late and queue == [(lanes.DRAIN.func, a.pk)] * 2
    assert InboundEvent.objects.get(pk=late[0].pk).state == EventState.PENDING


def test_of_many_takers_of_a_free_lease_one_wins(a_and_b):
    a, _ = a_and_b
    assert [drain.take_lease(a.pk) for _ in range(3)] == [True, False, False]
    drain.give_back_lease(a.pk)
    assert [drain.take_lease(a.pk) for _ in range(2)] == [True, False]


def test_a_lapsed_lease_can_be_taken_again(a_and_b):
    from django.utils import timezone

    from syncengine.models import DrainLease

    a, _ = a_and_b
    assert drain.take_lease(a.pk)
    DrainLease.objects.filter(pk=a.pk).update(until=timezone.now())  # its drain died
    assert drain.take_lease(a.pk)
    assert drain.lease_held(a.pk)


def test_a_long_drain_renews_its_lease(a_and_b, queue, monkeypatch):
    a, _ = a_and_b
    stored(a, 3)
    drain.ring(a.pk)
    renewed = []
    monkeypatch.setattr(drain, "renew_lease", renewed.append)
    clock = iter([0.0, 1.0, drain.RENEW_SECONDS + 1, drain.RENEW_SECONDS + 2])
    assert drain.drain(a.pk, seconds=60, clock=lambda: next(clock)) == 3
    assert renewed == [a.pk]
