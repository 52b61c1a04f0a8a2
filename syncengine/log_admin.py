"""Read-only admin for the sync log (B1): entries, inbound events and record links."""

import re

from django.contrib import admin
from django.db.models import TextField
from django.db.models.functions import Cast
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from syncengine.models import InboundEvent, RecordLink, SyncEntry

PAYLOAD_SHOWN_CHARACTERS = 20_000
INDENT_LEVELS = 32  # deeper levels are shown at this indentation, so the text stays small
_JSON_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[{}\[\],:]|[^\s{}\[\],:"]+')


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
    """The payload is shown as indented text made from the stored JSON without decoding it:
    rows stored before intake limited nesting may be too deep for anything that recurses."""

    list_display = ("received_at", "integration", "source", "kind", "state", "attempts")
    list_filter = ("state", "source", "kind")
    search_fields = ("=idempotency_key", "kind", "integration__owner__email", "id__exact")
    date_hierarchy = "received_at"
    exclude = ("payload",)
    readonly_fields = ("payload_shown",)

    def get_queryset(self, request):
        return super().get_queryset(request).defer("payload")

    @admin.display(description=gettext_lazy("Payload"))
    def payload_shown(self, event):
        return format_html('<pre class="payload">{}</pre>', payload_text(stored_text(event.pk)))


def stored_text(event_id: int) -> str:
    rows = InboundEvent.objects.filter(pk=event_id).annotate(text=Cast("payload", TextField()))
    return rows.values_list("text", flat=True).first() or ""


def payload_text(raw: str, *, limit: int = PAYLOAD_SHOWN_CHARACTERS) -> str:
    """JSON text indented for reading, token by token (no recursion), cut after `limit`."""
    pieces: list[str] = []
    size, depth, just_opened = 0, 0, False
    for match in _JSON_TOKEN.finditer(raw):
        token, first = match.group(), len(pieces)
        closing = token in ("]", "}")
        if closing:
            depth -= 1
        if just_opened != closing:  # a first item, or the end of a non-empty container
            pieces.append(_new_line(depth))
        pieces.append(": " if token == ":" else token)
        if token == ",":
            pieces.append(_new_line(depth))
        just_opened = token in ("[", "{")
        if just_opened:
            depth += 1
        size += sum(len(piece) for piece in pieces[first:])
        if size > limit:
            left = len(raw) - match.end()
            rest = _("… (about %(count)s characters not shown)") % {"count": f"{left:,}"}
            return "".join(pieces)[:limit] + "\n" + rest
    return "".join(pieces)


def _new_line(depth: int) -> str:
    return "\n" + "  " * min(depth, INDENT_LEVELS)


@admin.register(RecordLink)
class RecordLinkAdmin(ReadOnlyAdmin):
    list_display = ("email", "integration", "snovio_id", "pipedrive_id", "closed_at", "updated_at")
    list_filter = (("closed_at", admin.EmptyFieldListFilter),)
    search_fields = ("email", "=snovio_id", "pipedrive_id__exact", "integration__owner__email")
