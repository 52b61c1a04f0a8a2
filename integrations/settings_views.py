"""The settings page and its small forms (R2–R6). Each POST redirects back to a section."""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from integrations import lifecycle
from integrations.access import get_integration_for
from integrations.clients.errors import ApiError
from integrations.settings_page import settings_page
from syncengine.models import App, Constant, FieldMapping
from syncengine.schema import Schema
from syncengine.schema_refresh import load_schema, refresh_schema
from syncengine.settings_forms import ConstantForm, ExchangeForm, MappingForm


def back(integration, section=""):
    url = reverse("integrations-settings", args=[integration.uuid])
    return redirect(f"{url}#{section}" if section else url)


def render_page(request, integration, *, status=200, **kwargs):
    page = settings_page(integration, **kwargs)
    return render(request, "integrations/settings.html", page.context(), status=status)


def settings(request, uuid):
    integration = get_integration_for(request, uuid)
    if request.method != "POST":
        return render_page(request, integration)
    form = ExchangeForm(request.POST, instance=integration, schema=_schema(integration))
    return save_or_rerender(request, integration, form, "exchange_form", "Settings saved.")


@require_POST
def mapping_add(request, uuid):
    integration = get_integration_for(request, uuid)
    form = MappingForm(request.POST, schema=_schema(integration), integration=integration)
    return save_or_rerender(request, integration, form, "mapping_form", "Field mapping added.")


@require_POST
def mapping_delete(request, uuid, mapping_id):
    integration = get_integration_for(request, uuid)
    mapping = get_object_or_404(FieldMapping, pk=mapping_id, integration=integration)
    # Only the pairing goes: the fields stay in both apps.
    done = "Field mapping removed. The fields themselves were not touched."
    return delete_and_return(request, integration, mapping, done, "mapping")


@require_POST
def constant_add(request, uuid, app):
    integration = get_integration_for(request, uuid)
    if app not in App.values:
        return back(integration, "constants")
    form = ConstantForm(
        request.POST, schema=_schema(integration), integration=integration, app=app
    )
    return save_or_rerender(request, integration, form, f"constant_form_{app}", "Constant added.")


@require_POST
def constant_delete(request, uuid, constant_id):
    integration = get_integration_for(request, uuid)
    constant = get_object_or_404(Constant, pk=constant_id, integration=integration)
    return delete_and_return(request, integration, constant, "Constant removed.", "constants")


SECTION_OF_FORM = {"exchange_form": "exchange", "mapping_form": "mapping"}


def save_or_rerender(request, integration, form, form_key: str, done: str):
    """Save a valid form as a settings change; show an invalid one beside its fields (400)."""
    if not form.is_valid():
        return render_page(request, integration, forms={form_key: form}, status=400)
    with transaction.atomic():
        form.save()
        lifecycle.record_settings_change(integration=integration)
    messages.success(request, done)
    return back(integration, SECTION_OF_FORM.get(form_key, "constants"))


def delete_and_return(request, integration, row, done: str, section: str):
    with transaction.atomic():
        row.delete()
        lifecycle.record_settings_change(integration=integration)
    messages.success(request, done)
    return back(integration, section)


@require_POST
def refresh(request, uuid):
    integration = get_integration_for(request, uuid)
    try:
        refresh_schema(integration=integration)
    except ApiError as exc:
        messages.error(request, f"Refresh failed: {exc}")
        return back(integration)
    lifecycle.record_settings_change(integration=integration)
    messages.success(request, "Fields, lists, pipelines, stages and users reloaded.")
    return back(integration)


@require_POST
def launch(request, uuid):
    integration = get_integration_for(request, uuid)
    problems = lifecycle.launch_integration(integration=integration)
    if problems:
        return render_page(request, integration, show_problems=True, status=400)
    messages.success(request, "Launched: the integration is Active and syncs in real time.")
    return back(integration, "launch")


@require_POST
def pause(request, uuid):
    integration = get_integration_for(request, uuid)
    lifecycle.pause_integration(integration=integration)
    messages.success(request, "Paused: nothing moves in real time until you resume.")
    return back(integration, "launch")


@require_POST
def resume(request, uuid):
    integration = get_integration_for(request, uuid)
    if lifecycle.resume_integration(integration=integration):
        return render_page(request, integration, status=400)
    messages.success(request, "Resumed: the integration is Active.")
    return back(integration, "launch")


@require_POST
def transfer_offer(request, uuid):
    integration = get_integration_for(request, uuid)
    accepted = request.POST.get("choice") == "transfer"
    lifecycle.record_transfer_choice(integration=integration, accepted=accepted)
    if accepted:
        return redirect("syncengine-transfer", uuid=integration.uuid)
    messages.info(request, "No transfer now. You can start one from this page at any time.")
    return back(integration, "launch")


def _schema(integration) -> Schema:
    return load_schema(integration)
