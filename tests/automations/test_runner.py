"""Automations run for campaign events against both sandboxes (R5): each action, the cases
where an action cannot run, and idempotency under redelivery and retries."""

import datetime as dt
import zoneinfo

import pytest

from automations.models import ActionRun, Automation, AutomationAction, RunState
from sandbox.pipedrive import models as pd
from sandbox.pipedrive.faults import inject_fault
from syncengine.models import EventState, InboundEvent, Outcome, SyncEntry
from tests.realtime.conftest import (
    active,  # noqa: F401 - fixture
    campaign_event,
    company,
    make_due,
    new_person,
    new_prospect,
    run,
)

EMAIL = "ben.ross@example.net"


def stage(pipeline_name, stage_name) -> pd.Stage:
    return pd.Stage.objects.get(
        pipeline__company=company(), pipeline__name=pipeline_name, name=stage_name
    )


def automation(integration, trigger="email_sent", *actions, enabled=True):
    auto = Automation.objects.create(integration=integration, trigger=trigger, enabled=enabled)
    for position, (action_type, params) in enumerate(actions):
        AutomationAction.objects.create(
            automation=auto, action_type=action_type, position=position, **params
        )
    return auto


def sales():
    return pd.Pipeline.objects.get(company=company(), name="Sales")


def deals_of(email):
    return pd.Deal.objects.filter(person__emails__icontains=email)


def logged(event):
    return list(
        SyncEntry.objects.filter(event=event, origin="automation")
        .order_by("id")
        .values_list("outcome", "reason_code")
    )


def test_the_example_automation_creates_moves_and_adds_a_task(active):  # noqa: F811
    automation(
        active,
        "email_sent",
        ("create_deal", {"pipeline_id": sales().id}),
        ("move_to_stage", {"pipeline_id": sales().id, "stage_id": stage("Sales", "Contacted").id}),
        ("add_activity", {"subject": "Call back"}),
    )
    prospect = new_prospect(EMAIL, "Ben", "Ross")
    event = run(campaign_event(active, prospect, "sent"))
    assert event.state == EventState.DONE

    person = pd.Person.objects.get(emails__icontains=EMAIL)
    (deal,) = deals_of(EMAIL)
    assert (deal.title, deal.stage.name, deal.owner_id) == (
        "Ben Ross deal",
        "Contacted",
        active.owner_user_id,
    )
    (task,) = pd.Activity.objects.filter(person=person)
    owner = pd.User.objects.get(pk=active.owner_user_id)
    today = dt.datetime.now(zoneinfo.ZoneInfo(owner.timezone_name)).date()
    assert (task.subject, task.type, task.done, task.deal_id, task.due_date) == (
        "Call back", "task", False, deal.id, today,
    )  # fmt: skip
    assert logged(event) == [
        (Outcome.CREATED, "create_deal"),
        (Outcome.UPDATED, "move_to_stage"),
        (Outcome.CREATED, "add_activity"),
    ]


def test_a_new_deal_lands_in_the_first_stage_of_the_chosen_pipeline(active):  # noqa: F811
    partners = pd.Pipeline.objects.get(company=company(), name="Partners")
    pd.Stage.objects.filter(pipeline=partners, name="Signed").update(order_nr=-1)  # now first
    automation(active, "replied", ("create_deal", {"pipeline_id": partners.id}))
    prospect = new_prospect(EMAIL, "Ben", "Ross")
    run(campaign_event(active, prospect, "sent"))
    run(campaign_event(active, prospect, "replied"))
    (deal,) = deals_of(EMAIL)
    assert (deal.pipeline_id, deal.stage.name) == (partners.id, "Signed")


def test_without_an_open_deal_move_to_stage_is_logged_and_the_next_actions_run(active):  # noqa: F811
    automation(
        active,
        "email_sent",
        ("move_to_stage", {"pipeline_id": sales().id, "stage_id": stage("Sales", "Contacted").id}),
        ("next_stage", {}),
        ("add_activity", {"subject": "Call back"}),
    )
    event = run(campaign_event(active, new_prospect(EMAIL, "Ben", "Ross"), "sent"))
    assert logged(event) == [
        (Outcome.SKIPPED, "no_active_deal"),
        (Outcome.SKIPPED, "no_active_deal"),
        (Outcome.CREATED, "add_activity"),
    ]
    entry = SyncEntry.objects.filter(event=event, reason_code="no_active_deal").first()
    assert "No open deal" in entry.message
    (task,) = pd.Activity.objects.filter(person__emails__icontains=EMAIL)
    assert task.deal_id is None
    assert not deals_of(EMAIL).exists()


def person_with_deal(stage_obj, *, status="open", title="Old deal"):
    person = new_person("Ben Ross", EMAIL)
    deal = pd.Deal.objects.create(
        company=company(),
        title=title,
        person=person,
        pipeline=stage_obj.pipeline,
        stage=stage_obj,
        status=status,
        owner=company().users.first(),
    )
    return person, deal


def test_next_stage_moves_the_open_deal_by_stage_order(active):  # noqa: F811
    _, deal = person_with_deal(stage("Sales", "Contacted"))
    automation(active, "email_opened", ("next_stage", {}))
    prospect = new_prospect(EMAIL, "Ben", "Ross")
    run(campaign_event(active, prospect, "sent"))
    run(campaign_event(active, prospect, "opened"))
    deal.refresh_from_db()
    assert deal.stage.name == "Demo Scheduled"


