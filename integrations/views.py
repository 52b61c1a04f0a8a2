import logging
import secrets

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from integrations import services
from integrations.access import get_integration_for
from integrations.clients import pipedrive_oauth
from integrations.clients.errors import ApiError, AuthError, TransientError
from integrations.forms import SnovioConnectForm

logger = logging.getLogger(__name__)

OAUTH_SESSION_KEY = "oauth:pipedrive"


def home(request):
    integration = services.get_or_create_integration(user=request.user)
    return redirect("integrations-detail", uuid=integration.uuid)


@require_GET
def detail(request, uuid):
    integration = get_integration_for(request, uuid)
    return render(request, "integrations/detail.html", {"integration": integration})


def snovio_connect(request, uuid):
    integration = get_integration_for(request, uuid)
    form = SnovioConnectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.connect_snovio(integration=integration, **form.cleaned_data)
        except AuthError:
            form.add_error(None, _("Snov.io did not accept this API User ID and Secret."))
            form.add_error("client_id", _("Check the API User ID."))
            form.add_error("client_secret", _("Check the API Secret."))
        except ApiError as exc:
            problem = _("Snov.io could not be reached to check them: %(error)s")
            form.add_error(None, problem % {"error": exc})
        else:
            messages.success(request, _("Snov.io is connected."))
            return redirect("integrations-detail", uuid=integration.uuid)
    return render(
        request,
        "integrations/snovio_connect.html",
        {"integration": integration, "form": form, "sandbox_credentials": _sandbox_snovio()},
    )


@require_http_methods(["GET", "POST"])
def snovio_disconnect(request, uuid):
    """GET asks first and says what stops; POST disconnects."""
    integration = get_integration_for(request, uuid)
    if integration.snovio is None:
        return redirect("integrations-detail", uuid=integration.uuid)
    if request.method == "GET":
        return _confirm_disconnect(request, integration, "snovio")
    services.disconnect_snovio(integration=integration)
    messages.success(request, _("Snov.io is disconnected. Your settings are kept."))
    return redirect("integrations-detail", uuid=integration.uuid)


@require_POST
def pipedrive_connect(request, uuid):
    """Start OAuth (connect or reconnect): remember a one-time state, go to Pipedrive."""
    integration = get_integration_for(request, uuid)
    state = secrets.token_urlsafe(32)
    request.session[OAUTH_SESSION_KEY] = {"state": state, "integration": str(integration.uuid)}
    return redirect(pipedrive_oauth.authorize_url(state=state))


@require_GET
def pipedrive_callback(request):
    pending = request.session.pop(OAUTH_SESSION_KEY, None)
    if pending is None:
        return _oauth_problem(request, _("This sign-in has expired or was already used."))
    if not secrets.compare_digest(request.GET.get("state", ""), pending["state"]):
        return _oauth_problem(request, _("The answer from Pipedrive did not match this sign-in."))
    integration = get_integration_for(request, pending["integration"])
    back = redirect("integrations-detail", uuid=integration.uuid)
    if request.GET.get("error"):
        messages.warning(request, _("Pipedrive was not connected: access was not granted."))
        return back
    try:
        tokens = pipedrive_oauth.exchange_code(request.GET.get("code", ""))
        services.connect_pipedrive(integration=integration, tokens=tokens)
    except TransientError:
        messages.error(request, _("Pipedrive did not answer. Nothing was changed; try again."))
        return back
    except ApiError as exc:
        logger.info("pipedrive oauth refused integration=%s: %s", integration.pk, exc.message)
        refused = _("Pipedrive refused the connection: %(error)s.")
        messages.error(request, refused % {"error": said(exc.message)})
        return back
    messages.success(request, _("Pipedrive is connected."))
    if integration.snovio is not None:
        return redirect("integrations-settings", uuid=integration.uuid)
    return back


@require_http_methods(["GET", "POST"])
def pipedrive_disconnect(request, uuid):
    """GET asks first and says what stops; POST revokes and disconnects."""
    integration = get_integration_for(request, uuid)
    if integration.pipedrive is None:
        return redirect("integrations-detail", uuid=integration.uuid)
    if request.method == "GET":
        return _confirm_disconnect(request, integration, "pipedrive")
    services.disconnect_pipedrive(integration=integration)
    done = _("Pipedrive is disconnected and access revoked. Settings are kept.")
    messages.success(request, done)
    return redirect("integrations-detail", uuid=integration.uuid)


@require_POST
def pipedrive_check(request, uuid):
    integration = get_integration_for(request, uuid)
    if integration.pipedrive is None:
        messages.error(request, _("Pipedrive is not connected: connect it first."))
        return redirect("integrations-detail", uuid=integration.uuid)
    try:
        services.check_pipedrive_connection(integration=integration)
    except ApiError as exc:
        problem = _("Pipedrive connection problem: %(error)s")
        messages.error(request, problem % {"error": said(exc.message)})
    else:
        messages.success(request, _("Pipedrive answered: the connection works."))
    return redirect("integrations-detail", uuid=integration.uuid)


def _confirm_disconnect(request, integration, app: str):
    context = {"integration": integration, "app": app, "syncing": integration.is_launched}
    return render(request, "integrations/disconnect.html", context)


def _oauth_problem(request, problem: str):
    html = render(
        request,
        "integrations/oauth_problem.html",
        {"problem": problem, "home": reverse("integrations-home")},
    )
    return HttpResponseBadRequest(html.content)


def said(text: str) -> str:
    """What an app answered: our own fallback words in the reader's language, a remote app's
    words as they are."""
    return _(text) if text else ""


def _sandbox_snovio():
    if not settings.SANDBOX:
        return None
    return {
        "client_id": settings.SANDBOX_SNOVIO_CLIENT_ID,
        "client_secret": settings.SANDBOX_SNOVIO_CLIENT_SECRET,
    }
