"""Action planning as pure functions (R5): what each action would do in a given world."""

import datetime as dt

from automations.actions import (
    ActionData,
    DealRef,
    Stage,
    World,
    active_deal,
    advance,
    deal_title,
    plan,
)
from integrations.clients.pipedrive.models import Deal

STAGES = (
    Stage(11, "Lead In", 1, 1),
    Stage(13, "Demo", 1, 5),  # order numbers need not be contiguous
    Stage(12, "Contacted", 1, 2),
    Stage(21, "Prospect", 2, 1),
)
WORLD = World(
    person_id=7,
    person_name="Ann Lee",
    owner_id=3,
    today=dt.date(2026, 3, 1),
    pipelines={1: "Sales", 2: "Partners"},
    stages=STAGES,
)
OPEN = DealRef(40, "Ann Lee deal", 1, 12)


def test_a_deal_is_named_after_the_person():
    assert deal_title("John Smith") == "John Smith deal"


def test_create_deal_goes_to_the_lowest_ordered_stage_with_the_owner():
    step = plan(ActionData(1, "create_deal", pipeline_id=1), WORLD)
    assert step.op == "create_deal"
    assert step.params == {
        "title": "Ann Lee deal", "person_id": 7, "pipeline_id": 1, "stage_id": 11, "owner_id": 3,
    }  # fmt: skip


def test_create_deal_in_an_unknown_pipeline_cannot_run():
    assert plan(ActionData(1, "create_deal", pipeline_id=99), WORLD).reason == "unknown_pipeline"


def test_move_to_stage_needs_an_open_deal():
    step = plan(ActionData(1, "move_to_stage", pipeline_id=1, stage_id=13), WORLD)
    assert (step.op, step.reason) == ("none", "no_active_deal")


def test_move_to_stage_moves_the_open_deal():
    step = plan(
        ActionData(1, "move_to_stage", stage_id=13),
        WORLD.__class__(**{**WORLD.__dict__, "deal": OPEN}),
    )
    assert (step.op, step.params) == (
        "update_deal",
        {"deal_id": 40, "stage_id": 13, "pipeline_id": 1},
    )


def test_next_stage_follows_order_numbers_within_the_pipeline():
    world = advance(WORLD, plan(ActionData(1, "create_deal", pipeline_id=1), WORLD))
    first = plan(ActionData(2, "next_stage"), world)
    assert first.params["stage_id"] == 12
    second = plan(ActionData(2, "next_stage"), advance(world, first))
    assert second.params["stage_id"] == 13


def test_next_stage_in_the_last_stage_is_a_no_op():
    world = World(**{**WORLD.__dict__, "deal": DealRef(40, "D", 1, 13)})
    assert plan(ActionData(1, "next_stage"), world).reason == "last_stage"


def test_an_activity_is_a_task_due_today_for_the_person_and_its_open_deal():
    step = plan(
        ActionData(1, "add_activity", subject="Call back"),
        World(**{**WORLD.__dict__, "deal": OPEN}),
    )
    assert step.params == {
        "subject": "Call back", "type": "task", "person_id": 7, "deal_id": 40,
        "due_date": "2026-03-01", "done": False, "owner_id": 3,
    }  # fmt: skip


def test_an_activity_without_a_deal_is_for_the_person_only():
    step = plan(ActionData(1, "add_activity", subject="Call"), WORLD)
    assert step.params["deal_id"] is None


def test_the_active_deal_is_the_most_recently_updated_open_one():
    t = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
    deals = [
        Deal(1, "old", status="open", update_time=t),
        Deal(2, "new", status="open", update_time=t + dt.timedelta(hours=1)),
        Deal(3, "won", status="won", update_time=t + dt.timedelta(hours=2)),
    ]
    assert active_deal(deals).id == 2
    assert active_deal([Deal(3, "lost", status="lost")]) is None
