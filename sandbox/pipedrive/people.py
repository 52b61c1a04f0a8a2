"""Services for persons, organizations and person fields. Callers validate types first
(validation.py); these functions apply the change and queue its webhook events."""

from django.db import transaction
from django.utils import timezone

from . import events
from .errors import bad_request_v2
from .models import Activity, Company, Deal, Organization, Person, PersonField, User
from .validation import split_name

PERSON_SCALARS = ("job_title", "visible_to", "label_ids")


def custom_person_fields(company: Company) -> dict[str, PersonField]:
    return {f.key: f for f in PersonField.objects.filter(company=company, is_custom=True)}


def _resolve_links(company: Company, changes: dict) -> dict:
    links = {}
    if "owner_id" in changes:
        owner = User.objects.filter(company=company, id=changes["owner_id"]).first()
        if owner is None:
            raise bad_request_v2(f"User with id {changes['owner_id']} does not exist")
        links["owner"] = owner
    if "org_id" in changes:
        org_id = changes["org_id"]
        org = Organization.objects.filter(company=company, id=org_id, is_deleted=False).first()
        if org_id is not None and org is None:
            raise bad_request_v2(f"Organization with id {org_id} does not exist")
        links["org"] = org
    return links


def _apply_person_changes(person: Person, changes: dict) -> None:
    for attr, value in _resolve_links(person.company, changes).items():
        setattr(person, attr, value)
    if changes.get("name"):
        person.name = changes["name"].strip()
        person.first_name, person.last_name = split_name(person.name)
    elif "first_name" in changes or "last_name" in changes:
        person.first_name = changes.get("first_name", person.first_name) or ""
        person.last_name = changes.get("last_name", person.last_name) or ""
        person.name = f"{person.first_name} {person.last_name}".strip()
    for attr in ("emails", "phones", *PERSON_SCALARS):
        if attr in changes:
            setattr(person, attr, changes[attr] if changes[attr] is not None else "")
    if "custom_fields" in changes:
        merged = {**person.custom_fields, **changes["custom_fields"]}
        person.custom_fields = {k: v for k, v in merged.items() if v is not None}


def create_person(
    *, company: Company, actor: User, changes: dict, source: str = events.API
) -> Person:
    if not changes.get("name") and not (changes.get("first_name") and changes.get("last_name")):
        raise bad_request_v2("Parameter 'name' is required")
    with transaction.atomic():
        person = Person(company=company, owner=actor)
        _apply_person_changes(person, changes)
        if changes.get("add_time"):
            person.add_time = changes["add_time"]
        person.update_time = timezone.now()
        person.save()
        types = events.person_field_types(company)
        events.record_event(
            company=company,
            user=actor,
            entity="person",
            entity_id=person.id,
            action="create",
            data=events.person_event_data(person, types),
            previous=None,
            source=source,
        )
    return person


def update_person(
    person: Person, *, actor: User, changes: dict, source: str = events.API, extra_meta=None
) -> Person:
    with transaction.atomic():
        types = events.person_field_types(person.company)
        before = events.person_event_data(person, types)
        _apply_person_changes(person, changes)
        after = events.person_event_data(person, types)
        previous = events.changed_fields(before, after)
        if not previous and not extra_meta:
            return person
        person.update_time = timezone.now()
        person.save()
        events.record_event(
            company=person.company,
            user=actor,
            entity="person",
            entity_id=person.id,
            action="change",
            data=events.person_event_data(person, types),
            previous=previous,
            source=source,
            extra_meta=extra_meta,
        )
    return person


def delete_person(
    person: Person, *, actor: User, source: str = events.API, extra_meta=None
) -> Person:
    """Soft delete, as Pipedrive does (purged after 30 days there; kept here)."""
    with transaction.atomic():
        types = events.person_field_types(person.company)
        last_state = events.person_event_data(person, types)
        person.is_deleted = True
        person.update_time = timezone.now()
        person.save(update_fields=["is_deleted", "update_time"])
        events.record_event(
            company=person.company,
            user=actor,
            entity="person",
            entity_id=person.id,
            action="delete",
            data=None,
            previous=last_state,
            source=source,
            extra_meta=extra_meta,
        )
    return person


