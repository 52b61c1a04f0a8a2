"""Manual transfers (R7) and their dry runs (B2): the job and its items."""

from django.db import models
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from integrations.models import Integration

from .settings import App


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
