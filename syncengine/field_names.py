"""The names a person reads for field keys and values: never a Pipedrive 40-character key or a
"custom:" key (B1, R7). Built once per page from the schema of the last Refresh and the names
each mapping remembers (a field deleted since is still named). Names of our own (built-in
Snov.io fields, system pairs) are said in the active language."""

from dataclasses import dataclass, field

from django.utils.translation import gettext, gettext_lazy

from syncengine.fields import CUSTOM_PREFIX, SNOVIO_BUILTIN_FIELDS, SYSTEM_MAPPINGS
from syncengine.models import FieldMapping
from syncengine.schema import Schema
from syncengine.schema_refresh import load_schema
from syncengine.wording import translated

GONE = {
    "pipedrive": gettext_lazy("a Pipedrive field that no longer exists"),
    "snovio": gettext_lazy("a Snov.io field"),
}


@dataclass
class FieldNames:
    schema: Schema = field(default_factory=Schema)
    # Names remembered by the mappings: {"pipedrive": {key: name}, "snovio": {key: name}}.
    remembered: dict = field(default_factory=dict)

    def name(self, app: str, key: str) -> str:
        if app == "pipedrive":
            return self.pipedrive_name(key)
        return self.snovio_name(key)

    def pipedrive_name(self, key: str) -> str:
        system = next((m.pipedrive_label for m in SYSTEM_MAPPINGS if m.pipedrive_field == key), "")
        found = self.schema.pipedrive_field(key)
        remembered = self.remembered.get("pipedrive", {}).get(key, "")
        name = system or (found.name if found else "") or remembered
        return translated(name, gettext) or str(GONE["pipedrive"])

    def snovio_name(self, key: str) -> str:
        builtin = next((f.label for f in SNOVIO_BUILTIN_FIELDS if f.key == key), "")
        found = self.schema.snovio_field(key)
        remembered = self.remembered.get("snovio", {}).get(key, "")
        custom = key.removeprefix(CUSTOM_PREFIX) if key.startswith(CUSTOM_PREFIX) else ""
        name = builtin or (found.label if found else "") or remembered or custom
        return translated(name, gettext) or str(GONE["snovio"])

    def value(self, app: str, key: str, value) -> str:
        """A written value as text: option ids as their labels, lists joined, empty as —."""
        options = self.options(app, key)
        if isinstance(value, list | tuple):
            return ", ".join(self.value(app, key, v) for v in value) or "—"
        if isinstance(value, dict):  # a structured value (an amount, an address)
            return ", ".join(str(v) for v in value.values() if v not in (None, "")) or "—"
        if value in (None, ""):
            return "—"
        return options.get(value, options.get(str(value), str(value)))

    def options(self, app: str, key: str) -> dict:
        found = self.schema.pipedrive_field(key) if app == "pipedrive" else None
        pairs = getattr(found, "options", ()) or ()
        return {o.id: o.label for o in pairs} | {str(o.id): o.label for o in pairs}


def snovio_label(field) -> str:
    """A Snov.io field's name: a built-in one in the active language, the user's own as
    written (a custom field named like a built-in one is still the user's word)."""
    return gettext(field.label) if field.builtin else field.label


def field_names(integration) -> FieldNames:
    remembered: dict[str, dict[str, str]] = {"pipedrive": {}, "snovio": {}}
    for m in FieldMapping.objects.filter(integration=integration):
        remembered["pipedrive"][m.pipedrive_field] = m.pipedrive_label
        remembered["snovio"][m.snovio_field] = m.snovio_label
    return FieldNames(load_schema(integration), remembered)
