"""Duplicates, out-of-order deliveries, merges, deletes, ambiguity, one-way and status (B4–B6,
R2, R6.2) against both sandboxes."""

import copy

import pytest
from django.utils import timezone

from integrations.models import Direction, Status
from integrations.status import set_status
from sandbox.pipedrive import models as pd
from sandbox.pipedrive import people
from sandbox.pipedrive.faults import inject_fault
from sandbox.snovio import models as sn
from syncengine.models import EventState, InboundEvent, Outcome, RecordLink, SyncEntry
from syncengine.realtime import decide
from syncengine.realtime.links import ORPHAN_AFTER, claim_link
from syncengine.realtime.process import claim_event
from tests.realtime.conftest import (
    actor,
    deliver_pipedrive,
    edit_person,
    last_delivery_id,
    new_person,
    new_prospect,
    pipedrive_event,
    polled_event,
    run,
)


def entry(event):
    return SyncEntry.objects.get(event=event)


def test_a_finished_event_is_never_processed_twice(active):
    new_person("Ann Lee", "ann.lee@example.net")
    (event,) = deliver_pipedrive(active)
    run(event)
    assert claim_event(event.id) is False
    assert run(event).state == EventState.DONE
    assert SyncEntry.objects.filter(event=event).count() == 1


def test_only_one_task_claims_a_pending_event(active):
    new_person("Ann Lee", "ann.lee@example.net")
    (event,) = deliver_pipedrive(active)
    assert [claim_event(event.id), claim_event(event.id)] == [True, False]


def test_the_same_change_delivered_twice_writes_once(active):
    new_person("Ann Lee", "ann.lee@example.net", job_title="CTO")
    (event,) = deliver_pipedrive(active)
    copy_of_it = pipedrive_event(active, {**copy.deepcopy(event.payload), "meta": {
        **event.payload["meta"], "id": "redelivered", "attempt": 2}})  # fmt: skip
    run(event)
    assert entry(run(copy_of_it)).outcome == Outcome.ECHO
    assert sn.Prospect.objects.filter(email__iexact="ann.lee@example.net").count() == 1


def test_an_older_change_arriving_late_never_restores_stale_values(active):
    person = new_person("Ann Lee", "ann.lee@example.net", job_title="CTO")
    after = last_delivery_id()
    edit_person(person, job_title="CEO")
    (older,) = deliver_pipedrive(active, after)
    after = last_delivery_id()
    edit_person(person, job_title="Founder")
    (newer,) = deliver_pipedrive(active, after)

    assert entry(run(newer)).outcome == Outcome.CREATED
    assert entry(run(older)).outcome == Outcome.STALE
    assert sn.Prospect.objects.get(email__iexact="ann.lee@example.net").position == "Founder"


def test_two_events_of_one_new_prospect_create_one_person(active):
    prospect = new_prospect("eve.hart@example.net", "Eve", "Hart")
    first, second = polled_event(active, prospect), polled_event(active, prospect)
    run(first)
    run(second)
    assert pd.Person.objects.filter(emails__icontains="eve.hart@example.net").count() == 1
    assert RecordLink.objects.filter(integration=active, snovio_id=prospect.uid).count() == 1


def test_a_lost_race_for_a_new_link_reads_the_winners_link(active):
    winner = RecordLink.objects.create(
        integration=active, email="x@y.org", snovio_id="s1", pipedrive_id=7
    )
    assert claim_link(active, by="snovio_id", email="x@y.org", snovio_id="s1") == (winner, False)


def test_a_lost_race_while_the_winner_still_creates_waits_instead_of_creating_twice(active):
    prospect = new_prospect("race@example.net")
    RecordLink.objects.create(integration=active, email="race@example.net", snovio_id=prospect.uid)
    event = run(polled_event(active, prospect))
    assert event.state == EventState.WAITING
    assert not pd.Person.objects.filter(emails__icontains="race@example.net").exists()


def test_a_claim_left_by_a_crashed_task_is_taken_over(active):
    prospect = new_prospect("orphan@example.net")
    link = RecordLink.objects.create(
        integration=active, email="orphan@example.net", snovio_id=prospect.uid
    )
    RecordLink.objects.filter(pk=link.pk).update(updated_at=timezone.now() - ORPHAN_AFTER * 2)
    assert entry(run(polled_event(active, prospect))).outcome == Outcome.CREATED
    link.refresh_from_db()
    assert link.pipedrive_id is not None


def test_a_person_created_by_a_crashed_task_is_linked_not_created_again(active):
    prospect = new_prospect("crashed@example.net", "Cara", "Crash")
    link = RecordLink.objects.create(
        integration=active, email="crashed@example.net", snovio_id=prospect.uid
    )
    person = new_person("Cara Crash", "crashed@example.net")  # the write that got through
    RecordLink.objects.filter(pk=link.pk).update(updated_at=timezone.now() - ORPHAN_AFTER * 2)

    run(polled_event(active, prospect))

    assert pd.Person.objects.filter(emails__icontains="crashed@example.net").count() == 1
    link.refresh_from_db()
    assert link.pipedrive_id == person.id


