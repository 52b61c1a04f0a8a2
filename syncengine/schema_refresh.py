"""Refresh (R6.4, B9): read lists, fields, pipelines, stages and users from both apps."""

import logging
from dataclasses import replace

from django.db import transaction
from django.utils import timezone

from integrations import connections
from integrations.clients.errors import NotFound
from integrations.guards import guard_pipedrive
from integrations.models import Integration, RemoteSchema
from syncengine.fields import SNOVIO_BUILTIN_FIELDS, custom_snovio_key
from syncengine.schema import (
    FieldOption,
    ListRef,
    PipedriveField,
    Schema,
    SnovioCarriage,
    SnovioField,
    UserRef,
)

logger = logging.getLogger(__name__)


def load_schema(integration: Integration) -> Schema:
    """The last refreshed schema; an empty one (`loaded` False) if Refresh never ran."""
    stored = RemoteSchema.objects.filter(integration=integration).first()
    if stored is None or stored.refreshed_at is None:
        return Schema()
    return Schema.from_json(stored.data)


def refresh_schema(*, integration: Integration) -> Schema:
    """Read both apps and store the result. Raises ApiError if either app fails."""
    snovio = fetch_snovio_schema(integration)
    with guard_pipedrive(integration):
        pipedrive = fetch_pipedrive_schema(integration)
    schema = Schema(**snovio, **pipedrive)
    with transaction.atomic():
        RemoteSchema.objects.update_or_create(
            integration=integration,
            defaults={"data": schema.to_json(), "refreshed_at": timezone.now()},
        )
    return schema


def fetch_snovio_schema(integration: Integration) -> dict:
    client = connections.snovio_client(integration.snovio)
    remote_lists = client.get_user_lists()
    lists = tuple(ListRef(id=str(x.id), name=x.name) for x in remote_lists)
    custom = tuple(
        SnovioField(custom_snovio_key(f.label), f.label, f.type or "string")
        for f in client.get_prospect_custom_fields()
    )
    return {
        "snovio_lists": lists,
        "snovio_fields": SNOVIO_BUILTIN_FIELDS + custom,
        "snovio_carriage": sample_carriage(client, remote_lists),
    }


CARRIAGE_SAMPLE = 20


def sample_carriage(client, lists) -> SnovioCarriage:
    """What a list page and a read by id carry, from a small page of the first non-empty list
    and its first prospect (two calls); nothing learned when every list is empty."""
    sample = next((x for x in lists if x.contacts and not x.is_deleted), None)
    if sample is None:
        return SnovioCarriage()
    _, prospects = client.get_prospect_list(sample.id, per_page=CARRIAGE_SAMPLE)
    if not prospects:
        return SnovioCarriage()
    page = sorted({name for prospect in prospects for name in prospect.carried})
    try:
        detail = sorted(client.get_prospect_by_id(prospects[0].id).carried)
    except NotFound:  # deleted meanwhile: the documented read by id is assumed
        detail = []
    return SnovioCarriage(page=tuple(page), detail=tuple(detail))


def fetch_pipedrive_schema(integration: Integration) -> dict:
    client = connections.pipedrive_client(integration.pipedrive)
    stages = client.list_stages()
    pipelines = tuple(
        replace(
            p,
            stages=tuple(
                s for s in sorted(stages, key=lambda s: s.order_nr) if s.pipeline_id == p.id
            ),
        )
        for p in sorted(client.list_pipelines(), key=lambda p: p.order_nr)
    )
    return {
        "pipedrive_users": tuple(
            UserRef(id=u.id, name=u.name, email=u.email, active=u.active)
            for u in client.list_users()
        ),
        "pipedrive_fields": tuple(schema_field(f) for f in client.list_person_fields()),
        "pipelines": pipelines,
        "activity_types": tuple(t.key_string for t in client.list_activity_types() if t.active),
        "pipedrive_currency": client.get_current_user().default_currency,
    }


def schema_field(field) -> PipedriveField:
    """A person field as the settings know it; option fields keep their options (B16)."""
    options = tuple(
        FieldOption(id=int(option_id), label=label)
        for option_id, label in field.options
        if str(option_id).isdigit()
    )
    return PipedriveField(
        key=field.key,
        name=field.name,
        field_type=field.field_type,
        is_custom=field.is_custom,
        options=options,
    )
