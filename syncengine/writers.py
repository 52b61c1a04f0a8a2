"""Write one contact into the receiving app, update its link, and log the outcome.

Real-time sync, automations and transfers all write through here, so a record is created,
updated and linked the same way whatever started it. API errors are raised to the caller,
which decides between retrying and recording a failure (`record_failure`)."""

import logging
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from integrations import connections
from integrations.models import Integration
from syncengine.exchange import Exchange
from syncengine.fields import CUSTOM_PREFIX
from syncengine.mapping import Pair, fingerprint, mapping_pairs
from syncengine.models import App, Constant, FieldMapping, Outcome, RecordLink, SyncEntry
from syncengine.schema import Schema
from syncengine.schema_refresh import load_schema
from syncengine.wording import Text

logger = logging.getLogger(__name__)

PIPEDRIVE_DIRECT = {"name", "first_name", "last_name", "job_title"}
SNOVIO_DIRECT = {"first_name", "last_name", "full_name", "position", "company_name", "locality"}


@dataclass
class SyncContext:
    """What a write needs, loaded once per task or batch."""

    integration: Integration
    exchange: Exchange
    schema: Schema
    pairs: list[Pair]
    pipedrive_constants: list[tuple[str, str]]
    snovio_constants: list[tuple[str, str]]
    _pipedrive: object = None
    _snovio: object = None
    org_ids: dict[str, int] = field(default_factory=dict)
    # True when org_ids holds every organization (a transfer read them all): a missing name is
    # then created without searching first.
    org_ids_complete: bool = False
    # Read from Pipedrive at most once per task or batch.
    org_names: dict[int, str] = field(default_factory=dict)
    email_activity_type: str = ""
    _currency: str = ""

    @property
    def pipedrive(self):
        if self._pipedrive is None:
            self._pipedrive = connections.pipedrive_client(self.integration.pipedrive)
        return self._pipedrive

    @property
    def default_currency(self) -> str:
        """The currency of monetary values written without one of their own: the connected
        user's default (read at Refresh; asked once here if the schema predates that)."""
        if not self._currency:
            stored = self.schema.pipedrive_currency
            self._currency = stored or self.pipedrive.get_current_user().default_currency
        return self._currency

    @property
    def snovio(self):
        if self._snovio is None:
            self._snovio = connections.snovio_client(self.integration.snovio)
        return self._snovio


def load_context(integration: Integration) -> SyncContext:
    constants = Constant.objects.filter(integration=integration)
    custom = FieldMapping.objects.filter(integration=integration)
    return SyncContext(
        integration=integration,
        exchange=Exchange.of(integration),
        schema=load_schema(integration),
        pairs=mapping_pairs(custom.values_list("snovio_field", "pipedrive_field")),
        pipedrive_constants=[(c.field, c.value) for c in constants if c.app == App.PIPEDRIVE],
        snovio_constants=[(c.field, c.value) for c in constants if c.app == App.SNOVIO],
    )


def write_person(ctx: SyncContext, *, values: dict, current=None):
    """Create or update the Pipedrive person (`current` is the person as it is now)."""
    fields = person_fields(ctx, values, current=current)
    if current is None:
        fields["owner_id"] = ctx.integration.owner_user_id
        return ctx.pipedrive.create_person(**{k: v for k, v in fields.items() if v is not None})
    return ctx.pipedrive.update_person(current.id, **fields)


def person_fields(ctx: SyncContext, values: dict, *, current=None) -> dict:
    fields, custom = {}, {}
    for key, value in values.items():
        if key in PIPEDRIVE_DIRECT:
            fields[key] = value or None
        elif key == "email":
            fields["emails"] = primary_first(value, current.emails if current else [])
        elif key == "phone":
            fields["phones"] = list(value)
        elif key == "org_id":
            fields["org_id"] = organization_id(ctx, value) if value else None
        else:
            custom[key] = custom_value(ctx, key, value, current)
    if custom:
        fields["custom_fields"] = custom
    return fields


def custom_value(ctx: SyncContext, key: str, value, current):
    """A custom field's value in the shape Pipedrive takes for its type (API v2): an amount
    with its currency, an address as an object, option ids as they are; empty clears (null)."""
    if value is None or value == "" or value == []:
        return None
    field = ctx.schema.pipedrive_field(key)
    field_type = field.field_type if field else ""
    if field_type == "monetary":
        return {"value": value, "currency": held_currency(current, key) or ctx.default_currency}
    if field_type == "address":
        return {"value": str(value)}
    return value


