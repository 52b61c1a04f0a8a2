"""Fixed field knowledge: Snov.io's built-in prospect fields and the system mappings (R3.4).

Their names are Texts (syncengine.wording): the pages translate them."""

from dataclasses import dataclass

from syncengine.schema import SnovioField
from syncengine.wording import Text, _

CUSTOM_PREFIX = "custom:"

SNOVIO_BUILTIN_FIELDS = (
    SnovioField("email", Text(_("Email")), "email", builtin=True),
    SnovioField("first_name", Text(_("First name")), "string", builtin=True),
    SnovioField("last_name", Text(_("Last name")), "string", builtin=True),
    SnovioField("full_name", Text(_("Full name")), "string", builtin=True),
    SnovioField("phones", Text(_("Phone numbers")), "phones", builtin=True),
    SnovioField("position", Text(_("Position")), "string", builtin=True),
    SnovioField("company_name", Text(_("Company name")), "string", builtin=True),
    SnovioField("locality", Text(_("Location")), "string", builtin=True),
)


@dataclass(frozen=True)
class SystemMapping:
    snovio_field: str
    pipedrive_field: str
    snovio_label: str
    pipedrive_label: str
    note: str = ""


# Shown greyed out on the settings page; they cannot be changed or removed.
SYSTEM_MAPPINGS = (
    SystemMapping(
        "email", "email", Text(_("Email")), Text(_("Email (primary)")), Text(_("match key"))
    ),
    SystemMapping("first_name", "first_name", Text(_("First name")), Text(_("First name"))),
    SystemMapping("last_name", "last_name", Text(_("Last name")), Text(_("Last name"))),
    SystemMapping("full_name", "name", Text(_("Full name")), Text(_("Name"))),
    SystemMapping("phones", "phone", Text(_("Phone numbers")), Text(_("Phone"))),
    SystemMapping("position", "job_title", Text(_("Position")), Text(_("Job title"))),
    SystemMapping(
        "company_name",
        "org_id",
        Text(_("Company name")),
        Text(_("Organization")),
        Text(_("found or created by name")),
    ),
)

SYSTEM_SNOVIO_FIELDS = frozenset(m.snovio_field for m in SYSTEM_MAPPINGS)
SYSTEM_PIPEDRIVE_FIELDS = frozenset(m.pipedrive_field for m in SYSTEM_MAPPINGS)


def custom_snovio_key(label: str) -> str:
    return f"{CUSTOM_PREFIX}{label}"
