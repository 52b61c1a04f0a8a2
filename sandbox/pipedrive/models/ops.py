from django.db import models
from django.utils import timezone

from sandbox.defaults import rate_limits_on

from .accounts import Company, User


class Webhook(models.Model):
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="webhooks")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="webhooks")
    event_action = models.CharField(max_length=16)  # create|change|delete|*
    event_object = models.CharField(max_length=32)  # person|deal|…|*
    subscription_url = models.URLField(max_length=500)
    http_auth_user = models.CharField(max_length=200, null=True, blank=True)
    http_auth_password = models.CharField(max_length=200, null=True, blank=True)
    version = models.CharField(max_length=4, default="2.0")
    name = models.CharField(max_length=200, blank=True)
    # "application" for webhooks an OAuth app created: only that app sees and deletes them.
    type = models.CharField(max_length=16, default="general")
    is_active = models.BooleanField(default=True)
    add_time = models.DateTimeField(default=timezone.now)
    last_delivery_time = models.DateTimeField(null=True, blank=True)
    last_http_status = models.IntegerField(null=True, blank=True)
    # Pipedrive's ban system (delivery.py): first attempts failed in a row, the ban's end, and
    # since when no delivery has succeeded (3 days of that deletes the webhook).
    first_try_failures = models.IntegerField(default=0)
    banned_until = models.DateTimeField(null=True, blank=True)
    failing_since = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return f"{self.event_action}.{self.event_object} → {self.subscription_url}"

    def matches(self, action: str, entity: str) -> bool:
        return self.event_action in (action, "*") and self.event_object in (entity, "*")

    def is_banned(self, now) -> bool:
        return self.banned_until is not None and self.banned_until > now


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    DELIVERED = "delivered", "Delivered"
    FAILED = "failed", "Failed"


class WebhookDelivery(models.Model):
    """One event for one subscription (an outbox row); `attempt` counts the tries made."""

    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    payload = models.JSONField()
    attempt = models.IntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now, db_index=True)
    status = models.CharField(
        max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    last_http_status = models.IntegerField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name_plural = "webhook deliveries"

    def __str__(self):
        meta = self.payload.get("meta", {})
        return f"{meta.get('action')}.{meta.get('entity')} #{meta.get('entity_id')}"


class Fault(models.Model):
    """A forced failure: the next `remaining` requests whose path (below the sandbox base,
    e.g. "/api/v2/persons") starts with `path_prefix` get `http_status`."""

    path_prefix = models.CharField(max_length=300)
    method = models.CharField(max_length=8, blank=True, help_text="Empty: any method.")
    http_status = models.IntegerField(default=503)
    remaining = models.IntegerField(default=1)
    retry_after = models.IntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return f"{self.http_status} on {self.method or '*'} {self.path_prefix} ×{self.remaining}"


class RateLimitSettings(models.Model):
    """The one row of rate-limit settings (id 1). Limits are enforced only when enabled;
    the headers are sent either way."""

    enabled = models.BooleanField(default=rate_limits_on)
    oauth_burst = models.IntegerField(default=80, help_text="Requests per 2 s per OAuth token.")
    api_token_burst = models.IntegerField(
        default=20, help_text="Requests per 2 s per personal API token."
    )
    search_burst = models.IntegerField(default=10, help_text="Search requests per 2 s.")
    daily_budget = models.IntegerField(default=30000, help_text="Tokens per company per day.")

    class Meta:
        verbose_name_plural = "rate limit settings"

    def __str__(self):
        return "Rate limits (on)" if self.enabled else "Rate limits (off)"

    @classmethod
    def load(cls) -> "RateLimitSettings":
        return cls.objects.get_or_create(pk=1)[0]


class RateWindow(models.Model):
    """Requests counted in the current 2-second window of one token (or token + search)."""

    key = models.CharField(max_length=250, unique=True)
    started_at = models.FloatField(default=0)
    count = models.IntegerField(default=0)

    def __str__(self):
        return f"{self.key}: {self.count}"


class DailyUsage(models.Model):
    company = models.ForeignKey(Company, on_delete=models.CASCADE)
    day = models.DateField()
    used = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["company", "day"], name="sandbox_pd_daily_usage")
        ]

    def __str__(self):
        return f"{self.company_id} {self.day}: {self.used}"
