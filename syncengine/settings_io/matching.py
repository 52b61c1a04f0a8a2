"""Matching a settings document against a schema (B11), as pure functions.

A document and a schema give a plan: what importing will set, and what could not be matched,
with the reason a person can act on, in the active language (the import's report is shown at
once, in the request that imported). Nothing is written here."""

from dataclasses import dataclass, field
from operator import attrgetter

from django.utils.translation import gettext as _

from automations.registry import ACTION_SPECS, ActionType, Trigger
from integrations.models import Direction
from syncengine.compatibility import check_pair, constant_allowed
from syncengine.fields import SYSTEM_SNOVIO_FIELDS
from syncengine.models import App
from syncengine.schema import Schema
from syncengine.wording import translated

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
    plan.imported.append(_("Direction: %(direction)s") % {"direction": Direction(direction).label})
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
        return None, _("%(what)s not found") % {"what": what}
    ambiguous = _("%(what)s is ambiguous: %(count)s have this name")
    return None, ambiguous % {"what": what, "count": len(candidates)}


def snovio_list(name: str) -> str:
    return _("Snov.io list “%(name)s”") % {"name": name}


def on_or_off(on: bool) -> str:
    return _("on") if on else _("off")


def _plan_exchange(plan: ImportPlan, exchange: dict, schema: Schema) -> None:
    name = exchange["target_list"]
    if name is None:
        plan.exchange["target_list_id"] = ""
    else:
        found, reason = _one(_named(schema.snovio_lists, name), snovio_list(name))
        if found:
            plan.exchange["target_list_id"] = found.id
            line = _("Snov.io list that receives Pipedrive contacts: %(list)s")
            plan.imported.append(line % {"list": found.name})
        else:
            plan.miss(_("Snov.io list that receives Pipedrive contacts"), reason)
    _plan_owner(plan, exchange["owner"], schema)
    plan.exchange["all_lists"] = exchange["all_lists"]
    chosen = []
    for name in exchange["source_lists"]:
        found, reason = _one(_named(schema.snovio_lists, name), snovio_list(name))
        if found:
            chosen.append(found)
        else:
            plan.miss(_("Snov.io lists that take part"), reason)
    plan.exchange["source_list_ids"] = [x.id for x in chosen]
    taking_part = _("All lists") if exchange["all_lists"] else ", ".join(x.name for x in chosen)
    line = _("Snov.io lists that take part: %(lists)s")
    plan.imported.append(line % {"lists": taking_part or _("none")})
    for key, label in (
        ("include_email_history", _("Include email communication history")),
        ("only_with_email", _("Sync only prospects with email")),
    ):
        plan.exchange[key] = exchange[key]
        line = _("%(setting)s: %(value)s")
        plan.imported.append(line % {"setting": label, "value": on_or_off(exchange[key])})


def _plan_owner(plan: ImportPlan, owner: dict | None, schema: Schema) -> None:
    if owner is None:
        plan.exchange["owner_user_id"] = None
        return
    email, name = owner.get("email") or "", owner.get("name") or ""
    shown = email or name
    by_email = [u for u in schema.pipedrive_users if email and _norm(u.email) == _norm(email)]
    candidates = by_email or (_named(schema.pipedrive_users, name) if name else [])
    user, reason = _one(candidates, _("Pipedrive user “%(name)s”") % {"name": shown})
    if user is not None and not user.active:
        user, reason = None, _("Pipedrive user “%(name)s” is inactive") % {"name": shown}
    if user is None:
        plan.miss(_("Owner of persons created from Snov.io"), reason)
        return
    plan.exchange["owner_user_id"] = user.id
    line = _("Owner of persons created from Snov.io: %(user)s")
    plan.imported.append(line % {"user": user.name})


def _custom_pipedrive_field(schema: Schema, name: str):
    found, reason = _one(
        _named([f for f in schema.pipedrive_fields if f.is_custom], name),
        _("Pipedrive field “%(name)s”") % {"name": name},
    )
    if found is None and _named(schema.pipedrive_fields, name):
        reason = _("Pipedrive field “%(name)s” is built in; only custom fields can be used")
        reason %= {"name": name}
    return found, reason


def _plan_mapping(plan: ImportPlan, m: dict, schema: Schema) -> None:
    left_name, right_name = m["snovio_field"], m["pipedrive_field"]
    item = mapping_item(left_name, right_name)
    left, reason = _one(
        _named(schema.snovio_fields, left_name, attrgetter("label")),
        snovio_field(left_name),
    )
    right = None
    if left is not None:
        right, reason = _custom_pipedrive_field(schema, right_name)
    if right is None:
        return plan.miss(item, reason)
    used_left = {key for key, __ in plan.mappings} | SYSTEM_SNOVIO_FIELDS
    if left.key in used_left:
        taken = _("Snov.io field “%(name)s” is already mapped") % {"name": left.label}
        return plan.miss(item, taken)
    if right.key in {key for __, key in plan.mappings}:
        taken = _("Pipedrive field “%(name)s” is already mapped") % {"name": right.name}
        return plan.miss(item, taken)
    verdict = check_pair(left.type, right.field_type)
    if not verdict.ok:
        return plan.miss(item, translated(verdict.reason, _))
    plan.mappings.append((left.key, right.key))
    plan.imported.append(mapping_item(left.label, right.name))


