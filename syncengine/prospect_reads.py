"""Which Snov.io fields can be read, and how: from the list page, one prospect at a time by id,
or not at all (pure).

Snov.io's reference shows a list page item with names and emails only, and a prospect read by
id with names, job (position, company), location, lists and the last update, but no emails,
phones or custom field values. What the real answers carry beyond that is unknown: Refresh
samples both (`Schema.snovio_carriage`), each answer says what it carried
(`Prospect.carried`), and the engine reads a prospect by id only when a mapped field needs it
and the page lacked it. Fields neither answer carries cannot be read through the API at all:
the settings page says so beside the mapping."""

from syncengine.fields import CUSTOM_PREFIX
from syncengine.schema import Schema, SnovioCarriage

# What the reference documents, used until Refresh has sampled the real answers
# (clients.snovio.Prospect attribute names).
DOCUMENTED_PAGE = ("email", "first_name", "last_name", "name")
DOCUMENTED_DETAIL = (
    "first_name",
    "last_name",
    "name",
    "position",
    "company_name",
    "country",
    "locality",
    "list_ids",
    "social_links",
    "updated_at",
)
PAGE, BY_ID, UNREADABLE = "page", "by_id", "unreadable"


def attribute_of(key: str) -> str:
    """The Prospect attribute holding a Snov.io field (syncengine.fields keys)."""
    if key.startswith(CUSTOM_PREFIX):
        return "custom_fields"
    return {"full_name": "name"}.get(key, key)


def carriage_of(schema: Schema) -> SnovioCarriage:
    """What Refresh learned, or what the reference documents when it learned nothing."""
    learned = schema.snovio_carriage
    return SnovioCarriage(
        page=learned.page or DOCUMENTED_PAGE,
        detail=learned.detail or DOCUMENTED_DETAIL,
    )


def source_of(key: str, carriage: SnovioCarriage) -> str:
    """PAGE, BY_ID or UNREADABLE: where a Snov.io field's value can be read."""
    attribute = attribute_of(key)
    if attribute in carriage.page:
        return PAGE
    if attribute in carriage.detail:
        return BY_ID
    return UNREADABLE


def unreadable(keys, schema: Schema) -> frozenset[str]:
    """The fields whose values no documented (or sampled) answer carries."""
    carriage = carriage_of(schema)
    return frozenset(key for key in keys if source_of(key, carriage) == UNREADABLE)


def readable_by_id(keys, schema: Schema) -> tuple[str, ...]:
    """The attributes a read by id can add for these fields (sorted, no duplicates)."""
    detail = carriage_of(schema).detail
    return tuple(sorted({attribute_of(k) for k in keys} & set(detail)))


def lacks(prospect, attributes) -> tuple[str, ...]:
    """The attributes this answer did not carry (a read by id would bring them)."""
    return tuple(a for a in attributes if not prospect.carries(a))
