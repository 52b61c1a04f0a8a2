"""Matching a settings document against a schema (B11), as pure functions.

A document and a schema give a plan: what importing will set, and what could not be matched,
with the reason a person can act on. Nothing is written here."""

from dataclasses import dataclass, field
from operator import attrgetter

from automations.registry import ACTION_SPECS, ActionType, Trigger
from integrations.models import Direction
from syncengine.compatibility import check_pair, constant_allowed
from syncengine.fields import SYSTEM_SNOVIO_FIELDS
from syncengine.models import App
from syncengine.schema import Schema

MAX_TEXT = 255  # Constant.value and AutomationAction.subject


@dataclass(frozen=True)
class Unmatched:
    item: str
    reason: str


@dataclass(frozen=True)
class PlannedAction:
    action_type: str
    pipeline_id: int | None = None
    stage_id: int | None = None
    subject: str = ""


@dataclass(frozen=True)
class PlannedAutomation:
    trigger: str
    enabled: bool
    actions: tuple[PlannedAction, ...] = ()


@dataclass
class ImportPlan:
    exchange: dict = field(default_factory=dict)  # Integration field name → value
    mappings: list[tuple[str, str]] = field(default_factory=list)
    constants: list[tuple[str, str, str]] = field(default_factory=list)  # app, field, value
    automations: list[PlannedAutomation] = field(default_factory=list)
    imported: list[str] = field(default_factory=list)
    unmatched: list[Unmatched] = field(default_factory=list)

    def miss(self, item: str, reason: str) -> None:
        self.unmatched.append(Unmatched(item, reason))


def plan_import(document: dict, schema: Schema) -> ImportPlan:
    """What importing this (checked) document would set, and what it cannot match."""
    plan = ImportPlan()
    direction = document["direction"]
    plan.exchange["direction"] = direction
    plan.imported.append(f"Direction: {Direction(direction).label}")
    _plan_exchange(plan, document["exchange"], schema)
    for m in document["mappings"]:
        _plan_mapping(plan, m, schema)
    for c in document["constants"]:
        _plan_constant(plan, c, schema, direction)
    for a in document["automations"]:
        _plan_automation(plan, a, schema)
    return plan


def _norm(name: str) -> str:
    return " ".join(name.split()).casefold()


def _named(items, name: str, key=attrgetter("name")) -> list:
    exact = [x for x in items if key(x) == name]
    return exact or [x for x in items if _norm(key(x)) == _norm(name)]


def _one(candidates: list, what: str):
    """(the only candidate, "") or (None, why there is not exactly one)."""
    if len(candidates) == 1:
        return candidates[0], ""
    if not candidates:
        return None, f"{what} not found"
    return None, f"{what} is ambiguous: {len(candidates)} have this name"


def _plan_exchange(plan: ImportPlan, exchange: dict, schema: Schema) -> None:
    name = exchange["target_list"]
    if name is None:
        plan.exchange["target_list_id"] = ""
    else:
        found, reason = _one(_named(schema.snovio_lists, name), f"Snov.io list “{name}”")
        if found:
            plan.exchange["target_list_id"] = found.id
            plan.imported.append(f"Snov.io list that receives Pipedrive contacts: {found.name}")
        else:
            plan.miss("Snov.io list that receives Pipedrive contacts", reason)
    _plan_owner(plan, exchange["owner"], schema)
    plan.exchange["all_lists"] = exchange["all_lists"]
    chosen = []
    for name in exchange["source_lists"]:
        found, reason = _one(_named(schema.snovio_lists, name), f"Snov.io list “{name}”")
        if found:
            chosen.append(found)
        else:
            plan.miss("Snov.io lists that take part", reason)
    plan.exchange["source_list_ids"] = [x.id for x in chosen]
    taking_part = "All lists" if exchange["all_lists"] else ", ".join(x.name for x in chosen)
    plan.imported.append(f"Snov.io lists that take part: {taking_part or 'none'}")
    for key, label in (
        ("include_email_history", "Include email communication history"),
        ("only_with_email", "Sync only prospects with email"),
    ):
        plan.exchange[key] = exchange[key]
        plan.imported.append(f"{label}: {'on' if exchange[key] else 'off'}")


def _plan_owner(plan: ImportPlan, owner: dict | None, schema: Schema) -> None:
    if owner is None:
        plan.exchange["owner_user_id"] = None
        return
    email, name = owner.get("email") or "", owner.get("name") or ""
    shown = email or name
    by_email = [u for u in schema.pipedrive_users if email and _norm(u.email) == _norm(email)]
    candidates = by_email or (_named(schema.pipedrive_users, name) if name else [])
    user, reason = _one(candidates, f"Pipedrive user “{shown}”")
    if user is not None and not user.active:
        user, reason = None, f"Pipedrive user “{shown}” is inactive"
    if user is None:
        plan.miss("Owner of persons created from Snov.io", reason)
        return
    plan.exchange["owner_user_id"] = user.id
    plan.imported.append(f"Owner of persons created from Snov.io: {user.name}")


def _custom_pipedrive_field(schema: Schema, name: str):
    found, reason = _one(
        _named([f for f in schema.pipedrive_fields if f.is_custom], name),
        f"Pipedrive field “{name}”",
    )
    if found is None and _named(schema.pipedrive_fields, name):
        reason = f"Pipedrive field “{name}” is built in; only custom fields can be used"
    return found, reason


