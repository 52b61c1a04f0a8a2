"""The sync log page (B1) and its Retry buttons (B12)."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from integrations.access import get_integration_for
from syncengine import log_queries as q
from syncengine import retry
from syncengine.field_names import field_names
from syncengine.log_sentences import explain, origin_label, written
from syncengine.models import App, Outcome, SyncEntry

PAGE_SIZE = 50


class LogFilterForm(forms.Form):
    """Only renders the controls; the values are checked by log_queries.parse_filters."""

    outcome = forms.ChoiceField(label=_("Outcome"), required=False)
    receiver = forms.ChoiceField(label=_("App"), required=False)
    origin = forms.ChoiceField(label=_("Origin"), required=False)
    email = forms.CharField(label=_("Email"), required=False)

    def __init__(self, *args, origins=(), **kwargs):
        super().__init__(*args, **kwargs)
        anything = [("", _("Any"))]
        self.fields["outcome"].choices = anything + Outcome.choices
        self.fields["receiver"].choices = anything + App.choices
        self.fields["origin"].choices = anything + [(o, origin_label(o)) for o in origins]
        self.fields["email"].widget.attrs.update(type="search", autocomplete="off")


@require_GET
def log(request, uuid):
    integration = get_integration_for(request, uuid)
    filters = q.parse_filters(request.GET, integration)
    entries = q.log_entries(integration, filters)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    form = LogFilterForm(initial=filters.active, origins=q.origin_choices(integration))
    context = {
        "integration": integration,
        "form": form,
        "filters": filters,
        "query": urlencode(filters.active),
        "page": page,
        "rows": rows(integration, page),
        "summary": q.email_summary(integration, filters.email) if filters.email else None,
        "retryable_ids": q.retryable_ids(integration, page),
        "failed_count": q.failed_count(integration),
    }
    return render(request, "syncengine/log.html", context)


@dataclass(frozen=True)
class Row:
    entry: SyncEntry
    origin: str
    reason: str
    fields: list  # (field name, value written)


def rows(integration, entries) -> list[Row]:
    names = field_names(integration)
    return [Row(e, origin_label(e.origin), explain(e), written(e, names)) for e in entries]


def _queue_retry(request, integration, entry_ids):
    queued = retry.retry_failed(integration=integration, entry_ids=entry_ids)
    text = ngettext(
        "%(count)s record queued for retry.", "%(count)s records queued for retry.", queued
    )
    messages.success(request, text % {"count": queued})
    back = QueryDict(request.POST.get("back", "")).urlencode()
    url = reverse("syncengine-log", args=[integration.uuid])
    return redirect(f"{url}?{back}" if back else url)


@require_POST
def retry_one(request, uuid, entry_id):
    integration = get_integration_for(request, uuid)
    entry = get_object_or_404(SyncEntry, pk=entry_id, integration=integration)
    return _queue_retry(request, integration, [entry.pk])


@require_POST
def retry_all(request, uuid):
    integration = get_integration_for(request, uuid)
    return _queue_retry(request, integration, None)
