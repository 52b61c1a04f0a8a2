"""An Active integration whose connections point at the live server (the sandboxes over real
HTTP), and what a test needs around a real qcluster: its broker, its tick, its events."""

import datetime as dt

import pytest
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django_q.conf import Conf

from integrations.models import RealtimeState, Status
from integrations.status import set_status
from sandbox.pipedrive import models as pd
from sandbox.snovio import models as sn
from syncengine import scheduler
from syncengine.intake import enqueue_processing
from syncengine.models import EventState, InboundEvent, RecordLink, SyncEntry
from syncengine.realtime import drain
from syncengine.realtime.links import ORPHAN_AFTER
from tests.realtime.conftest import (
    actor,
    company,
    deliver_pipedrive,
    new_person,
    new_prospect,
    polled_event,
)
from tests.reliability.cluster import Cluster
from tests.transfer.helpers import persons_by_email, prospects_by_email

FINISHED = (EventState.DONE, EventState.IGNORED, EventState.FAILED)


@pytest.fixture
def live_site(live_server, settings):
    """Every outside-app URL of this process points at the live server (as tests/e2e does)."""
    url = live_server.url
    settings.SITE_URL = url
    settings.PIPEDRIVE_OAUTH_URL = f"{url}/sandbox/pipedrive"
    settings.PIPEDRIVE_API_URL = f"{url}/sandbox/pipedrive"
    settings.PIPEDRIVE_REDIRECT_URI = f"{url}/integration/pipedrive/callback/"
    settings.SNOVIO_API_URL = f"{url}/sandbox/snovio"
    return url


@pytest.fixture
def live_integration(live_site, owner_client, integration):
    """Both sandboxes seeded and connected over HTTP (so Pipedrive's api_domain is the live
    server), the exchange filled in, launched and Active. Nothing polls or checks webhooks
    by itself: the tests ring every bell."""
    return connect_live(owner_client, integration, live_site)


def connect_live(owner_client, integration, live_site):
    from sandbox.pipedrive.seed import seed_sandbox as seed_pipedrive
    from sandbox.snovio.seed import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET
    from sandbox.snovio.seed import seed_sandbox as seed_snovio
    from syncengine.schema_refresh import load_schema
    from tests.pipedrive_helpers import connect_pipedrive

    seed_snovio(prospects=10)
    seed_pipedrive(persons=5)
    owner_client.post(
        reverse("integrations-snovio-connect", args=[integration.uuid]),
        {"client_id": DEMO_CLIENT_ID, "client_secret": DEMO_CLIENT_SECRET},
    )
    connect_pipedrive(owner_client, integration)
    integration.refresh_from_db()
    assert integration.pipedrive.api_domain.startswith(live_site), integration.pipedrive
    schema = load_schema(integration)
    integration.target_list_id = schema.snovio_lists[0].id
    integration.owner_user_id = schema.pipedrive_users[0].id
    integration.launched_at = timezone.now()
    integration.save()
    set_status(integration, Status.ACTIVE)
    quiet(integration)
    return integration


def quiet(integration) -> None:
    """No webhooks in the sandboxes (nothing echoes back into the inbox), and polls and
    webhook checks not due: a tick then only re-enqueues events."""
    pd.Webhook.objects.all().delete()
    sn.Webhook.objects.all().delete()
    later = timezone.now() + dt.timedelta(days=1)
    RealtimeState.objects.update_or_create(
        integration=integration,
        defaults={"next_poll_at": later, "webhooks_checked_at": timezone.now()},
    )


@pytest.fixture
def use_broker(monkeypatch):
    """This process enqueues to the cluster's broker (tests run django-q in sync mode):
    "orm" (the default) or a redis:// URL."""

    def use(broker: str = "orm") -> None:
        monkeypatch.setattr(Conf, "SYNC", False)
        if broker.startswith("redis://"):
            monkeypatch.setattr(Conf, "ORM", None)
            monkeypatch.setattr(Conf, "BROKER_CLASS", None)  # as settings.py leaves it for Redis
            monkeypatch.setattr(Conf, "REDIS", broker)

    return use