def _plan_mapping(plan: ImportPlan, m: dict, schema: Schema) -> None:
    left_name, right_name = m["snovio_field"], m["pipedrive_field"]
    item = f"Mapping {left_name} ⇄ {right_name}"
    left, reason = _one(
        _named(schema.snovio_fields, left_name, attrgetter("label")),
        f"Snov.io field “{left_name}”",
    )
    right = None
    if left is not None:
        right, reason = _custom_pipedrive_field(schema, right_name)
    if right is None:
        return plan.miss(item, reason)
    used_left = {key for key, _ in plan.mappings} | SYSTEM_SNOVIO_FIELDS
    if left.key in used_left:
        return plan.miss(item, f"Snov.io field “{left.label}” is already mapped")
    if right.key in {key for _, key in plan.mappings}:
        return plan.miss(item, f"Pipedrive field “{right.name}” is already mapped")
    verdict = check_pair(left.type, right.field_type)
    if not verdict.ok:
        return plan.miss(item, verdict.reason)
    plan.mappings.append((left.key, right.key))
    plan.imported.append(f"Mapping {left.label} ⇄ {right.name}")


def _plan_constant(plan: ImportPlan, c: dict, schema: Schema, direction: str) -> None:
    app, name, value = c["app"], c["field"], c["value"]
    if app not in App.values:
        return plan.miss(f"Constant {name}", f"Unknown app “{app}”")
    app_name = App(app).label
    item = f"Constant for {app_name}: {name}"
    receives = direction in ("both", "to_snovio" if app == App.SNOVIO else "to_pipedrive")
    if not receives:
        return plan.miss(item, f"{app_name} does not receive data in this direction")
    if not value.strip() or len(value) > MAX_TEXT:
        return plan.miss(item, f"The text must have 1 to {MAX_TEXT} characters")
    if app == App.SNOVIO:
        custom = [f for f in schema.snovio_fields if not f.builtin]
        found, reason = _one(_named(custom, name, attrgetter("label")), f"Snov.io field “{name}”")
        field_type = found.type if found else ""
    else:
        found, reason = _custom_pipedrive_field(schema, name)
        field_type = found.field_type if found else ""
    if found is None:
        return plan.miss(item, reason)
    verdict = constant_allowed(app, field_type)
    if not verdict.ok:
        return plan.miss(item, verdict.reason)
    if any((a, f) == (app, found.key) for a, f, _ in plan.constants):
        return plan.miss(item, "This field already has a constant")
    plan.constants.append((app, found.key, value))
    plan.imported.append(f"{item} = {value}")


def _plan_automation(plan: ImportPlan, a: dict, schema: Schema) -> None:
    trigger = a["trigger"]
    if trigger not in Trigger.values:
        return plan.miss(f"Automation “{trigger}”", "Unknown trigger")
    label = Trigger(trigger).label
    if any(x.trigger == trigger for x in plan.automations):
        return plan.miss(f"Automation “{label}”", "This trigger appears twice in the file")
    actions = []
    for x in a["actions"]:
        planned = _plan_action(plan, x, schema, label, {y.action_type for y in actions})
        if planned is not None:
            actions.append(planned)
    plan.automations.append(PlannedAutomation(trigger, a["enabled"], tuple(actions)))
    steps = ", ".join(ActionType(x.action_type).label for x in actions) or "no actions"
    plan.imported.append(f"Automation “{label}” ({'on' if a['enabled'] else 'off'}): {steps}")


def _plan_action(plan, x: dict, schema: Schema, label: str, used: set) -> PlannedAction | None:
    kind = x["action"]
    if kind not in ActionType.values:
        plan.miss(f"Automation “{label}”: action “{kind}”", "Unknown action")
        return None
    item, spec = f"Automation “{label}”: {ActionType(kind).label}", ACTION_SPECS[kind]
    subject = x.get("subject") or ""
    pipeline_id, stage_id, reason = _match_stage(schema, x.get("pipeline"), x.get("stage"))
    if kind in used:
        reason = "This action appears twice in this automation"
    elif spec.needs_pipeline and pipeline_id is None:
        reason = reason or "No pipeline chosen"
    elif spec.needs_stage and stage_id is None:
        reason = reason or "No stage chosen"
    elif (spec.needs_subject and not subject.strip()) or len(subject) > MAX_TEXT:
        reason = f"The activity subject must have 1 to {MAX_TEXT} characters"
    else:
        return PlannedAction(kind, pipeline_id, stage_id, subject)
    plan.miss(item, reason)
    return None


def _match_stage(schema: Schema, pipeline_name: str | None, stage_name: str | None):
    """(pipeline id, stage id, reason): a stage is looked up only in its own pipeline."""
    if not pipeline_name:
        return None, None, ""
    pipeline, reason = _one(_named(schema.pipelines, pipeline_name), f"Pipeline “{pipeline_name}”")
    if pipeline is None:
        return None, None, reason
    if not stage_name:
        return pipeline.id, None, ""
    candidates = _named(pipeline.stages, stage_name)
    if not candidates:
        return pipeline.id, None, f"Stage “{stage_name}” not in pipeline “{pipeline.name}”"
    stage, reason = _one(candidates, f"Stage “{stage_name}”")
    return pipeline.id, stage.id if stage else None, reason