def test_next_stage_in_the_last_stage_is_a_logged_no_op(active):  # noqa: F811
    _, deal = person_with_deal(stage("Sales", "Negotiations Started"))
    automation(active, "email_sent", ("next_stage", {}))
    event = run(campaign_event(active, new_prospect(EMAIL, "Ben", "Ross"), "sent"))
    assert logged(event) == [(Outcome.SKIPPED, "last_stage")]
    deal.refresh_from_db()
    assert deal.stage.name == "Negotiations Started"


def test_only_an_open_deal_is_moved_and_the_most_recently_updated_one(active):  # noqa: F811
    person, won = person_with_deal(stage("Sales", "Lead In"), status="won", title="Won")
    lead_in = stage("Sales", "Lead In")
    older = pd.Deal.objects.create(
        company=company(),
        title="Older",
        person=person,
        pipeline=sales(),
        stage=lead_in,
        update_time=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
    )
    newer = pd.Deal.objects.create(
        company=company(), title="Newer", person=person, pipeline=sales(), stage=lead_in
    )
    automation(
        active,
        "email_sent",
        ("move_to_stage", {"pipeline_id": sales().id, "stage_id": stage("Sales", "Contacted").id}),
    )
    run(campaign_event(active, new_prospect(EMAIL, "Ben", "Ross"), "sent"))
    for deal in (won, older, newer):
        deal.refresh_from_db()
    assert [d.stage.name for d in (won, older, newer)] == ["Lead In", "Lead In", "Contacted"]


def test_an_existing_person_is_found_by_email_not_created_again(active):  # noqa: F811
    person = new_person("Ben Ross", EMAIL)
    automation(active, "email_sent", ("add_activity", {"subject": "Call"}))
    run(campaign_event(active, new_prospect(EMAIL, "Ben", "Ross"), "sent"))
    assert pd.Person.objects.filter(emails__icontains=EMAIL).count() == 1
    assert pd.Activity.objects.filter(person=person).count() == 1


def test_two_persons_with_the_email_run_nothing_and_are_listed_as_ambiguous(active):  # noqa: F811
    new_person("Ben Ross", EMAIL)
    new_person("Benjamin Ross", EMAIL)
    automation(active, "email_sent", ("add_activity", {"subject": "Call"}))
    event = run(campaign_event(active, new_prospect(EMAIL, "Ben", "Ross"), "sent"))
    assert SyncEntry.objects.get(event=event).outcome == Outcome.AMBIGUOUS
    assert not pd.Activity.objects.filter(person__emails__icontains=EMAIL).exists()


def test_a_switched_off_automation_does_nothing(active):  # noqa: F811
    automation(active, "email_sent", ("add_activity", {"subject": "Call"}), enabled=False)
    event = run(campaign_event(active, new_prospect(EMAIL, "Ben", "Ross"), "sent"))
    assert event.state == EventState.IGNORED
    assert not pd.Person.objects.filter(emails__icontains=EMAIL).exists()


def test_a_redelivered_event_never_repeats_an_action(active):  # noqa: F811
    automation(active, "email_sent", ("create_deal", {"pipeline_id": sales().id}))
    event = run(campaign_event(active, new_prospect(EMAIL, "Ben", "Ross"), "sent"))
    InboundEvent.objects.filter(pk=event.pk).update(state=EventState.PENDING)  # e.g. a crash
    run(event)
    assert deals_of(EMAIL).count() == 1
    assert ActionRun.objects.get(event=event).state == RunState.DONE


def test_after_a_server_error_the_event_retries_and_finished_actions_are_skipped(active):  # noqa: F811
    automation(
        active,
        "email_sent",
        ("create_deal", {"pipeline_id": sales().id}),
        ("add_activity", {"subject": "Call"}),
    )
    inject_fault("/api/v2/activities", status=503, times=1, method="POST")
    event = run(campaign_event(active, new_prospect(EMAIL, "Ben", "Ross"), "sent"))
    assert event.state == EventState.WAITING
    make_due(event)
    assert run(event).state == EventState.DONE
    assert deals_of(EMAIL).count() == 1
    (task,) = pd.Activity.objects.filter(person__emails__icontains=EMAIL)
    assert task.deal_id == deals_of(EMAIL).get().id


def test_a_refused_action_is_logged_and_the_next_actions_still_run(active):  # noqa: F811
    automation(
        active,
        "email_sent",
        ("create_deal", {"pipeline_id": sales().id}),
        ("add_activity", {"subject": "Call"}),
    )
    inject_fault("/api/v2/deals", status=400, times=1, method="POST")
    event = run(campaign_event(active, new_prospect(EMAIL, "Ben", "Ross"), "sent"))
    assert logged(event) == [(Outcome.FAILED, "validation"), (Outcome.CREATED, "add_activity")]
    assert SyncEntry.objects.get(event=event, reason_code="validation").remote_error
    assert event.state == EventState.FAILED


@pytest.mark.parametrize("zone", ["Pacific/Kiritimati", "Pacific/Pago_Pago"])
def test_the_task_is_due_today_in_the_owners_time_zone(active, zone):  # noqa: F811
    pd.User.objects.filter(pk=active.owner_user_id).update(timezone_name=zone)
    automation(active, "email_sent", ("add_activity", {"subject": "Call"}))
    run(campaign_event(active, new_prospect(EMAIL, "Ben", "Ross"), "sent"))
    (task,) = pd.Activity.objects.filter(person__emails__icontains=EMAIL)
    assert task.due_date == dt.datetime.now(zoneinfo.ZoneInfo(zone)).date()
