"""Play pages: company overview, pipelines, fields, users, deals, activities, webhooks,
rate limits and faults."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from sandbox.visibility import viewer_of

from .. import people, sales
from ..delivery import deliver_due_webhooks
from ..forms import FaultForm, PersonFieldForm, PipelineForm, RateLimitForm, StageForm
from ..models import (
    Activity,
    Company,
    Deal,
    Fault,
    Pipeline,
    RateLimitSettings,
    User,
    WebhookDelivery,
)
from ..models.accounts import new_api_token
from ..play import SESSION_KEY, acting_user, current_company, require_company
from ..ratelimit import daily_usage
from ..seed import seed_sandbox
from ..uninstall import has_app_installed, uninstall_app

PLAY = "sandbox/pipedrive/play/"


def overview(request):
    company = current_company(request)
    context = {"company": company, "companies": Company.objects.order_by("id")}
    if company is not None:
        context.update(
            persons=company.persons.filter(is_deleted=False).count(),
            deals=company.deals.filter(is_deleted=False).count(),
            activities=company.activities.filter(is_deleted=False).count(),
            webhooks=company.webhooks.count(),
            tokens_used=daily_usage(company),
        )
    return render(request, PLAY + "overview.html", context)


@require_POST
def choose_company(request):
    company = get_object_or_404(Company, id=request.POST.get("company"))
    request.session[SESSION_KEY] = company.id
    return redirect("sandbox-pipedrive-play")


@require_POST
def seed(request):
    company = seed_sandbox()
    request.session[SESSION_KEY] = company.id
    messages.success(request, "The demo company is ready.")
    return redirect("sandbox-pipedrive-play")


@require_POST
def toggle_unpaid(request):
    company = require_company(request)
    company.is_unpaid = not company.is_unpaid
    company.save(update_fields=["is_unpaid"])
    state = "unpaid: every API call now answers 402" if company.is_unpaid else "paid again"
    messages.success(request, f"The account is {state}.")
    return redirect("sandbox-pipedrive-play")


def pipelines(request):
    company = require_company(request)
    pipeline_form = PipelineForm(request.POST if "create_pipeline" in request.POST else None)
    stage_form = StageForm(request.POST if "create_stage" in request.POST else None)
    if pipeline_form.is_bound and pipeline_form.is_valid():
        sales.create_pipeline(
            company=company,
            name=pipeline_form.cleaned_data["name"],
            stage_names=pipeline_form.stage_names(),
        )
        messages.success(request, "Pipeline created.")
        return redirect("sandbox-pipedrive-play-pipelines")
    if stage_form.is_bound and stage_form.is_valid():
        pipeline = get_object_or_404(
            Pipeline, company=company, id=stage_form.cleaned_data["pipeline"]
        )
        sales.create_stage(pipeline=pipeline, name=stage_form.cleaned_data["name"])
        messages.success(request, f"Stage added to {pipeline.name}.")
        return redirect("sandbox-pipedrive-play-pipelines")
    context = {
        "pipelines": company.pipelines.prefetch_related("stages"),
        "pipeline_form": pipeline_form,
        "stage_errors": stage_form.errors if stage_form.is_bound else None,
    }
    return render(request, PLAY + "pipelines.html", context)


def person_fields(request):
    company = require_company(request)
    form = PersonFieldForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        field = people.create_person_field(
            company=company,
            actor=acting_user(company),
            name=form.cleaned_data["name"],
            field_type=form.cleaned_data["field_type"],
            labels=form.labels(),
        )
        messages.success(request, f"Field {field.name} created; its API key is {field.key}.")
        return redirect("sandbox-pipedrive-play-fields")
    # Not "fields": the form template reads that name as the list of inputs to draw.
    context = {"person_fields": company.person_fields.all(), "form": form}
    return render(request, PLAY + "fields.html", context)


@require_POST
def person_field_delete(request, field_id):
    """Delete a custom field, as an admin can in Pipedrive's settings."""
    company = require_company(request)
    field = get_object_or_404(company.person_fields, id=field_id, is_custom=True)
    field.delete()
    messages.success(request, f"Field {field.name} deleted.")
    return redirect("sandbox-pipedrive-play-fields")


