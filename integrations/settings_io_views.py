"""Settings export and import as a JSON file (B11)."""

import json

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from integrations.access import get_integration_for
from syncengine.schema_refresh import load_schema
from syncengine.settings_io import (
    MAX_FILE_BYTES,
    SettingsFileError,
    export_settings,
    import_settings,
    read_settings_file,
)

REFRESH_FIRST = _(
    "Press Refresh first: settings are matched by name against the lists, fields, users and "
    "pipelines that Refresh loads from both apps."
)


class SettingsImportForm(forms.Form):
    file = forms.FileField(
        label=_("Settings file (.json)"),
        help_text=_("A file exported from the settings page, at most 1 MB."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:  # one byte past the limit is enough to refuse a larger file
            return read_settings_file(upload.read(MAX_FILE_BYTES + 1))
        except SettingsFileError as exc:
            raise forms.ValidationError(str(exc)) from None


@require_GET
def settings_export(request, uuid):
    integration = get_integration_for(request, uuid)
    schema = load_schema(integration)
    if not schema.loaded:
        messages.error(request, str(REFRESH_FIRST))
        return redirect("integrations-settings", uuid=integration.uuid)
    document = export_settings(integration, schema)
    response = HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    filename = f"settings-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_http_methods(["GET", "POST"])
def settings_import(request, uuid):
    integration = get_integration_for(request, uuid)
    schema = load_schema(integration)
    form = SettingsImportForm(request.POST or None, request.FILES or None)
    posted = request.method == "POST"
    if not schema.loaded or not posted or not form.is_valid():
        context = {"integration": integration, "form": form, "refused": not schema.loaded}
        status = 400 if posted else 200
        return render(request, "integrations/settings_import.html", context, status=status)
    report = import_settings(
        integration=integration, document=form.cleaned_data["file"], schema=schema
    )
    return render(
        request,
        "integrations/settings_import_report.html",
        {"integration": integration, "report": report},
    )
