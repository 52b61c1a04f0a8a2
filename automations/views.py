"""The automations editor's plain POST forms (R5). Each redirects back to `#automations`."""

from django.contrib import messages
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_POST

from automations import services, testing
from automations.forms import AddActionForm, AutomationForm, EditActionForm
from automations.models import AutomationAction
from automations.registry import Trigger
from integrations.access import get_integration_for
from integrations.clients.errors import ApiError
from integrations.settings_views import back, render_page
from syncengine.schema import Schema
from syncengine.schema_refresh import load_schema

SECTION = "automations"


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
    state = "on" if automation.enabled else "off"
    messages.success(request, f"“{automation.get_trigger_display()}” is switched {state}.")
    return back(integration, SECTION)


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
    messages.success(request, "Action added.")
    return back(integration, SECTION)


@require_POST
def action_update(request, uuid, action_id):
    integration = get_integration_for(request, uuid)
    action = action_for(integration, action_id)
    form = EditActionForm(request.POST, schema=schema_for(integration), instance=action)
    if not form.is_valid():
        return refuse(request, integration, form)
    services.update_action(action=action, **form.parameters())
    messages.success(request, "Action saved.")
    return back(integration, SECTION)


@require_POST
def action_delete(request, uuid, action_id):
    integration = get_integration_for(request, uuid)
    services.delete_action(action=action_for(integration, action_id))
    messages.success(request, "Action removed.")
    return back(integration, SECTION)


@require_POST
def action_move(request, uuid, action_id):
    integration = get_integration_for(request, uuid)
    action = action_for(integration, action_id)
    direction = request.POST.get("direction", "")
    if direction not in services.MOVES:
        return HttpResponseBadRequest("Move up or down.")
    services.move_action(action=action, direction=direction)
    return back(integration, SECTION)


@require_POST
def automation_test(request, uuid):
    """B10: a dry run of the trigger's automation for one prospect email; nothing is written.

    It reads both apps during the request (like the credential check): the user asked for it
    and waits for the answer."""
    integration = get_integration_for(request, uuid)
    form = testing.SendTestEventForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Test event: enter the email of a prospect.")
        return back(integration, SECTION)
    trigger = form.cleaned_data["trigger"]
    try:
        steps = testing.send_test_event(integration=integration, **form.cleaned_data)
    except ApiError as exc:
        messages.error(request, f"Test event: could not read Pipedrive or Snov.io ({exc}).")
        return back(integration, f"automation-{trigger}")
    label, email = Trigger(trigger).label, form.cleaned_data["email"]
    tags = "automation-test"
    messages.info(request, f"Test event “{label}” for {email} (nothing was written):", tags)
    for step in steps:
        messages.info(request, step, tags)
    return back(integration, f"automation-{trigger}")
