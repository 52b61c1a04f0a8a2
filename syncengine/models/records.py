"""What the engine knows of records: links between the two apps' records, the sync log,
the inbound events, and what polling last saw."""

from django.db import models
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from integrations.models import Integration

from .settings import App


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

    # Every index is paid by every delivery (intake's INSERT): `integration` is looked up
    # through one_event_per_delivery (it leads), `state` through the (state, next_attempt_at)
    # index, so neither has one of its own (docs/benchmarks.md).
    integration = models.ForeignKey(
        Integration,
        verbose_name=_("integration"),
        on_delete=models.CASCADE,
        related_name="events",
        db_index=False,
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


class DrainLease(models.Model):
    """The realtime lane's bell for one integration is out until `until`: a drain for it is
    queued or running (syncengine/realtime/drain.py). The row stays when the bell comes back
    (`until` is set to the past), so taking the lease again is one UPDATE."""

    integration = models.OneToOneField(
        Integration,
        verbose_name=_("integration"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    until = models.DateTimeField(verbose_name=_("until"))

    class Meta:
        verbose_name = _("drain lease")
        verbose_name_plural = _("drain leases")

    def __str__(self):
        return f"drain lease of integration {self.integration_id} until {self.until}"
