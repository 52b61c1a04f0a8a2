"""Campaign emails as done Pipedrive activities, updated as their status changes (R3.5)."""

import pytest

from automations.models import EmailActivity
from sandbox.pipedrive import models as pd
from sandbox.snovio import models as sn
from syncengine.models import EventState, InboundEvent, Outcome, SyncEntry
from tests.realtime.conftest import campaign_event, company, new_prospect, run


@pytest.fixture
def history(active):
    active.include_email_history = True
    active.save()
    return active


def activities_of(email):
    person = pd.Person.objects.get(emails__icontains=email)
    return pd.Activity.objects.filter(person=person)


def test_a_sent_campaign_email_becomes_a_done_email_activity_on_a_new_person(history):
    prospect = new_prospect("ann.lee@example.net", "Ann", "Lee")
    event = run(campaign_event(history, prospect, "sent"))
    assert event.state == EventState.DONE

    (activity,) = activities_of("ann.lee@example.net")
    message = sn.CampaignMessage.objects.get(prospect=prospect)
    assert (activity.type, activity.done) == ("email", True)
    assert activity.subject == f"{message.subject} [Sent]"
    assert "Conference follow-up" in activity.note and "Sent" in activity.note
    assert "Would a short call make sense?" in activity.note
    assert EmailActivity.objects.get(message_id=message.uid).activity_id == activity.id
    logged = set(SyncEntry.objects.filter(event=event).values_list("outcome", "reason_code"))
    assert (Outcome.CREATED, "email_history") in logged


def test_opened_and_replied_update_the_same_activity(history):
    prospect = new_prospect("ann.lee@example.net", "Ann", "Lee")
    run(campaign_event(history, prospect, "sent"))
    run(campaign_event(history, prospect, "opened"))
    (activity,) = activities_of("ann.lee@example.net")
    assert activity.subject.endswith("[Opened]")

    run(campaign_event(history, prospect, "replied"))
    (activity,) = activities_of("ann.lee@example.net")
    assert activity.subject.endswith("[Replied]")
    assert "Could we talk next week?" in activity.note


def test_a_late_open_never_hides_a_reply(history):
    prospect = new_prospect("ann.lee@example.net", "Ann", "Lee")
    run(campaign_event(history, prospect, "sent"))
    run(campaign_event(history, prospect, "replied"))
    run(campaign_event(history, prospect, "opened"))
    (activity,) = activities_of("ann.lee@example.net")
    assert activity.subject.endswith("[Replied]")


def test_a_redelivered_sent_event_never_duplicates_the_activity(history):
    prospect = new_prospect("ann.lee@example.net", "Ann", "Lee")
    first = campaign_event(history, prospect, "sent")
    again = InboundEvent.objects.create(
        integration=history,
        source="snovio",
        kind=first.kind,
        idempotency_key="another-delivery",
        payload=first.payload,
    )
    run(first)
    run(again)
    assert activities_of("ann.lee@example.net").count() == 1


def test_the_email_body_is_escaped_in_the_note(history):
    prospect = new_prospect("ann.lee@example.net", "Ann", "<b>Lee</b>", company_name="<script>x")
    run(campaign_event(history, prospect, "sent"))
    (activity,) = activities_of("ann.lee@example.net")
    assert "<script>" not in activity.note
    assert "&lt;script&gt;" in activity.note


def test_without_an_email_activity_type_the_history_uses_tasks(history):
    pd.ActivityType.objects.filter(company=company(), key_string="email").update(active=False)
    prospect = new_prospect("ann.lee@example.net", "Ann", "Lee")
    run(campaign_event(history, prospect, "sent"))
    (activity,) = activities_of("ann.lee@example.net")
    assert activity.type == "task"


def test_with_the_history_off_campaign_emails_are_ignored(active):
    prospect = new_prospect("ann.lee@example.net", "Ann", "Lee")
    event = run(campaign_event(active, prospect, "sent"))
    assert event.state == EventState.IGNORED
    assert not pd.Person.objects.filter(emails__icontains="ann.lee@example.net").exists()
