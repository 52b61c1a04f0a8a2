"""The automations editor's plain POST forms (R5). Each redirects back to its trigger's block
(`#automation-<trigger>`), where its result is shown; htmx swaps just that block."""

from django.contrib import messages
from django.contrib.messages import INFO
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from automations import services, testing
from automations.forms import AddActionForm, AutomationForm, EditActionForm
from automations.models import AutomationAction
from automations.registry import Trigger
from integrations.access import get_integration_for
from integrations.clients.errors import ApiError
from integrations.settings_views import back, render_page, say
from syncengine.schema import Schema
from syncengine.schema_refresh import load_schema


def schema_for(integration) -> Schema:
    return load_schema(integration)


def action_for(integration, action_id) -> AutomationAction:
    """The action if it belongs to this integration; 404 otherwise."""
    return get_object_or_404(
        AutomationAction.objects.select_related("automation"),
        pk=action_id,
        automation__integration=integration,
    )


def refuse(request, integration, form):
    """The whole page again, with the form's errors beside its fields and summarised on top."""
    return render_page(request, integration, forms={"automation_form": form}, status=400)


@require_POST
def trigger_toggle(request, uuid):
    integration = get_integration_for(request, uuid)
    form = AutomationForm(request.POST)
    if not form.is_valid():
        return refuse(request, integration, form)
    automation = services.toggle_trigger(integration=integration, **form.cleaned_data)
    if automation.enabled:
        text = _("“%(trigger)s” is switched on.")
    else:
        text = _("“%(trigger)s” is switched off.")
    text %= {"trigger": automation.get_trigger_display()}
    return done(request, integration, automation.trigger, text)


@require_POST
def action_add(request, uuid):
    integration = get_integration_for(request, uuid)
    form = AddActionForm(request.POST, schema=schema_for(integration), integration=integration)
    if not form.is_valid():
        return refuse(request, integration, form)
    services.add_action(
        integration=integration,
        trigger=form.cleaned_data["trigger"],
        action_type=form.cleaned_data["action_type"],
        **form.parameters(),
    )
    return done(request, integration, form.cleaned_data["trigger"], _("Action added."))


@require_POST
def action_update(request, uuid, action_id):
    integration = get_integration_for(request, uuid)
    action = action_for(integration, action_id)
    form = EditActionForm(request.POST, schema=schema_for(integration), instance=action)
    if not form.is_valid():
        return refuse(request, integration, form)
    services.update_action(action=action, **form.parameters())
    return done(request, integration, action.automation.trigger, _("Action saved."))


@require_POST
def action_delete(request, uuid, action_id):
    integration = get_integration_for(request, uuid)
    action = action_for(integration, action_id)
    services.delete_action(action=action)
    return done(request, integration, action.automation.trigger, _("Action removed."))


@require_POST
def action_move(request, uuid, action_id):
    integration = get_integration_for(request, uuid)
    action = action_for(integration, action_id)
    direction = request.POST.get("direction", "")
    if direction not in services.MOVES:
        return HttpResponseBadRequest(_("Move up or down."))
    services.move_action(action=action, direction=direction)
    text = _("Action moved up.") if direction == "up" else _("Action moved down.")
    return done(request, integration, action.automation.trigger, text)


@require_POST
def automation_test(request, uuid):
    """B10: a dry run of the trigger's automation for one prospect email; nothing is written.

    It reads both apps during the request (like the credential check): the user asked for it
    and waits for the answer."""
    integration = get_integration_for(request, uuid)
    form = testing.SendTestEventForm(request.POST)
    trigger = request.POST.get("trigger", "")
    if trigger not in Trigger.values:
        return HttpResponseBadRequest(_("Unknown trigger."))
    section = f"test-{trigger}"
    if not form.is_valid():
        say(request, section, _("Enter the email of a prospect."), messages.ERROR)
        return back(integration, section)
    try:
        steps = testing.send_test_event(integration=integration, **form.cleaned_data)
    except ApiError as exc:
        problem = _("Could not read Pipedrive or Snov.io (%(error)s).") % {"error": exc}
        say(request, section, problem, messages.ERROR)
        return back(integration, section)
    label, email = Trigger(trigger).label, form.cleaned_data["email"]
    heading = _("Test event “%(trigger)s” for %(email)s (nothing was written):")
    say(request, section, heading % {"trigger": label, "email": email}, INFO)
    for step in steps:
        say(request, section, step, INFO)
    return back(integration, section)


def done(request, integration, trigger: str, text: str):
    """The result of a change, shown in its trigger's block."""
    section = f"automation-{trigger}"
    say(request, section, text)
    return back(integration, section)
