"""Play pages, data side: lists, prospects, custom fields, campaigns and campaign events."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from sandbox.snovio import services
from sandbox.snovio.events import fire_campaign_event
from sandbox.snovio.forms import (
    CampaignForm,
    CustomFieldForm,
    EventForm,
    ListForm,
    ProspectForm,
)
from sandbox.snovio.models import ListMembership
from sandbox.snovio.services import SandboxValidationError
from sandbox.snovio.views.play import TEMPLATES, play_account

PAGE_SIZE = 50


def lists(request):
    current = play_account()
    form = ListForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        created = services.create_list(current, form.cleaned_data["name"])
        messages.success(request, f"List “{created.name}” created.")
        return redirect("sandbox-snovio-play-lists")
    items = current.lists.annotate(contacts=Count("memberships"))
    return render(request, TEMPLATES + "lists.html", {"form": form, "lists": items})


def list_detail(request, list_id: int):
    prospect_list = get_object_or_404(play_account().lists, pk=list_id)
    query = request.GET.get("q", "").strip()
    prospects = prospect_list_prospects(prospect_list, query)
    page = Paginator(prospects, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"list": prospect_list, "page": page, "q": query}
    return render(request, TEMPLATES + "list_detail.html", context)


def prospect_list_prospects(prospect_list, query: str):
    prospects = play_account().prospects.filter(memberships__prospect_list=prospect_list)
    if query:
        prospects = prospects.filter(
            Q(email__icontains=query) | Q(name__icontains=query) | Q(company_name__icontains=query)
        )
    return prospects.order_by("memberships__pk")


def prospect_create(request):
    current = play_account()
    initial = {"lists": request.GET.getlist("list"), "email_status": "unverified"}
    form = ProspectForm(request.POST or None, account=current, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            data = form.prospect_data()
            data.custom_fields = services.clean_custom_values(current, data.custom_fields)
            prospect = services.create_prospect(current, data, source="manual")
        except SandboxValidationError as exc:
            form.add_error(None, str(exc))
        else:
            _set_lists(prospect, form.cleaned_data["lists"])
            messages.success(request, "Prospect created.")
            return redirect("sandbox-snovio-play-prospect", pk=prospect.pk)
    return render(request, TEMPLATES + "prospect_form.html", {"form": form, "prospect": None})


def prospect_edit(request, pk: int):
    current = play_account()
    prospect = get_object_or_404(current.prospects, pk=pk)
    form = ProspectForm(request.POST or None, account=current, prospect=prospect)
    if request.method == "POST" and form.is_valid():
        try:
            data = form.prospect_data()
            data.custom_fields = services.clean_custom_values(current, data.custom_fields)
            services.update_prospect(prospect, data, replace=True)
        except SandboxValidationError as exc:
            form.add_error(None, str(exc))
        else:
            _set_lists(prospect, form.cleaned_data["lists"])
            messages.success(request, "Prospect saved.")
            return redirect("sandbox-snovio-play-prospect", pk=prospect.pk)
    context = {
        "form": form,
        "prospect": prospect,
        "event_form": EventForm(account=current),
        "emails": prospect.messages.select_related("campaign"),
    }
    return render(request, TEMPLATES + "prospect_form.html", context)


def _set_lists(prospect, chosen) -> None:
    prospect.memberships.exclude(prospect_list__in=chosen).delete()
    for prospect_list in chosen:
        ListMembership.objects.get_or_create(prospect=prospect, prospect_list=prospect_list)


@require_POST
def prospect_event(request, pk: int):
    current = play_account()
    prospect = get_object_or_404(current.prospects, pk=pk)
    form = EventForm(request.POST, account=current)
    if not form.is_valid():
        messages.error(request, "Choose a campaign and an event.")
        return redirect("sandbox-snovio-play-prospect", pk=pk)
    try:
        fire_campaign_event(
            campaign=form.cleaned_data["campaign"],
            prospect=prospect,
            kind=form.cleaned_data["kind"],
            reply_text=form.cleaned_data["reply_text"],
        )
    except SandboxValidationError as exc:
        messages.error(request, "; ".join(exc.errors.values()))
    else:
        messages.success(request, "Event recorded; webhook deliveries are queued.")
    return redirect("sandbox-snovio-play-prospect", pk=pk)


def custom_fields(request):
    current = play_account()
    form = CustomFieldForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.create_custom_field(current, **form.cleaned_data)
        except SandboxValidationError as exc:
            form.add_error("name", "; ".join(exc.errors.values()))
        else:
            messages.success(request, "Custom field created.")
            return redirect("sandbox-snovio-play-fields")
    context = {"form": form, "fields": current.custom_fields.all()}
    return render(request, TEMPLATES + "custom_fields.html", context)


def campaigns(request):
    current = play_account()
    form = CampaignForm(request.POST or None, account=current)
    if request.method == "POST" and form.is_valid():
        services.create_campaign(current, **form.cleaned_data)
        messages.success(request, "Campaign created.")
        return redirect("sandbox-snovio-play-campaigns")
    items = current.campaigns.select_related("prospect_list").annotate(sent=Count("messages"))
    return render(request, TEMPLATES + "campaigns.html", {"form": form, "campaigns": items})
