"""Run an automation's actions in order for one campaign event (R5).

Each action run is a row keyed by (event, action): a redelivered or retried event never
repeats an action that ran. An action that cannot run (no open deal, last stage, refused by
Pipedrive) is logged with its reason and the next actions still run. Rate limits, server
errors and lost authorisation propagate: the event is retried and finished runs are skipped."""

import datetime as dt
import zoneinfo

from django.db import IntegrityError, transaction
from django.utils import timezone

from automations import actions as plans
from automations.models import ActionRun, RunState
from integrations.clients.errors import NotFound, ValidationFailed
from syncengine.models import App, Outcome
from syncengine.realtime.links import Result
from syncengine.wording import Text, _

FINISHED = (RunState.DONE, RunState.SKIPPED)
NEEDS_DEAL = {"move_to_stage", "next_stage", "add_activity"}
NEEDS_STAGES = {"create_deal", "move_to_stage", "next_stage"}


def action_data(action) -> plans.ActionData:
    return plans.ActionData(
        action.id, action.action_type, action.pipeline_id, action.stage_id, action.subject
    )


def load_world(ctx, actions, *, person_id, person_name) -> plans.World:
    """Read what the actions need from Pipedrive (only what they need)."""
    types = {a.action_type for a in actions}
    client = ctx.pipedrive
    deals = []
    if person_id and types & NEEDS_DEAL:
        deals = client.list_deals(person_id=person_id, status="open").items
    pipelines, stages = {}, ()
    if types & NEEDS_STAGES:
        pipelines = {p.id: p.name for p in client.list_pipelines()}
        stages = tuple(client.list_stages())
    today = owner_today(ctx) if "add_activity" in types else None
    return plans.World(
        person_id=person_id,
        person_name=person_name,
        owner_id=ctx.integration.owner_user_id,
        today=today,
        deal=plans.active_deal(deals),
        pipelines=pipelines,
        stages=stages,
    )


def owner_today(ctx, now: dt.datetime | None = None) -> dt.date:
    """Today in the Pipedrive owner's time zone (users' timezone_name), else UTC."""
    owner = next(
        (u for u in ctx.pipedrive.list_users() if u.id == ctx.integration.owner_user_id), None
    )
    try:
        zone = zoneinfo.ZoneInfo(owner.timezone_name) if owner and owner.timezone_name else dt.UTC
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = dt.UTC
    return (now or timezone.now()).astimezone(zone).date()


def run_automation(
    ctx, event, automation, *, person_id: int, person_name: str, email: str = ""
) -> list[Result]:
    todo = list(automation.actions.all())
    world = load_world(ctx, todo, person_id=person_id, person_name=person_name)
    results = []
    for action in todo:
        run = claim_run(event, action)
        if run.state in FINISHED:
            continue
        step = plans.plan(action_data(action), world)
        result, deal = run_step(ctx, run, step)
        result.message = log_text(step, world, result.outcome)
        world = plans.advance(world, step, deal)
        result.pipedrive_id, result.email = person_id, email
        results.append(result)
    return results


def claim_run(event, action) -> ActionRun:
    try:
        with transaction.atomic():
            run, _ = ActionRun.objects.get_or_create(event=event, action=action)
    except IntegrityError:  # a concurrent task created it first
        run = ActionRun.objects.get(event=event, action=action)
    return run


def run_step(ctx, run: ActionRun, step: plans.Step):
    """Execute one step; permanent refusals are logged, transient ones propagate."""
    if step.op == "none":
        finish(run, RunState.SKIPPED, step.text)
        return automation_result(Outcome.SKIPPED, step.reason, step.text), None
    try:
        deal, record_id = execute(ctx, step)
    except (ValidationFailed, NotFound) as exc:
        finish(run, RunState.FAILED, str(exc))
        result = automation_result(Outcome.FAILED, exc.reason_code, step.text)
        result.remote_error = str(exc)
        return result, None
    finish(run, RunState.DONE, step.text, record_id=record_id)
    outcome = Outcome.UPDATED if step.op == "update_deal" else Outcome.CREATED
    return automation_result(outcome, step.action_type, step.text), deal


