"""Webhook receivers: check, store one InboundEvent, answer 200 within milliseconds.

Bad input gets a short reason and nothing is stored. Rejections are logged at INFO with the
integration id and a reason code, never a secret or the body."""

import base64
import binascii
import hmac
import logging
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.db import connection as db
from django.http import HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from integrations import views
from integrations.models import (
    AuthMethod,
    Integration,
    PipedriveConnection,
    RealtimeState,
    StatusCause,
    snovio_token_hash,
)
from integrations.status import mark_connection_failed
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
    receiver = pipedrive_receiver(uuid)
    try:
        if receiver is None:
            raise Rejected(404, "unknown_integration")
        check_basic_auth(request, receiver)
        delivery = parse_pipedrive(read_json(request))
    except (Rejected, BadPayload) as exc:
        return reject(exc, app="pipedrive", integration_id=receiver and receiver.integration_id)
    return accept(receiver.integration_id, delivery)


@csrf_exempt
@login_not_required
def snovio_webhook(request, token):
    if request.method != "POST":
        return quiet(HttpResponseNotAllowed(["POST"]))
    receiver = snovio_receiver(token)
    try:
        if receiver is None:
            raise Rejected(404, "unknown_token")
        delivery = parse_snovio(read_json(request))
    except (Rejected, BadPayload) as exc:
        return reject(exc, app="snovio", integration_id=receiver and receiver.integration_id)
    return accept(receiver.integration_id, delivery)


@dataclass(frozen=True)
class Receiver:
    """The integration a delivery is for, and the secrets it is checked against."""

    integration_id: int
    user: str = ""
    password: str = ""


# Every delivery reads its receiver once: plain statements, because compiling the equivalent
# querysets cost more CPU than the rest of a delivery (docs/benchmarks.md). Only what the check
# needs is read: one secret decrypted per delivery, not every one the row holds.
PIPEDRIVE_RECEIVER_SQL = (
    "SELECT i.id, r.pipedrive_auth_user, r.pipedrive_auth_password"
    " FROM integrations_integration i"
    " LEFT JOIN integrations_realtimestate r ON r.integration_id = i.id"
    " WHERE i.uuid = %s"
)
SNOVIO_RECEIVER_SQL = (
    "SELECT integration_id FROM integrations_realtimestate WHERE snovio_token_hash = %s"
)


def pipedrive_receiver(uuid) -> Receiver | None:
    value = Integration._meta.get_field("uuid").get_db_prep_value(uuid, db)
    with db.cursor() as cursor:
        cursor.execute(PIPEDRIVE_RECEIVER_SQL, [value])
        row = cursor.fetchone()
    if row is None:
        return None
    integration_id, user, stored = row
    password = RealtimeState._meta.get_field("pipedrive_auth_password").from_db_value(
        stored, None, db
    )
    return Receiver(integration_id, user or "", password or "")


def snovio_receiver(token: str) -> Receiver | None:
    if not token:
        return None
    with db.cursor() as cursor:
        cursor.execute(SNOVIO_RECEIVER_SQL, [snovio_token_hash(token)])
        row = cursor.fetchone()
    return Receiver(row[0]) if row else None


@csrf_exempt
@login_not_required
def pipedrive_app_callback(request):
    """The app's one callback URL at Pipedrive serves two callers: the OAuth return (GET, the
    user's browser, signed in here) and the uninstall notice (DELETE, Pipedrive's servers)."""
    if request.method == "DELETE":
        return pipedrive_uninstall(request)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return views.pipedrive_callback(request)


def pipedrive_uninstall(request):
    """A user removed the app in Pipedrive (https://pipedrive.readme.io/docs/app-uninstallation):
    HTTP Basic with our client id and secret, a JSON body naming the company and the user. Their
    integrations become Connection failed (writing stops until Reconnect). Anything else is
    refused and changes nothing."""
    try:
        check_app_credentials(request)
        company_id, user_id = uninstalled_by(read_json(request))
    except Rejected as exc:
        return reject(exc, app="pipedrive", integration_id=None)
    failed = record_app_uninstall(company_id=company_id, user_id=user_id)
    return JsonResponse({"status": "noted", "integrations": failed})


def check_app_credentials(request) -> None:
    user, password = basic_credentials(request)
    user_ok = hmac.compare_digest(user, settings.PIPEDRIVE_CLIENT_ID.encode())
    password_ok = hmac.compare_digest(password, settings.PIPEDRIVE_CLIENT_SECRET.encode())
    if not (settings.PIPEDRIVE_CLIENT_SECRET and user_ok and password_ok):
        raise Rejected(401, "wrong_credentials")


def uninstalled_by(body) -> tuple[int, int]:
    """(company_id, user_id) of the notice; ids come as numbers or as text."""
    if not isinstance(body, dict) or str(body.get("client_id")) != settings.PIPEDRIVE_CLIENT_ID:
        raise Rejected(400, "not_our_app")
    ids = [str(body.get(key, "")) for key in ("company_id", "user_id")]
    if not all(value.isdigit() for value in ids):
        raise Rejected(400, "bad_shape")
    return int(ids[0]), int(ids[1])


def record_app_uninstall(*, company_id: int, user_id: int) -> int:
    """Connection failed for every integration connected through that installation."""
    connections = PipedriveConnection.objects.filter(
        auth_method=AuthMethod.OAUTH, company_id=company_id, user_id=user_id
    ).select_related("integration")
    for connection in connections:
        mark_connection_failed(connection.integration, cause=StatusCause.APP_UNINSTALLED)
    return len(connections)


def accept(integration_id: int, delivery) -> JsonResponse:
    event = record_inbound_event(
        integration_id=integration_id,
        source=delivery.source,
        kind=delivery.kind,
        idempotency_key=delivery.idempotency_key,
        payload=delivery.payload,
    )
    return JsonResponse({"status": "stored" if event else "duplicate"})


def reject(exc, *, app: str, integration_id: int | None) -> HttpResponse:
    status = getattr(exc, "status", 400)
    logger.info(
        "webhook rejected app=%s integration=%s status=%s reason=%s",
        app,
        integration_id,
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
    response._has_been_logged = True  # type: ignore[attr-defined]  # read by django.request
    return response


def check_basic_auth(request, receiver: Receiver) -> None:
    """Pipedrive sends the user and password we set when registering the webhook."""
    if not receiver.user or not receiver.password:
        raise Rejected(401, "no_secret_configured")
    user, password = basic_credentials(request)
    user_ok = hmac.compare_digest(user, receiver.user.encode())
    password_ok = hmac.compare_digest(password, receiver.password.encode())
    if not (user_ok and password_ok):
        raise Rejected(401, "wrong_credentials")


def basic_credentials(request) -> tuple[bytes, bytes]:
    scheme, _, encoded = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "basic" or not encoded:
        raise Rejected(401, "missing_auth")
    try:
        user, _, password = base64.b64decode(encoded, validate=True).partition(b":")
    except (binascii.Error, ValueError):
        raise Rejected(401, "malformed_auth") from None
    return user, password


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
