"""Polling turns remote changes into events: Snov.io prospects whose mapped values differ
from what we saw, Pipedrive persons updated since the watermark."""

import datetime as dt

import pytest
from django.utils import timezone

from integrations import connections
from integrations.clients.errors import RateLimited
from integrations.models import Direction, RealtimeState, Status
from integrations.status import set_status
from sandbox.snovio.models import Prospect as SandboxProspect
from syncengine.models import App, EventState, InboundEvent, RecordLink
from syncengine.polling import mapped_snovio_keys, poll_pipedrive, poll_snovio, prospect_payload
from syncengine.realtime.decide import prospect_fingerprint


def all_prospects(integration):
    client = connections.snovio_client(integration.snovio)
    found = {}
    for lst in client.get_user_lists():
        for prospect in client.iter_list_prospects(lst.id):
            found[prospect.id] = prospect
    return found


def touch(uid, **changes):
    SandboxProspect.objects.filter(uid=uid).update(updated_at=timezone.now(), **changes)


def test_snovio_poll_stores_events_only_for_changed_or_new_prospects(active):
    prospects = sorted(all_prospects(active).values(), key=lambda p: p.id)
    same, stale, edited_unlinked = prospects[0], prospects[1], prospects[2]
    keys = mapped_snovio_keys(active)
    RecordLink.objects.create(
        integration=active,
        email=same.email,
        snovio_id=same.id,
        seen_in_snovio=prospect_fingerprint(same, keys),
    )
    RecordLink.objects.create(
        integration=active, email=stale.email, snovio_id=stale.id, seen_in_snovio="old"
    )
    touch(edited_unlinked.id, first_name="Edited")

    assert poll_snovio(active) == 2

    events = {e.payload["prospect"]["id"]: e for e in InboundEvent.objects.all()}
    assert set(events) == {stale.id, edited_unlinked.id}
    event = events[stale.id]
    assert (event.source, event.kind, event.state) == (
        App.SNOVIO,
        "prospect.change",
        EventState.PENDING,
    )
    assert event.idempotency_key == f"poll:{stale.id}:{prospect_fingerprint(stale, keys)}"
    assert event.payload == {"prospect": prospect_payload(stale)}
    assert event.payload["prospect"]["list_ids"]
    assert events[edited_unlinked.id].payload["prospect"]["first_name"] == "Edited"


def test_a_second_snovio_poll_without_changes_stores_nothing(active):
    touch(next(iter(all_prospects(active))), last_name="Changed")
    assert poll_snovio(active) == 1
    assert poll_snovio(active) == 0
    assert InboundEvent.objects.count() == 1


def test_snovio_poll_reads_only_the_chosen_lists(active):
    client = connections.snovio_client(active.snovio)
    lists = [lst for lst in client.get_user_lists() if lst.contacts]
    chosen, other = lists[0], lists[1]
    in_chosen = {p.id for p in client.iter_list_prospects(chosen.id)}
    only_other = [p.id for p in client.iter_list_prospects(other.id) if p.id not in in_chosen]
    for uid in [*in_chosen, *only_other]:
        touch(uid, position="Polled")
    active.all_lists = False
    active.source_list_ids = [str(chosen.id)]
    active.save()
    poll_snovio(active)
    polled = {e.payload["prospect"]["id"] for e in InboundEvent.objects.all()}
    assert polled == in_chosen
    assert only_other


def test_a_rate_limited_snovio_poll_stops_and_resumes_at_the_same_list(active, monkeypatch):
    for uid in all_prospects(active):
        touch(uid, position="Polled")
    real = connections.snovio_client
    calls = []

    class LimitedOnce:
        def __init__(self, client):
            self.client = client

        def __getattr__(self, name):
            return getattr(self.client, name)

        def get_prospect_list(self, list_id, **kwargs):
            calls.append(list_id)
            if len(calls) == 2:
                raise RateLimited("slow down", retry_after=30)
            return self.client.get_prospect_list(list_id, **kwargs)

    monkeypatch.setattr(connections, "snovio_client", lambda c: LimitedOnce(real(c)))
    first = poll_snovio(active)
    stopped_at = calls[1]
    assert RealtimeState.objects.get(integration=active).snovio_cursor["list_id"] == stopped_at
    second = poll_snovio(active)
    assert calls[2] == stopped_at
    assert RealtimeState.objects.get(integration=active).snovio_cursor == {}
    assert first + second == InboundEvent.objects.count() == len(all_prospects(active))


