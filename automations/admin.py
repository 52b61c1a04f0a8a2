from django.contrib import admin
from django.forms.models import BaseInlineFormSet

from automations.forms import ActionForm, AutomationForm
from automations.models import Automation, AutomationAction
from integrations.lifecycle import record_settings_change
from syncengine.schema import Schema
from syncengine.schema_refresh import load_schema


class ActionFormSet(BaseInlineFormSet):
    """Actions are checked against the schema of the automation's integration, like on the page."""

    def get_form_kwargs(self, index):
        integration = getattr(self.instance, "integration", None)
        schema = load_schema(integration) if integration else Schema()
        return {**super().get_form_kwargs(index), "schema": schema}


class ActionInline(admin.TabularInline):
    model = AutomationAction
    form = ActionForm
    formset = ActionFormSet
    fields = ("position", "action_type", "pipeline_id", "stage_id", "subject")
    extra = 0


@admin.register(Automation)
class AutomationAdmin(admin.ModelAdmin):
    form = AutomationForm
    fields = ("integration", "trigger", "enabled")
    list_display = ("id", "integration", "trigger", "enabled")
    list_filter = ("trigger", "enabled")
    search_fields = ("integration__owner__email", "integration__uuid")
    raw_id_fields = ("integration",)
    inlines = [ActionInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        record_settings_change(integration=form.instance.integration)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        record_settings_change(integration=obj.integration)
