"""What support staff see and do on the integration list: health at a glance, the filters
"failing", "stalled" and "legacy token", and actions on the selected integrations. Every action
calls the service the pages use and is written to the admin's history with who did it."""

from django.contrib import admin, messages
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from config import lanes
from integrations import lifecycle
from operations import integration_health as health
from syncengine.models import App, EventState, TransferDirection, TransferState
from syncengine.retry import retry_failed
from syncengine.transfer.services import TransferRefused, sender_of, start_transfer
from syncengine.transfer.support import replay_events


class HealthFilter(admin.SimpleListFilter):
    title = gettext_lazy("health")
    parameter_name = "health"

    def lookups(self, request, model_admin):
        return [
            ("failing", _("Failing (connection failed, or records failed in 24 h)")),
            ("stalled", _("Stalled (events wait, nothing processed for an hour)")),
            ("legacy", _("Legacy API token")),
        ]

    def queryset(self, request, queryset):
        now = timezone.now()
        conditions = {
            "failing": lambda: health.failing(now=now),
            "stalled": lambda: health.stalled(now=now),
            "legacy": health.legacy_token,
        }
        if self.value() in conditions:
            return queryset.filter(conditions[self.value()]())
        return queryset


class HealthColumns(admin.ModelAdmin):
    """Columns reading what operations.integration_health annotated."""

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        queryset = queryset.select_related("owner", "snovio_connection", "pipedrive_connection")
        return health.with_health(queryset, now=timezone.now())

    @admin.display(description=gettext_lazy("Status and reason"), ordering="status")
    def status_and_reason(self, obj):
        reason = obj.status_message
        if not reason:
            return obj.get_status_display()
        return format_html("{}<br><small>{}</small>", obj.get_status_display(), reason)

    @admin.display(description=gettext_lazy("Last successful sync"), ordering="last_success_at")
    def last_success(self, obj):
        return obj.last_success_at or "—"

    @admin.display(description=gettext_lazy("Failed in 24 h"), ordering="failed_24h")
    def failed_in_24h(self, obj):
        return obj.failed_24h

    @admin.display(description=gettext_lazy("Waiting events"), ordering="waiting_events")
    def waiting(self, obj):
        return obj.waiting_events

    @admin.display(description=gettext_lazy("Rate limits"))
    def rate_limits(self, obj):
        return health.rate_limit_state(obj, now=timezone.now())

    @admin.display(description=gettext_lazy("Running transfer"))
    def running_transfer(self, obj):
        known = obj.transfer_state in TransferState.values
        return TransferState(obj.transfer_state).label if known else obj.transfer_state or "—"


class SupportActions(admin.ModelAdmin):
    actions = (
        "pause",
        "resume",
        "refresh_schema",
        "retry_failed_records",
        "replay_parked_events",
        "preview_to_pipedrive",
        "preview_to_snovio",
    )

    def record(self, request, integration, message: str) -> None:
        """The admin's history (LogEntry), with the staff member who acted."""
        self.log_change(request, integration, message)

    @admin.action(description=gettext_lazy("Pause the selected integrations"))
    def pause(self, request, queryset):
        for integration in queryset:
            lifecycle.pause_integration(integration=integration)
            status = integration.get_status_display()
            self.record(request, integration, _("Paused: now %(status)s.") % {"status": status})
        count = len(queryset)
        text = ngettext("%(count)s integration paused.", "%(count)s integrations paused.", count)
        self.message_user(request, text % {"count": count})

    @admin.action(description=gettext_lazy("Resume the selected integrations"))
    def resume(self, request, queryset):
        for integration in queryset:
            problems = lifecycle.resume_integration(integration=integration)
            self.record(request, integration, resumed_record(len(problems)))
            level = messages.WARNING if problems else messages.SUCCESS
            self.message_user(request, resume_text(integration, len(problems)), level)

    @admin.action(
        description=gettext_lazy("Refresh the schema (fields, lists, pipelines) in the background")
    )
    def refresh_schema(self, request, queryset):
        for integration in queryset:
            lanes.enqueue_on_commit(lanes.REFRESH_SCHEMA, integration.pk)
            self.record(request, integration, _("Schema refresh queued."))
        count = len(queryset)
        text = ngettext(
            "Refresh queued for %(count)s integration.",
            "Refresh queued for %(count)s integrations.",
            count,
        )
        self.message_user(request, text % {"count": count})

    @admin.action(description=gettext_lazy("Retry failed records"))
    def retry_failed_records(self, request, queryset):
        for integration in queryset:
            queued = retry_failed(integration=integration)
            text = _("Retried failed records: %(count)s queued.")
            self.record(request, integration, text % {"count": queued})
            text = ngettext(
                "%(integration)s: %(count)s record queued for retry.",
                "%(integration)s: %(count)s records queued for retry.",
                queued,
            )
            self.message_user(request, text % {"integration": integration, "count": queued})

    @admin.action(description=gettext_lazy("Replay parked (waiting) events"))
    def replay_parked_events(self, request, queryset):
        for integration in queryset:
            count = replay_events(integration=integration, states=(EventState.WAITING,))
            text = _("Replayed parked events: %(count)s.")
            self.record(request, integration, text % {"count": count})
            text = ngettext(
                "%(integration)s: %(count)s event replayed.",
                "%(integration)s: %(count)s events replayed.",
                count,
            )
            self.message_user(request, text % {"integration": integration, "count": count})

    @admin.action(description=gettext_lazy("Start a transfer preview: Snov.io → Pipedrive"))
    def preview_to_pipedrive(self, request, queryset):
        self.preview(request, queryset, TransferDirection.TO_PIPEDRIVE)

    @admin.action(description=gettext_lazy("Start a transfer preview: Pipedrive → Snov.io"))
    def preview_to_snovio(self, request, queryset):
        self.preview(request, queryset, TransferDirection.TO_SNOVIO)

    def preview(self, request, queryset, direction: str) -> None:
        """A dry run (writes nothing); the sending app's values win its conflicts."""
        for integration in queryset:
            source = sender_of(direction)
            try:
                job = start_transfer(
                    integration=integration, direction=direction, source=source, dry_run=True
                )
            except TransferRefused as exc:
                refused = _("%(integration)s: %(reason)s") % {
                    "integration": integration,
                    "reason": exc,
                }
                self.message_user(request, refused, messages.WARNING)
                continue
            label = TransferDirection(direction).label
            winner = App(source).label
            text = _("Transfer preview %(job)s started: %(direction)s.")
            self.record(request, integration, text % {"job": job.pk, "direction": label})
            text = _("%(integration)s: preview %(job)s started (%(winner)s wins).")
            values = {"integration": integration, "job": job.pk, "winner": winner}
            self.message_user(request, text % values)


def resumed_record(problems: int) -> str:
    """The admin's history line of a Resume."""
    if not problems:
        return _("Resumed: Active.")
    text = ngettext(
        "Resumed: %(count)s settings problem.", "Resumed: %(count)s settings problems.", problems
    )
    return text % {"count": problems}


def resume_text(integration, problems: int) -> str:
    if not problems:
        return _("%(integration)s: Active.") % {"integration": integration}
    text = ngettext(
        "%(integration)s: %(count)s settings problem.",
        "%(integration)s: %(count)s settings problems.",
        problems,
    )
    return text % {"integration": integration, "count": problems}
