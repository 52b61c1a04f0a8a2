"""Builds what the settings page shows: forms, system rows, custom rows, problems, steps."""

from dataclasses import dataclass, field, replace

from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy
from django_stubs_ext import StrOrPromise

from automations.editor import editor_context
from integrations.lifecycle import current_problems
from integrations.models import Integration, RefreshState, RemoteSchema, Status
from syncengine import prospect_reads
from syncengine.compatibility import pipedrive_kind, snovio_kind
from syncengine.exchange import Exchange
from syncengine.field_names import FieldNames, snovio_label
from syncengine.fields import SYSTEM_MAPPINGS, SYSTEM_SNOVIO_FIELDS
from syncengine.log_health import sync_health
from syncengine.log_queries import outcome_counts
from syncengine.models import App, Constant, FieldMapping
from syncengine.schema import Schema
from syncengine.schema_refresh import load_schema
from syncengine.settings_forms import DIRECTION_HELP, ConstantForm, ExchangeForm, MappingForm
from syncengine.validation import Problem
from syncengine.wording import translated

# The article's steps, in its order: the page's sections and its step navigation.
STEPS = (
    ("direction", gettext_lazy("Direction")),
    ("exchange", gettext_lazy("Data exchange")),
    ("mapping", gettext_lazy("Field mapping")),
    ("constants", gettext_lazy("Constant fields")),
    ("automations-slot", gettext_lazy("Automations")),
    ("launch", gettext_lazy("Launch")),
)
# Parts of the page shown only for some directions: the attribute of Exchange they follow.
DIRECTION_PARTS = {
    "constants-pipedrive-slot": "to_pipedrive",
    "constants-snovio-slot": "to_snovio",
    "automations-slot": "to_pipedrive",
}
EXCHANGE_TARGETS = {"target_list", "owner", "source_lists"}
STEP_OF_PREFIX = {
    "mapping": "mapping",
    "constant": "constants",
    "automation": "automations-slot",
    "action": "automations-slot",
}


@dataclass
class Row:
    id: int
    left: str
    right: str
    problem: str = ""
    note: str = ""  # beside the Snov.io field: its values cannot be read through the API


@dataclass
class Step:
    id: str
    number: int
    title: StrOrPromise
    problems: int = 0


@dataclass
class SchemaState:
    """Whether lists, fields and users are loaded, loading, or failed to load."""

    loaded: bool
    loading: bool = False
    stalled: bool = False  # asked for long ago and never finished: no worker took it up
    error: str = ""
    refreshed_at: object = None


def step_of(target: str) -> str:
    """The step whose section holds a problem's target ("" for the page's top)."""
    if target in EXCHANGE_TARGETS:
        return "exchange"
    return STEP_OF_PREFIX.get(target.split("-", 1)[0], "")


def parts_turned(before: Exchange, after: Exchange) -> frozenset[str]:
    """The parts of the page a change of direction turned on or off."""
    return frozenset(
        part
        for part, flows in DIRECTION_PARTS.items()
        if getattr(before, flows) != getattr(after, flows)
    )


def steps_with(problems) -> list[Step]:
    counts: dict[str, int] = {}
    for problem in problems:
        step = step_of(problem.target)
        counts[step] = counts.get(step, 0) + 1
    return [
        Step(key, number, title, counts.get(key, 0))
        for number, (key, title) in enumerate(STEPS, start=1)
    ]


def schema_state(integration: Integration, schema: Schema) -> SchemaState:
    stored = RemoteSchema.objects.filter(integration=integration).first()
    if stored is None:
        return SchemaState(loaded=schema.loaded)
    failed = stored.refresh_state == RefreshState.FAILED
    loading = stored.is_loading(timezone.now())
    asked = stored.refresh_state in (RefreshState.PENDING, RefreshState.RUNNING)
    return SchemaState(
        loaded=schema.loaded,
        loading=loading,
        stalled=asked and not loading,
        error=said(stored.refresh_error) if failed else "",
        refreshed_at=stored.refreshed_at,
    )


