"""Forms of the settings page. Choices come from the last Refresh (the remote schema).

The same forms back the admin, so staff edits are validated exactly like the page's."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from integrations.models import Direction, Integration
from syncengine.compatibility import (
    accepted_snovio_kinds,
    check_pair,
    constant_allowed,
    snovio_kind,
)
from syncengine.field_names import snovio_label
from syncengine.fields import SYSTEM_PIPEDRIVE_FIELDS, SYSTEM_SNOVIO_FIELDS
from syncengine.models import App, Constant, FieldMapping
from syncengine.schema import Schema
from syncengine.storable import validate_storable_text
from syncengine.wording import translated

DIRECTION_HELP = {
    Direction.BOTH: _("Changes in either app are copied to the other."),
    Direction.TO_PIPEDRIVE: _(
        "Snov.io prospects are copied to Pipedrive; Pipedrive edits stay there."
    ),
    Direction.TO_SNOVIO: _("Pipedrive persons are copied to Snov.io; Snov.io edits stay there."),
}


class ExchangeForm(forms.ModelForm):
    """Direction and data exchange (R2, R3.1–R3.3, R3.5, R3.6)."""

    target_list_id = forms.ChoiceField(
        label=_("Snov.io list that receives Pipedrive contacts"), required=False
    )
    owner_user_id = forms.TypedChoiceField(
        label=_("Pipedrive owner of persons created from Snov.io"),
        required=False,
        coerce=int,
        empty_value=None,
    )
    source_list_ids = forms.MultipleChoiceField(
        label=_("Snov.io lists that take part"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Integration
        fields = [
            "direction",
            "target_list_id",
            "owner_user_id",
            "all_lists",
            "source_list_ids",
            "include_email_history",
            "only_with_email",
        ]
        widgets = {"direction": forms.RadioSelect}
        labels = {
            "direction": _("Direction"),
            "all_lists": _("All lists (including lists created later)"),
            "include_email_history": _("Include email communication history"),
            "only_with_email": _("Sync only prospects with email"),
        }
        help_texts = {
            "include_email_history": _(
                "Campaign emails appear on the Pipedrive person as done activities with their "
                "content and status."
            ),
            "only_with_email": _(
                "Off: prospects without an email are transferred too; since matching is by "
                "email, duplicates become possible."
            ),
        }

    def __init__(self, *args, schema: Schema, **kwargs):
        super().__init__(*args, **kwargs)
        lists = [(x.id, x.name) for x in schema.snovio_lists]
        choose(self.fields["target_list_id"], [("", _("— choose a list —")), *lists])
        choose(self.fields["source_list_ids"], lists)
        choose(
            self.fields["owner_user_id"],
            [("", _("— choose a user —"))]
            + [(u.id, u.name) for u in schema.pipedrive_users if u.active],
        )
        choose(self.fields["direction"], Direction.choices)


class OptionDataSelect(forms.Select):
    """A select whose options carry data attributes (the page's script filters by them)."""

    def __init__(self, *args, option_data: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.option_data = option_data or {}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        option["attrs"].update(self.option_data.get(str(value), {}))
        return option


class MappingForm(forms.ModelForm):
    """One custom pair of fields (R3.4, B16): only pairs our writer can write are offered."""

    class Meta:
        model = FieldMapping
        fields = ["snovio_field", "pipedrive_field"]
        labels = {"snovio_field": _("Snov.io field"), "pipedrive_field": _("Pipedrive field")}

    def __init__(self, *args, schema: Schema, integration: Integration, **kwargs):
        super().__init__(*args, **kwargs)
        self.schema, self.integration = schema, integration
        self.instance.integration = integration
        taken = FieldMapping.objects.filter(integration=integration)
        used_left = set(taken.values_list("snovio_field", flat=True)) | SYSTEM_SNOVIO_FIELDS
        used_right = set(taken.values_list("pipedrive_field", flat=True)) | SYSTEM_PIPEDRIVE_FIELDS
        left = [f for f in schema.snovio_fields if f.key not in used_left]
        right = [
            f
            for f in schema.pipedrive_fields
            if f.is_custom and f.key not in used_right and accepted_snovio_kinds(f.field_type)
        ]
        self.fields["snovio_field"] = forms.ChoiceField(
            label=_("Snov.io field"),
            choices=[("", _("— choose a Snov.io field —"))]
            + [(f.key, snovio_label(f)) for f in left],
            widget=OptionDataSelect(
                option_data={f.key: {"data-kind": snovio_kind(f.type).value} for f in left}
            ),
        )
        self.fields["pipedrive_field"] = forms.ChoiceField(
            label=_("Pipedrive field"),
            choices=[("", _("— choose a Pipedrive field —"))] + [(f.key, f.name) for f in right],
            help_text=_(
                "Only fields that can hold the Snov.io field's data are offered. A text can fill "
                "an option field: the option with the same name is chosen (several, separated "
                "by commas, for a multiple-option field)."
            ),
            widget=OptionDataSelect(option_data={f.key: accepts_data(f) for f in right}),
        )

    def clean(self):
        cleaned = super().clean()
        left = self.schema.snovio_field(cleaned.get("snovio_field", ""))
        right = self.schema.pipedrive_field(cleaned.get("pipedrive_field", ""))
        if left and right:
            verdict = check_pair(left.type, right.field_type)
            if not verdict.ok:
                self.add_error("pipedrive_field", translated(verdict.reason, gettext))
            self.instance.snovio_label, self.instance.pipedrive_label = left.label, right.name
        return cleaned


def accepts_data(field) -> dict:
    """The kinds of Snov.io field this Pipedrive field may be paired with, for the script."""
    kinds = sorted(kind.value for kind in accepted_snovio_kinds(field.field_type))
    return {"data-accepts": " ".join(kinds)}


class ConstantForm(forms.ModelForm):
    """A fixed text for a text field of the receiving app (R4)."""

    class Meta:
        model = Constant
        fields = ["app", "field", "value"]
        labels = {"field": _("Field"), "value": _("Text to write")}
        widgets = {"app": forms.HiddenInput}

    def __init__(self, *args, schema: Schema, integration: Integration, app: str, **kwargs):
        kwargs["initial"] = {**kwargs.get("initial", {}), "app": app}
        super().__init__(*args, **kwargs)
        self.schema, self.integration, self.app = schema, integration, app
        self.instance.integration = integration
        taken = set(
            Constant.objects.filter(integration=integration, app=app).values_list(
                "field", flat=True
            )
        )
        self.fields["field"] = forms.ChoiceField(
            label=_("Field"), choices=[("", _("— choose a field —")), *self.field_choices(taken)]
        )
        self.fields["value"].validators.append(validate_storable_text)
        self.prefix = f"constant-{app}"

    def field_choices(self, taken):
        if self.app == App.SNOVIO:
            pairs = [(f.key, f.label, f.type) for f in self.schema.snovio_fields if not f.builtin]
        else:
            pairs = [
                (f.key, f.name, f.field_type) for f in self.schema.pipedrive_fields if f.is_custom
            ]
        return [
            (key, label)
            for key, label, ftype in pairs
            if key not in taken and constant_allowed(self.app, ftype).ok
        ]

    def clean_app(self):
        if self.cleaned_data["app"] != self.app:
            raise forms.ValidationError(_("Unknown app."))
        return self.app

    def clean_value(self):
        value = self.cleaned_data["value"].strip()
        if not value:
            raise forms.ValidationError(_("Enter the text to write."))
        return value


def choose(field: forms.Field, choices) -> None:
    """Set the choices of a form's choice field (its type is known only at run time)."""
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices
