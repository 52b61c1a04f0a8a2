"""What support staff can check: the emails sent to owners (and why one was not), each user's
email preferences, and the housekeeping tick's runs."""

from django.contrib import admin
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

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
    exclude = ("last_error",)
    readonly_fields = ("why_not_sent",)

    @admin.display(description=_("last error"))
    def why_not_sent(self, obj):
        """Our reasons are stored in English and said in the reader's language; a mail
        server's words are shown as they are."""
        return gettext(obj.last_error) if obj.last_error else ""


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ("user", "connection_failed", "transfer_failures", "daily_digest", "language")
    search_fields = ("user__email",)
    raw_id_fields = ("user",)


@admin.register(TickRun)
class TickRunAdmin(ReadOnly):
    list_display = ("started_at", "finished_at", "counts")
