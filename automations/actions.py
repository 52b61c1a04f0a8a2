"""What each automation action does (R5), as pure planning over what Pipedrive holds.

`plan(action, world)` turns one action into one Step (an API operation, or a reasoned no-op);
`advance(world, step, deal)` is the world after it. The runner executes the steps; the test
event (B10) only describes them, in the reader's language (a step's text is a Text)."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from automations.registry import ActionData, ActionType
from integrations.clients.pipedrive.models import Stage
from syncengine.wording import Text, _


@dataclass(frozen=True)
class DealRef:
    id: int | None  # None: a deal the dry run would create
    title: str
    pipeline_id: int | None
    stage_id: int | None


@dataclass(frozen=True)
class World:
    """What the actions see: the person, its active deal, pipelines and the owner's day."""

    person_id: int | None
    person_name: str
    owner_id: int | None = None
    today: dt.date | None = None
    deal: DealRef | None = None
    pipelines: dict = field(default_factory=dict)  # id → name
    stages: tuple[Stage, ...] = ()


@dataclass(frozen=True)
class Step:
    action_type: str
    op: str  # create_deal | update_deal | create_activity | none
    text: str  # a Text
    params: dict = field(default_factory=dict)
    reason: str = ""


def deal_title(name: str) -> str:
    return f"{name.strip() or 'Unnamed'} deal"


def active_deal(deals) -> DealRef | None:
    """The person's most recently updated open deal (won and lost deals are not active)."""
    open_deals = [d for d in deals if d.status == "open"]
    if not open_deals:
        return None
    latest = max(
        open_deals, key=lambda d: (d.update_time or dt.datetime.min.replace(tzinfo=dt.UTC), d.id)
    )
    return DealRef(latest.id, latest.title, latest.pipeline_id, latest.stage_id)


def pipeline_stages(world: World, pipeline_id) -> list[Stage]:
    return sorted(
        (s for s in world.stages if s.pipeline_id == pipeline_id), key=lambda s: s.order_nr
    )


def stage_by_id(world: World, stage_id) -> Stage | None:
    return next((s for s in world.stages if s.id == stage_id), None)


def place(world: World, stage: Stage) -> str:
    return f"{world.pipelines.get(stage.pipeline_id, stage.pipeline_id)} / {stage.name}"


def plan(action: ActionData, world: World) -> Step:
    planners: dict[str, Callable[[ActionData, World], Step]] = {
        ActionType.CREATE_DEAL: plan_create_deal,
        ActionType.MOVE_TO_STAGE: plan_move_to_stage,
        ActionType.NEXT_STAGE: plan_next_stage,
        ActionType.ADD_ACTIVITY: plan_add_activity,
    }
    return planners[action.action_type](action, world)


def noop(action: ActionData, reason: str, text: Text) -> Step:
    return Step(action.action_type, "none", text, reason=reason)


def plan_create_deal(action: ActionData, world: World) -> Step:
    stages = pipeline_stages(world, action.pipeline_id)
    if not stages:
        text = Text(_("The chosen pipeline has no stages: no deal."))
        return noop(action, "unknown_pipeline", text)
    first, title = stages[0], deal_title(world.person_name)
    params = {
        "title": title,
        "person_id": world.person_id,
        "pipeline_id": first.pipeline_id,
        "stage_id": first.id,
        "owner_id": world.owner_id,
    }
    return Step(
        action.action_type,
        "create_deal",
        Text(_("Create deal '%(title)s' in %(place)s"), title=title, place=place(world, first)),
        params,
    )


def plan_move_to_stage(action: ActionData, world: World) -> Step:
    if world.deal is None:
        return noop(action, "no_active_deal", Text(_("No open deal: move to stage cannot run.")))
    target = stage_by_id(world, action.stage_id)
    if target is None:
        text = Text(_("The chosen stage no longer exists in Pipedrive."))
        return noop(action, "unknown_stage", text)
    return _move(action, world, target)


def plan_next_stage(action: ActionData, world: World) -> Step:
    deal = world.deal
    if deal is None:
        return noop(action, "no_active_deal", Text(_("No open deal: next stage cannot run.")))
    current = stage_by_id(world, deal.stage_id)
    stages = pipeline_stages(world, deal.pipeline_id)
    later = [s for s in stages if current is None or s.order_nr > current.order_nr]
    if not later:
        text = Text(_("Deal '%(title)s' is in the last stage already."), title=deal.title)
        return noop(action, "last_stage", text)
    return _move(action, world, later[0])


def _move(action: ActionData, world: World, target: Stage) -> Step:
    deal = world.deal
    assert deal is not None  # moves are planned only for a person with an open deal
    if deal.stage_id == target.id:
        message = _("Deal '%(title)s' is in %(place)s already.")
        text = Text(message, title=deal.title, place=place(world, target))
        return noop(action, "already_there", text)
    params = {"deal_id": deal.id, "stage_id": target.id, "pipeline_id": target.pipeline_id}
    return Step(
        action.action_type,
        "update_deal",
        Text(
            _("Move deal '%(title)s' to %(place)s"), title=deal.title, place=place(world, target)
        ),
        params,
    )


def plan_add_activity(action: ActionData, world: World) -> Step:
    params = {
        "subject": action.subject,
        "type": "task",
        "person_id": world.person_id,
        "deal_id": world.deal.id if world.deal else None,
        "due_date": world.today.isoformat() if world.today else None,
        "done": False,
        "owner_id": world.owner_id,
    }
    return Step(
        action.action_type, "create_activity", activity_text(action, world, params), params
    )


def activity_text(action: ActionData, world: World, params: dict) -> Text:
    due = params["due_date"] or Text(_("today"))
    who = world.person_name or Text(_("the person"))
    if world.deal is None:
        message = _("Add task '%(subject)s' for %(person)s, due %(due)s")
        return Text(message, subject=action.subject, person=who, due=due)
    message = _("Add task '%(subject)s' for %(person)s and deal '%(deal)s', due %(due)s")
    return Text(message, subject=action.subject, person=who, deal=world.deal.title, due=due)


def advance(world: World, step: Step, deal: DealRef | None = None) -> World:
    """The world after a step: a created or moved deal becomes the active one."""
    if step.op == "create_deal":
        p = step.params
        return replace(
            world, deal=deal or DealRef(None, p["title"], p["pipeline_id"], p["stage_id"])
        )
    if step.op == "update_deal" and world.deal is not None:
        moved = replace(
            world.deal, stage_id=step.params["stage_id"], pipeline_id=step.params["pipeline_id"]
        )
        return replace(world, deal=deal or moved)
    return world
