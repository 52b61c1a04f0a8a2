"""OAuth: the consent page (log in, choose company, Connect app / Cancel), token, revoke."""

from urllib.parse import urlencode

from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .. import oauth
from ..faults import take_fault
from ..models import User
from ..seed import DEMO_COMPANY_DOMAIN, SANDBOX_USER_PASSWORD

SESSION_KEY = "sandbox_pipedrive_email"


def _redirect(redirect_uri: str, **params) -> HttpResponseRedirect:
    separator = "&" if "?" in redirect_uri else "?"
    query = urlencode({k: v for k, v in params.items() if v is not None})
    return HttpResponseRedirect(f"{redirect_uri}{separator}{query}")


def _users_for(email: str | None):
    if not email:
        return User.objects.none()
    return User.objects.filter(email__iexact=email, active=True).select_related("company")


def authorize(request):
    params = request.GET if request.method == "GET" else request.POST
    client_id, redirect_uri = params.get("client_id"), params.get("redirect_uri")
    state = params.get("state")
    if not oauth.client_is_valid(client_id, redirect_uri):
        return render(request, "sandbox/pipedrive/oauth_error.html", status=400)
    context = {"client_id": client_id, "redirect_uri": redirect_uri, "state": state or ""}
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "login":
            return _login(request, context)
        if action == "logout":
            request.session.pop(SESSION_KEY, None)
        elif action == "cancel":
            return _redirect(redirect_uri, error="access_denied", state=state)
        elif action == "connect":
            return _connect(request, context)
    users = list(_users_for(request.session.get(SESSION_KEY)))
    if not users:
        return _login_page(request, context)
    return _consent_page(request, context, users)


def _login_page(request, context, *, error="", status=200):
    demo_users = User.objects.filter(company__domain=DEMO_COMPANY_DOMAIN, active=True)
    context = {
        **context,
        "error": error,
        "demo_users": demo_users,
        "demo_password": SANDBOX_USER_PASSWORD,
    }
    return render(request, "sandbox/pipedrive/oauth_login.html", context, status=status)


def _consent_page(request, context, users, *, error="", status=200):
    context = {**context, "users": users, "scopes": oauth.SCOPES, "error": error}
    return render(request, "sandbox/pipedrive/oauth_consent.html", context, status=status)


def _login(request, context):
    email = (request.POST.get("email") or "").strip()
    password = request.POST.get("password") or ""
    if not any(user.check_password(password) for user in _users_for(email)):
        return _login_page(request, context, error="Wrong email or password.", status=400)
    request.session[SESSION_KEY] = email
    return _consent_page(request, context, list(_users_for(email)))


def _connect(request, context):
    users = {str(u.id): u for u in _users_for(request.session.get(SESSION_KEY))}
    if not users:
        return _login_page(request, context, error="Please log in first.", status=400)
    user = users.get(request.POST.get("account", ""))
    if user is None:
        return _consent_page(
            request, context, list(users.values()), error="Choose a company account.", status=400
        )
    code = oauth.issue_code(user=user, company=user.company, redirect_uri=context["redirect_uri"])
    return _redirect(context["redirect_uri"], code=code.code, state=context["state"] or None)


def _oauth_json(status: int, body: dict) -> JsonResponse:
    response = JsonResponse(body, status=status)
    response["Cache-Control"] = "no-store"
    return response


def _fault_response(request):
    fault = take_fault(request.path, request.method)
    if fault is None:
        return None
    response = _oauth_json(fault.http_status, {"error": "server_error"})
    if fault.retry_after is not None:
        response["Retry-After"] = str(fault.retry_after)
    return response


@csrf_exempt
@require_POST
def token(request):
    faulted = _fault_response(request)
    if faulted:
        return faulted
    try:
        oauth.check_client_credentials(request.headers.get("Authorization", ""))
        if request.content_type != "application/x-www-form-urlencoded":
            raise oauth.OAuthError(
                400,
                "invalid_request",
                "Invalid request: content must be application/x-www-form-urlencoded",
            )
        grant_type = request.POST.get("grant_type")
        if not grant_type:
            raise oauth.OAuthError(400, "invalid_request", "Missing parameter: grant_type")
        if grant_type == "authorization_code":
            issued = oauth.exchange_code(
                request.POST.get("code"), request.POST.get("redirect_uri")
            )
        elif grant_type == "refresh_token":
            issued = oauth.refresh(request.POST.get("refresh_token"))
        else:
            raise oauth.OAuthError(
                400, "unsupported_grant_type", "Unsupported grant type: grant_type is invalid"
            )
    except oauth.OAuthError as error:
        return _oauth_json(error.status, error.body())
    return _oauth_json(200, oauth.token_response(issued))


@csrf_exempt
@require_POST
def revoke(request):
    faulted = _fault_response(request)
    if faulted:
        return faulted
    try:
        oauth.check_client_credentials(request.headers.get("Authorization", ""))
    except oauth.OAuthError as error:
        return _oauth_json(error.status, error.body())
    oauth.revoke(request.POST.get("token"), request.POST.get("token_type_hint"))
    return _oauth_json(200, {})
