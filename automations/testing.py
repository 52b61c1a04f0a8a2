"""B10 "Send a test event": what a trigger's automation would do for one prospect, written
nowhere. It reads Pipedrive and Snov.io (person, prospect, open deals, stages, owner) and
describes each step with the same planning the runner executes (automations.actions)."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from automations import actions as plans
from automations.models import Automation
from automations.registry import Trigger
from automations.runner import action_data, load_world
from syncengine.exchange import Exchange
from syncengine.mapping import normalize_email
from syncengine.wording import translated
from syncengine.writers import load_context

SWITCHED_OFF = gettext_lazy("This automation is switched off: a real event would do nothing.")


class SendTestEventForm(forms.Form):
    trigger = forms.ChoiceField(label=gettext_lazy("Trigger"), choices=Trigger.choices)
    email = forms.EmailField(label=gettext_lazy("Prospect email"), max_length=320)


def send_test_event(*, integration, trigger: str, email: str) -> list[str]:
    """The steps a `trigger` event for the prospect with `email` would run (a dry run), in
    the active language."""
    automation = Automation.objects.filter(integration=integration, trigger=trigger).first()
    actions = list(automation.actions.all()) if automation else []
    if not actions:
        return [_("This trigger has no actions: nothing would run.")]
    ctx = load_context(integration)
    email = normalize_email(email)
    person_ids = ctx.pipedrive.search_persons(email)
    if len(person_ids) > 1:
        message = _(
            "Several Pipedrive persons have %(email)s: nothing would run (ambiguous match)."
        )
        return [message % {"email": email}]
    steps = [] if automation is None or automation.enabled else [str(SWITCHED_OFF)]
    prospects = ctx.snovio.get_prospects_by_email(email)
    name = (prospects[0].name if prospects else "") or email
    if person_ids:
        message = _("Use the Pipedrive person found by %(email)s (id %(id)s).")
        steps.append(message % {"email": email, "id": person_ids[0]})
    else:
        blocked = person_blocked(integration, email, prospects)
        if blocked:
            return [*steps, blocked]
        message = _("Create the Pipedrive person '%(name)s' (%(email)s) with the field mapping.")
        steps.append(message % {"name": name, "email": email})
    world = load_world(
        ctx, actions, person_id=person_ids[0] if person_ids else None, person_name=name
    )
    return steps + plan_texts(actions, world)


def person_blocked(integration, email: str, prospects) -> str:
    """Why the missing person would not be created ("" if it would)."""
    list_ids = prospects[0].list_ids if prospects else None
    reason = Exchange.of(integration).prospect_excluded(email=email, list_ids=list_ids or None)
    texts = {
        "one_way": _("Data does not flow into Pipedrive: nothing would run."),
        "list_not_included": _("The prospect is not in a list taking part: nothing would run."),
        "no_email": _("The prospect has no email: nothing would run."),
    }
    return texts.get(reason, "")


def plan_texts(actions, world: plans.World) -> list[str]:
    texts = []
    for action in actions:
        step = plans.plan(action_data(action), world)
        text = translated(step.text, _)
        texts.append(text if step.op != "none" else _("Would not run: %(step)s") % {"step": text})
        world = plans.advance(world, step)
    return texts
