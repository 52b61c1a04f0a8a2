"""Builds what the settings page shows: forms, system rows, custom rows, problems."""

from dataclasses import dataclass, field

from automations.editor import editor_context
from integrations.lifecycle import current_problems
from integrations.models import Integration, Status
from syncengine.compatibility import pipedrive_kind, snovio_kind
from syncengine.exchange import Exchange
from syncengine.fields import SYSTEM_MAPPINGS
from syncengine.log_queries import outcome_counts
from syncengine.models import App, Constant, FieldMapping
from syncengine.schema import Schema
from syncengine.schema_refresh import load_schema
from syncengine.settings_forms import DIRECTION_HELP, ConstantForm, ExchangeForm, MappingForm


@dataclass
class Row:
    id: int
    left: str
    right: str
    problem: str = ""


@dataclass
class SettingsPage:
    integration: Integration
    schema: Schema
    forms: dict = field(default_factory=dict)
    show_problems: bool = False

    def context(self) -> dict:
        schema = self.schema
        problems = current_problems(self.integration)
        by_target = {p.target: p.message for p in problems}
        forms = {
            "exchange_form": ExchangeForm(instance=self.integration, schema=schema),
            "mapping_form": MappingForm(schema=schema, integration=self.integration),
            **{
                f"constant_form_{app}": ConstantForm(
                    schema=schema, integration=self.integration, app=app
                )
                for app in App.values
            },
            **self.forms,
        }
        show = self.show_problems or self.integration.status == Status.FAILED
        return {
            "integration": self.integration,
            "exchange": Exchange.of(self.integration),
            "schema": self.schema,
            "problems": problems if show else [],
            "problem_for": by_target if show else {},
            "system_mappings": SYSTEM_MAPPINGS,
            "mapping_rows": self.mapping_rows(schema, by_target if show else {}),
            "constant_rows": self.constant_rows(schema, by_target if show else {}),
            "direction_help": DIRECTION_HELP,
            "outcome_counts": outcome_counts(self.integration),
            "automation_editor": editor_context(
                self.integration,
                schema,
                by_target if show else {},
                bound=self.forms.get("automation_form"),
            ),
            "snovio_kinds": {f.key: snovio_kind(f.type).value for f in schema.snovio_fields},
            "pipedrive_kinds": {
                f.key: pipedrive_kind(f.field_type).value for f in schema.pipedrive_fields
            },
            **forms,
        }

    def mapping_rows(self, schema: Schema, problems: dict) -> list[Row]:
        rows = []
        for m in FieldMapping.objects.filter(integration=self.integration):
            left, right = (
                schema.snovio_field(m.snovio_field),
                schema.pipedrive_field(m.pipedrive_field),
            )
            rows.append(
                Row(
                    m.id,
                    left.label if left else (m.snovio_label or m.snovio_field),
                    right.name if right else (m.pipedrive_label or m.pipedrive_field),
                    problems.get(f"mapping-{m.id}", ""),
                )
            )
        return rows

    def constant_rows(self, schema: Schema, problems: dict) -> dict[str, list[Row]]:
        rows = {app: [] for app in App.values}
        for c in Constant.objects.filter(integration=self.integration):
            found = (
                schema.snovio_field(c.field)
                if c.app == App.SNOVIO
                else schema.pipedrive_field(c.field)
            )
            name = (getattr(found, "label", None) or getattr(found, "name", None)) or c.field
            rows[c.app].append(Row(c.id, name, c.value, problems.get(f"constant-{c.id}", "")))
        return rows


def settings_page(integration: Integration, **kwargs) -> SettingsPage:
    return SettingsPage(integration=integration, schema=load_schema(integration), **kwargs)
