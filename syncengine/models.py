from django.db import models

from integrations.models import Integration


class App(models.TextChoices):
    SNOVIO = "snovio", "Snov.io"
    PIPEDRIVE = "pipedrive", "Pipedrive"


class FieldMapping(models.Model):
    """A custom pair of fields (R3.4). System pairs live in code (syncengine.fields)."""

    integration = models.ForeignKey(Integration, on_delete=models.CASCADE, related_name="mappings")
    snovio_field = models.CharField(max_length=200)
    pipedrive_field = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["integration", "snovio_field"], name="one_mapping_per_snovio_field"
            ),
            models.UniqueConstraint(
                fields=["integration", "pipedrive_field"], name="one_mapping_per_pipedrive_field"
            ),
        ]

    def __str__(self):
        return f"{self.snovio_field} ⇄ {self.pipedrive_field}"


class Constant(models.Model):
    """A fixed text written into a field of the receiving app on every transfer (R4)."""

    integration = models.ForeignKey(
        Integration, on_delete=models.CASCADE, related_name="constants"
    )
    app = models.CharField(max_length=16, choices=App.choices)
    field = models.CharField(max_length=200)
    value = models.CharField(max_length=255)

    class Meta:
        ordering = ["app", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["integration", "app", "field"], name="one_constant_per_field"
            )
        ]

    def __str__(self):
        return f"{self.get_app_display()}: {self.field} = {self.value}"


class RecordLink(models.Model):
    """One contact known in both apps: the Snov.io prospect and the Pipedrive person.

    The hashes are fingerprints (syncengine.mapping.fingerprint) of the values last written to
    each side, so a write of ours that comes back is recognised as an echo (B3); the
    timestamps are the remote update times last applied, so late deliveries are stale (B4)."""

    integration = models.ForeignKey(Integration, on_delete=models.CASCADE, related_name="links")
    email = models.CharField(max_length=320, db_index=True, blank=True)
    snovio_id = models.CharField(max_length=100, blank=True)
    pipedrive_id = models.BigIntegerField(null=True, blank=True)
    written_to_snovio = models.CharField(max_length=64, blank=True)
    written_to_pipedrive = models.CharField(max_length=64, blank=True)
    seen_in_snovio = models.CharField(max_length=64, blank=True)
    snovio_updated_at = models.DateTimeField(null=True, blank=True)
    pipedrive_updated_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    close_reason = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["integration", "pipedrive_id"],
                condition=models.Q(closed_at__isnull=True, pipedrive_id__isnull=False),
                name="one_open_link_per_person",
            ),
            models.UniqueConstraint(
                fields=["integration", "snovio_id"],
                condition=models.Q(closed_at__isnull=True) & ~models.Q(snovio_id=""),
                name="one_open_link_per_prospect",
            ),
        ]
        indexes = [models.Index(fields=["integration", "email"])]

    def __str__(self):
        return (
            f"{self.email or '(no email)'}: {self.snovio_id or '—'} ⇄ {self.pipedrive_id or '—'}"
        )


class Outcome(models.TextChoices):
    CREATED = "created", "Created"
    UPDATED = "updated", "Updated"
    UNCHANGED = "unchanged", "Already identical"
    ECHO = "echo", "Our own change coming back"
    STALE = "stale", "Older than what was applied"
    SKIPPED = "skipped", "Skipped"
    AMBIGUOUS = "ambiguous", "Ambiguous match"
    FAILED = "failed", "Failed"
    UNLINKED = "unlinked", "Unlinked"
    RELINKED = "relinked", "Re-linked"


class SyncEntry(models.Model):
    """The outcome for one record, with a reason: the sync log (B1)."""

    integration = models.ForeignKey(
        Integration, on_delete=models.CASCADE, related_name="sync_entries"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    receiver = models.CharField(max_length=16, choices=App.choices)
    origin = models.CharField(max_length=32)  # realtime, poll, transfer, automation, retry
    outcome = models.CharField(max_length=16, choices=Outcome.choices)
    reason_code = models.CharField(max_length=64, blank=True)
    message = models.TextField(blank=True)
    remote_error = models.TextField(blank=True)
    email = models.CharField(max_length=320, blank=True, db_index=True)
    snovio_id = models.CharField(max_length=100, blank=True)
    pipedrive_id = models.BigIntegerField(null=True, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    event = models.ForeignKey(
        "syncengine.InboundEvent", null=True, blank=True, on_delete=models.SET_NULL
    )
    retried_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["integration", "outcome", "created_at"])]
        verbose_name_plural = "sync entries"

    def __str__(self):
        return f"{self.get_outcome_display()} {self.email} ({self.reason_code})"


class EventState(models.TextChoices):
    PENDING = "pending", "Waiting to be processed"
    RUNNING = "running", "Processing"
    DONE = "done", "Done"
    IGNORED = "ignored", "Ignored"
    WAITING = "waiting", "Waiting (integration busy or rate limited)"
    FAILED = "failed", "Failed"


class InboundEvent(models.Model):
    """A webhook delivery or a polled change, stored before anything is done with it."""

    integration = models.ForeignKey(Integration, on_delete=models.CASCADE, related_name="events")
    source = models.CharField(max_length=32, choices=App.choices)
    kind = models.CharField(max_length=64)  # e.g. "person.change", "campaign_email.sent"
    idempotency_key = models.CharField(max_length=200)
    payload = models.JSONField()
    state = models.CharField(
        max_length=16, choices=EventState.choices, default=EventState.PENDING, db_index=True
    )
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    received_at = models.DateTimeField(auto_now_add=True)
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["integration", "source", "idempotency_key"], name="one_event_per_delivery"
            )
        ]
        indexes = [models.Index(fields=["state", "next_attempt_at"])]

    def __str__(self):
        return f"{self.source} {self.kind} ({self.state})"
