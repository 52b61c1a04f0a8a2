"""Admin for field mappings, constants and the exchange settings, validated like the page.

The admin forms are the settings page's forms (syncengine.settings_forms), given the edited
integration and the schema of its last Refresh. Without a schema they refuse to save. As on the
page, a mapping or constant is added or deleted, never changed in place.
"""

from urllib.parse import urlencode

from django import forms
from django.contrib import admin, messages
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from integrations.models import Integration
from syncengine.models import App, Constant, FieldMapping
from syncengine.schema import Schema
from syncengine.schema_refresh import load_schema
from syncengine.settings_forms import ConstantForm, ExchangeForm, MappingForm

REFRESH_FIRST = _("Press Refresh on the settings page first.")


class PageFormAdapter:
    """Mixin for a page form: passes it the chosen integration and that integration's schema.

    The admin learns the integration per request, so `bind_form` sets it on a subclass."""

    bound_integration: Integration
    bound_extra: dict = {}

    def __init__(self, *args, **kwargs):
        kwargs.pop("initial", None)  # only the choice from the query string, fixed below
        integration = self.bound_integration
        schema = load_schema(integration)
        self.schema_loaded = schema.loaded
        super().__init__(
            *args,
            schema=schema,
            integration=integration,
            **self.bound_extra,
            **kwargs,
        )
        self.fields["integration"].disabled = True
        self.initial["integration"] = integration.pk

    def clean(self):
        if not self.schema_loaded:
            raise forms.ValidationError(REFRESH_FIRST)
        return super().clean()


def bind_form(form_class, integration: Integration, **extra):
    attrs = {"bound_integration": integration, "bound_extra": extra}
    return type(form_class.__name__, (form_class,), attrs)


class MappingAdminForm(PageFormAdapter, MappingForm):
    class Meta(MappingForm.Meta):
        fields = ["integration", "snovio_field", "pipedrive_field"]


class ConstantAdminForm(PageFormAdapter, ConstantForm):
    class Meta(ConstantForm.Meta):
        fields = ["integration", "app", "field", "value"]


class ExchangeAdminForm(ExchangeForm):
    """The Integration admin's form: exchange settings are checked like the page's (R2, R3)."""

    class Meta(ExchangeForm.Meta):
        fields = "__all__"  # type: ignore[assignment]  # the admin edits every field

    def __init__(self, *args, **kwargs):
        instance = kwargs.get("instance")
        schema = load_schema(instance) if instance is not None and instance.pk else Schema()
        self.schema_loaded = schema.loaded
        super().__init__(*args, schema=schema, **kwargs)

    def clean(self):
        cleaned = super().clean()
        if not self.schema_loaded and set(self.changed_data) & set(ExchangeForm.Meta.fields):
            raise forms.ValidationError(REFRESH_FIRST)
        return cleaned


def integration_from(value) -> Integration | None:
    return Integration.objects.filter(pk=value).first() if str(value).isdigit() else None


class SettingsRowAdmin(admin.ModelAdmin):
    """Adding takes two steps: choose the integration (and app), then fill in the page's form."""

    page_form: type
    page_fields: tuple[str, ...]
    choice_fields: tuple[str, ...] = ("integration",)
    search_fields = ("integration__owner__email",)
    list_select_related = ("integration__owner",)

    def chosen(self, data) -> dict | None:
        integration = integration_from(data.get("integration", ""))
        return {"integration": integration} if integration else None

    def get_fields(self, request, obj=None):
        if obj is None and self.chosen(request.GET) is None:
            return self.choice_fields
        return self.page_fields

    def get_readonly_fields(self, request, obj=None):
        return self.page_fields if obj is not None else ()

    def get_form(self, request, obj=None, change=False, **kwargs):
        choice = self.chosen(request.GET) if obj is None else None
        if choice is not None:
            kwargs["form"] = bind_form(self.page_form, **choice)
        return super().get_form(request, obj, change, **kwargs)

    def add_view(self, request, form_url="", extra_context=None):
        choice = self.chosen(request.GET)
        if choice is None and request.method == "POST":
            picked = {key: request.POST.get(key, "") for key in self.choice_fields}
            if self.chosen(picked) is None:
                messages.error(request, _("Choose an integration."))
                return redirect(request.path)
            return redirect(f"{request.path}?{urlencode(picked)}")
        schema_missing = choice is not None and not load_schema(choice["integration"]).loaded
        if schema_missing and request.method == "GET":
            messages.error(request, REFRESH_FIRST)
        return super().add_view(request, form_url, extra_context)


@admin.register(FieldMapping)
class FieldMappingAdmin(SettingsRowAdmin):
    page_form = MappingAdminForm
    page_fields = ("integration", "snovio_field", "pipedrive_field")
    list_display = ("integration", "snovio_field", "pipedrive_field", "created_at")


@admin.register(Constant)
class ConstantAdmin(SettingsRowAdmin):
    page_form = ConstantAdminForm
    page_fields = ("integration", "app", "field", "value")
    choice_fields = ("integration", "app")
    list_display = ("integration", "app", "field", "value")
    list_filter = ("app",)

    def chosen(self, data) -> dict | None:
        choice = super().chosen(data)
        app = data.get("app")
        return {**choice, "app": app} if choice and app in App.values else None


from syncengine import log_admin  # noqa: E402, F401  (registers the sync log admin)
from syncengine import transfer_admin as _transfer_admin  # noqa: E402, F401  (registers it)
