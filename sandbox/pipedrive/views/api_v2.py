"""API v2: persons and organizations."""

from .. import people
from ..api import ok, read_json
from ..errors import bad_request_v2, not_found_v2
from ..models import Organization, Person, PersonField
from ..pagination import cursor_page, decode_cursor, encode_cursor, parse_limit
from ..serializers import (
    organization_search_item,
    organization_v2,
    person_search_item,
    person_v2,
    with_option_labels,
)
from ..validation import check_address, check_types, contact_list, custom_fields
from .filters import filter_common, query_bool, query_time

PERSON_TYPES = {
    "name": "str",
    "first_name": "str",
    "last_name": "str",
    "owner_id": "int",
    "org_id": "int",
    "add_time": "str",
    "visible_to": "int",
    "label_ids": "int_list",
    "job_title": "str",
}
SEARCH_FIELDS = ("custom_fields", "email", "notes", "phone", "name")
SEARCHABLE_CUSTOM_TYPES = {"address", "varchar", "text", "varchar_auto", "double", "monetary"}


def _custom_keys(company) -> list[str]:
    return list(
        PersonField.objects.filter(company=company, is_custom=True).values_list("key", flat=True)
    )


def _person(caller, person_id: int, *, include_deleted=False) -> Person:
    person = Person.objects.filter(company=caller.company, id=person_id).first()
    if person is None or (person.is_deleted and not include_deleted):
        raise not_found_v2()
    return person


def _person_changes(body: dict, company) -> dict:
    changes = check_types(body, PERSON_TYPES, nullable=("org_id", "job_title"))
    if "add_time" in changes:
        changes["add_time"] = query_time(changes, "add_time")
    for field in ("emails", "phones"):
        if field in body:
            changes[field] = contact_list(field, body[field])
    if "custom_fields" in body:
        changes["custom_fields"] = custom_fields(
            body["custom_fields"], people.custom_person_fields(company)
        )
    return changes


MAX_CUSTOM_FIELD_KEYS = 15


def _person_reader(params, company):
    """How persons are shown, per the v2 read options: `custom_fields` (at most 15 keys) keeps
    only those custom fields; `include_option_labels=true` shows option values as
    `{id, label}` objects instead of bare ids."""
    fields = people.custom_person_fields(company)
    wanted = [key for key in (params.get("custom_fields") or "").split(",") if key.strip()]
    if len(wanted) > MAX_CUSTOM_FIELD_KEYS:
        raise bad_request_v2("Parameter 'custom_fields' allows a maximum of 15 keys")
    keys = [key for key in fields if key in wanted] if wanted else list(fields)
    labels = bool(query_bool(params, "include_option_labels"))

    def show(person: Person) -> dict:
        data = person_v2(person, keys)
        if labels:
            data["custom_fields"] = with_option_labels(data["custom_fields"], fields)
        return data

    return show


def list_persons(request, caller):
    params = request.GET
    show = _person_reader(params, caller.company)
    queryset = Person.objects.filter(company=caller.company, is_deleted=False)
    queryset = filter_common(queryset, params, fields=("owner_id", "org_id"))
    rows, next_cursor = cursor_page(queryset, params)
    return ok([show(p) for p in rows], {"next_cursor": next_cursor})


def create_person(request, caller):
    changes = _person_changes(read_json(request), caller.company)
    person = people.create_person(company=caller.company, actor=caller.user, changes=changes)
    return ok(person_v2(person, _custom_keys(caller.company)))


def get_person(request, caller, person_id):
    show = _person_reader(request.GET, caller.company)
    return ok(show(_person(caller, person_id, include_deleted=True)))


def patch_person(request, caller, person_id):
    person = _person(caller, person_id)
    changes = _person_changes(read_json(request), caller.company)
    if "name" in changes and not changes["name"].strip():
        raise bad_request_v2("Parameter 'name' cannot be empty")
    people.update_person(person, actor=caller.user, changes=changes)
    return ok(person_v2(person, _custom_keys(caller.company)))


def delete_person(request, caller, person_id):
    person = _person(caller, person_id)
    people.delete_person(person, actor=caller.user)
    return ok({"id": person.id})


