"""The settings page and its small forms (R2–R6).

Each POST redirects back to the place it was made (`#section`), where its result is shown beside
it; with htmx the page swaps just that section. An invalid post re-renders the page (400) with
the errors beside the fields."""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from integrations import lifecycle
from integrations.access import get_integration_for
from integrations.settings_page import parts_turned, schema_state, settings_page
from integrations.tasks import request_schema_refresh
from syncengine.exchange import Exchange
from syncengine.models import App, Constant, FieldMapping
from syncengine.schema import Schema
from syncengine.schema_refresh import load_schema
from syncengine.settings_forms import ConstantForm, ExchangeForm, MappingForm

SECTION_TAG = "section:"


def back(integration, section=""):
    url = reverse("integrations-settings", args=[integration.uuid])
    return redirect(f"{url}#{section}" if section else url)


def say(request, section: str, text: str, level=messages.SUCCESS) -> None:
    """A message shown in `section` of the settings page, beside the action that caused it."""
    messages.add_message(request, level, text, extra_tags=f"{SECTION_TAG}{section}")


def notes_by_section(request) -> tuple[list, dict]:
    """The request's messages: those for no section, and those for each section."""
    general: list = []
    notes: dict[str, list] = {}
    for message in messages.get_messages(request):
        tags = message.extra_tags.split() if message.extra_tags else []
        section = next((t[len(SECTION_TAG) :] for t in tags if t.startswith(SECTION_TAG)), "")
        if section:
            notes.setdefault(section, []).append(message)
        else:
            general.append(message)
    return general, notes


def render_page(request, integration, *, status=200, swap_out=frozenset(), **kwargs):
    context = settings_page(integration, **kwargs).context()
    general, notes = notes_by_section(request)
    context |= {"messages": general, "notes": notes, "swap_out": swap_out}
    return render(request, "integrations/settings.html", context, status=status)


def settings(request, uuid):
    integration = get_integration_for(request, uuid)
    if request.method != "POST":
        return render_page(request, integration)
    before = Exchange.of(integration)
    form = ExchangeForm(request.POST, instance=integration, schema=_schema(integration))
    if request.htmx:
        return save_as_you_go(request, integration, form, before)
    return save_or_rerender(request, integration, form, "exchange_form", _("Settings saved."))


def save_as_you_go(request, integration, form, before: Exchange):
    """A choice saved when it is made (htmx): the page swaps in the "Saved" note and the parts
    a new direction turned on or off; a refused choice swaps in the whole form, errors beside."""
    if not form.is_valid():
        forms = {"exchange_form": form}
        response = render_page(request, integration, forms=forms, status=400)
        response["HX-Retarget"] = response["HX-Reselect"] = "#exchange-form"
        return response
    save_settings(integration, form)
    say(request, "exchange-save", _("Settings saved."))
    swap_out = parts_turned(before, Exchange.of(integration))
    return render_page(request, integration, swap_out=swap_out)


@require_POST
def mapping_add(request, uuid):
    integration = get_integration_for(request, uuid)
    form = MappingForm(request.POST, schema=_schema(integration), integration=integration)
    done = _("Field mapping added.")
    return save_or_rerender(request, integration, form, "mapping_form", done)


@require_POST
def mapping_delete(request, uuid, mapping_id):
    integration = get_integration_for(request, uuid)
    mapping = get_object_or_404(FieldMapping, pk=mapping_id, integration=integration)
    # Only the pairing goes: the fields stay in both apps.
    done = _("Field mapping removed. The fields themselves were not touched.")
    return delete_and_return(request, integration, mapping, done, "mapping")


@require_POST
def constant_add(request, uuid, app):
    integration = get_integration_for(request, uuid)
    if app not in App.values:
        return back(integration, "constants")
    form = ConstantForm(
        request.POST, schema=_schema(integration), integration=integration, app=app
    )
    done = _("Constant added.")
    return save_or_rerender(request, integration, form, f"constant_form_{app}", done)