@pytest.mark.parametrize(
    "status,direction", [(Status.PAUSED, Direction.BOTH), (Status.ACTIVE, Direction.TO_SNOVIO)]
)
def test_snovio_is_not_polled_when_paused_or_when_nothing_flows_to_pipedrive(
    active, status, direction, sandbox_http
):
    for uid in all_prospects(active):
        touch(uid, position="Polled")
    active.direction = direction
    active.save()
    set_status(active, status)
    before = len(sandbox_http.calls)
    assert poll_snovio(active) == 0
    assert len(sandbox_http.calls) == before


def edit_person(integration, **fields):
    client = connections.pipedrive_client(integration.pipedrive)
    person = next(iter(client.iter_persons()))
    return client.update_person(person.id, **fields)


def test_pipedrive_poll_stores_persons_changed_since_the_watermark_as_v2_bodies(active):
    edited = edit_person(active, job_title="Polled Officer")
    assert poll_pipedrive(active) == 1
    event = InboundEvent.objects.get()
    meta = event.payload["meta"]
    stamp = edited.update_time.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert (event.source, event.kind) == (App.PIPEDRIVE, "person.change")
    assert meta == {
        "action": "change",
        "entity": "person",
        "entity_id": str(edited.id),
        "timestamp": stamp,
        "change_source": "poll",
        "id": f"poll-{edited.id}-{stamp}",
    }
    assert event.idempotency_key == meta["id"]
    assert event.payload["data"]["job_title"] == "Polled Officer"
    assert event.payload["data"]["emails"][0]["primary"] is True
    state = RealtimeState.objects.get(integration=active)
    assert state.pipedrive_watermark == edited.update_time


def test_pipedrive_poll_moves_the_watermark_so_old_changes_are_not_read_again(
    active, sandbox_http
):
    edit_person(active, job_title="Once")
    poll_pipedrive(active)
    assert poll_pipedrive(active) == 0
    assert InboundEvent.objects.count() == 1


def test_pipedrive_poll_processing_reads_the_person_like_a_webhook(active):
    from syncengine.realtime.events import parse_person_event

    edited = edit_person(active, job_title="Same Shape")
    poll_pipedrive(active)
    parsed = parse_person_event(InboundEvent.objects.get().payload)
    assert parsed.person.id == edited.id
    assert parsed.person.emails == edited.emails
    assert parsed.change_source == "poll"


def test_a_rate_limited_pipedrive_poll_keeps_its_watermark(active, monkeypatch):
    edit_person(active, job_title="Limited")
    real = connections.pipedrive_client

    class Limited:
        def __init__(self, client):
            self.client = client

        def iter_persons(self, **filters):
            yield from self.client.iter_persons(**filters)
            raise RateLimited("daily budget spent", retry_after=3600, daily=True)

    monkeypatch.setattr(connections, "pipedrive_client", lambda c: Limited(real(c)))
    assert poll_pipedrive(active) == 1
    assert RealtimeState.objects.get(integration=active).pipedrive_watermark is None


def test_pipedrive_is_not_polled_when_nothing_flows_to_snovio(active):
    edit_person(active, job_title="Ignored")
    active.direction = Direction.TO_PIPEDRIVE
    active.save()
    assert poll_pipedrive(active) == 0


def test_unlinked_prospects_untouched_since_launch_are_left_to_the_manual_transfer(active):
    active.launched_at = timezone.now() + dt.timedelta(minutes=1)
    active.save()
    assert poll_snovio(active) == 0
