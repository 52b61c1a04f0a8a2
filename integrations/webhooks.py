"""Webhook receivers: check, store one InboundEvent, answer 200 within milliseconds.

Bad input gets a short reason and nothing is stored. Rejections are logged at INFO with the
integration id and a reason code, never a secret or the body."""

import base64
import binascii
import hmac
import logging

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from integrations.models import Integration, RealtimeState, snovio_token_hash
from syncengine import storable
from syncengine.intake import BadPayload, parse_pipedrive, parse_snovio, record_inbound_event

logger = logging.getLogger(__name__)


class Rejected(Exception):
    def __init__(self, status: int, reason_code: str):
        super().__init__(reason_code)
        self.status, self.reason_code = status, reason_code


@csrf_exempt
@login_not_required
def pipedrive_webhook(request, uuid):
    if request.method != "POST":
        return quiet(HttpResponseNotAllowed(["POST"]))
    # Only what the check needs: one secret decrypted per delivery, not every one the row holds.
    needed = (
        "id",
        "realtime__id",
        "realtime__pipedrive_auth_user",
        "realtime__pipedrive_auth_password",
    )
    found = Integration.objects.filter(uuid=uuid).select_related("realtime").only(*needed)
    integration = found.first()
    try:
        if integration is None:
            raise Rejected(404, "unknown_integration")
        check_basic_auth(request, getattr(integration, "realtime", None))
        delivery = parse_pipedrive(read_json(request))
    except (Rejected, BadPayload) as exc:
        return reject(exc, app="pipedrive", integration=integration)
    return accept(integration, delivery)


@csrf_exempt
@login_not_required
def snovio_webhook(request, token):
    if request.method != "POST":
        return quiet(HttpResponseNotAllowed(["POST"]))
    found = RealtimeState.objects.filter(snovio_token_hash=snovio_token_hash(token))
    state = (
        found.select_related("integration").only("id", "integration__id").first()
        if token
        else None
    )
    integration = state.integration if state else None
    try:
        if integration is None:
            raise Rejected(404, "unknown_token")
        delivery = parse_snovio(read_json(request))
    except (Rejected, BadPayload) as exc:
        return reject(exc, app="snovio", integration=integration)
    return accept(integration, delivery)


def accept(integration, delivery) -> JsonResponse:
    event = record_inbound_event(
        integration=integration,
        source=delivery.source,
        kind=delivery.kind,
        idempotency_key=delivery.idempotency_key,
        payload=delivery.payload,
    )
    return JsonResponse({"status": "stored" if event else "duplicate"})


def reject(exc, *, app: str, integration) -> HttpResponse:
    status = getattr(exc, "status", 400)
    logger.info(
        "webhook rejected app=%s integration=%s status=%s reason=%s",
        app,
        integration.pk if integration else None,
        status,
        exc.reason_code,
    )
    response = JsonResponse({"error": exc.reason_code}, status=status)
    if status == 401:
        response["WWW-Authenticate"] = 'Basic realm="webhooks"'
    return quiet(response)


def quiet(response: HttpResponse) -> HttpResponse:
    """Keep django.request from logging the refusal with its path: Snov.io's path is a secret
    (our own log line above has what support needs)."""
    response._has_been_logged = True
    return response


def check_basic_auth(request, state: RealtimeState | None) -> None:
    """Pipedrive sends the user and password we set when registering the webhook."""
    if state is None or not state.pipedrive_auth_user or not state.pipedrive_auth_password:
        raise Rejected(401, "no_secret_configured")
    scheme, _, encoded = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "basic" or not encoded:
        raise Rejected(401, "missing_auth")
    try:
        user, _, password = base64.b64decode(encoded, validate=True).partition(b":")
    except (binascii.Error, ValueError):
        raise Rejected(401, "malformed_auth") from None
    user_ok = hmac.compare_digest(user, state.pipedrive_auth_user.encode())
    password_ok = hmac.compare_digest(password, state.pipedrive_auth_password.encode())
    if not (user_ok and password_ok):
        raise Rejected(401, "wrong_credentials")


def read_json(request):
    """The body as JSON: content type, then size (declared and actually read), then syntax
    and what can be stored (syncengine.storable)."""
    if request.content_type != "application/json":
        raise Rejected(415, "not_json_content_type")
    raw = read_body(request, limit=settings.WEBHOOK_MAX_BYTES)
    try:
        return storable.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise Rejected(400, "invalid_json") from None
    except storable.Unstorable as exc:
        raise Rejected(400, exc.reason_code) from None


def read_body(request, *, limit: int) -> bytes:
    """At most `limit` bytes, else 413. A chunked body has no Content-Length; the server
    (gunicorn) then says the stream ends by itself (`wsgi.input_terminated`), which Django
    5.2 does not read, so we read that stream ourselves, with the same limit."""
    length = request.META.get("CONTENT_LENGTH")
    if not length and request.META.get("wsgi.input_terminated"):
        return read_limited(request.META["wsgi.input"], limit=limit)
    if not length and "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower():
        raise Rejected(411, "length_required")  # a server that does not decode chunks
    try:
        declared = int(length or 0)
    except ValueError:
        raise Rejected(400, "bad_content_length") from None
    if declared > limit:
        raise Rejected(413, "too_large")
    return read_limited(request, limit=limit)


def read_limited(stream, *, limit: int) -> bytes:
    chunks, size = [], 0
    while size <= limit:
        chunk = stream.read(limit + 1 - size)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    if size > limit:
        raise Rejected(413, "too_large")
    return b"".join(chunks)
