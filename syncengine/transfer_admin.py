"""Admin for transfers: watch them, cancel, resume or retry them, replay an integration's
events."""

from django.contrib import admin, messages

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
    list_display = ("id", "integration", "direction", "source_app", "dry_run", "state", "phase")
    list_display += ("processed", "total", "pages_read", "created_at", "finished_at")
    list_filter = ("state", "direction", "dry_run")
    actions = ("cancel_jobs", "resume_jobs", "retry_failed", "replay_events_of_integrations")
    readonly_fields = [f.name for f in TransferJob._meta.fields]

    def has_add_permission(self, request):
        return False  # a transfer starts from the page or `manage.py resync`

    @admin.action(description="Cancel the selected transfers")
    def cancel_jobs(self, request, queryset):
        for job in queryset:
            cancel_transfer(job=job)
        self.message_user(request, f"Cancel requested for {queryset.count()} transfer(s).")

    @admin.action(description="Resume the selected transfers (enqueue their next step)")
    def resume_jobs(self, request, queryset):
        resumed = sum(resume_transfer(job=job) for job in queryset)
        self.message_user(request, f"{resumed} transfer(s) resumed.", messages.SUCCESS)

    @admin.action(description="Retry failed items of the selected transfers")
    def retry_failed(self, request, queryset):
        for job in queryset:
            try:
                count = retry_failed_items(job=job)
            except TransferRefused as exc:
                self.message_user(request, f"{job}: {exc}", messages.WARNING)
            else:
                self.message_user(request, f"{job}: retrying {count} failed item(s).")

    @admin.action(description="Replay failed or waiting events of these integrations")
    def replay_events_of_integrations(self, request, queryset):
        states = (EventState.FAILED, EventState.WAITING)
        integrations = {job.integration for job in queryset}
        count = sum(replay_events(integration=i, states=states) for i in integrations)
        self.message_user(request, f"{count} event(s) replayed.")