def execute(ctx, step: plans.Step):
    client, params = ctx.pipedrive, dict(step.params)
    if step.op == "create_deal":
        deal = client.create_deal(**params)
        return deal_ref(deal), deal.id
    if step.op == "update_deal":
        deal_id = params.pop("deal_id")
        deal = client.update_deal(deal_id, **params)
        return deal_ref(deal), deal.id
    activity = client.create_activity(**params)
    return None, activity.id


def deal_ref(deal) -> plans.DealRef:
    return plans.DealRef(deal.id, deal.title, deal.pipeline_id, deal.stage_id)


def finish(run: ActionRun, state: str, message: str, record_id=None) -> None:
    run.state, run.message = state, message
    run.result = {"id": record_id} if record_id else {}
    run.save(update_fields=["state", "message", "result", "updated_at"])


def automation_result(outcome: str, reason: str, text: str) -> Result:
    return Result(App.PIPEDRIVE, outcome, reason, message=text, origin="automation")


# What the sync log says an action did, in the past tense, with the names of that moment (B1).
# Texts: the log stores their words and says them in the reader's language.
DONE = {
    "create_deal": _("Deal '%(title)s' created in %(stage)s."),
    "update_deal": _("Deal '%(title)s' moved to %(stage)s."),
    "create_activity": _("Task '%(subject)s' due %(due)s added."),
    "create_activity_on_deal": _("Task '%(subject)s' on deal '%(deal)s' due %(due)s added."),
}
NOT_DONE = {
    "create_deal": _("Deal '%(title)s' could not be created in %(stage)s."),
    "update_deal": _("Deal '%(title)s' could not be moved to %(stage)s."),
    "create_activity": _("Task '%(subject)s' could not be added."),
    "create_activity_on_deal": _("Task '%(subject)s' on deal '%(deal)s' could not be added."),
}
NOT_RUN = {
    "no_active_deal": _("No open deal: %(action)s could not run."),
    "last_stage": _("Deal '%(title)s' was already in the last stage: next stage did nothing."),
    "already_there": _("Deal '%(title)s' was already in %(stage)s: it was not moved."),
    "unknown_pipeline": _("The chosen pipeline had no stages: no deal was created."),
    "unknown_stage": _("The chosen stage no longer existed in Pipedrive: the deal was not moved."),
}
ACTION_NAMES = {
    "create_deal": _("create deal"),
    "move_to_stage": _("move to stage"),
    "next_stage": _("next stage"),
    "add_activity": _("add task"),
}
MONTHS = (
    _("Jan"), _("Feb"), _("Mar"), _("Apr"), _("May"), _("Jun"),
    _("Jul"), _("Aug"), _("Sep"), _("Oct"), _("Nov"), _("Dec"),
)  # fmt: skip


def log_text(step: plans.Step, world: plans.World, outcome: str) -> str:
    """A Text; `names_of` gives every value its templates may name."""
    names = names_of(step, world)
    if step.op == "none":
        template = NOT_RUN.get(step.reason)
        return Text(template, **names) if template else step.text
    texts = NOT_DONE if outcome == Outcome.FAILED else DONE
    key = f"{step.op}_on_deal" if step.op == "create_activity" and world.deal else step.op
    return Text(texts[key], **names)


def names_of(step: plans.Step, world: plans.World) -> dict:
    """The deal, stage, task and day a step is about, as a person reads them."""
    params, deal = step.params, world.deal
    stage_id = params.get("stage_id") or (deal.stage_id if deal else None)
    return {
        "action": Text(ACTION_NAMES.get(step.action_type, _("the action"))),
        "title": params.get("title") or (deal.title if deal else ""),
        "stage": stage_place(world, plans.stage_by_id(world, stage_id)),
        "subject": params.get("subject", ""),
        "deal": deal.title if deal else "",
        "due": due_text(params.get("due_date")),
    }


def stage_place(world: plans.World, stage) -> str:
    """ "Contacted (Sales)": the stage, then its pipeline."""
    if stage is None:
        return Text(_("a stage that no longer exists"))
    pipeline = world.pipelines.get(stage.pipeline_id)
    return (
        Text("%(stage)s (%(pipeline)s)", stage=stage.name, pipeline=pipeline)
        if pipeline
        else stage.name
    )


def due_text(due: str | None) -> str:
    """ "5 Mar" (a Text: the month is translated)."""
    if not due:
        return Text(_("today"))
    day = dt.date.fromisoformat(due)
    return Text("%(day)s %(month)s", day=day.day, month=Text(MONTHS[day.month - 1]))