def test_a_failed_create_releases_its_claim(active):
    prospect = new_prospect("release@example.net")
    inject_fault("/api/v2/persons", status=400, method="POST")
    run(polled_event(active, prospect))
    assert not RecordLink.objects.filter(integration=active, snovio_id=prospect.uid).exists()


def test_a_deleted_person_is_unlinked_and_the_prospect_is_kept(active):
    person = new_person("Ann Lee", "ann.lee@example.net")
    (created,) = deliver_pipedrive(active)
    run(created)
    after = last_delivery_id()
    people.delete_person(person, actor=actor(), source="app")
    (deleted,) = deliver_pipedrive(active, after)

    assert entry(run(deleted)).outcome == Outcome.UNLINKED
    link = RecordLink.objects.get(integration=active, pipedrive_id=person.id)
    assert link.closed_at is not None
    assert sn.Prospect.objects.filter(email__iexact="ann.lee@example.net").exists()


def test_a_merged_person_relinks_the_prospect_to_the_survivor(active):
    merged = new_person("Ann Lee", "ann.lee@example.net")
    (created,) = deliver_pipedrive(active)
    run(created)
    survivor = new_person("Ann B. Lee", "", job_title="CTO")
    after = last_delivery_id()
    people.merge_persons(survivor=survivor, merged=merged, actor=actor())
    events = deliver_pipedrive(active, after)
    delete = next(e for e in events if e.kind == "person.delete")
    assert delete.payload["meta"]["merged_to_id"] == str(survivor.id)

    assert entry(run(delete)).outcome == Outcome.RELINKED
    link = RecordLink.objects.get(
        integration=active, closed_at__isnull=True, email="ann.lee@example.net"
    )
    assert link.pipedrive_id == survivor.id
    change = next(e for e in events if e.kind == "person.change")
    assert entry(run(change)).outcome == Outcome.UPDATED
    assert sn.Prospect.objects.get(email__iexact="ann.lee@example.net").position == "CTO"
    assert sn.Prospect.objects.filter(email__iexact="ann.lee@example.net").count() == 1


def test_an_email_shared_by_two_persons_is_parked_as_ambiguous(active):
    prospect = new_prospect("twin@example.net", "Tw", "In")
    new_person("Twin One", "twin@example.net")
    new_person("Twin Two", "twin@example.net")
    before = pd.Person.objects.count()

    event = run(polled_event(active, prospect))
    result = entry(event)
    assert result.outcome == Outcome.AMBIGUOUS
    assert "choose" in result.message
    assert pd.Person.objects.count() == before
    assert not RecordLink.objects.filter(integration=active, snovio_id=prospect.uid).exists()


def test_one_way_to_pipedrive_never_writes_back_into_snovio(active):
    active.direction = Direction.TO_PIPEDRIVE
    active.save()
    person = new_person("Ann Lee", "ann.lee@example.net")
    (event,) = deliver_pipedrive(active)
    result = entry(run(event))
    assert (result.outcome, result.reason_code) == (Outcome.SKIPPED, "one_way")
    assert not sn.Prospect.objects.filter(email__iexact="ann.lee@example.net").exists()
    assert person.id


def test_one_way_to_snovio_never_writes_back_into_pipedrive(active):
    active.direction = Direction.TO_SNOVIO
    active.save()
    prospect = new_prospect("ben.ross@example.net")
    result = entry(run(polled_event(active, prospect)))
    assert (result.outcome, result.reason_code) == (Outcome.SKIPPED, "one_way")
    assert not pd.Person.objects.filter(emails__icontains="ben.ross@example.net").exists()


def test_prospects_of_lists_not_taking_part_are_skipped(active):
    lists = list(sn.ProspectList.objects.order_by("pk").values_list("pk", flat=True))
    active.all_lists, active.source_list_ids = False, [str(lists[1])]
    active.save()
    prospect = new_prospect("ben.ross@example.net", list_index=0)
    assert entry(run(polled_event(active, prospect))).reason_code == "list_not_included"


def test_events_wait_while_a_manual_transfer_runs_then_apply(active):
    set_status(active, Status.SYNCING)
    new_person("Ann Lee", "ann.lee@example.net")
    (event,) = deliver_pipedrive(active)
    before = timezone.now()
    assert run(event).state == EventState.WAITING
    assert event.next_attempt_at >= before + decide.SYNCING_WAIT
    assert not SyncEntry.objects.filter(event=event).exists()

    set_status(active, Status.ACTIVE)
    InboundEvent.objects.filter(pk=event.pk).update(next_attempt_at=timezone.now())
    assert run(event).state == EventState.DONE


@pytest.mark.parametrize(
    ("status", "reason"), [(Status.PAUSED, "paused"), (Status.SETUP, "not_active")]
)
def test_a_paused_integration_records_events_as_not_synced(active, status, reason):
    set_status(active, status)
    new_person("Ann Lee", "ann.lee@example.net")
    (event,) = deliver_pipedrive(active)
    assert run(event).state == EventState.DONE
    assert (entry(event).outcome, entry(event).reason_code) == (Outcome.SKIPPED, reason)
    assert not sn.Prospect.objects.filter(email__iexact="ann.lee@example.net").exists()