@require_POST
def constant_delete(request, uuid, constant_id):
    integration = get_integration_for(request, uuid)
    constant = get_object_or_404(Constant, pk=constant_id, integration=integration)
    section = f"constants-{constant.app}"
    return delete_and_return(request, integration, constant, _("Constant removed."), section)


SECTION_OF_FORM = {
    "exchange_form": "exchange-save",
    "mapping_form": "mapping",
    "constant_form_pipedrive": "constants-pipedrive",
    "constant_form_snovio": "constants-snovio",
}


def save_or_rerender(request, integration, form, form_key: str, done: str):
    """Save a valid form as a settings change; show an invalid one beside its fields (400)."""
    if not form.is_valid():
        return render_page(request, integration, forms={form_key: form}, status=400)
    save_settings(integration, form)
    section = SECTION_OF_FORM[form_key]
    say(request, section, done)
    return back(integration, section)


def save_settings(integration, form) -> None:
    with transaction.atomic():
        form.save()
        lifecycle.record_settings_change(integration=integration)


def delete_and_return(request, integration, row, done: str, section: str):
    with transaction.atomic():
        row.delete()
        lifecycle.record_settings_change(integration=integration)
    say(request, section, done)
    return back(integration, section)


@require_POST
def refresh(request, uuid):
    """Reload lists, fields, pipelines, stages and users in the background (no outside call
    here); the page shows the load waiting or running and fills itself when it is done."""
    integration = get_integration_for(request, uuid)
    if integration.snovio is None or integration.pipedrive is None:
        text = _("Connect both Snov.io and Pipedrive first: lists and fields are read from them.")
        say(request, "schema", text, messages.ERROR)
        return back(integration, "status")
    request_schema_refresh(integration)
    return back(integration, "status")


@require_GET
def schema_progress(request, uuid):
    """Polled while the schema loads; once it is done the whole page reloads (HX-Refresh)."""
    integration = get_integration_for(request, uuid)
    state = schema_state(integration, load_schema(integration))
    context = {"integration": integration, "schema_state": state}
    response = render(request, "integrations/settings.html#schema-state", context)
    if not state.loading:
        response["HX-Refresh"] = "true"
    return response


@require_POST
def launch(request, uuid):
    """Launch judges the settings on the screen: the exchange form travels with the button."""
    integration = get_integration_for(request, uuid)
    if "direction" in request.POST:
        form = ExchangeForm(request.POST, instance=integration, schema=_schema(integration))
        if not form.is_valid():
            forms = {"exchange_form": form}
            return render_page(request, integration, forms=forms, show_problems=True, status=400)
        save_settings(integration, form)
    problems = lifecycle.launch_integration(integration=integration)
    if problems:
        return render_page(request, integration, show_problems=True, status=400)
    say(request, "launch", _("Launched: the integration is Active and syncs in real time."))
    return back(integration, "launch")


@require_POST
def pause(request, uuid):
    integration = get_integration_for(request, uuid)
    lifecycle.pause_integration(integration=integration)
    say(request, "status", _("Paused: nothing moves in real time until you resume."))
    return back(integration)


@require_POST
def resume(request, uuid):
    integration = get_integration_for(request, uuid)
    if lifecycle.resume_integration(integration=integration):
        return render_page(request, integration, status=400)
    say(request, "status", _("Resumed: the integration is Active."))
    return back(integration)


@require_POST
def transfer_offer(request, uuid):
    integration = get_integration_for(request, uuid)
    accepted = request.POST.get("choice") == "transfer"
    lifecycle.record_transfer_choice(integration=integration, accepted=accepted)
    if accepted:
        return redirect("syncengine-transfer", uuid=integration.uuid)
    text = _("No transfer now. You can start one from this page at any time.")
    say(request, "launch", text, messages.INFO)
    return back(integration, "launch")


def _schema(integration) -> Schema:
    return load_schema(integration)