def held_currency(current, key: str) -> str:
    """The currency the person's amount already has: writing a new amount keeps it."""
    held = current.custom_fields.get(key) if current is not None else None
    return str(held.get("currency") or "") if isinstance(held, dict) else ""


def primary_first(email: str, existing: list[str]) -> list[str]:
    """The synced email becomes primary; the person's other emails are kept."""
    others = [e for e in existing if e.strip().lower() != email]
    return ([email] if email else []) + others


def organization_id(ctx: SyncContext, name: str) -> int:
    """The organization with this name, created if missing (R3.4: found or created by name)."""
    key = name.strip().lower()
    if key not in ctx.org_ids:
        found = (
            []
            if ctx.org_ids_complete
            else ctx.pipedrive.search_organizations(name.strip(), exact_match=True)
        )
        org = (
            found[0]
            if found
            else ctx.pipedrive.create_organization(
                name=name.strip(), owner_id=ctx.integration.owner_user_id
            )
        )
        ctx.org_ids[key] = org.id
    return ctx.org_ids[key]


def write_prospect(ctx: SyncContext, *, values: dict) -> str:
    """Add or update the prospect (by email) in the target list; returns its id."""
    kwargs, custom = {}, {}
    for key, value in values.items():
        if key == "email":
            kwargs["email"] = value
        elif key == "phones":
            kwargs["phones"] = list(value)
        elif key in SNOVIO_DIRECT:
            kwargs[key] = str(value)
        elif key.startswith(CUSTOM_PREFIX):
            custom[key.removeprefix(CUSTOM_PREFIX)] = str(value)
    return ctx.snovio.add_prospect_to_list(
        int(ctx.integration.target_list_id), custom_fields=custom, update_contact=True, **kwargs
    )


def note_pipedrive_write(link: RecordLink, *, person, values: dict) -> RecordLink:
    """What we wrote to Pipedrive, on the link (not saved: see remember_pipedrive_write)."""
    link.pipedrive_id = person.id
    link.written_to_pipedrive = fingerprint(values)
    link.pipedrive_updated_at = person.update_time or timezone.now()
    return link


def note_snovio_write(link: RecordLink, *, prospect_id: str, values: dict) -> RecordLink:
    """What we wrote to Snov.io, on the link (not saved: see remember_snovio_write)."""
    link.snovio_id = prospect_id
    link.written_to_snovio = fingerprint(values)
    link.seen_in_snovio = fingerprint(values)
    return link


@transaction.atomic
def remember_pipedrive_write(link: RecordLink, *, person, values: dict) -> RecordLink:
    note_pipedrive_write(link, person=person, values=values).save()
    return link


@transaction.atomic
def remember_snovio_write(link: RecordLink, *, prospect_id: str, values: dict) -> RecordLink:
    note_snovio_write(link, prospect_id=prospect_id, values=values).save()
    return link


def build_entry(ctx: SyncContext, *, receiver: str, origin: str, outcome: str, **fields):
    """A log entry not yet saved (a transfer saves its entries in bulk). A message that is a
    Text keeps its words, so the log can say it in the reader's language."""
    if isinstance(fields.get("message"), Text):
        fields.setdefault("words", fields["message"].as_data())
    return SyncEntry(
        integration=ctx.integration, receiver=receiver, origin=origin, outcome=outcome, **fields
    )


def log_entry(ctx: SyncContext, *, receiver: str, origin: str, outcome: str, **fields):
    entry = build_entry(ctx, receiver=receiver, origin=origin, outcome=outcome, **fields)
    entry.save()
    return entry


def record_failure(ctx: SyncContext, *, receiver: str, origin: str, exc, **fields) -> SyncEntry:
    """A record that could not be written: the remote text is kept for the user (B1, B12).

    `reason_code` and `remote_error` default to the exception's; a caller may give its own."""
    fields.setdefault("reason_code", getattr(exc, "reason_code", "error"))
    fields.setdefault("remote_error", str(exc)[:2000])
    logger.info(
        "sync failed integration=%s receiver=%s reason=%s",
        ctx.integration.pk,
        receiver,
        fields["reason_code"],
    )
    return log_entry(ctx, receiver=receiver, origin=origin, outcome=Outcome.FAILED, **fields)
