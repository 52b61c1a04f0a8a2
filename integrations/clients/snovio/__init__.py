"""Snov.io: the API client and the records it returns."""

from integrations.clients.snovio.client import SnovioClient
from integrations.clients.snovio.models import (
    Balance,
    Campaign,
    CustomField,
    InMemoryTokenStore,
    Prospect,
    ProspectList,
    TokenStore,
    Webhook,
)
from integrations.clients.snovio.parsing import parse_datetime

__all__ = [
    "Balance",
    "Campaign",
    "CustomField",
    "InMemoryTokenStore",
    "Prospect",
    "ProspectList",
    "SnovioClient",
    "TokenStore",
    "Webhook",
    "parse_datetime",
]
