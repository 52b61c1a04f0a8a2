"""Both sandboxes answer 429s and 5xx for a while, then recover: every event is applied,
once (issue 4, Reliability; DESIGN "Rate limits and errors")."""

import pytest
from django.utils import timezone

from sandbox.pipedrive import models as pd
from sandbox.pipedrive.faults import inject_fault
from sandbox.snovio import models as sn
from sandbox.snovio.faults import add_fault
from syncengine.models import EventState, InboundEvent, SyncEntry
from tests.reliability.cluster import Cluster, wait_until
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


def faults_left() -> int:
    pipedrive = sum(pd.Fault.objects.values_list("remaining", flat=True))
    return pipedrive + sum(sn.Fault.objects.values_list("remaining", flat=True))


def test_429s_and_5xx_for_a_while_then_recovery_lose_nothing_and_duplicate_nothing(
    live_integration, live_site, use_broker
):
    events = make_events(live_integration, prospects=PROSPECTS, persons=PERSONS)
    inject_fault("/api/v2/persons", status=429, times=12, retry_after=1)
    inject_fault("/api/v2/persons", status=503, times=6, method="POST")
    inject_fault("/api/v2/persons/search", status=500, times=6)
    add_fault("/v1/", status=429, remaining=6)
    add_fault("/v1/", status=500, remaining=6)
    use_broker("orm")
    with Cluster(site_url=live_site, workers=2) as cluster:
        tick = tick_for(cluster)
        ring(events)
        wait_until(
            lambda: faults_left() == 0,
            timeout=60,
            tick=tick,
            what=lambda: f"the sandboxes to use up their faults:\n{cluster.report()}",
        )

        def time_passes() -> None:
            """Backoffs (30 s and more after a 5xx) elapse at once: the sandboxes are well."""
            waiting = InboundEvent.objects.filter(state=EventState.WAITING)
            waiting.update(next_attempt_at=timezone.now())
            tick()

        wait_until(
            lambda: all_finished(events),
            timeout=60,
            tick=time_passes,
            every=1,
            what=lambda: f"every event to finish ({event_states(events)}):\n{cluster.report()}",
        )
    assert SyncEntry.objects.filter(outcome="failed").count() == 0
    assert InboundEvent.objects.filter(pk__in=[e.pk for e in events], attempts__gt=0).exists()
    assert_applied_exactly_once(live_integration, events, prospects=PROSPECTS, persons=PERSONS)
