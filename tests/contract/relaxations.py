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


@dataclass(frozen=True)
class ExtraRequestFields:
    """Request body fields the client may send although the operation's schema omits them.
    (Request bodies are otherwise closed: a field the spec does not know fails the check.)"""

    spec: str
    operation_id: str
    fields: tuple[str, ...]
    reason: str


UNSET_IS_NULL = (
    "The v2 API sends null for a field that has no value (a person without an organization "
    "has org_id: null; a deal not yet won has won_time: null); these schemas leave out "
    "nullable: true. Only the absence of a value is accepted: a wrong type still fails."
)

RELAXATIONS = (
    Nullable(
        "v2",
        ("next_cursor",),
        "The last page of a v2 list has next_cursor: null (the pagination guide says so) "
        "while the schema types it as a plain string.",
    ),
    Nullable(
        "v2",
        ("org_id", "owner_id", "person_id", "deal_id", "lead_id", "project_id", "picture_id"),
        f"Links to nothing. {UNSET_IS_NULL}",
    ),
    Nullable(
        "v2",
        ("first_name", "last_name", "job_title", "address", "expected_close_date"),
        f"Empty optional text of persons, organizations and deals. {UNSET_IS_NULL}",
    ),
    Nullable(
        "v2",
        ("won_time", "lost_time", "stage_change_time", "archive_time", "marked_as_done_time"),
        f"Moments that have not happened yet. {UNSET_IS_NULL}",
    ),
    Nullable(
        "v2",
        (
            "due_date",
            "due_time",
            "duration",
            "location",
            "note",
            "public_description",
            "priority",
            "conference_meeting_client",
            "conference_meeting_url",
            "conference_meeting_id",
        ),
        f"Activity details left empty. {UNSET_IS_NULL}",
    ),
    Nullable(
        "v1",
        (
            "deal_id",
            "org_id",
            "lead_id",
            "project_id",
            "task_id",
            "deal",
            "organization",
            "project",
            "task",
            "icon_url",
        ),
        "A v1 note linked to a person only has null for the other links and their summary "
        "objects (deal, organization, project, task), and a user without a picture has "
        "icon_url: null; the addNote schema declares none of them nullable.",
    ),
    Nullable(
        "v2",
        ("organization",),
        "A search hit for a person without an organization has organization: null (the "
        "spec's own example for searchPersons shows it).",
    ),
)


REQUEST_RELAXATIONS = (
    ExtraRequestFields(
        "v2",
        "addPerson",
        ("first_name", "last_name"),
        "Pipedrive's v2 migration guide says a person may be created with first_name and "
        "last_name; the addPerson body schema lists only name. We send both with name.",
    ),
    ExtraRequestFields(
        "v2",
        "updatePerson",
        ("first_name", "last_name"),
        "Same as addPerson: the v2 migration guide accepts first_name/last_name on update.",
    ),
)


@dataclass(frozen=True)
class ErrorAnswers:
    """Error statuses an operation may answer although its responses list only success: they
    must then carry Pipedrive's error envelope (ERROR_ENVELOPE). Applied where requests are
    generated (fuzzing.py), since generated input is refused far more often than the client's."""

    spec: str
    statuses: tuple[int, ...]
    reason: str


ERROR_ENVELOPE = {
    "type": "object",
    "required": ["success", "error"],
    "properties": {
        "success": {"type": "boolean", "enum": [False]},
        "error": {"type": "string"},
        "error_info": {"type": "string"},
        "code": {"type": "string"},
        "errorCode": {"type": "integer"},
        "data": {"nullable": True},
        "additional_data": {"nullable": True},
    },
}

ERROR_RELAXATIONS = (
    ErrorAnswers(
        "v2",
        (400, 404),
        "Most v2 operations list only their 200 answer, yet Pipedrive refuses invalid input "
        "with 400 and unknown ids with 404 in one envelope {success: false, error, …} "
        "(developers' guide, HTTP status codes). Generated requests meet these refusals at "
        "every turn; they are accepted when they carry that envelope.",
    ),
)

NULL_CLEARS = (
    "The v2 request schemas declare no field nullable, yet the emulator takes null in an "
    "optional body field as 'no value' (it clears the field on update), a guess listed in "
    "sandbox/GUESSES.md. Generated requests (fuzzing.py) may send null for an optional "
    "field; a required one stays non-null."
)


def error_statuses(spec: str) -> tuple[int, ...]:
    return tuple(
        status for relaxation in ERROR_RELAXATIONS if relaxation.spec == spec
        for status in relaxation.statuses
    )  # fmt: skip


def relaxations_for(spec: str) -> list[Nullable]:
    return [relaxation for relaxation in RELAXATIONS if relaxation.spec == spec]


def extra_request_fields(spec: str, operation_id: str) -> tuple[str, ...]:
    return tuple(
        field
        for relaxation in REQUEST_RELAXATIONS
        if (relaxation.spec, relaxation.operation_id) == (spec, operation_id)
        for field in relaxation.fields
    )