def mapping_item(snovio_name: str, pipedrive_name: str) -> str:
    names = {"snovio_field": snovio_name, "pipedrive_field": pipedrive_name}
    return _("Mapping %(snovio_field)s ⇄ %(pipedrive_field)s") % names


def snovio_field(name: str) -> str:
    return _("Snov.io field “%(name)s”") % {"name": name}


def _plan_constant(plan: ImportPlan, c: dict, schema: Schema, direction: str) -> None:
    app, name, value = c["app"], c["field"], c["value"]
    if app not in App.values:
        unknown = _("Unknown app “%(app)s”") % {"app": app}
        return plan.miss(_("Constant %(field)s") % {"field": name}, unknown)
    app_name = App(app).label
    item = _("Constant for %(app)s: %(field)s") % {"app": app_name, "field": name}
    receives = direction in ("both", "to_snovio" if app == App.SNOVIO else "to_pipedrive")
    if not receives:
        refused = _("%(app)s does not receive data in this direction") % {"app": app_name}
        return plan.miss(item, refused)
    if not value.strip() or len(value) > MAX_TEXT:
        too_long = _("The text must have 1 to %(max)s characters") % {"max": MAX_TEXT}
        return plan.miss(item, too_long)
    if app == App.SNOVIO:
        custom = [f for f in schema.snovio_fields if not f.builtin]
        found, reason = _one(_named(custom, name, attrgetter("label")), snovio_field(name))
        field_type = found.type if found else ""
    else:
        found, reason = _custom_pipedrive_field(schema, name)
        field_type = found.field_type if found else ""
    if found is None:
        return plan.miss(item, reason)
    verdict = constant_allowed(app, field_type)
    if not verdict.ok:
        return plan.miss(item, translated(verdict.reason, _))
    if any((a, f) == (app, found.key) for a, f, __ in plan.constants):
        return plan.miss(item, _("This field already has a constant"))
    plan.constants.append((app, found.key, value))
    plan.imported.append(f"{item} = {value}")


def _plan_automation(plan: ImportPlan, a: dict, schema: Schema) -> None:
    trigger = a["trigger"]
    if trigger not in Trigger.values:
        return plan.miss(automation_item(trigger), _("Unknown trigger"))
    label = str(Trigger(trigger).label)
    if any(x.trigger == trigger for x in plan.automations):
        return plan.miss(automation_item(label), _("This trigger appears twice in the file"))
    actions: list[PlannedAction] = []
    for x in a["actions"]:
        planned = _plan_action(plan, x, schema, label, {y.action_type for y in actions})
        if planned is not None:
            actions.append(planned)
    plan.automations.append(PlannedAutomation(trigger, a["enabled"], tuple(actions)))
    steps = ", ".join(str(ActionType(x.action_type).label) for x in actions) or _("no actions")
    line = _("Automation “%(trigger)s” (%(on_or_off)s): %(actions)s")
    values = {"trigger": label, "on_or_off": on_or_off(a["enabled"]), "actions": steps}
    plan.imported.append(line % values)


def automation_item(trigger: str) -> str:
    return _("Automation “%(trigger)s”") % {"trigger": trigger}


def _plan_action(plan, x: dict, schema: Schema, label: str, used: set) -> PlannedAction | None:
    kind = x["action"]
    if kind not in ActionType.values:
        item = _("Automation “%(trigger)s”: action “%(action)s”")
        plan.miss(item % {"trigger": label, "action": kind}, _("Unknown action"))
        return None
    item = _("Automation “%(trigger)s”: %(action)s")
    item, spec = item % {"trigger": label, "action": ActionType(kind).label}, ACTION_SPECS[kind]
    subject = x.get("subject") or ""
    pipeline_id, stage_id, reason = _match_stage(schema, x.get("pipeline"), x.get("stage"))
    if kind in used:
        reason = _("This action appears twice in this automation")
    elif spec.needs_pipeline and pipeline_id is None:
        reason = reason or _("No pipeline chosen")
    elif spec.needs_stage and stage_id is None:
        reason = reason or _("No stage chosen")
    elif (spec.needs_subject and not subject.strip()) or len(subject) > MAX_TEXT:
        reason = _("The activity subject must have 1 to %(max)s characters") % {"max": MAX_TEXT}
    else:
        return PlannedAction(kind, pipeline_id, stage_id, subject)
    plan.miss(item, reason)
    return None


def _match_stage(schema: Schema, pipeline_name: str | None, stage_name: str | None):
    """(pipeline id, stage id, reason): a stage is looked up only in its own pipeline."""
    if not pipeline_name:
        return None, None, ""
    what = _("Pipeline “%(name)s”") % {"name": pipeline_name}
    pipeline, reason = _one(_named(schema.pipelines, pipeline_name), what)
    if pipeline is None:
        return None, None, reason
    if not stage_name:
        return pipeline.id, None, ""
    candidates = _named(pipeline.stages, stage_name)
    if not candidates:
        missing = _("Stage “%(stage)s” not in pipeline “%(pipeline)s”")
        return pipeline.id, None, missing % {"stage": stage_name, "pipeline": pipeline.name}
    stage, reason = _one(candidates, _("Stage “%(name)s”") % {"name": stage_name})
    return pipeline.id, stage.id if stage else None, reason
