"""Every place where the contract checks accept less than the official OpenAPI files say.

Each entry names the spec, the response fields concerned and why. They are applied to the
parsed specs before openapi-core builds its validators; nothing else is relaxed. Keep this
list short: a new entry needs a reason grounded in how the real API answers.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Nullable:
    """Response properties with these names may be null although the spec says otherwise."""

    spec: str  # "v1" or "v2"
    fields: tuple[str, ...]
    reason: str


RELAXATIONS = (
    Nullable(
        "v2",
        ("next_cursor",),
        "The last page of a v2 list answers next_cursor: null (documented in the pagination "
        "guide and the spec's own examples) while the schema types it as a plain string.",
    ),
    Nullable(
        "v2",
        ("org_id", "owner_id", "person_id", "deal_id", "lead_id", "project_id", "picture_id"),
        "Unset links are null in real v2 answers (a person without an organization has "
        "org_id: null, as the spec's own examples show), but the schemas type them as integers.",
    ),
    Nullable(
        "v2",
        ("first_name", "last_name", "job_title", "address", "expected_close_date"),
        "Empty optional text fields come back as null in real v2 answers (spec examples show "
        "null for them) while the schemas type them as non-nullable.",
    ),
    Nullable(
        "v2",
        ("won_time", "lost_time", "stage_change_time", "archive_time", "marked_as_done_time"),
        "Timestamps of things that have not happened yet (a deal not won, an activity not "
        "done) are null in real answers; the schemas type them as strings.",
    ),
    Nullable(
        "v2",
        ("due_date", "due_time", "duration", "location", "note", "public_description"),
        "Activity fields the user left empty are null in real answers (spec examples show "
        "null), the schemas type them as strings or objects.",
    ),
    Nullable(
        "v2",
        ("organization",),
        "A person search hit without an organization has organization: null (spec example).",
    ),
)


def relaxations_for(spec: str) -> list[Nullable]:
    return [relaxation for relaxation in RELAXATIONS if relaxation.spec == spec]
