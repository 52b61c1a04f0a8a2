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


@dataclass(frozen=True)
class Problem:
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
            Problem("schema", "Press Refresh to load fields and lists from both apps.")
        )
        return problems
    if s.exchange.direction not in DIRECTIONS:
        problems.append(Problem("direction", "Choose a direction."))
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
            problems.append(
                Problem("target_list", "Choose the Snov.io list that receives Pipedrive contacts.")
            )
        elif schema.snovio_list(x.target_list_id) is None:
            problems.append(Problem("target_list", "This Snov.io list no longer exists."))
    if x.to_pipedrive:
        user = schema.user(x.owner_user_id)
        if x.owner_user_id is None:
            problems.append(Problem("owner", "Choose the Pipedrive user who owns new persons."))
        elif user is None or not user.active:
            problems.append(
                Problem("owner", "This Pipedrive user no longer exists or is inactive.")
            )
        if not x.all_lists and not x.source_list_ids:
            problems.append(Problem("source_lists", "Choose at least one list, or All lists."))
        gone = [i for i in x.source_list_ids if schema.snovio_list(i) is None]
        if not x.all_lists and gone:
            problems.append(
                Problem("source_lists", f"{len(gone)} chosen list(s) no longer exist in Snov.io.")
            )
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
        return Problem(target, f"{left.label} ⇄ {right.name}: {verdict.reason}")
    return None


def gone_field(app: str, name: str) -> str:
    """Named as it was when mapped; a pair made before names were kept is not shown by key."""
    if name:
        return f"The {app} field “{name}” no longer exists."
    return f"The {app} field of this pair no longer exists."


def check_constant(c: ConstantData, s: SettingsData, schema: Schema) -> Problem | None:
    target = f"constant-{c.id}"
    receives = s.to_snovio if c.app == "snovio" else s.to_pipedrive
    if not receives:
        app = "Snov.io" if c.app == "snovio" else "Pipedrive"
        return Problem(target, f"{app} does not receive data in this direction; remove it.")
    if not c.value.strip():
        return Problem(target, "Enter the text to write.")
    if c.app == "snovio":
        found = schema.snovio_field(c.field)
        field_type, name = (found.type, found.label) if found else ("", c.field)
    else:
        found = schema.pipedrive_field(c.field)
        field_type, name = (found.field_type, found.name) if found else ("", c.field)
    if found is None:
        app = "Snov.io" if c.app == "snovio" else "Pipedrive"
        return Problem(
            target, f"The {app} field this constant (“{c.value}”) filled no longer exists."
        )
    verdict = constant_allowed(c.app, field_type)
    return None if verdict.ok else Problem(target, f"{name}: {verdict.reason}")


def check_automation(a: AutomationData, schema: Schema) -> list[Problem]:
    if not a.enabled:
        return []
    if not a.actions:
        return [Problem(f"automation-{a.trigger}", "Add an action or switch this trigger off.")]
    return [p for action in a.actions if (p := check_action(action, schema))]


def check_action(action: ActionData, schema: Schema) -> Problem | None:
    target = f"action-{action.id}"
    spec = ACTION_SPECS.get(action.action_type)
    if spec is None:
        return Problem(target, "Unknown action.")
    pipeline = schema.pipeline(action.pipeline_id)
    if spec.needs_pipeline and pipeline is None:
        return Problem(target, "Choose a pipeline (the chosen one no longer exists).")
    if spec.needs_stage:
        stage = schema.stage(action.stage_id)
        if stage is None or stage.pipeline_id != action.pipeline_id:
            return Problem(target, "Choose a stage of the chosen pipeline.")
    if spec.needs_subject and not action.subject.strip():
        return Problem(target, "Enter the activity subject.")
    return None
