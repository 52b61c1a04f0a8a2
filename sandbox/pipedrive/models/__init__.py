"""State of the Pipedrive sandbox: accounts and OAuth, CRM records, webhooks, operations."""

from .accounts import AccessToken, AuthorizationCode, Company, User
from .crm import (
    Activity,
    ActivityType,
    Deal,
    DealStatus,
    Note,
    Organization,
    Person,
    PersonField,
    Pipeline,
    Stage,
)
from .ops import (
    DailyUsage,
    DeliveryStatus,
    Fault,
    RateLimitSettings,
    RateWindow,
    Webhook,
    WebhookDelivery,
)

__all__ = [
    "AccessToken",
    "Activity",
    "ActivityType",
    "AuthorizationCode",
    "Company",
    "DailyUsage",
    "Deal",
    "DealStatus",
    "DeliveryStatus",
    "Fault",
    "Note",
    "Organization",
    "Person",
    "PersonField",
    "Pipeline",
    "RateLimitSettings",
    "RateWindow",
    "Stage",
    "User",
    "Webhook",
    "WebhookDelivery",
]
