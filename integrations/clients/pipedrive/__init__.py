"""Pipedrive: the API client, its auth objects and the records it returns."""

from integrations.clients.pipedrive.auth import ApiTokenAuth, BearerAuth
from integrations.clients.pipedrive.client import PipedriveClient
from integrations.clients.pipedrive.models import (
    Activity,
    ActivityType,
    Deal,
    Note,
    Organization,
    Page,
    Person,
    PersonField,
    Pipeline,
    Stage,
    User,
    Webhook,
)

__all__ = [
    "Activity",
    "ActivityType",
    "ApiTokenAuth",
    "BearerAuth",
    "Deal",
    "Note",
    "Organization",
    "Page",
    "Person",
    "PersonField",
    "PipedriveClient",
    "Pipeline",
    "Stage",
    "User",
    "Webhook",
]
