"""B10 "Send a test event": what a trigger's automation would do for one prospect, written
nowhere. It reads Pipedrive and Snov.io (person, prospect, open deals, stages, owner) and
describes each step with the same planning the runner executes (automations.actions)."""

from django import forms

from automations import actions as plans
from automations.models import Automation
from automations.registry import Trigger
from automations.runner import action_data, load_world
from syncengine.exchange import Exchange
from syncengine.mapping import normalize_email
from syncengine.writers import load_context

SWITCHED_OFF = "This automation is switched off: a real event would do nothing."


class SendTestEventForm(forms.Form):
    trigger = forms.ChoiceField(choices=Trigger.choices)
    email = forms.EmailField(label="Prospect email", max_length=320)


def send_test_event(*, integration, trigger: str, email: str) -> list[str]:
    """The steps a `trigger` event for the prospect with `email` would run (a dry run)."""
    automation = Automation.objects.filter(integration=integration, trigger=trigger).first()
    actions = list(automation.actions.all()) if automation else []
    if not actions:
        return ["This trigger has no actions: nothing would run."]
    ctx = load_context(integration)
    email = normalize_email(email)
    person_ids = ctx.pipedrive.search_persons(email)
    if len(person_ids) > 1:
        return [f"Several Pipedrive persons have {email}: nothing would run (ambiguous match)."]
    steps = [] if automation.enabled else [SWITCHED_OFF]
    prospects = ctx.snovio.get_prospects_by_email(email)
    name = (prospects[0].name if prospects else "") or email
    if person_ids:
        steps.append(f"Use the Pipedrive person found by {email} (id {person_ids[0]}).")
    else:
        blocked = person_blocked(integration, email, prospects)
        if blocked:
            return [*steps, blocked]
        steps.append(f"Create the Pipedrive person '{name}' ({email}) with the field mapping.")
    world = load_world(
        ctx, actions, person_id=person_ids[0] if person_ids else None, person_name=name
    )
    return steps + plan_texts(actions, world)


def person_blocked(integration, email: str, prospects) -> str:
    """Why the missing person would not be created ("" if it would)."""
    list_ids = prospects[0].list_ids if prospects else None
    reason = Exchange.of(integration).prospect_excluded(email=email, list_ids=list_ids or None)
    texts = {
        "one_way": "Data does not flow into Pipedrive: nothing would run.",
        "list_not_included": "The prospect is not in a list taking part: nothing would run.",
        "no_email": "The prospect has no email: nothing would run.",
    }
    return texts.get(reason, "")


def plan_texts(actions, world: plans.World) -> list[str]:
    texts = []
    for action in actions:
        step = plans.plan(action_data(action), world)
        texts.append(step.text if step.op != "none" else f"Would not run: {step.text}")
        world = plans.advance(world, step)
    return texts
