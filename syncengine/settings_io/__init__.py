"""Settings as a file (B11): exported by name, imported by matching names against the schema.

Remote ids differ between accounts, so a document names lists, users, fields, pipelines and
stages. Matching is pure (`plan_import`): a document and a schema give a plan of what will be set
and what could not be matched, with the reason. Only then is the plan applied, in one go.
"""

from dataclasses import asdict, dataclass

from django.db import transaction
from django.utils import timezone

from automations.models import Automation, AutomationAction
from integrations.lifecycle import record_settings_change
from integrations.models import Integration
from syncengine.fields import CUSTOM_PREFIX
from syncengine.models import App, Constant, FieldMapping
from syncengine.schema import Schema
from syncengine.settings_io.document import (
    FORMAT,
    MAX_FILE_BYTES,
    VERSION,
    SettingsFileError,
    check_document,
    read_settings_file,
)
from syncengine.settings_io.matching import ImportPlan, Unmatched, plan_import

__all__ = [
    "MAX_FILE_BYTES",
    "ImportReport",
    "SettingsFileError",
    "Unmatched",
    "export_settings",
    "import_settings",
    "plan_import",
    "read_settings_file",
]


@dataclass(frozen=True)
class ImportReport:
    imported: tuple[str, ...]
    unmatched: tuple[Unmatched, ...]


def export_settings(integration: Integration, schema: Schema) -> dict:
    automations = Automation.objects.filter(integration=integration).prefetch_related("actions")
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": timezone.now().isoformat(timespec="seconds"),
        "direction": integration.direction,
        "exchange": _export_exchange(integration, schema),
        "mappings": [
            {
                "snovio_field": _snovio_label(schema, m.snovio_field),
                "pipedrive_field": _pipedrive_name(schema, m.pipedrive_field),
            }
            for m in FieldMapping.objects.filter(integration=integration)
        ],
        "constants": [
            {
                "app": c.app,
                "field": _snovio_label(schema, c.field)
                if c.app == App.SNOVIO
                else _pipedrive_name(schema, c.field),
                "value": c.value,
            }
            for c in Constant.objects.filter(integration=integration)
        ],
        "automations": [
            {
                "trigger": a.trigger,
                "enabled": a.enabled,
                "actions": [_export_action(x, schema) for x in a.actions.all()],
            }
            for a in automations
        ],
    }


def _export_exchange(integration: Integration, schema: Schema) -> dict:
    target = schema.snovio_list(integration.target_list_id)
    user = schema.user(integration.owner_user_id)
    return {
        "target_list": target.name if target and integration.target_list_id else None,
        "owner": {"email": user.email, "name": user.name} if user else None,
        "all_lists": integration.all_lists,
        "source_lists": [
            found.name for i in integration.source_list_ids if (found := schema.snovio_list(i))
        ],
        "include_email_history": integration.include_email_history,
        "only_with_email": integration.only_with_email,
    }


def _export_action(action: AutomationAction, schema: Schema) -> dict:
    pipeline, stage = schema.pipeline(action.pipeline_id), schema.stage(action.stage_id)
    return {
        "action": action.action_type,
        "pipeline": pipeline.name if pipeline else None,
        "stage": stage.name if stage else None,
        "subject": action.subject,
    }


# A field missing from the schema is exported under its key; the import then reports it.
def _snovio_label(schema: Schema, key: str) -> str:
    found = schema.snovio_field(key)
    return found.label if found else key.removeprefix(CUSTOM_PREFIX)


def _pipedrive_name(schema: Schema, key: str) -> str:
    found = schema.pipedrive_field(key)
    return found.name if found else key


def import_settings(*, integration: Integration, document: dict, schema: Schema) -> ImportReport:
    """Replace mappings, constants and automations and set the exchange settings from the file.

    Unmatched items are skipped (an exchange setting that cannot be matched keeps its value)."""
    check_document(document)
    plan = plan_import(document, schema)
    apply_plan(integration=integration, plan=plan)
    return ImportReport(imported=tuple(plan.imported), unmatched=tuple(plan.unmatched))


@transaction.atomic
def apply_plan(*, integration: Integration, plan: ImportPlan) -> None:
    for name, value in plan.exchange.items():
        setattr(integration, name, value)
    integration.save(update_fields=[*plan.exchange, "updated_at"])
    FieldMapping.objects.filter(integration=integration).delete()
    FieldMapping.objects.bulk_create(
        FieldMapping(integration=integration, snovio_field=left, pipedrive_field=right)
        for left, right in plan.mappings
    )
    Constant.objects.filter(integration=integration).delete()
    Constant.objects.bulk_create(
        Constant(integration=integration, app=app, field=key, value=value)
        for app, key, value in plan.constants
    )
    Automation.objects.filter(integration=integration).delete()
    for planned in plan.automations:
        automation = Automation.objects.create(
            integration=integration, trigger=planned.trigger, enabled=planned.enabled
        )
        AutomationAction.objects.bulk_create(
            AutomationAction(automation=automation, position=position, **asdict(action))
            for position, action in enumerate(planned.actions, start=1)
        )
    record_settings_change(integration=integration)
