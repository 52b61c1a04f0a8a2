"""Play pages, account side: credentials, rate limit, faults, webhooks and their deliveries."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from sandbox.snovio import faults as fault_service
from sandbox.snovio.delivery import deliver_due_webhooks
from sandbox.snovio.forms import FaultForm, RateLimitForm, WebhookForm
from sandbox.snovio.models import Account, DeliveryStatus, Fault, WebhookDelivery
from sandbox.snovio.ratelimit import set_rate_limit
from sandbox.snovio.seed import (
    DEMO_CLIENT_ID,
    DEMO_CLIENT_SECRET,
    DEMO_USER_ID,
    seed_sandbox,
)
from sandbox.snovio.services import SandboxValidationError
from sandbox.snovio.webhooks import create_webhook, set_webhook_status
from sandbox.visibility import viewer_of

TEMPLATES = "sandbox/snovio/"


def play_account() -> Account:
    """The account the play pages act as: the first one (the demo account if none)."""
    account = Account.objects.order_by("pk").first()
    if account is None:
        account = Account.objects.create(
            client_id=DEMO_CLIENT_ID, client_secret=DEMO_CLIENT_SECRET, user_id=DEMO_USER_ID
        )
    return account


def account(request):
    if request.method == "POST":
        seed_sandbox()
        messages.success(request, "Demo data loaded.")
        return redirect("sandbox-snovio-play")
    current = play_account()
    context = {
        "account": current,
        "client_secret": viewer_of(request.user).secret(current.client_secret),
        "lists_count": current.lists.count(),
        "prospects_count": current.prospects.count(),
        "rate_form": RateLimitForm(
            initial={
                "enabled": current.rate_limit_enabled,
                "per_minute": current.rate_limit_per_minute,
            }
        ),
        "fault_form": FaultForm(),
        "faults": Fault.objects.all(),
    }
    return render(request, TEMPLATES + "account.html", context)


@require_POST
def rate_limit(request):
    form = RateLimitForm(request.POST)
    if form.is_valid():
        set_rate_limit(
            play_account(),
            enabled=form.cleaned_data["enabled"],
            per_minute=form.cleaned_data["per_minute"],
        )
        messages.success(request, "Rate limit saved.")
    else:
        messages.error(request, "Give a number of requests per minute.")
    return redirect("sandbox-snovio-play")


@require_POST
def documented_only(request):
    """Switch between the emulator's fuller answers and exactly the documented fields."""
    current = play_account()
    current.documented_only = request.POST.get("documented_only") == "on"
    current.save(update_fields=["documented_only"])
    mode = "documented fields only" if current.documented_only else "the fuller answers"
    messages.success(request, f"Prospects now carry {mode}.")
    return redirect("sandbox-snovio-play")


@require_POST
def faults(request):
    if "clear" in request.POST:
        fault_service.clear_faults()
        messages.success(request, "Faults cleared.")
        return redirect("sandbox-snovio-play")
    form = FaultForm(request.POST)
    if form.is_valid():
        fault_service.add_fault(**form.cleaned_data)
        messages.success(request, "Fault added.")
    else:
        messages.error(request, "The fault was not added: check the path, status and count.")
    return redirect("sandbox-snovio-play")


def webhooks(request):
    current = play_account()
    form = WebhookForm(request.POST or None)
    if request.method == "POST" and "toggle" in request.POST:
        return _toggle_webhook(request, current)
    if request.method == "POST" and form.is_valid():
        event_object, _, event_action = form.cleaned_data["event"].partition(".")
        try:
            create_webhook(
                current,
                event_object=event_object,
                event_action=event_action,
                endpoint_url=form.cleaned_data["endpoint_url"],
            )
        except SandboxValidationError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Webhook added.")
            return redirect("sandbox-snovio-play-webhooks")
    deliveries = WebhookDelivery.objects.filter(webhook__account=current)
    context = {
        "form": form,
        **_shown_webhooks(
            request, current.webhooks.all(), deliveries.select_related("webhook")[:100]
        ),
        "pending": deliveries.filter(status=DeliveryStatus.PENDING).count(),
    }
    return render(request, TEMPLATES + "webhooks.html", context)


def _shown_webhooks(request, webhooks, deliveries) -> dict:
    """Endpoints carry each integration's secret token: in full only for the viewer's own."""
    viewer = viewer_of(request.user)
    webhooks, deliveries = list(webhooks), list(deliveries)
    for hook in webhooks:
        hook.shown_end_point = viewer.url(hook.end_point)
    for delivery in deliveries:
        delivery.shown_error = viewer.text(delivery.last_error)
    return {"webhooks": webhooks, "deliveries": deliveries}


def _toggle_webhook(request, current: Account):
    webhook = current.webhooks.filter(pk=request.POST.get("toggle")).first()
    if webhook:
        new_status = "active" if webhook.status == "deactivated" else "deactivated"
        set_webhook_status(webhook, new_status)
        messages.success(request, f"Webhook {webhook.pk} is now {new_status}.")
    return redirect("sandbox-snovio-play-webhooks")


@require_POST
def deliver_now(request):
    """Deliver every pending delivery at once, retries that are still waiting included."""
    now = timezone.now()
    pending = WebhookDelivery.objects.filter(
        webhook__account=play_account(), status=DeliveryStatus.PENDING
    )
    pending.update(next_attempt_at=now)
    delivered = deliver_due_webhooks(now)
    messages.success(request, f"{delivered} deliveries succeeded.")
    return redirect("sandbox-snovio-play-webhooks")
