import datetime as dt
import hashlib
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from integrations.crypto import EncryptedTextField


class Status(models.TextChoices):
    SETUP = "setup", _("Not connected")
    PAUSED = "paused", _("Paused")
    ACTIVE = "active", _("Active")
    SYNCING = "syncing", _("Syncing")
    FAILED = "failed", _("Connection failed")


class Direction(models.TextChoices):
    BOTH = "both", _("Both ways")
    TO_PIPEDRIVE = "to_pipedrive", _("Only to Pipedrive (Snov.io → Pipedrive)")
    TO_SNOVIO = "to_snovio", _("Only to Snov.io (Pipedrive → Snov.io)")


class StatusCause(models.TextChoices):
    """Why the status is what it is, as data: behaviour reads this, never the sentence shown
    (`Integration.status_message` builds that from the cause and the detail)."""

    NONE = "", _("—")
    LEGACY_TOKEN = "legacy_token", _("Old API-token connection")
    SETTINGS_PROBLEM = "settings_problem", _("Settings need attention")
    PIPEDRIVE_AUTH_LOST = "pipedrive_auth_lost", _("Pipedrive authorisation lost")
    PIPEDRIVE_UNPAID = "pipedrive_unpaid", _("Pipedrive account not paid")
    PIPEDRIVE_FORBIDDEN = "pipedrive_forbidden", _("Pipedrive refused access")
    SNOVIO_ACCESS_LOST = "snovio_access_lost", _("Snov.io refused access")
    SNOVIO_DISCONNECTED = "snovio_disconnected", _("Snov.io disconnected")
    PIPEDRIVE_DISCONNECTED = "pipedrive_disconnected", _("Pipedrive disconnected")
    APP_UNINSTALLED = "app_uninstalled", _("App removed from Pipedrive")
    OTHER = "other", _("Other")


# Said in the reader's language when shown (`Integration.status_message`); %(detail)s is what
# the remote app said.
STATUS_MESSAGES = {
    StatusCause.LEGACY_TOKEN: _(
        "This Pipedrive connection uses the old method (a personal API token). Real-time sync "
        "stays paused until you reconnect with Pipedrive's secure sign-in (OAuth)."
    ),
    StatusCause.SETTINGS_PROBLEM: _("Some settings need attention: they are marked in red below."),
    StatusCause.PIPEDRIVE_AUTH_LOST: _(
        "Pipedrive no longer accepts this connection (%(detail)s). Reconnect to authorise again."
    ),
    StatusCause.PIPEDRIVE_UNPAID: _(
        "Pipedrive refused access: the company account is not paid up (%(detail)s)."
    ),
    StatusCause.PIPEDRIVE_FORBIDDEN: _("Pipedrive refused access: %(detail)s."),
    StatusCause.SNOVIO_ACCESS_LOST: _(
        "Snov.io refused access (%(detail)s). Check the API credentials."
    ),
    StatusCause.SNOVIO_DISCONNECTED: _("Snov.io is disconnected."),
    StatusCause.PIPEDRIVE_DISCONNECTED: _("Pipedrive is disconnected."),
    StatusCause.APP_UNINSTALLED: _(
        "The app was removed from Pipedrive. Reconnect to authorise it again."
    ),
    StatusCause.OTHER: "%(detail)s",
}


class TransferOffer(models.TextChoices):
    PENDING = "pending", _("Offered after launch")
    ACCEPTED = "accepted", _("Accepted")
    SKIPPED = "skipped", _("Not now")


