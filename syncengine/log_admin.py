"""Read-only admin for the sync log (B1): entries, inbound events and record links."""

from django.contrib import admin

from syncengine.models import InboundEvent, RecordLink, SyncEntry


class ReadOnlyAdmin(admin.ModelAdmin):
    """Staff look, search and filter; the sync engine alone writes these rows."""

    list_select_related = ("integration__owner",)
    list_per_page = 50

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SyncEntry)
class SyncEntryAdmin(ReadOnlyAdmin):
    list_display = (
        "created_at",
        "integration",
        "receiver",
        "origin",
        "outcome",
        "reason_code",
        "email",
        "snovio_id",
        "pipedrive_id",
        "retried_at",
    )
    list_filter = ("outcome", "receiver", "origin", "reason_code")
    search_fields = (
        "email",
        "=snovio_id",
        "pipedrive_id__exact",
        "integration__owner__email",
        "=integration__uuid",
    )
    date_hierarchy = "created_at"


@admin.register(InboundEvent)
class InboundEventAdmin(ReadOnlyAdmin):
    list_display = ("received_at", "integration", "source", "kind", "state", "attempts")
    list_filter = ("state", "source", "kind")
    search_fields = ("=idempotency_key", "kind", "integration__owner__email", "id__exact")
    date_hierarchy = "received_at"


@admin.register(RecordLink)
class RecordLinkAdmin(ReadOnlyAdmin):
    list_display = ("email", "integration", "snovio_id", "pipedrive_id", "closed_at", "updated_at")
    list_filter = (("closed_at", admin.EmptyFieldListFilter),)
    search_fields = ("email", "=snovio_id", "pipedrive_id__exact", "integration__owner__email")
