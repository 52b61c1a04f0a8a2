from django.conf import settings
from django.db import models
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _


class TickRun(models.Model):
    """One run of the housekeeping tick (syncengine.scheduler.tick): when it ran and what it
    did. Health checks read the latest; the tick prunes rows older than a day."""

    started_at = models.DateTimeField(_("started at"), db_index=True)
    finished_at = models.DateTimeField(_("finished at"))
    counts = models.JSONField(_("counts"), default=dict, blank=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("tick run")
        verbose_name_plural = _("tick runs")

    def __str__(self) -> str:
        return gettext("tick at %(when)s") % {"when": f"{self.started_at:%Y-%m-%d %H:%M:%S}"}


class NotificationKind(models.TextChoices):
    """What an owner can hear about; each can be unsubscribed on its own."""

    CONNECTION_FAILED = "connection_failed", _("The sync stopped: connection failed")
    TRANSFER_FAILURES = "transfer_failures", _("A transfer finished with failed records")
    DAILY_DIGEST = "daily_digest", _("Daily digest of failed and parked records")


class NotificationPreference(models.Model):
    """A user's choices: one switch per kind (the field is named after the kind), and the
    language emails are written in."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preference",
        verbose_name=_("user"),
    )
    connection_failed = models.BooleanField(_("when the sync stops"), default=True)
    transfer_failures = models.BooleanField(
        _("when a transfer finishes with failed records"), default=True
    )
    daily_digest = models.BooleanField(
        _("a daily digest of failed and parked records"), default=True
    )
    language = models.CharField(_("language"), max_length=16, default="en")
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("email preference")
        verbose_name_plural = _("email preferences")

    def __str__(self) -> str:
        return gettext("Email preferences of %(user)s") % {"user": self.user}

    def wants(self, kind: str) -> bool:
        return bool(getattr(self, NotificationKind(kind).value))


class NotificationState(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENT = "sent", _("Sent")
    SKIPPED = "skipped", _("Not sent")
    FAILED = "failed", pgettext_lazy("notification state", "Failed")


class Notification(models.Model):
    """One email to send, recorded with what caused it (in the same transaction) and sent by a
    task. `key` names the occurrence (a status transition, a transfer run, a digest day): one
    row per occurrence, so the same occurrence is never emailed twice."""

    kind = models.CharField(_("kind"), max_length=32, choices=NotificationKind.choices)
    key = models.CharField(_("key"), max_length=100)
    integration = models.ForeignKey(
        "integrations.Integration",
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("integration"),
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, verbose_name=_("recipient")
    )
    # What the email says, as it was when it happened (the cause, the counts…).
    context = models.JSONField(_("context"), default=dict, blank=True)
    state = models.CharField(
        _("state"),
        max_length=16,
        choices=NotificationState.choices,
        default=NotificationState.PENDING,
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # Pending: when it may be tried (again); a sending task holds it until then.
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    # Why it was not sent: our reasons are stored in English (translated where shown), a
    # mail server's words as they are.
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "key"], name="one_notification_per_occurrence")
        ]
        indexes = [models.Index(fields=["state", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_state_display()})"


class DigestRun(models.Model):
    """The daily digests were queued for this day (UTC): the tick queues them once a day."""

    day = models.DateField(unique=True)
    queued_at = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-day"]
        verbose_name = _("digest run")
        verbose_name_plural = _("digest runs")

    def __str__(self) -> str:
        return gettext("digests of %(day)s") % {"day": self.day}


class MetricCounter(models.Model):
    """A Prometheus counter shared by every process on every machine (operations.metrics):
    never pruned, so it only goes up. `labels` is the canonical JSON of its label pairs."""

    name = models.CharField(max_length=64)
    labels = models.CharField(max_length=255)
    value = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("metric counter")
        verbose_name_plural = _("metric counters")
        constraints = [
            models.UniqueConstraint(fields=["name", "labels"], name="one_row_per_metric_series")
        ]

    def __str__(self) -> str:
        return f"{self.name}{self.labels} = {self.value}"
