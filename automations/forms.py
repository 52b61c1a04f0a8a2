"""Forms of the automations editor (R5). Choices come from the last Refresh (the schema).

The same forms back the admin, so staff edits are validated exactly like the page's."""

from django import forms
from django.utils.translation import gettext_lazy as _

from automations.models import Automation, AutomationAction
from automations.registry import ACTION_SPECS, ActionType, Trigger
from integrations.models import Integration
from syncengine.schema import Schema
from syncengine.storable import validate_storable_text

PARAMETERS = ("pipeline_id", "stage_id", "subject")


class StageSelect(forms.Select):
    """Each stage option carries `data-pipeline`, which settings.js uses to filter by pipeline."""

    def __init__(self, *args, pipeline_of: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.pipeline_of = pipeline_of or {}

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        pipeline_id = self.pipeline_of.get(str(value))
        if pipeline_id is not None:
            option["attrs"]["data-pipeline"] = str(pipeline_id)
        return option


class AutomationForm(forms.ModelForm):
    """A trigger switched on or off. The page posts it as a toggle; the admin edits it."""

    class Meta:
        model = Automation
        fields = ["trigger", "enabled"]
        labels = {"trigger": _("Trigger"), "enabled": _("On")}
        error_messages = {
            "trigger": {"invalid_choice": _("Unknown trigger: choose one of the six.")}
        }


class ActionForm(forms.ModelForm):
    """One action and the parameters its type needs (ACTION_SPECS)."""

    class Meta:
        model = AutomationAction
        fields = ["action_type", *PARAMETERS]
        labels = {"action_type": _("Action"), "subject": _("Task subject")}
        help_texts = {"subject": _("For “Add an activity”: the task's subject, e.g. “Call back”.")}

    def __init__(self, *args, schema: Schema, taken=frozenset(), **kwargs):
        super().__init__(*args, **kwargs)
        self.schema, self.taken = schema, frozenset(taken)
        self.fields["action_type"] = forms.ChoiceField(
            label=_("Action"),
            choices=ActionType.choices,
            error_messages={"invalid_choice": _("Unknown action: choose one of the list.")},
        )
        self.fields["action_type"].widget.choices = [("", _("— choose an action —"))] + [
            (value, label) for value, label in ActionType.choices if value not in self.taken
        ]
        self.fields["subject"].validators.append(validate_storable_text)
        self.fields["pipeline_id"] = self.pipeline_field()
        self.fields["stage_id"] = self.stage_field()
        self.fields["pipeline_id"].widget.attrs["data-pipeline-select"] = self["stage_id"].auto_id

    def pipeline_field(self):
        return forms.TypedChoiceField(
            label=_("Pipeline"),
            required=False,
            coerce=int,
            empty_value=None,
            choices=[("", _("— choose a pipeline —"))]
            + [(p.id, p.name) for p in self.schema.pipelines],
            help_text=_("For “Create a deal” (first stage) and “Move the deal to a stage”."),
            error_messages={"invalid_choice": _("This pipeline does not exist: press Refresh.")},
        )

    def stage_field(self):
        stages = [(s, p) for p in self.schema.pipelines for s in p.stages]
        return forms.TypedChoiceField(
            label=_("Stage"),
            required=False,
            coerce=int,
            empty_value=None,
            choices=[("", _("— choose a stage —"))]
            + [(s.id, f"{s.name} ({p.name})") for s, p in stages],
            widget=StageSelect(pipeline_of={str(s.id): p.id for s, p in stages}),
            help_text=_("For “Move the deal to a stage”: a stage of the chosen pipeline."),
            error_messages={"invalid_choice": _("This stage does not exist: press Refresh.")},
        )

    def clean_action_type(self):
        action_type = self.cleaned_data["action_type"]
        if action_type in self.taken:
            label = ActionType(action_type).label
            message = _(
                "“%(action)s” is already an action of this trigger: an action may appear once "
                "per trigger. Edit the existing one instead."
            )
            raise forms.ValidationError(message, params={"action": label})
        return action_type

    def clean(self):
        cleaned = super().clean()
        spec = ACTION_SPECS.get(cleaned.get("action_type"))
        if spec is None:
            return cleaned
        self.check_parameters(spec, cleaned)
        if not spec.needs_pipeline:
            cleaned["pipeline_id"] = None
        if not spec.needs_stage:
            cleaned["stage_id"] = None
        cleaned["subject"] = cleaned.get("subject", "").strip() if spec.needs_subject else ""
        return cleaned

    def check_parameters(self, spec, cleaned):
        pipeline_id, stage_id = cleaned.get("pipeline_id"), cleaned.get("stage_id")
        if spec.needs_pipeline and pipeline_id is None and "pipeline_id" not in self.errors:
            self.add_error("pipeline_id", _("Choose a pipeline."))
        if spec.needs_stage and stage_id is None and "stage_id" not in self.errors:
            self.add_error("stage_id", _("Choose a stage."))
        stage = self.schema.stage(stage_id)
        pipeline = self.schema.pipeline(pipeline_id)
        if spec.needs_stage and stage and pipeline and stage.pipeline_id != pipeline.id:
            message = _(
                "This stage belongs to another pipeline: choose a stage of “%(pipeline)s”."
            )
            self.add_error(
                "stage_id", forms.ValidationError(message, params={"pipeline": pipeline.name})
            )
        subject_missing = not cleaned.get("subject", "").strip() and "subject" not in self.errors
        if spec.needs_subject and subject_missing:
            self.add_error("subject", _("Enter the task subject."))

    def parameters(self) -> dict:
        return {key: self.cleaned_data[key] for key in PARAMETERS}


class AddActionForm(ActionForm):
    """ "+ Add another action" under one trigger. Field names are shared by the six triggers'
    forms (the trigger travels in a hidden field); ids are made unique per trigger."""

    trigger = forms.ChoiceField(
        choices=Trigger.choices,
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("Unknown trigger: reload the page and try again.")},
    )

    def __init__(self, *args, schema: Schema, integration: Integration, trigger: str = "", **kw):
        data = args[0] if args else kw.get("data")
        trigger = (data.get("trigger", "") if data is not None else trigger) or ""
        self.slot = f"add-{trigger}" if trigger in Trigger.values else "add-unknown"
        taken = AutomationAction.objects.filter(
            automation__integration=integration, automation__trigger=trigger
        ).values_list("action_type", flat=True)
        super().__init__(*args, schema=schema, taken=taken, auto_id=f"id_{self.slot}-%s", **kw)
        self.fields["trigger"].initial = trigger
        self.order_fields(["trigger", "action_type"])


class EditActionForm(ActionForm):
    """The parameters of an existing action; its type stays."""

    def __init__(self, *args, schema: Schema, instance: AutomationAction, **kwargs):
        self.slot = f"edit-{instance.pk}"
        super().__init__(
            *args, schema=schema, instance=instance, auto_id=f"id_{self.slot}-%s", **kwargs
        )
        self.fields["action_type"].disabled = True