def users(request):
    company = require_company(request)
    return render(request, PLAY + "users.html", {"users": company.users.all()})


def user_detail(request, user_id):
    company = require_company(request)
    user = get_object_or_404(User, company=company, id=user_id)
    if request.method == "POST":
        # Regenerating invalidates the old token at once, as in Pipedrive.
        user.api_token = new_api_token()
        user.save(update_fields=["api_token"])
        messages.success(request, "A new API token was generated; the old one no longer works.")
        return redirect("sandbox-pipedrive-play-user", user_id=user.id)
    # In full only when the viewer's own integration connects with it (B14).
    context = {
        "profile": user,
        "api_token": viewer_of(request.user).secret(user.api_token),
        "app_installed": has_app_installed(user),
    }
    return render(request, PLAY + "user.html", context)


@require_POST
def user_uninstall(request, user_id):
    """The user removes the app: its tokens stop working and the app is told (uninstall.py)."""
    company = require_company(request)
    user = get_object_or_404(User, company=company, id=user_id)
    uninstall_app(user)
    messages.success(request, f"The app was removed for {user.name}; Pipedrive tells the app.")
    return redirect("sandbox-pipedrive-play-user", user_id=user.id)


def _paged(request, queryset):
    return Paginator(queryset, 50).get_page(request.GET.get("page"))


def deals(request):
    company = require_company(request)
    rows = Deal.objects.filter(company=company).select_related("person", "stage", "pipeline")
    return render(request, PLAY + "deals.html", {"page": _paged(request, rows.order_by("-id"))})


def activities(request):
    company = require_company(request)
    rows = Activity.objects.filter(company=company).select_related("person", "deal")
    page = _paged(request, rows.order_by("-id"))
    return render(request, PLAY + "activities.html", {"page": page})


def webhooks(request):
    company = require_company(request)
    if request.method == "POST":
        sent = deliver_due_webhooks()
        messages.success(request, f"{sent} delivery attempt{'s' if sent != 1 else ''} made.")
        return redirect("sandbox-pipedrive-play-webhooks")
    deliveries = WebhookDelivery.objects.filter(webhook__company=company).select_related("webhook")
    context = {"page": _paged(request, deliveries)}
    context["webhooks"] = _shown(viewer_of(request.user), company.webhooks.all(), context["page"])
    return render(request, PLAY + "webhooks.html", context)


def _shown(viewer, webhooks, deliveries) -> list:
    """Subscription URLs (and errors quoting them) in full only for the viewer's own."""
    webhooks = list(webhooks.select_related("user"))
    now = timezone.now()
    for hook in webhooks:
        hook.shown_url = viewer.url(hook.subscription_url)
        hook.banned_now = hook.is_banned(now)
    for delivery in deliveries:
        delivery.shown_error = viewer.text(delivery.last_error)
    return webhooks


def limits(request):
    company = require_company(request)
    config = RateLimitSettings.load()
    form = RateLimitForm(request.POST if "save_limits" in request.POST else None, instance=config)
    fault_form = FaultForm(request.POST if "add_fault" in request.POST else None)
    if form.is_bound and form.is_valid():
        form.save()
        messages.success(request, "Rate-limit settings saved.")
        return redirect("sandbox-pipedrive-play-limits")
    if fault_form.is_bound and fault_form.is_valid():
        fault_form.save()
        messages.success(request, "Fault armed.")
        return redirect("sandbox-pipedrive-play-limits")
    if "clear_faults" in request.POST:
        Fault.objects.all().delete()
        messages.success(request, "All faults removed.")
        return redirect("sandbox-pipedrive-play-limits")
    context = {
        "form": form,
        "fault_form": fault_form,
        "faults": Fault.objects.all(),
        "tokens_used": daily_usage(company),
        "budget": config.daily_budget,
    }
    return render(request, PLAY + "limits.html", context)