@dataclass
class SettingsPage:
    integration: Integration
    schema: Schema
    forms: dict = field(default_factory=dict)
    show_problems: bool = False

    def context(self) -> dict:
        schema = self.schema
        problems = current_problems(self.integration)
        show = self.show_problems or self.integration.status == Status.FAILED
        shown = [shown_problem(p) for p in problems] if show else []
        by_target = {p.target: p.message for p in shown}
        return {
            "integration": self.integration,
            "exchange": Exchange.of(self.integration),
            "schema": self.schema,
            "schema_state": schema_state(self.integration, schema),
            "problems": shown,
            "problem_for": by_target,
            "steps": steps_with(shown),
            "autosave": not self.integration.is_launched,
            "system_mappings": system_mappings(),
            "unreadable_snovio": unreadable_fields(schema, SYSTEM_SNOVIO_FIELDS),
            "unreadable_note": str(UNREADABLE_NOTE),
            "mapping_rows": self.mapping_rows(schema, by_target),
            "constant_rows": self.constant_rows(schema, by_target),
            "direction_help": {key: str(text) for key, text in DIRECTION_HELP.items()},
            "outcome_counts": outcome_counts(self.integration),
            "sync_health": sync_health(self.integration),
            "automation_editor": editor_context(
                self.integration, schema, by_target, bound=self.forms.get("automation_form")
            ),
            "snovio_kinds": {f.key: snovio_kind(f.type).value for f in schema.snovio_fields},
            "pipedrive_kinds": {
                f.key: pipedrive_kind(f.field_type).value for f in schema.pipedrive_fields
            },
            **self.blank_forms(),
            **self.forms,
        }

    def blank_forms(self) -> dict:
        schema, integration = self.schema, self.integration
        return {
            "exchange_form": ExchangeForm(
                instance=integration, schema=schema, initial=self.suggested_owner()
            ),
            "mapping_form": MappingForm(schema=schema, integration=integration),
            **{
                f"constant_form_{app}": ConstantForm(
                    schema=schema, integration=integration, app=app
                )
                for app in App.values
            },
        }

    def suggested_owner(self) -> dict:
        """No owner chosen yet: offer the Pipedrive user who connected (saved with the form)."""
        pd = self.integration.pipedrive
        if self.integration.owner_user_id is not None or pd is None:
            return {}
        active = {u.id for u in self.schema.pipedrive_users if u.active}
        return {"owner_user_id": pd.user_id} if pd.user_id in active else {}

    def mapping_rows(self, schema: Schema, problems: dict) -> list[Row]:
        rows, names = [], FieldNames(schema)  # never a key, even for a field gone since
        mappings = list(FieldMapping.objects.filter(integration=self.integration))
        unreadable = unreadable_fields(schema, [m.snovio_field for m in mappings])
        for m in mappings:
            left, right = (
                schema.snovio_field(m.snovio_field),
                schema.pipedrive_field(m.pipedrive_field),
            )
            rows.append(
                Row(
                    m.id,
                    snovio_label(left)
                    if left
                    else (m.snovio_label or names.snovio_name(m.snovio_field)),
                    right.name if right else (m.pipedrive_label or names.pipedrive_name("")),
                    problems.get(f"mapping-{m.id}", ""),
                    str(UNREADABLE_NOTE) if m.snovio_field in unreadable else "",
                )
            )
        return rows

    def constant_rows(self, schema: Schema, problems: dict) -> dict[str, list[Row]]:
        rows: dict[str, list[Row]] = {app: [] for app in App.values}
        names = FieldNames(schema)
        for c in Constant.objects.filter(integration=self.integration):
            name = names.name(c.app, c.field)  # never a key, even for a field gone since
            rows[c.app].append(Row(c.id, name, c.value, problems.get(f"constant-{c.id}", "")))
        return rows


UNREADABLE_NOTE = gettext_lazy(
    "Snov.io's API does not return this field's values: changes made in Snov.io cannot "
    "reach Pipedrive (values from Pipedrive are still written to Snov.io)."
)


def shown_problem(problem: Problem) -> Problem:
    """A problem as the page shows it: in the active language."""
    return replace(problem, message=translated(problem.message, gettext))


def said(stored: str) -> str:
    """A sentence stored in English (ours: translated; a remote app's words: as they are)."""
    return gettext(stored) if stored else ""


def system_mappings() -> list:
    """The fixed pairs, their names and notes in the active language."""
    return [
        replace(
            m,
            snovio_label=gettext(m.snovio_label),
            pipedrive_label=gettext(m.pipedrive_label),
            note=gettext(m.note) if m.note else "",
        )
        for m in SYSTEM_MAPPINGS
    ]


def unreadable_fields(schema: Schema, keys) -> frozenset[str]:
    """Mapped Snov.io fields no answer of Snov.io's API carries (known once Refresh ran)."""
    return prospect_reads.unreadable(keys, schema) if schema.loaded else frozenset()


def settings_page(integration: Integration, **kwargs) -> SettingsPage:
    return SettingsPage(integration=integration, schema=load_schema(integration), **kwargs)
