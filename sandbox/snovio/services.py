"""Writes to the emulated Snov.io: lists, prospects, custom fields, campaigns."""

import dataclasses
import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from django.db import transaction
from django.utils import timezone

from sandbox.snovio.models import (
    Account,
    Campaign,
    CampaignStatus,
    CustomField,
    EmailStatus,
    FieldType,
    ListMembership,
    Prospect,
    ProspectList,
)
from sandbox.snovio.params import as_list, as_text

EMAIL_SHAPE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class SandboxValidationError(Exception):
    def __init__(self, errors: dict):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


@dataclasses.dataclass
class ProspectData:
    email: str = ""
    first_name: str = ""
    last_name: str = ""
    name: str = ""
    position: str = ""
    company_name: str = ""
    company_site: str = ""
    country: str = ""
    locality: str = ""
    phones: list[str] = dataclasses.field(default_factory=list)
    social_links: dict = dataclasses.field(default_factory=dict)
    custom_fields: dict = dataclasses.field(default_factory=dict)
    email_status: str = ""


TEXT_PARAMS = {
    "email": "email",
    "firstName": "first_name",
    "lastName": "last_name",
    "fullName": "name",
    "position": "position",
    "companyName": "company_name",
    "companySite": "company_site",
    "country": "country",
    "locality": "locality",
}


def prospect_data_from_params(params: dict) -> ProspectData:
    data = ProspectData(**{attr: as_text(params.get(key)) for key, attr in TEXT_PARAMS.items()})
    data.phones = [as_text(p) for p in as_list(params.get("phones")) if as_text(p)]
    for name in ("socialLinks", "customFields"):
        value = params.get(name)
        if isinstance(value, dict):
            cleaned = {str(k).strip("'\""): as_text(v) for k, v in value.items()}
            setattr(data, "social_links" if name == "socialLinks" else "custom_fields", cleaned)
    return data


def create_list(account: Account, name: str) -> ProspectList:
    name = name.strip()
    if not name:
        raise SandboxValidationError({"name": "The list name is required"})
    return ProspectList.objects.create(account=account, name=name)


def clean_custom_values(account: Account, values: dict) -> dict:
    """Known fields only (others are ignored, as Snov.io does), values checked by type."""
    fields = {f.name: f for f in CustomField.objects.filter(account=account)}
    cleaned, errors = {}, {}
    for name, value in values.items():
        field = fields.get(name)
        if field is None:
            continue
        try:
            cleaned[name] = _typed_value(field.type, value)
        except ValueError as exc:
            errors[f"customFields[{name}]"] = str(exc)
    if errors:
        raise SandboxValidationError(errors)
    return cleaned


def _typed_value(field_type: str, value) -> str:
    value = as_text(value)
    if not value:
        return ""
    if field_type == FieldType.NUMBER:
        try:
            Decimal(value)
        except InvalidOperation:
            raise ValueError(f"“{value}” is not a number") from None
    if field_type == FieldType.DATE:
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"“{value}” is not a date (YYYY-MM-DD)") from None
    return value


class AddResult(NamedTuple):
    prospect: Prospect
    added: bool
    updated: bool


def add_prospect_to_list(
    *,
    account: Account,
    prospect_list: ProspectList,
    data: ProspectData,
    update_contact: bool = False,
    create_duplicates: bool = False,
    source: str = "api",
) -> AddResult:
    """Snov.io's add-prospect-to-list: an existing email is left alone, updated
    (`update_contact`) or duplicated (`create_duplicates`)."""
    _validate_new_prospect(data, update_contact, create_duplicates)
    data.custom_fields = clean_custom_values(account, data.custom_fields)
    with transaction.atomic():
        existing = None
        if data.email and not create_duplicates:
            existing = account.prospects.filter(email__iexact=data.email).order_by("pk").first()
        if existing is None:
            prospect = create_prospect(account, data, source=source)
            return AddResult(prospect, _join_list(prospect, prospect_list), False)
        if not update_contact:
            return AddResult(existing, False, False)
        updated = update_prospect(existing, data)
        return AddResult(existing, _join_list(existing, prospect_list), updated)


def _validate_new_prospect(data: ProspectData, update_contact: bool, duplicates: bool) -> None:
    errors = {}
    if not data.email and not data.social_links.get("linkedIn"):
        errors["email"] = "An email or socialLinks[linkedIn] is required"
    elif data.email and not EMAIL_SHAPE.match(data.email):
        errors["email"] = "The email is not valid"
    if update_contact and duplicates:
        errors["updateContact"] = "Only one of updateContact and createDuplicates may be true"
    if errors:
        raise SandboxValidationError(errors)


def _join_list(prospect: Prospect, prospect_list: ProspectList) -> bool:
    _, created = ListMembership.objects.get_or_create(
        prospect=prospect, prospect_list=prospect_list
    )
    return created


def create_prospect(account: Account, data: ProspectData, *, source: str = "api") -> Prospect:
    fields = _model_values(data)
    fields["name"] = data.name or f"{data.first_name} {data.last_name}".strip()
    fields.setdefault("email_status", EmailStatus.UNVERIFIED)
    return Prospect.objects.create(account=account, source=source, **fields)


def _model_values(data: ProspectData) -> dict:
    return {k: v for k, v in dataclasses.asdict(data).items() if v not in ("", [], {})}


def update_prospect(prospect: Prospect, data: ProspectData, *, replace: bool = False) -> bool:
    """Merge non-empty values (or, with `replace`, write every value); True if anything
    changed."""
    values = dataclasses.asdict(data) if replace else _model_values(data)
    if not values.get("email_status"):
        values.pop("email_status", None)
    for key in ("custom_fields", "social_links"):
        if key in values and not replace:
            values[key] = {**getattr(prospect, key), **values[key]}
    if not data.name and ("first_name" in values or "last_name" in values):
        first = values.get("first_name", prospect.first_name)
        last = values.get("last_name", prospect.last_name)
        values["name"] = f"{first} {last}".strip()
    changed = {k: v for k, v in values.items() if getattr(prospect, k) != v}
    if not changed:
        return False
    for key, value in changed.items():
        setattr(prospect, key, value)
    prospect.updated_at = timezone.now()
    prospect.save()
    return True


def create_custom_field(account: Account, *, name: str, type: str) -> CustomField:
    name = name.strip()
    if not name:
        raise SandboxValidationError({"name": "The field name is required"})
    if type not in FieldType.values:
        raise SandboxValidationError({"type": "The type must be string, number or date"})
    if account.custom_fields.filter(name=name).exists():
        raise SandboxValidationError({"name": "A field with this name exists"})
    return CustomField.objects.create(account=account, name=name, type=type)


def create_campaign(
    account: Account, *, name: str, prospect_list: ProspectList, status: str = "Active"
) -> Campaign:
    now = timezone.now()
    started = now if status in (CampaignStatus.ACTIVE, CampaignStatus.COMPLETED) else None
    return Campaign.objects.create(
        account=account, name=name, prospect_list=prospect_list, status=status, started_at=started
    )


def delete_list(prospect_list: ProspectList) -> None:
    """Snov.io keeps deleted lists (isDeleted: true) in get-user-lists."""
    prospect_list.is_deleted = True
    prospect_list.deleted_at = timezone.now()
    prospect_list.save(update_fields=["is_deleted", "deleted_at"])
