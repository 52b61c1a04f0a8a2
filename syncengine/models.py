from django.db import models
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from integrations.models import Integration


class App(models.TextChoices):
    SNOVIO = "snovio", _("Snov.io")
    PIPEDRIVE = "pipedrive", _("Pipedrive")


class FieldMapping(models.Model):
    """A custom pair of fields (R3.4). System pairs live in code (syncengine.fields)."""

    integration = models.ForeignKey(
        Integration,
        verbose_name=_("integration"),
        on_delete=models.CASCADE,
        related_name="mappings",
    )
    snovio_field = models.CharField(verbose_name=_("snovio field"), max_length=200)
    pipedrive_field = models.CharField(verbose_name=_("pipedrive field"), max_length=200)
    # Names as they were when the pair was made: the page can still name a field that was
    # later deleted in its app.
    snovio_label = models.CharField(verbose_name=_("snovio label"), max_length=200, blank=True)
    pipedrive_label = models.CharField(
        verbose_name=_("pipedrive label"), max_length=200, blank=True
    )
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("field mapping")
        verbose_name_plural = _("field mappings")
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
        Integration,
        verbose_name=_("integration"),
        on_delete=models.CASCADE,
        related_name="constants",
    )
    app = models.CharField(verbose_name=_("app"), max_length=16, choices=App.choices)
    field = models.CharField(verbose_name=_("field"), max_length=200)
    value = models.CharField(verbose_name=_("value"), max_length=255)

    class Meta:
        verbose_name = _("constant")
        verbose_name_plural = _("constants")
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

    integration = models.ForeignKey(
        Integration, verbose_name=_("integration"), on_delete=models.CASCADE, related_name="links"
    )
    email = models.CharField(verbose_name=_("email"), max_length=320, db_index=True, blank=True)
    snovio_id = models.CharField(verbose_name=_("snovio id"), max_length=100, blank=True)
    pipedrive_id = models.BigIntegerField(verbose_name=_("pipedrive id"), null=True, blank=True)
    written_to_snovio = models.CharField(
        verbose_name=_("written to snovio"), max_length=64, blank=True
    )
    written_to_pipedrive = models.CharField(
        verbose_name=_("written to pipedrive"), max_length=64, blank=True
    )
    seen_in_snovio = models.CharField(verbose_name=_("seen in snovio"), max_length=64, blank=True)
    snovio_updated_at = models.DateTimeField(
        verbose_name=_("snovio updated at"), null=True, blank=True
    )
    pipedrive_updated_at = models.DateTimeField(
        verbose_name=_("pipedrive updated at"), null=True, blank=True
    )
    closed_at = models.DateTimeField(verbose_name=_("closed at"), null=True, blank=True)
    close_reason = models.CharField(verbose_name=_("close reason"), max_length=200, blank=True)
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(verbose_name=_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("record link")
        verbose_name_plural = _("record links")
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
        email = self.email or gettext("(no email)")
        return f"{email}: {self.snovio_id or '—'} ⇄ {self.pipedrive_id or '—'}"


class Outcome(models.TextChoices):
    CREATED = "created", pgettext_lazy("outcome of one record", "Created")
    UPDATED = "updated", pgettext_lazy("outcome of one record", "Updated")
    UNCHANGED = "unchanged", _("Already identical")
    ECHO = "echo", _("Our own change coming back")
    STALE = "stale", _("Older than what was applied")
    SKIPPED = "skipped", pgettext_lazy("outcome of one record", "Skipped")
    AMBIGUOUS = "ambiguous", _("Ambiguous match")
    FAILED = "failed", pgettext_lazy("outcome of one record", "Failed")
    UNLINKED = "unlinked", _("Unlinked")
    RELINKED = "relinked", _("Re-linked")


class SyncEntry(models.Model):
    """The outcome for one record, with a reason: the sync log (B1)."""

    integration = models.ForeignKey(
        Integration,
        verbose_name=_("integration"),
        on_delete=models.CASCADE,
        related_name="sync_entries",
    )
    created_at = models.DateTimeField(
        verbose_name=_("created at"), auto_now_add=True, db_index=True
    )
    receiver = models.CharField(verbose_name=_("receiver"), max_length=16, choices=App.choices)
    origin = models.CharField(
        verbose_name=_("origin"), max_length=32
    )  # realtime, poll, transfer, automation, retry
    outcome = models.CharField(verbose_name=_("outcome"), max_length=16, choices=Outcome.choices)
    reason_code = models.CharField(verbose_name=_("reason code"), max_length=64, blank=True)
    message = models.TextField(verbose_name=_("message"), blank=True)
    # The message as its msgid and values (syncengine.wording.Text.as_data), when the engine
    # wrote it so: the log says it in the reader's language. Empty: `message` as written.
    words = models.JSONField(verbose_name=_("words"), default=dict, blank=True)
    remote_error = models.TextField(verbose_name=_("remote error"), blank=True)
    email = models.CharField(verbose_name=_("email"), max_length=320, blank=True, db_index=True)
    snovio_id = models.CharField(verbose_name=_("snovio id"), max_length=100, blank=True)
    pipedrive_id = models.BigIntegerField(verbose_name=_("pipedrive id"), null=True, blank=True)
    changes = models.JSONField(verbose_name=_("changes"), default=dict, blank=True)
    # The records a person must choose between when several share the email (ambiguous):
    # [{"app": "pipedrive", "id": "29", "name": "Olivia Smith"}], named when the name was known.
    candidates = models.JSONField(verbose_name=_("candidates"), default=list, blank=True)
    event = models.ForeignKey(
        "syncengine.InboundEvent",
        verbose_name=_("event"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    retried_at = models.DateTimeField(verbose_name=_("retried at"), null=True, blank=True)

    class Meta:
        verbose_name = _("sync entry")
        verbose_name_plural = _("sync entries")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["integration", "outcome", "created_at"])]

    def __str__(self):
        return f"{self.get_outcome_display()} {self.email} ({self.reason_code})"


class EventState(models.TextChoices):
    PENDING = "pending", _("Waiting to be processed")
    RUNNING = "running", _("Processing")
    DONE = "done", pgettext_lazy("event state", "Done")
    IGNORED = "ignored", _("Ignored")
    WAITING = "waiting", _("Waiting (integration busy or rate limited)")
    FAILED = "failed", pgettext_lazy("event state", "Failed")


class InboundEvent(models.Model):
    """A webhook delivery or a polled change, stored before anything is done with it."""

    integration = models.ForeignKey(
        Integration, verbose_name=_("integration"), on_delete=models.CASCADE, related_name="events"
    )
    source = models.CharField(verbose_name=_("source"), max_length=32, choices=App.choices)
    kind = models.CharField(
        verbose_name=_("kind"), max_length=64
    )  # e.g. "person.change", "campaign_email.sent"
    idempotency_key = models.CharField(verbose_name=_("idempotency key"), max_length=200)
    payload = models.JSONField(verbose_name=_("payload"))
    state = models.CharField(
        verbose_name=_("state"),
        max_length=16,
        choices=EventState.choices,
        default=EventState.PENDING,
        db_index=True,
    )
    attempts = models.PositiveIntegerField(verbose_name=_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(
        verbose_name=_("next attempt at"), null=True, blank=True
    )
    last_error = models.TextField(verbose_name=_("last error"), blank=True)
    received_at = models.DateTimeField(verbose_name=_("received at"), auto_now_add=True)
    processed_at = models.DateTimeField(verbose_name=_("processed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("inbound event")
        verbose_name_plural = _("inbound events")
        constraints = [
            models.UniqueConstraint(
                fields=["integration", "source", "idempotency_key"], name="one_event_per_delivery"
            )
        ]
        indexes = [models.Index(fields=["state", "next_attempt_at"])]

    def __str__(self):
        return f"{self.source} {self.kind} ({self.state})"


class TransferDirection(models.TextChoices):
    TO_PIPEDRIVE = "to_pipedrive", _("Snov.io → Pipedrive")
    TO_SNOVIO = "to_snovio", _("Pipedrive → Snov.io")


class TransferState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    WAITING = "waiting", _("Waiting for the API budget")
    DONE = "done", _("Finished")
    CANCELLED = "cancelled", _("Cancelled")
    FAILED = "failed", pgettext_lazy("transfer state", "Failed")


ACTIVE_TRANSFER_STATES = (TransferState.QUEUED, TransferState.RUNNING, TransferState.WAITING)


class TransferPhase(models.TextChoices):
    READ = "read", _("Reading both apps")
    CLASSIFY = "classify", _("Comparing records")
    WRITE = "write", _("Writing changes")
    FINISHED = "finished", _("Finished")


class TransferJob(models.Model):
    """A manual transfer (R7) or its dry run (B2): progress and checkpoint live here.

    Work runs as short tasks (syncengine.transfer.runner), one page or batch each; `checkpoint`
    says where the next one starts, so a killed worker resumes without repeating writes."""

    integration = models.ForeignKey(
        Integration,
        verbose_name=_("integration"),
        on_delete=models.CASCADE,
        related_name="transfer_jobs",
    )
    direction = models.CharField(
        verbose_name=_("direction"), max_length=16, choices=TransferDirection.choices
    )
    source_app = models.CharField(verbose_name=_("source app"), max_length=16, choices=App.choices)
    dry_run = models.BooleanField(verbose_name=_("dry run"), default=False)
    state = models.CharField(
        verbose_name=_("state"),
        max_length=16,
        choices=TransferState.choices,
        default=TransferState.QUEUED,
    )
    phase = models.CharField(
        verbose_name=_("phase"),
        max_length=16,
        choices=TransferPhase.choices,
        default=TransferPhase.READ,
    )
    previous_status = models.CharField(
        verbose_name=_("previous status"), max_length=16, blank=True
    )
    checkpoint = models.JSONField(verbose_name=_("checkpoint"), default=dict, blank=True)
    organizations = models.JSONField(
        verbose_name=_("organizations"), default=dict, blank=True
    )  # Pipedrive org id → name
    counts = models.JSONField(verbose_name=_("counts"), default=dict, blank=True)
    samples = models.JSONField(verbose_name=_("samples"), default=dict, blank=True)
    total = models.PositiveIntegerField(verbose_name=_("total"), default=0)
    processed = models.PositiveIntegerField(verbose_name=_("processed"), default=0)
    pages_read = models.PositiveIntegerField(verbose_name=_("pages read"), default=0)
    phase_started_at = models.DateTimeField(
        verbose_name=_("phase started at"), null=True, blank=True
    )
    waiting_until = models.DateTimeField(verbose_name=_("waiting until"), null=True, blank=True)
    lease_until = models.DateTimeField(verbose_name=_("lease until"), null=True, blank=True)
    cancel_requested = models.BooleanField(verbose_name=_("cancel requested"), default=False)
    # Consecutive steps that raised an unexpected error outside any one record (B13).
    step_failures = models.PositiveSmallIntegerField(verbose_name=_("step failures"), default=0)
    error = models.TextField(verbose_name=_("error"), blank=True)
    # The error as its msgid and values (syncengine.wording.Text.as_data) when it is a
    # sentence of ours: the page says it in the reader's language. Empty: `error` as written.
    error_words = models.JSONField(verbose_name=_("error words"), default=dict, blank=True)
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(verbose_name=_("started at"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(verbose_name=_("heartbeat at"), null=True, blank=True)
    finished_at = models.DateTimeField(verbose_name=_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("transfer job")
        verbose_name_plural = _("transfer jobs")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["integration"],
                condition=models.Q(state__in=ACTIVE_TRANSFER_STATES),
                name="one_active_transfer_per_integration",
            )
        ]

    def __str__(self):
        if self.dry_run:
            text = gettext("Preview %(direction)s (%(state)s)")
        else:
            text = gettext("Transfer %(direction)s (%(state)s)")
        return text % {
            "direction": self.get_direction_display(),
            "state": self.get_state_display(),
        }

    @property
    def is_active(self) -> bool:
        return self.state in ACTIVE_TRANSFER_STATES

    @property
    def sender(self) -> str:
        return App.SNOVIO if self.direction == TransferDirection.TO_PIPEDRIVE else App.PIPEDRIVE

    @property
    def receiver(self) -> str:
        return App.PIPEDRIVE if self.sender == App.SNOVIO else App.SNOVIO


class ItemSide(models.TextChoices):
    SENDER = "sender", _("Sender")
    RECEIVER = "receiver", _("Receiver")


class ItemState(models.TextChoices):
    PENDING = "pending", _("Pending")
    WRITING = "writing", _("Being written")
    DONE = "done", pgettext_lazy("transfer item state", "Done")
    FAILED = "failed", pgettext_lazy("transfer item state", "Failed")


class TransferItem(models.Model):
    """One record read for a transfer, and (for the sender's) what the comparison decided."""

    job = models.ForeignKey(
        TransferJob, verbose_name=_("job"), on_delete=models.CASCADE, related_name="items"
    )
    side = models.CharField(verbose_name=_("side"), max_length=8, choices=ItemSide.choices)
    remote_id = models.CharField(verbose_name=_("remote id"), max_length=100)
    email = models.CharField(verbose_name=_("email"), max_length=320, blank=True)
    values = models.JSONField(verbose_name=_("values"), default=dict)
    in_scope = models.BooleanField(
        verbose_name=_("in scope"), default=True
    )  # Snov.io: in a list taking part
    kind = models.CharField(verbose_name=_("kind"), max_length=16, blank=True)
    reason = models.CharField(verbose_name=_("reason"), max_length=32, blank=True)
    target_id = models.CharField(verbose_name=_("target id"), max_length=100, blank=True)
    writes = models.JSONField(verbose_name=_("writes"), default=dict, blank=True)
    state = models.CharField(
        verbose_name=_("state"), max_length=8, choices=ItemState.choices, default=ItemState.PENDING
    )
    # Writes started for this record (B13): bounded, so one poison record never loops.
    attempts = models.PositiveSmallIntegerField(verbose_name=_("attempts"), default=0)
    # The last failure: a reason code, the error's class and message, the remote app's text.
    failure_code = models.CharField(verbose_name=_("failure code"), max_length=32, blank=True)
    failure = models.TextField(verbose_name=_("failure"), blank=True)
    failure_words = models.JSONField(verbose_name=_("failure words"), default=dict, blank=True)
    remote_error = models.TextField(verbose_name=_("remote error"), blank=True)

    class Meta:
        verbose_name = _("transfer item")
        verbose_name_plural = _("transfer items")
        constraints = [
            models.UniqueConstraint(
                fields=["job", "side", "remote_id"], name="one_transfer_item_per_record"
            )
        ]
        indexes = [models.Index(fields=["job", "side", "email"])]

    def __str__(self):
        return f"{self.side} {self.remote_id} {self.email} {self.kind}"


class SeenProspect(models.Model):
    """What polling last saw of a prospect on a list page that lacks mapped fields (Snov.io's
    documented page carries names and emails only): a fingerprint of what the page showed, so
    the prospect is read by id again only when its page changed, or when its turn comes to be
    re-read for changes the page cannot show (syncengine/polling.py)."""

    integration = models.ForeignKey(
        Integration, verbose_name=_("integration"), on_delete=models.CASCADE, related_name="+"
    )
    snovio_id = models.CharField(verbose_name=_("snovio id"), max_length=100)
    page_fingerprint = models.CharField(verbose_name=_("page fingerprint"), max_length=64)
    read_at = models.DateTimeField(verbose_name=_("read at"))

    class Meta:
        verbose_name = _("seen prospect")
        verbose_name_plural = _("seen prospects")
        constraints = [
            models.UniqueConstraint(
                fields=["integration", "snovio_id"], name="one_seen_prospect_per_id"
            )
        ]
        indexes = [models.Index(fields=["integration", "read_at"])]

    def __str__(self):
        return f"{self.snovio_id} read {self.read_at:%Y-%m-%d %H:%M}"
