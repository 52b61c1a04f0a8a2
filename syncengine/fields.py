"""Fixed field knowledge: Snov.io's built-in prospect fields and the system mappings (R3.4)."""

from dataclasses import dataclass

from syncengine.schema import SnovioField

CUSTOM_PREFIX = "custom:"

SNOVIO_BUILTIN_FIELDS = (
    SnovioField("email", "Email", "email", builtin=True),
    SnovioField("first_name", "First name", "string", builtin=True),
    SnovioField("last_name", "Last name", "string", builtin=True),
    SnovioField("full_name", "Full name", "string", builtin=True),
    SnovioField("phones", "Phone numbers", "phones", builtin=True),
    SnovioField("position", "Position", "string", builtin=True),
    SnovioField("company_name", "Company name", "string", builtin=True),
    SnovioField("locality", "Location", "string", builtin=True),
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
    SystemMapping("email", "email", "Email", "Email (primary)", "match key"),
    SystemMapping("first_name", "first_name", "First name", "First name"),
    SystemMapping("last_name", "last_name", "Last name", "Last name"),
    SystemMapping("full_name", "name", "Full name", "Name"),
    SystemMapping("phones", "phone", "Phone numbers", "Phone"),
    SystemMapping("position", "job_title", "Position", "Job title"),
    SystemMapping(
        "company_name", "org_id", "Company name", "Organization", "found or created by name"
    ),
)

SYSTEM_SNOVIO_FIELDS = frozenset(m.snovio_field for m in SYSTEM_MAPPINGS)
SYSTEM_PIPEDRIVE_FIELDS = frozenset(m.pipedrive_field for m in SYSTEM_MAPPINGS)


def custom_snovio_key(label: str) -> str:
    return f"{CUSTOM_PREFIX}{label}"