class Integration(models.Model):
    """The one Snov.io ⇄ Pipedrive integration an account owns."""

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="integration",
        verbose_name=_("owner"),
    )
    uuid = models.UUIDField(_("uuid"), default=uuid.uuid4, unique=True, editable=False)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.SETUP
    )
    status_cause = models.CharField(
        _("status cause"),
        max_length=32,
        choices=StatusCause.choices,
        blank=True,
        default=StatusCause.NONE,
    )
    # What the remote app said, when it said something (shown inside the status message).
    status_detail = models.TextField(_("status detail"), blank=True)
    direction = models.CharField(
        _("direction"), max_length=16, choices=Direction.choices, default=Direction.BOTH
    )
    # Data exchange (R3). Remote ids are kept as text: Snov.io list ids are strings or numbers.
    target_list_id = models.CharField(_("target list id"), max_length=64, blank=True)
    owner_user_id = models.BigIntegerField(_("owner user id"), null=True, blank=True)
    all_lists = models.BooleanField(_("all lists"), default=True)
    source_list_ids = models.JSONField(_("source list ids"), default=list, blank=True)
    include_email_history = models.BooleanField(_("include email history"), default=False)
    only_with_email = models.BooleanField(_("only with email"), default=True)
    # Bumped on every settings save after launch: real-time sync restarts from it (R6.3).
    settings_version = models.PositiveIntegerField(_("settings version"), default=0)
    launched_at = models.DateTimeField(_("launched at"), null=True, blank=True)
    transfer_offer = models.CharField(
        _("transfer offer"), max_length=16, choices=TransferOffer.choices, blank=True
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("integration")
        verbose_name_plural = _("integrations")

    def __str__(self):
        return gettext("Integration %(id)s (%(owner)s)") % {"id": self.pk, "owner": self.owner}

    @property
    def snovio(self):
        return getattr(self, "snovio_connection", None)

    @property
    def pipedrive(self):
        return getattr(self, "pipedrive_connection", None)

    @property
    def is_launched(self) -> bool:
        return self.launched_at is not None

    @property
    def status_message(self) -> str:
        """The sentence shown beside the status, in the active language; empty when there is
        nothing to explain."""
        template = STATUS_MESSAGES.get(StatusCause(self.status_cause))
        if template is None:
            return ""
        # Our own fallback words (the clients') are said in the reader's language; a remote
        # app's words stay as they are (gettext leaves a text it does not know untouched).
        detail = self.status_detail.strip().rstrip(".")
        return str(template) % {"detail": gettext(detail) if detail else gettext("no details")}

    @property
    def needs_reconnect(self) -> bool:
        pd = self.pipedrive
        return pd is not None and (pd.auth_method == AuthMethod.API_TOKEN or pd.is_broken)


class ConnectionFailure(models.Model):
    """The integration went to Connection failed: one row per transition, written with the
    status change (integrations.status). The owner is emailed about each row once."""

    integration = models.ForeignKey(
        Integration, on_delete=models.CASCADE, related_name="connection_failures"
    )
    cause = models.CharField(max_length=32, choices=StatusCause.choices, blank=True)
    detail = models.TextField(blank=True)
    failed_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-failed_at", "-id"]
        verbose_name = _("connection failure")
        verbose_name_plural = _("connection failures")

    def __str__(self):
        text = gettext("Connection failed at %(when)s (%(cause)s)")
        return text % {"when": f"{self.failed_at:%Y-%m-%d %H:%M}", "cause": self.cause}


class SnovioConnection(models.Model):
    integration = models.OneToOneField(
        Integration, on_delete=models.CASCADE, related_name="snovio_connection"
    )
    client_id = EncryptedTextField()
    client_secret = EncryptedTextField()
    access_token = EncryptedTextField(blank=True, default="")
    token_expires_at = models.DateTimeField(_("token expires at"), null=True, blank=True)
    connected_at = models.DateTimeField(_("connected at"), default=timezone.now)

    class Meta:
        verbose_name = _("Snov.io connection")
        verbose_name_plural = _("Snov.io connections")

    def __str__(self):
        text = gettext("Snov.io connection of integration %(id)s")
        return text % {"id": self.integration_id}


class AuthMethod(models.TextChoices):
    OAUTH = "oauth", _("OAuth 2.0")
    API_TOKEN = "api_token", _("API token (old method)")


class PipedriveConnection(models.Model):
    integration = models.OneToOneField(
        Integration, on_delete=models.CASCADE, related_name="pipedrive_connection"
    )
    auth_method = models.CharField(_("auth method"), max_length=16, choices=AuthMethod.choices)
    access_token = EncryptedTextField(blank=True, default="")
    refresh_token = EncryptedTextField(blank=True, default="")
    api_token = EncryptedTextField(blank=True, default="")
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    scope = models.TextField(_("scope"), blank=True)
    api_domain = models.URLField(_("api domain"), max_length=300)
    company_id = models.BigIntegerField(_("company id"), null=True, blank=True)
    company_name = models.CharField(_("company name"), max_length=200, blank=True)
    company_domain = models.CharField(_("company domain"), max_length=200, blank=True)
    user_id = models.BigIntegerField(_("user id"), null=True, blank=True)
    user_name = models.CharField(_("user name"), max_length=200, blank=True)
    is_broken = models.BooleanField(_("is broken"), default=False)
    connected_at = models.DateTimeField(_("connected at"), default=timezone.now)

    class Meta:
        verbose_name = _("Pipedrive connection")
        verbose_name_plural = _("Pipedrive connections")

    def __str__(self):
        text = gettext("Pipedrive connection of integration %(id)s")
        return text % {"id": self.integration_id}

    def access_token_expires_within(self, seconds: int) -> bool:
        if self.expires_at is None:
            return True
        return (self.expires_at - timezone.now()).total_seconds() < seconds


class RefreshState(models.TextChoices):
    """Where the background load of lists, fields, pipelines and users stands."""

    IDLE = "", _("Not loading")
    PENDING = "pending", _("Waiting to load")
    RUNNING = "running", _("Loading")
    FAILED = "failed", _("Loading failed")


class RemoteSchema(models.Model):
    """What Refresh last read from both apps: lists, fields, pipelines, stages, users (R6.4).

    `data` is the JSON form of syncengine.schema.Schema. Refresh runs in the background
    (integrations.tasks): `refresh_state` says whether a load is waiting, running or failed."""

    # A load waiting or running longer than this was lost (a stopped worker, a lost message):
    # the page stops waiting for it and offers Refresh again.
    LOAD_GIVEN_UP_AFTER = dt.timedelta(minutes=10)

    integration = models.OneToOneField(
        Integration, on_delete=models.CASCADE, related_name="remote_schema"
    )
    data = models.JSONField(default=dict)
    refreshed_at = models.DateTimeField(null=True, blank=True)
    refresh_state = models.CharField(
        max_length=16, choices=RefreshState.choices, blank=True, default=RefreshState.IDLE
    )
    refresh_error = models.TextField(blank=True)
    refresh_state_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("remote schema")
        verbose_name_plural = _("remote schemas")

    def __str__(self):
        return gettext("Remote schema of integration %(id)s") % {"id": self.integration_id}

    @classmethod
    def mark_refresh(cls, integration: Integration, state: str, error: str = "") -> None:
        cls.objects.update_or_create(
            integration=integration,
            defaults={
                "refresh_state": state,
                "refresh_error": error,
                "refresh_state_at": timezone.now(),
            },
        )

    def is_loading(self, now: dt.datetime) -> bool:
        """A load is waiting or running, and recently enough to be still on its way."""
        if self.refresh_state not in (RefreshState.PENDING, RefreshState.RUNNING):
            return False
        started = self.refresh_state_at or now
        return now - started < self.LOAD_GIVEN_UP_AFTER


class RateBudget(models.Model):
    """What a remote account has left, shared by every process through the database."""

    key = models.CharField(_("key"), max_length=200, unique=True)
    # epoch seconds, sliding window limiters
    recent_calls = models.JSONField(_("recent calls"), default=list)
    burst_blocked_until = models.DateTimeField(_("burst blocked until"), null=True, blank=True)
    daily_limit = models.IntegerField(_("daily limit"), null=True, blank=True)
    daily_remaining = models.IntegerField(_("daily remaining"), null=True, blank=True)
    daily_reset_at = models.DateTimeField(_("daily reset at"), null=True, blank=True)
    calls_total = models.BigIntegerField(_("calls total"), default=0)
    throttled_total = models.BigIntegerField(_("throttled total"), default=0)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("rate budget")
        verbose_name_plural = _("rate budgets")

    def __str__(self):
        return self.key


def new_secret() -> str:
    return secrets.token_urlsafe(32)


class RealtimeState(models.Model):
    """Webhook secrets, the webhooks we registered, and polling progress of one integration.

    A row of its own, always written with `update()`: a settings form saving a stale
    Integration can then never erase a secret or move a watermark back."""

    integration = models.OneToOneField(
        Integration, on_delete=models.CASCADE, related_name="realtime"
    )
    # Pipedrive signs nothing: it sends these as HTTP Basic auth on every delivery.
    pipedrive_auth_user = models.CharField(max_length=64, blank=True)
    pipedrive_auth_password = EncryptedTextField(blank=True, default="")
    # What a delivery's credentials are checked against, in the statement that stores it
    # (pipedrive_auth_hash): the password stays encrypted for registering the webhooks.
    pipedrive_auth_hash = models.CharField(max_length=64, blank=True, default="", editable=False)
    # Snov.io signs nothing either: the secret is part of the URL and identifies us. It is kept
    # encrypted (to register and show the URL) and found by its hash (snovio_token_hash).
    snovio_token = EncryptedTextField(null=True, blank=True)
    snovio_token_hash = models.CharField(
        max_length=64, unique=True, null=True, blank=True, editable=False
    )
    pipedrive_webhook_ids = models.JSONField(default=list, blank=True)
    snovio_webhook_ids = models.JSONField(default=list, blank=True)
    webhooks_checked_at = models.DateTimeField(null=True, blank=True)
    # Polling (B8, and Snov.io's missing edit webhooks): driven by one global tick.
    next_poll_at = models.DateTimeField(null=True, blank=True, db_index=True)
    pipedrive_watermark = models.DateTimeField(null=True, blank=True)
    snovio_cursor = models.JSONField(default=dict, blank=True)  # {"list_id": …, "page": …}
    polled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("real-time state")
        verbose_name_plural = _("real-time states")

    def __str__(self):
        return gettext("Real-time state of integration %(id)s") % {"id": self.integration_id}

    @property
    def has_webhooks(self) -> bool:
        return bool(self.pipedrive_webhook_ids or self.snovio_webhook_ids)


def pipedrive_auth_hash(user: bytes, password: bytes) -> str:
    """What Pipedrive's HTTP Basic credentials are checked by. A plain SHA-256, as for the
    Snov.io token: the password is 256 random bits (new_secret), and a user name holds no
    colon, so `user:password` is unambiguous."""
    return hashlib.sha256(user + b":" + password).hexdigest()


def snovio_token_hash(token: str) -> str:
    """What a Snov.io webhook token is looked up by. A plain SHA-256 is enough: the token is
    256 random bits (new_secret), so the hash cannot be reversed or guessed, and a key (e.g.
    from SECRET_KEY) would only make rotating SECRET_KEY break every registered webhook URL."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()
