"""Two-way sync against both sandboxes: a change travels once, and its echo stops (B3)."""

from sandbox.pipedrive import models as pd
from sandbox.snovio import models as sn
from syncengine.models import EventState, Outcome, RecordLink, SyncEntry
from tests.realtime.conftest import (
    deliver_pipedrive,
    edit_person,
    edit_prospect,
    last_delivery_id,
    new_person,
    new_prospect,
    polled_event,
    run,
)


def outcomes(event):
    return list(SyncEntry.objects.filter(event=event).values_list("outcome", flat=True))


def test_a_person_created_in_pipedrive_becomes_a_prospect_and_its_echo_is_dropped(active):
    new_person("Ann Lee", "Ann.Lee@Example.net", job_title="CTO")
    (event,) = deliver_pipedrive(active)

    assert run(event).state == EventState.DONE
    assert outcomes(event) == [Outcome.CREATED]
    prospect = sn.Prospect.objects.get(email__iexact="ann.lee@example.net")
    assert (prospect.first_name, prospect.last_name, prospect.position) == ("Ann", "Lee", "CTO")
    assert prospect.lists.filter(pk=int(active.target_list_id)).exists()

    before = last_delivery_id()
    echo = run(polled_event(active, prospect))
    assert outcomes(echo) == [Outcome.ECHO]
    assert last_delivery_id() == before  # nothing was written to Pipedrive


def test_a_prospect_changed_in_snovio_updates_pipedrive_once_and_the_webhook_back_is_dropped(
    active,
):
    prospect = new_prospect("ben.ross@example.net", "Ben", "Ross", position="Buyer")
    created = run(polled_event(active, prospect))
    assert outcomes(created) == [Outcome.CREATED]
    person = pd.Person.objects.get(emails__icontains="ben.ross@example.net")
    assert person.job_title == "Buyer"
    assert person.owner_id == active.owner_user_id

    edit_prospect(prospect, position="Head of Buying")
    after = last_delivery_id()
    changed = run(polled_event(active, prospect))
    assert outcomes(changed) == [Outcome.UPDATED]
    person.refresh_from_db()
    assert person.job_title == "Head of Buying"

    stamp = sn.Prospect.objects.get(pk=prospect.pk).updated_at
    (webhook,) = deliver_pipedrive(active, after)
    assert webhook.payload["meta"]["change_source"] == "api"
    assert outcomes(run(webhook)) == [Outcome.ECHO]
    assert sn.Prospect.objects.get(pk=prospect.pk).updated_at == stamp  # not written back


def test_a_genuine_later_edit_of_the_same_field_is_never_dropped(active):
    prospect = new_prospect("cara.diaz@example.net", "Cara", "Diaz", position="CEO")
    after = last_delivery_id()
    run(polled_event(active, prospect))
    for echo in deliver_pipedrive(active, after):
        run(echo)
    person = pd.Person.objects.get(emails__icontains="cara.diaz@example.net")

    after = last_delivery_id()
    edit_person(person, job_title="Founder")
    (first,) = deliver_pipedrive(active, after)
    assert outcomes(run(first)) == [Outcome.UPDATED]
    assert sn.Prospect.objects.get(pk=prospect.pk).position == "Founder"

    after = last_delivery_id()
    edit_person(person, job_title="CEO")  # back to the value we once wrote ourselves
    (second,) = deliver_pipedrive(active, after)
    assert outcomes(run(second)) == [Outcome.UPDATED]
    assert sn.Prospect.objects.get(pk=prospect.pk).position == "CEO"


def test_the_link_remembers_both_records_and_what_was_written(active):
    prospect = new_prospect("dan.fox@example.net", "Dan", "Fox")
    run(polled_event(active, prospect))
    link = RecordLink.objects.get(integration=active, snovio_id=prospect.uid)
    person = pd.Person.objects.get(emails__icontains="dan.fox@example.net")
    assert link.pipedrive_id == person.id
    assert link.email == "dan.fox@example.net"
    assert link.written_to_pipedrive and link.written_to_snovio
    assert link.pipedrive_updated_at is not None
