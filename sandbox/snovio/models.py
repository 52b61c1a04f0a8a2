"""State of the emulated Snov.io: accounts, prospects in lists, campaigns and webhooks."""

import base64
import secrets

from django.db import models
from django.utils import timezone

from sandbox.defaults import rate_limits_on


def new_prospect_uid() -> str:
    """Opaque ids shaped like Snov.io's (`xusD3-T_K5IktGoaa8Jc8A==`)."""
    return base64.urlsafe_b64encode(secrets.token_bytes(16)).decode()


def new_campaign_hash() -> str:
    return secrets.token_hex(16)


class Account(models.Model):
    """One Snov.io user. `client_id` / `client_secret` are the "API User ID" / "API Secret"."""

    name = models.CharField(max_length=200, default="Sandbox user")
    email = models.EmailField(default="owner@example.com")
    client_id = models.CharField("API User ID", max_length=100, unique=True)
    client_secret = models.CharField("API Secret", max_length=100)
    user_id = models.BigIntegerField(unique=True)
    balance = models.DecimalField(max_digits=12, decimal_places=2, default=25000)
    teamwork = models.BooleanField(default=False)
    rate_limit_enabled = models.BooleanField(default=rate_limits_on)
    rate_limit_per_minute = models.PositiveIntegerField(default=60)
    recent_calls = models.JSONField(default=list, blank=True)  # epoch seconds, sliding window
    # Answer with exactly the fields Snov.io's reference documents (render.py): the product
    # must work whether the real API sends more or not.
    documented_only = models.BooleanField(
        "Documented fields only",
        default=False,
        help_text="Prospects carry only the fields Snov.io's API reference shows.",
    )
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"{self.name} ({self.user_id})"


class AccessToken(models.Model):
    LIFETIME_SECONDS = 3600

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="tokens")
    token = models.CharField(max_length=40, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()

    def __str__(self):
        return f"token of {self.account_id} until {self.expires_at:%H:%M:%S}"


class ProspectList(models.Model):
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="lists")
    name = models.CharField(max_length=200)
    created_at = models.DateTimeField(default=timezone.now)
    is_deleted = models.BooleanField(default=False)
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.name


class EmailStatus(models.TextChoices):
    VALID = "valid", "Valid"
    NOT_VALID = "not_valid", "Not valid"
    UNKNOWN = "unknown", "Unverifiable"
    UNVERIFIED = "unverified", "Unverified"


class Prospect(models.Model):
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="prospects")
    uid = models.CharField(max_length=64, unique=True, default=new_prospect_uid)
    email = models.CharField(max_length=254, blank=True, db_index=True)
    email_status = models.CharField(
        max_length=16, choices=EmailStatus.choices, default=EmailStatus.UNVERIFIED
    )
    first_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100, blank=True)
    name = models.CharField(max_length=200, blank=True)
    position = models.CharField(max_length=200, blank=True)
    company_name = models.CharField(max_length=200, blank=True)
    company_site = models.CharField(max_length=300, blank=True)
    industry = models.CharField(max_length=100, blank=True)
    country = models.CharField(max_length=100, blank=True)
    locality = models.CharField(max_length=200, blank=True)
    phones = models.JSONField(default=list, blank=True)
    social_links = models.JSONField(default=dict, blank=True)  # {"linkedIn": url, ...}
    custom_fields = models.JSONField(default=dict, blank=True)  # {field name: value}
    source = models.CharField(max_length=50, default="api")
    lists = models.ManyToManyField(ProspectList, through="ListMembership", related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.name or self.email or self.uid

    @property
    def full_name(self) -> str:
        return self.name or f"{self.first_name} {self.last_name}".strip()


class ListMembership(models.Model):
    prospect_list = models.ForeignKey(
        ProspectList, on_delete=models.CASCADE, related_name="memberships"
    )
    prospect = models.ForeignKey(Prospect, on_delete=models.CASCADE, related_name="memberships")
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["prospect_list", "prospect"], name="snovio_one_membership"
            )
        ]

    def __str__(self):
        return f"{self.prospect_id} in {self.prospect_list_id}"


class FieldType(models.TextChoices):
    STRING = "string", "Text"
    NUMBER = "number", "Number"
    DATE = "date", "Date"


class CustomField(models.Model):
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="custom_fields")
    name = models.CharField(max_length=100)
    type = models.CharField(max_length=10, choices=FieldType.choices, default=FieldType.STRING)
    required = models.BooleanField(default=False)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["account", "name"], name="snovio_unique_field_name")
        ]

    def __str__(self):
        return self.name

    @property
    def key(self) -> str:
        return f"customFields['{self.name}']"


class CampaignStatus(models.TextChoices):
    DRAFT = "Draft", "Draft"
    ACTIVE = "Active", "Active"
    PAUSED = "Paused", "Paused"
    COMPLETED = "Completed", "Completed"


class Campaign(models.Model):
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="campaigns")
    name = models.CharField(max_length=200)
    prospect_list = models.ForeignKey(ProspectList, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        max_length=16, choices=CampaignStatus.choices, default=CampaignStatus.ACTIVE
    )
    sender_email = models.EmailField(default="sales@sandbox-sender.example")
    hash = models.CharField(max_length=32, default=new_campaign_hash)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.name


class CampaignMessage(models.Model):
    """One campaign email to one prospect; opens, clicks and replies update it."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="messages")
    prospect = models.ForeignKey(Prospect, on_delete=models.CASCADE, related_name="messages")
    uid = models.CharField(max_length=32, unique=True, default=new_campaign_hash)
    subject = models.CharField(max_length=300)
    body = models.TextField()
    sent_at = models.DateTimeField(default=timezone.now)
    opened_at = models.DateTimeField(null=True, blank=True)
    clicked_at = models.DateTimeField(null=True, blank=True)
    replied_at = models.DateTimeField(null=True, blank=True)
    reply_message = models.TextField(blank=True)
    bounced_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return f"{self.subject} → {self.prospect_id}"

    @property
    def status(self) -> str:
        for label, stamp in (
            ("bounced", self.bounced_at),
            ("replied", self.replied_at),
            ("clicked", self.clicked_at),
            ("opened", self.opened_at),
        ):
            if stamp:
                return label
        return "sent"


class WebhookStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    DEACTIVATED = "deactivated", "Deactivated"


class Webhook(models.Model):
    MAX_PER_ACCOUNT = 50

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="webhooks")
    event_object = models.CharField(max_length=50)
    event_action = models.CharField(max_length=50)
    end_point = models.URLField(max_length=500)
    status = models.CharField(
        max_length=16, choices=WebhookStatus.choices, default=WebhookStatus.ACTIVE
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return f"{self.event_object}.{self.event_action} → {self.end_point}"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    DELIVERED = "delivered", "Delivered"
    FAILED = "failed", "Failed"
    SKIPPED = "skipped", "Skipped (webhook deactivated)"


class WebhookDelivery(models.Model):
    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    payload = models.JSONField()
    status = models.CharField(
        max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now, db_index=True)
    last_status_code = models.IntegerField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-pk"]

    def __str__(self):
        return f"delivery {self.pk} of webhook {self.webhook_id}: {self.status}"


class Fault(models.Model):
    """Forces the next `remaining` API calls under `path_prefix` to fail with `status`."""

    path_prefix = models.CharField(max_length=200, help_text="e.g. /v1/get-balance or /v1/")
    status = models.PositiveIntegerField(default=500)
    remaining = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return f"{self.path_prefix} → {self.status} ×{self.remaining}"
