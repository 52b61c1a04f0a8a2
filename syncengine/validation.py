"""Every rule a launch or resume checks (R6.1, R8, B9), as pure functions over plain data.

Each problem names its `target`, the id of the page element to mark red:
"direction", "target_list", "owner", "source_lists", "mapping-<id>", "constant-<id>",
"automation-<trigger>", "action-<id>", "connections", "schema".
"""

from dataclasses import dataclass, field

from automations.registry import ACTION_SPECS, ActionData
from syncengine.compatibility import check_pair, constant_allowed
from syncengine.exchange import DIRECTIONS, Exchange
from syncengine.schema import Schema
from syncengine.wording import Text, _


@dataclass(frozen=True)
class Problem:
    """`message` is a Text: English, translated by the page that shows it."""

    target: str
    message: str


@dataclass(frozen=True)
class MappingData:
    id: int
    snovio_field: str
    pipedrive_field: str
    snovio_label: str = ""
    pipedrive_label: str = ""


@dataclass(frozen=True)
class ConstantData:
    id: int
    app: str
    field: str
    value: str


@dataclass(frozen=True)
class AutomationData:
    trigger: str
    enabled: bool
    actions: tuple[ActionData, ...] = ()


@dataclass(frozen=True)
class SettingsData:
    exchange: Exchange = field(default_factory=Exchange)
    mappings: tuple[MappingData, ...] = ()
    constants: tuple[ConstantData, ...] = ()
    automations: tuple[AutomationData, ...] = ()
    connection_problems: tuple[str, ...] = field(default=())
    schema_loaded: bool = True

    @property
    def to_pipedrive(self) -> bool:
        return self.exchange.to_pipedrive

    @property
    def to_snovio(self) -> bool:
        return self.exchange.to_snovio


def validate_settings(s: SettingsData, schema: Schema) -> list[Problem]:
    problems = [Problem("connections", text) for text in s.connection_problems]
    if not s.schema_loaded:
        problems.append(
            Problem("schema", Text(_("Press Refresh to load fields and lists from both apps.")))
        )
        return problems
    if s.exchange.direction not in DIRECTIONS:
        problems.append(Problem("direction", Text(_("Choose a direction."))))
        return problems
    problems += check_exchange(s, schema)
    problems += [p for m in s.mappings if (p := check_mapping(m, schema))]
    problems += [p for c in s.constants if (p := check_constant(c, s, schema))]
    if s.to_pipedrive:
        for automation in s.automations:
            problems += check_automation(automation, schema)
    return problems


def check_exchange(s: SettingsData, schema: Schema) -> list[Problem]:
    problems, x = [], s.exchange
    if x.to_snovio:
        if not x.target_list_id:
            message = _("Choose the Snov.io list that receives Pipedrive contacts.")
            problems.append(Problem("target_list", Text(message)))
        elif schema.snovio_list(x.target_list_id) is None:
            message = _("This Snov.io list no longer exists.")
            problems.append(Problem("target_list", Text(message)))
    if x.to_pipedrive:
        user = schema.user(x.owner_user_id)
        if x.owner_user_id is None:
            message = _("Choose the Pipedrive user who owns new persons.")
            problems.append(Problem("owner", Text(message)))
        elif user is None or not user.active:
            message = _("This Pipedrive user no longer exists or is inactive.")
            problems.append(Problem("owner", Text(message)))
        if not x.all_lists and not x.source_list_ids:
            message = _("Choose at least one list, or All lists.")
            problems.append(Problem("source_lists", Text(message)))
        gone = [i for i in x.source_list_ids if schema.snovio_list(i) is None]
        if not x.all_lists and gone:
            message = _("Chosen lists that no longer exist in Snov.io: %(count)s.")
            problems.append(Problem("source_lists", Text(message, count=len(gone))))
    return problems


def check_mapping(m: MappingData, schema: Schema) -> Problem | None:
    target = f"mapping-{m.id}"
    left, right = schema.snovio_field(m.snovio_field), schema.pipedrive_field(m.pipedrive_field)
    if left is None:
        return Problem(target, gone_field("Snov.io", m.snovio_label))
    if right is None:
        return Problem(target, gone_field("Pipedrive", m.pipedrive_label))
    verdict = check_pair(left.type, right.field_type)
    if not verdict.ok:
        message = _("%(snovio_field)s ⇄ %(pipedrive_field)s: %(reason)s")
        pair = {"snovio_field": left.label, "pipedrive_field": right.name}
        return Problem(target, Text(message, **pair, reason=verdict.reason))
    return None


def gone_field(app: str, name: str) -> Text:
    """Named as it was when mapped; a pair made before names were kept is not shown by key."""
    if name:
        return Text(_("The %(app)s field “%(name)s” no longer exists."), app=app, name=name)
    return Text(_("The %(app)s field of this pair no longer exists."), app=app)


def check_constant(c: ConstantData, s: SettingsData, schema: Schema) -> Problem | None:
    target = f"constant-{c.id}"
    receives = s.to_snovio if c.app == "snovio" else s.to_pipedrive
    if not receives:
        app = "Snov.io" if c.app == "snovio" else "Pipedrive"
        message = _("%(app)s does not receive data in this direction; remove it.")
        return Problem(target, Text(message, app=app))
    if not c.value.strip():
        return Problem(target, Text(_("Enter the text to write.")))
    if c.app == "snovio":
        left = schema.snovio_field(c.field)
        field_type, name = (left.type, left.label) if left else ("", c.field)
        missing = left is None
    else:
        right = schema.pipedrive_field(c.field)
        field_type, name = (right.field_type, right.name) if right else ("", c.field)
        missing = right is None
    if missing:
        app = "Snov.io" if c.app == "snovio" else "Pipedrive"
        message = _("The %(app)s field this constant (“%(value)s”) filled no longer exists.")
        return Problem(target, Text(message, app=app, value=c.value))
    verdict = constant_allowed(c.app, field_type)
    if verdict.ok:
        return None
    return Problem(target, Text(_("%(field)s: %(reason)s"), field=name, reason=verdict.reason))


def check_automation(a: AutomationData, schema: Schema) -> list[Problem]:
    if not a.enabled:
        return []
    if not a.actions:
        message = _("Add an action or switch this trigger off.")
        return [Problem(f"automation-{a.trigger}", Text(message))]
    return [p for action in a.actions if (p := check_action(action, schema))]


def check_action(action: ActionData, schema: Schema) -> Problem | None:
    target = f"action-{action.id}"
    spec = ACTION_SPECS.get(action.action_type)
    if spec is None:
        return Problem(target, Text(_("Unknown action.")))
    pipeline = schema.pipeline(action.pipeline_id)
    if spec.needs_pipeline and pipeline is None:
        message = _("Choose a pipeline (the chosen one no longer exists).")
        return Problem(target, Text(message))
    if spec.needs_stage:
        stage = schema.stage(action.stage_id)
        if stage is None or stage.pipeline_id != action.pipeline_id:
            return Problem(target, Text(_("Choose a stage of the chosen pipeline.")))
    if spec.needs_subject and not action.subject.strip():
        return Problem(target, Text(_("Enter the activity subject.")))
    return None
