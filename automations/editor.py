"""What the automations editor shows: the six triggers in registry order, with actions, forms."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django_stubs_ext import StrOrPromise

from automations.forms import AddActionForm, EditActionForm
from automations.models import Automation, AutomationAction
from automations.registry import ACTION_SPECS, ActionSpec, ActionType, Trigger
from integrations.models import Integration
from syncengine.schema import Schema


@dataclass
class ActionRow:
    action: AutomationAction
    summary: str
    spec: ActionSpec
    form: EditActionForm
    problem: str = ""
    first: bool = False
    last: bool = False


@dataclass
class TriggerBlock:
    trigger: str
    label: str
    automation: Automation | None
    rows: list[ActionRow] = field(default_factory=list)
    available: list[tuple[str, StrOrPromise]] = field(default_factory=list)
    add_form: AddActionForm | None = None
    problem: str = ""
    bound: object = None  # the refused form shown in this block, if any

    @property
    def enabled(self) -> bool:
        return self.automation is not None and self.automation.enabled

    @property
    def section(self) -> str:
        """The page element its results are shown in (integrations.settings_views.say)."""
        return f"automation-{self.trigger}"

    @property
    def test_section(self) -> str:
        return f"test-{self.trigger}"

    @property
    def has_errors(self) -> bool:
        return bool(self.problem) or self.bound is not None


def editor_context(integration: Integration, schema: Schema, problems: dict, bound=None) -> dict:
    """`problems` maps "automation-<trigger>" / "action-<id>" to a message (shown in red).
    `bound` is a posted form with errors, shown in its place instead of a blank one."""
    automations = {
        a.trigger: a
        for a in Automation.objects.filter(integration=integration).prefetch_related("actions")
    }
    bound_slot = getattr(bound, "slot", None)
    blocks = []
    for trigger in Trigger:
        block = trigger_block(integration, schema, trigger, automations.get(trigger), problems)
        for row in block.rows:
            if row.form.slot == bound_slot:
                row.form = block.bound = bound
        if bound_slot == f"add-{trigger.value}":
            block.add_form = block.bound = bound
        blocks.append(block)
    placed = any(block.bound is not None for block in blocks)
    return {
        "blocks": blocks,
        # A refused form is summarised in its trigger's block; one of no block (the toggle's
        # unknown trigger), above them all.
        "bound": None if placed else bound,
        "has_pipelines": bool(schema.pipelines),
        "specs": {
            value: {
                "pipeline": spec.needs_pipeline,
                "stage": spec.needs_stage,
                "subject": spec.needs_subject,
            }
            for value, spec in ACTION_SPECS.items()
        },
    }


def trigger_block(integration, schema, trigger, automation, problems) -> TriggerBlock:
    actions = list(automation.actions.all()) if automation else []
    rows = [
        ActionRow(
            action=action,
            summary=describe(action, schema),
            spec=ACTION_SPECS.get(action.action_type, ActionSpec()),
            form=EditActionForm(schema=schema, instance=action),
            problem=problems.get(f"action-{action.pk}", ""),
            first=i == 0,
            last=i == len(actions) - 1,
        )
        for i, action in enumerate(actions)
    ]
    used = {a.action_type for a in actions}
    available: list[tuple[str, StrOrPromise]] = [
        (value, label) for value, label in ActionType.choices if value not in used
    ]
    # Pipedrive puts a deal without a pipeline in the first one: offer that one.
    first = {"pipeline_id": schema.pipelines[0].id} if schema.pipelines else {}
    add_form = (
        AddActionForm(schema=schema, integration=integration, trigger=trigger.value, initial=first)
        if available
        else None
    )
    return TriggerBlock(
        trigger=trigger.value,
        label=trigger.label,
        automation=automation,
        rows=rows,
        available=available,
        add_form=add_form,
        problem=problems.get(f"automation-{trigger.value}", ""),
    )


def describe(action: AutomationAction, schema: Schema) -> str:
    """One line saying what the action does, naming what no longer exists."""
    pipeline = pipeline_name(schema.pipeline(action.pipeline_id), action.pipeline_id)
    stage = stage_name(schema.stage(action.stage_id), action.stage_id)
    if action.action_type == ActionType.CREATE_DEAL:
        return _("Create a deal in “%(pipeline)s”") % {"pipeline": pipeline}
    if action.action_type == ActionType.MOVE_TO_STAGE:
        text = _("Move the deal to “%(stage)s” in “%(pipeline)s”")
        return text % {"stage": stage, "pipeline": pipeline}
    if action.action_type == ActionType.ADD_ACTIVITY:
        return _("Add the task “%(subject)s”") % {"subject": action.subject}
    return action.get_action_type_display()


def pipeline_name(found, remote_id: int | None) -> str:
    if found is not None:
        return found.name
    if remote_id is None:
        return _("no pipeline chosen")
    return _("pipeline #%(id)s, no longer in Pipedrive") % {"id": remote_id}


def stage_name(found, remote_id: int | None) -> str:
    if found is not None:
        return found.name
    if remote_id is None:
        return _("no stage chosen")
    return _("stage #%(id)s, no longer in Pipedrive") % {"id": remote_id}
