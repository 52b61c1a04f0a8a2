"""Admin for transfers: watch them, cancel, resume or retry them, replay an integration's
events."""

from django.contrib import admin, messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from syncengine.models import EventState, TransferJob
from syncengine.transfer.services import (
    TransferRefused,
    cancel_transfer,
    resume_transfer,
    retry_failed_items,
)
from syncengine.transfer.support import replay_events


@admin.register(TransferJob)
class TransferJobAdmin(admin.ModelAdmin):
    list_display = (
        "id", "integration", "direction", "source_app", "dry_run", "state", "phase",
        "processed", "total", "pages_read", "created_at", "finished_at",
    )  # fmt: skip
    list_filter = ("state", "direction", "dry_run")
    actions = ("cancel_jobs", "resume_jobs", "retry_failed", "replay_events_of_integrations")
    readonly_fields = [f.name for f in TransferJob._meta.fields]

    def has_add_permission(self, request):
        return False  # a transfer starts from the page or `manage.py resync`

    @admin.action(description=gettext_lazy("Cancel the selected transfers"))
    def cancel_jobs(self, request, queryset):
        for job in queryset:
            cancel_transfer(job=job)
        count = queryset.count()
        text = ngettext(
            "Cancel requested for %(count)s transfer.",
            "Cancel requested for %(count)s transfers.",
            count,
        )
        self.message_user(request, text % {"count": count})

    @admin.action(
        description=gettext_lazy("Resume the selected transfers (enqueue their next step)")
    )
    def resume_jobs(self, request, queryset):
        resumed = sum(resume_transfer(job=job) for job in queryset)
        text = ngettext("%(count)s transfer resumed.", "%(count)s transfers resumed.", resumed)
        self.message_user(request, text % {"count": resumed}, messages.SUCCESS)

    @admin.action(description=gettext_lazy("Retry failed items of the selected transfers"))
    def retry_failed(self, request, queryset):
        for job in queryset:
            try:
                count = retry_failed_items(job=job)
            except TransferRefused as exc:
                self.message_user(request, f"{job}: {exc}", messages.WARNING)
            else:
                text = _("%(job)s: retrying %(count)s failed item(s).")
                self.message_user(request, text % {"job": job, "count": count})

    @admin.action(
        description=gettext_lazy("Replay failed or waiting events of these integrations")
    )
    def replay_events_of_integrations(self, request, queryset):
        states = (EventState.FAILED, EventState.WAITING)
        integrations = {job.integration for job in queryset}
        count = sum(replay_events(integration=i, states=states) for i in integrations)
        text = ngettext("%(count)s event replayed.", "%(count)s events replayed.", count)
        self.message_user(request, text % {"count": count})
