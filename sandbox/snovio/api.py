"""What every emulated API call goes through: faults, auth, rate limit, error bodies."""

import functools

from django.contrib.auth.decorators import login_not_required
from django.views.decorators.csrf import csrf_exempt

from sandbox.snovio import auth, faults, ratelimit, render
from sandbox.snovio.params import request_params

MOUNT = "/sandbox/snovio"
STATUS_TITLES = {
    400: "Bad request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Sorry, but url or entity not found",
    422: "Unprocessable entity",
    429: "Too many requests",
    500: "Internal server error",
    502: "Bad gateway",
    503: "Service unavailable",
}


def api_path(request) -> str:
    """The request path relative to the sandbox base, e.g. /v1/get-balance."""
    return request.path.partition(MOUNT)[2] or request.path


def unauthorized(description: str):
    body = {"error": "invalid_token", "error_description": description}
    return render.json_response(body, 401, headers={"WWW-Authenticate": "Bearer"})


def too_many_requests(wait: float, per_minute: int = 60):
    body = render.error_envelope(
        429, f"Too many requests: the limit is {per_minute} requests per minute"
    )
    response = render.json_response(body, 429)
    response["Retry-After"] = ratelimit.retry_after_header(wait)
    return response


def forced_failure(status: int):
    if status == 401:
        return unauthorized("The access token is invalid")
    if status == 429:
        return too_many_requests(1)
    title = STATUS_TITLES.get(status, "Error")
    return render.json_response(render.error_envelope(status, title), status)


def method_not_allowed(allowed: tuple[str, ...]):
    response = render.json_response(render.error_envelope(405, "Method not allowed"), 405)
    response["Allow"] = ", ".join(allowed)
    return response


def api_endpoint(*methods: str, authenticated: bool = True):
    """Wrap a view as `view(request, params)` or, if authenticated, `view(request, account,
    params, **kwargs)`."""

    def decorate(view):
        @csrf_exempt
        @login_not_required
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method not in methods:
                return method_not_allowed(methods)
            fault = faults.take_fault(api_path(request))
            if fault:
                return forced_failure(fault.status)
            params = request_params(request)
            if not authenticated:
                return view(request, params, *args, **kwargs)
            account, reason = auth.account_for_token(auth.token_from_request(request, params))
            if account is None:
                return unauthorized(reason)
            wait = ratelimit.take_request_slot(account.pk)
            if wait:
                return too_many_requests(wait, account.rate_limit_per_minute)
            return view(request, account, params, *args, **kwargs)

        return wrapper

    return decorate


@csrf_exempt
@login_not_required
def not_found(request, *args, **kwargs):
    return render.not_found()
