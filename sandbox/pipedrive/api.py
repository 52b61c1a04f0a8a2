"""The gateway every API route passes: faults, auth, billing, rate limits, headers, errors.

    urlpatterns = [path("api/v2/persons", route(GET=(list_persons, 10), POST=(create, 5)))]

Each handler is `handler(request, caller, **url_kwargs)` and returns a dict (sent as JSON
with 200) or a JsonResponse; it raises ApiError for error answers. Costs are the spec's
`x-token-cost`."""

import json
import time

from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt

from . import ratelimit
from .auth import Caller, authenticate
from .errors import PAYMENT_REQUIRED, UNAUTHORIZED, ApiError, gateway_error, unknown_route
from .faults import take_fault
from .models import RateLimitSettings
from .spec_checks import V2_PREFIX, check_body, check_query

FAULT_MESSAGES = {
    429: "Too many requests",
    500: "Internal server error",
    502: "Bad gateway",
    503: "Service temporarily unavailable",
    504: "Gateway timeout",
}


def route(*, search: bool = False, **handlers):
    """A view dispatching on the HTTP method to `(handler, token_cost)` pairs."""

    @csrf_exempt
    def view(request, **kwargs):
        entry = handlers.get(request.method)
        if entry is None:
            return JsonResponse(
                {"success": False, "error": "Method not allowed", "errorCode": 405}, status=405
            )
        handler, cost = entry
        try:
            return _serve(request, handler, cost, search, kwargs)
        except ApiError as error:
            return error.response()

    return view


def _serve(request, handler, cost: int, search: bool, kwargs):
    fault = take_fault(request.path, request.method)
    if fault is not None:
        raise _fault_error(fault)
    caller = authenticate(request)
    if caller is None:
        raise gateway_error(UNAUTHORIZED[1], UNAUTHORIZED[0])
    if caller.company.is_unpaid:
        raise gateway_error(PAYMENT_REQUIRED[1], PAYMENT_REQUIRED[0])
    headers = _take_rate_limits(caller, cost, search)
    try:
        if V2_PREFIX + "/" in request.path:
            check_v2_request(request)
        result = handler(request, caller, **kwargs)
    except ApiError as error:
        error.headers = {**headers, **error.headers}
        raise
    response = result if isinstance(result, JsonResponse) else JsonResponse(result)
    for name, value in headers.items():
        response[name] = value
    return response


def check_v2_request(request) -> None:
    """What the spec declares about the query and the JSON body (spec_checks.py); a body that
    is no JSON is the handler's to refuse."""
    check_query(request.method, request.path, request.GET)
    if request.method in ("POST", "PATCH", "PUT") and request.body:
        try:
            body = json.loads(request.body)
        except (ValueError, UnicodeDecodeError):
            return
        check_body(request.method, request.path, body)


def _fault_error(fault) -> ApiError:
    headers = {"Retry-After": str(fault.retry_after)} if fault.retry_after is not None else {}
    message = FAULT_MESSAGES.get(fault.http_status, "Forced failure")
    return gateway_error(fault.http_status, message, headers)


def _take_rate_limits(caller: Caller, cost: int, search: bool) -> dict:
    config = RateLimitSettings.load()
    now = time.time()
    limit = config.oauth_burst if caller.is_oauth else config.api_token_burst
    burst = ratelimit.take_burst(caller.rate_key, limit, enforce=config.enabled, now=now)
    if burst.allowed and search:
        burst = ratelimit.take_burst(
            f"{caller.rate_key}:search", config.search_burst, enforce=config.enabled, now=now
        )
    headers = {
        "x-ratelimit-limit": str(burst.limit),
        "x-ratelimit-remaining": str(burst.remaining),
        "x-ratelimit-reset": str(burst.reset),
    }
    if not burst.allowed:
        headers["Retry-After"] = str(burst.reset)
        raise gateway_error(429, "Request over limit", headers)
    daily = ratelimit.charge_daily(
        caller.company, cost, config.daily_budget, enforce=config.enabled
    )
    headers["x-daily-ratelimit-token-limit"] = str(daily.limit)
    headers["x-daily-ratelimit-token-remaining"] = str(daily.remaining)
    if not daily.allowed:
        headers["Retry-After"] = str(daily.retry_after)
        raise ApiError(
            429,
            {"success": False, "error": "daily request budget exceeded", "errorCode": 429},
            headers,
        )
    return headers


def ok(data, additional_data=None, *, status: int = 200, **extra) -> JsonResponse:
    body = {"success": True, **extra, "data": data}
    if additional_data is not None:
        body["additional_data"] = additional_data
    return JsonResponse(body, status=status)


def read_json(request) -> dict:
    """The JSON object body (v2 accepts JSON only)."""
    if not request.body:
        return {}
    try:
        body = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        raise ApiError(
            400, {"success": False, "error": "Invalid JSON body", "code": "ERR_BAD_REQUEST"}
        ) from None
    if not isinstance(body, dict):
        raise ApiError(
            400, {"success": False, "error": "Body must be an object", "code": "ERR_BAD_REQUEST"}
        )
    if not storable(body):
        raise ApiError(
            400,
            {"success": False, "error": "Invalid characters in body", "code": "ERR_BAD_REQUEST"},
        )
    return body


def storable(value) -> bool:
    """No text holds a NUL character or a lone surrogate (a guess: sandbox/GUESSES.md)."""
    if isinstance(value, str):
        if "\x00" in value:
            return False
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return False
        return True
    if isinstance(value, dict):
        return all(storable(k) and storable(v) for k, v in value.items())
    if isinstance(value, list):
        return all(storable(item) for item in value)
    return True


def read_v1_body(request) -> dict:
    """v1 takes JSON or form-encoded bodies."""
    if request.content_type == "application/json" or request.body[:1] in (b"{", b"["):
        return read_json(request)
    return request.POST.dict()


@csrf_exempt
@login_not_required
def not_found(request, *args, **kwargs):
    """Any other path under the API answers JSON in Pipedrive's shape, not Django's page."""
    return unknown_route().response()