def _search_params(params) -> tuple[str, bool, list[str]]:
    term = (params.get("term") or "").strip()
    exact = bool(query_bool(params, "exact_match"))
    if len(term) < (1 if exact else 2):
        raise bad_request_v2("Parameter 'term' must be at least 2 characters long")
    fields = [f for f in (params.get("fields") or "").split(",") if f]
    return term.lower(), exact, fields


def _matches(value, term: str, exact: bool) -> bool:
    text = str(value).strip().lower()
    return text == term if exact else term in text


def _person_score(person: Person, term: str, exact: bool, fields, searchable) -> tuple:
    """(score, matched custom values); score 0 when nothing matches."""
    score = 0.0
    if "name" in fields and _matches(person.name, term, exact):
        score = max(score, 1.0 if person.name.lower() == term else 0.6)
    if "email" in fields and any(_matches(e["value"], term, exact) for e in person.emails):
        score = max(score, 1.0)
    if "phone" in fields and any(_matches(p["value"], term, exact) for p in person.phones):
        score = max(score, 0.9)
    matched = []
    if "custom_fields" in fields:
        for key, value in person.custom_fields.items():
            if key in searchable:
                text = value.get("value") if isinstance(value, dict) else value
                if text is not None and _matches(text, term, exact):
                    matched.append(str(text))
        score = max(score, 0.5 if matched else 0.0)
    return score, matched


def search_persons(request, caller):
    params = request.GET
    term, exact, fields = _search_params(params)
    fields = fields or list(SEARCH_FIELDS)
    if any(f not in SEARCH_FIELDS for f in fields):
        raise bad_request_v2(f"Parameter 'fields' must be a subset of: {', '.join(SEARCH_FIELDS)}")
    searchable = {
        key
        for key, kind in PersonField.objects.filter(
            company=caller.company, is_custom=True
        ).values_list("key", "field_type")
        if kind in SEARCHABLE_CUSTOM_TYPES
    }
    queryset = Person.objects.filter(company=caller.company, is_deleted=False)
    if params.get("organization_id"):
        queryset = queryset.filter(org_id=params["organization_id"])
    hits = []
    for person in queryset.select_related("org"):
        score, matched = _person_score(person, term, exact, fields, searchable)
        if score:
            hits.append(person_search_item(person, score, matched))
    hits.sort(key=lambda hit: (-hit["result_score"], hit["item"]["id"]))
    return _search_page(hits, params)


def _search_page(hits: list, params):
    limit = parse_limit(params.get("limit"))
    start = decode_cursor(params["cursor"]).get("offset", 0) if params.get("cursor") else 0
    page = hits[start : start + limit]
    more = start + limit < len(hits)
    next_cursor = encode_cursor({"offset": start + limit, "id": 0}) if more else None
    return ok({"items": page}, {"next_cursor": next_cursor})


ORG_TYPES = {
    "name": "str",
    "owner_id": "int",
    "visible_to": "int",
    "label_ids": "int_list",
    "website": "str",
    "address": "object",
}


def list_organizations(request, caller):
    queryset = Organization.objects.filter(company=caller.company, is_deleted=False)
    queryset = filter_common(queryset, request.GET)
    rows, next_cursor = cursor_page(queryset, request.GET)
    return ok([organization_v2(o, []) for o in rows], {"next_cursor": next_cursor})


def create_organization(request, caller):
    changes = check_types(read_json(request), ORG_TYPES)
    check_address("address", changes.get("address"))
    org = people.create_organization(company=caller.company, actor=caller.user, changes=changes)
    return ok(organization_v2(org, []))


def get_organization(request, caller, org_id):
    org = Organization.objects.filter(company=caller.company, id=org_id).first()
    if org is None:
        raise not_found_v2()
    return ok(organization_v2(org, []))


def search_organizations(request, caller):
    term, exact, fields = _search_params(request.GET)
    fields = fields or ["name", "address"]
    hits = []
    for org in Organization.objects.filter(company=caller.company, is_deleted=False):
        address = (org.address or {}).get("value") or ""
        if ("name" in fields and _matches(org.name, term, exact)) or (
            "address" in fields and address and _matches(address, term, exact)
        ):
            hits.append(organization_search_item(org, 1.0 if org.name.lower() == term else 0.6))
    hits.sort(key=lambda hit: (-hit["result_score"], hit["item"]["id"]))
    return _search_page(hits, request.GET)
