"""What support staff can check: the emails sent to owners (and why one was not), each user's
email preferences, and the housekeeping tick's runs."""

from django.contrib import admin

from operations.models import Notification, NotificationPreference, TickRun


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(ReadOnly):
    list_display = (
        "id", "kind", "integration", "recipient", "state", "attempts", "created_at", "sent_at",
    )  # fmt: skip
    list_filter = ("kind", "state")
    search_fields = ("recipient__email", "integration__uuid")
    list_select_related = ("integration__owner", "recipient")


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ("user", "connection_failed", "transfer_failures", "daily_digest", "language")
    search_fields = ("user__email",)
    raw_id_fields = ("user",)


@admin.register(TickRun)
class TickRunAdmin(ReadOnly):
    list_display = ("started_at", "finished_at", "counts")