def tick_for(cluster: Cluster):
    """The scheduler's tick, run here every poll instead of once a minute in the cluster.

    Time runs fast for what a dead worker left behind, and only for that. While every live
    worker of `cluster` waits for a task, an event still running and a link claim still
    unsettled belong to nobody: they are aged past EVENT_STUCK_MINUTES and ORPHAN_AFTER, as
    the minutes after a crash would. (Aging whatever is older than a few seconds would take
    a slow live task's event and link from under it.)"""

    def tick() -> None:
        from django.conf import settings

        running = InboundEvent.objects.filter(state=EventState.RUNNING)
        unsettled = RecordLink.objects.filter(
            Q(pipedrive_id__isnull=True) | Q(snovio_id=""), closed_at__isnull=True
        )
        held = list(running.values_list("pk", "next_attempt_at"))
        claims = list(unsettled.values_list("pk", "updated_at"))
        if held + claims and cluster.idle():  # all of them were claimed before the look
            now = timezone.now()
            stuck_since = now - dt.timedelta(minutes=settings.EVENT_STUCK_MINUTES, seconds=1)
            for pk, claimed_at in held:
                running.filter(pk=pk, next_attempt_at=claimed_at).update(
                    next_attempt_at=stuck_since
                )
            for pk, updated_at in claims:
                unsettled.filter(pk=pk, updated_at=updated_at).update(
                    updated_at=now - ORPHAN_AFTER
                )
        if cluster.idle():  # no drain runs: a lease still held is a lost bell's, let it lapse
            due = InboundEvent.objects.filter(state=EventState.PENDING)
            for integration_id in set(due.values_list("integration_id", flat=True)):
                drain.give_back_lease(integration_id)
        scheduler.tick()

    return tick


# -- Real-time events, built as tests/realtime builds them ---------------------------------


def make_events(integration, *, prospects: int, persons: int) -> list[InboundEvent]:
    """Polled prospect changes (→ new Pipedrive persons) and Pipedrive person creations
    (→ new Snov.io prospects), stored pending as intake stores them."""
    hook = pd.Webhook.objects.create(
        company=company(), user=actor(), event_action="*", event_object="person",
        subscription_url=f"{integration_site()}/not-delivered/",
    )  # fmt: skip
    for n in range(persons):
        new_person(f"Paula Person{n}", f"paula{n}@example.net", job_title="Buyer")
    events = deliver_pipedrive(integration)
    hook.delete()
    for n in range(prospects):
        prospect = new_prospect(f"sam{n}@example.net", "Sam", f"Prospect{n}", position="CTO")
        events.append(polled_event(integration, prospect))
    assert len(events) == prospects + persons
    return events


def ring(events) -> None:
    """What intake does once an event is committed: enqueue its processing."""
    for event in events:
        enqueue_processing(event.pk)


def integration_site() -> str:
    from django.conf import settings

    return settings.SITE_URL


def event_states(events) -> dict[str, int]:
    states: dict[str, int] = {}
    for state in InboundEvent.objects.filter(pk__in=[e.pk for e in events]).values_list(
        "state", flat=True
    ):
        states[state] = states.get(state, 0) + 1
    return states


def all_finished(events) -> bool:
    states = event_states(events)
    return sum(states.get(s, 0) for s in FINISHED) == len(events)


def assert_applied_exactly_once(integration, events, *, prospects: int, persons: int) -> None:
    """Every event done; one Pipedrive person per prospect email and one Snov.io prospect per
    person email; one link and one "created" log entry per record."""
    assert event_states(events) == {EventState.DONE: len(events)}, (
        InboundEvent.objects.filter(pk__in=[e.pk for e in events])
        .exclude(state=EventState.DONE)
        .values_list("pk", "state", "last_error")
    )
    people, prospects_found = persons_by_email(), prospects_by_email()
    for n in range(prospects):
        email = f"sam{n}@example.net"
        assert len(people.get(email, [])) == 1, (email, people.get(email))
    for n in range(persons):
        email = f"paula{n}@example.net"
        assert len(prospects_found.get(email, [])) == 1, (email, prospects_found.get(email))
    emails = [f"sam{n}@example.net" for n in range(prospects)]
    emails += [f"paula{n}@example.net" for n in range(persons)]
    links = RecordLink.objects.filter(integration=integration, email__in=emails)
    assert links.count() == len(emails), list(links.values_list("email", flat=True))
    assert links.filter(snovio_id__gt="", pipedrive_id__isnull=False).count() == len(emails)
    created = SyncEntry.objects.filter(integration=integration, outcome="created")
    assert sorted(created.values_list("email", flat=True)) == sorted(emails)