def _merged_contacts(keep: list[dict], extra: list[dict]) -> list[dict]:
    seen = {item["value"].lower() for item in keep}
    merged = [dict(item) for item in keep]
    for item in extra:
        if item["value"].lower() not in seen:
            merged.append({**item, "primary": False})
            seen.add(item["value"].lower())
    if merged and not any(item["primary"] for item in merged):
        merged[0]["primary"] = True
    return merged


def merge_persons(
    *, survivor: Person, merged: Person, actor: User, source: str = events.APP
) -> Person:
    """`merged` goes away into `survivor`: its empty fields are filled, emails and phones
    joined, deals and activities moved. Events: delete (merged_to_id) + change
    (merged_from_id), as Pipedrive sends them."""
    if survivor.pk == merged.pk:
        raise bad_request_v2("A person cannot be merged with itself")
    with transaction.atomic():
        changes = {
            "emails": _merged_contacts(survivor.emails, merged.emails),
            "phones": _merged_contacts(survivor.phones, merged.phones),
            "custom_fields": {
                k: v for k, v in merged.custom_fields.items() if k not in survivor.custom_fields
            },
        }
        if not survivor.job_title and merged.job_title:
            changes["job_title"] = merged.job_title
        if survivor.org_id is None and merged.org_id is not None:
            changes["org_id"] = merged.org_id
        Deal.objects.filter(person=merged).update(person=survivor, update_time=timezone.now())
        _move_participants(merged, survivor)
        delete_person(
            merged, actor=actor, source=source, extra_meta={"merged_to_id": str(survivor.id)}
        )
        update_person(
            survivor,
            actor=actor,
            changes=changes,
            source=source,
            extra_meta={"merged_from_id": str(merged.id)},
        )
    return survivor


def _move_participants(old: Person, new: Person) -> None:
    for activity in Activity.objects.filter(participants__isnull=False, company=old.company):
        if not any(p.get("person_id") == old.id for p in activity.participants):
            continue
        activity.participants = [
            {**p, "person_id": new.id} if p.get("person_id") == old.id else p
            for p in activity.participants
        ]
        if activity.person_id == old.id:
            activity.person = new
        activity.update_time = timezone.now()
        activity.save(update_fields=["participants", "person", "update_time"])


def create_organization(
    *, company: Company, actor: User, changes: dict, source: str = events.API
) -> Organization:
    if not changes.get("name"):
        raise bad_request_v2("Parameter 'name' is required")
    with transaction.atomic():
        org = Organization(company=company, owner=actor, name=changes["name"].strip())
        org.owner = _resolve_links(company, changes).get("owner", actor)
        for attr in ("address", "website", "visible_to", "label_ids"):
            if attr in changes and changes[attr] is not None:
                setattr(org, attr, changes[attr])
        org.save()
        events.record_event(
            company=company,
            user=actor,
            entity="organization",
            entity_id=org.id,
            action="create",
            data=events.entity_event_data("organization", org),
            previous=None,
            source=source,
        )
    return org


def next_option_id(company: Company) -> int:
    ids = [
        option["id"]
        for options in PersonField.objects.filter(company=company).values_list(
            "options", flat=True
        )
        for option in options or []
        if isinstance(option.get("id"), int)
    ]
    return max(ids, default=0) + 1


OPTION_TYPES = ("enum", "set")


def create_person_field(
    *, company: Company, actor: User, name: str, field_type: str, labels: list[str]
) -> PersonField:
    with transaction.atomic():
        options = None
        if field_type in OPTION_TYPES:
            first = next_option_id(company)
            options = [{"id": first + i, "label": label} for i, label in enumerate(labels)]
        order = PersonField.objects.filter(company=company).count()
        return PersonField.objects.create(
            company=company,
            name=name,
            field_type=field_type,
            options=options,
            is_custom=True,
            order_nr=order,
            created_by=actor,
        )
