"""Webhook receivers: check, store one InboundEvent, answer 200 within milliseconds.

Bad input gets a short reason and nothing is stored. Rejections are logged at INFO with the
integration id and a reason code, never a secret or the body."""

import base64
import binascii
import hmac
import logging
from functools import partial

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.db import connection as db
from django.http import HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from config.db import once_more_if_disconnected
from integrations import views
from integrations.models import (
    AuthMethod,
    Integration,
    PipedriveConnection,
    StatusCause,
    pipedrive_auth_hash,
    snovio_token_hash,
)
from integrations.status import mark_connection_failed
from syncengine import storable
from syncengine.intake import (
    Addressee,
    BadPayload,
    parse_pipedrive,
    parse_snovio,
    record_delivery,
)

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
    credentials = None
    try:
        credentials = basic_credentials(request)
        text, body = read_json(request)
        delivery = parse_pipedrive(body)
    except (Rejected, BadPayload) as exc:
        receiver, refusal = once_more_if_disconnected(lambda: pipedrive_refusal(uuid, credentials))
        return reject(refusal or exc, app="pipedrive", receiver=receiver)
    addressee = pipedrive_addressee(uuid, credentials)
    return once_more_if_disconnected(
        lambda: accept(addressee, delivery, text, partial(pipedrive_refusal, uuid, credentials))
    )


@csrf_exempt
@login_not_required
def snovio_webhook(request, token):
    if request.method != "POST":
        return quiet(HttpResponseNotAllowed(["POST"]))
    try:
        text, body = read_json(request)
        delivery = parse_snovio(body)
    except (Rejected, BadPayload) as exc:
        receiver, refusal = once_more_if_disconnected(lambda: snovio_refusal(token))
        return reject(refusal or exc, app="snovio", receiver=receiver)
    addressee = Addressee(SNOVIO_ADDRESSEE_SQL, (snovio_token_hash(token),))
    return once_more_if_disconnected(
        lambda: accept(addressee, delivery, text, partial(snovio_refusal, token))
    )


def accept(addressee: Addressee, delivery, text: str, refusal) -> HttpResponse:
    """Store the delivery in one statement that also checks whom it is for; when nothing was
    stored, `refusal()` tells why, or that it was stored before (a retry)."""
    if record_delivery(addressee, delivery, text):
        return answer(b'{"status": "stored"}')
    receiver, rejected = refusal()
    if rejected:
        return reject(rejected, app=delivery.source, receiver=receiver)
    return answer(b'{"status": "duplicate"}')


def answer(body: bytes) -> HttpResponse:
    """A delivery's answer, written out: JsonResponse encodes anew each time."""
    return HttpResponse(body, content_type="application/json")


# Whom a delivery is for, found in the statement that stores it (syncengine.intake): the
# integration in the URL whose Pipedrive credentials match; the Snov.io token's integration.
PIPEDRIVE_ADDRESSEE_SQL = (
    "SELECT i.id FROM integrations_integration i"
    " JOIN integrations_realtimestate r ON r.integration_id = i.id"
    " WHERE i.uuid = %s AND r.pipedrive_auth_hash = %s"
)
SNOVIO_ADDRESSEE_SQL = (
    "SELECT integration_id AS id FROM integrations_realtimestate WHERE snovio_token_hash = %s"
)


def pipedrive_addressee(uuid, credentials: tuple[bytes, bytes]) -> Addressee:
    params = (uuid_param(uuid), pipedrive_auth_hash(*credentials))
    return Addressee(PIPEDRIVE_ADDRESSEE_SQL, params)


def uuid_param(uuid):
    """The URL's integration uuid as the database takes it."""
    return Integration._meta.get_field("uuid").get_db_prep_value(uuid, db)


# Why a delivery was not stored, in the order a sender is told: an unknown integration (404),
# then its credentials (401), then what was wrong with the body. Read only when something was
# refused or already stored: plain statements, like the one that stores.
PIPEDRIVE_RECEIVER_SQL = (
    "SELECT i.id, r.pipedrive_auth_hash FROM integrations_integration i"
    " LEFT JOIN integrations_realtimestate r ON r.integration_id = i.id WHERE i.uuid = %s"
)
SNOVIO_RECEIVER_SQL = (
    "SELECT integration_id FROM integrations_realtimestate WHERE snovio_token_hash = %s"
)


def pipedrive_refusal(uuid, credentials) -> tuple[int | None, Rejected | None]:
    """(the integration's id, why its credentials refuse these); `credentials` None when the
    request had none readable (the caller's own reason then stands once the integration is
    known)."""
    with db.cursor() as cursor:
        cursor.execute(PIPEDRIVE_RECEIVER_SQL, [uuid_param(uuid)])
        row = cursor.fetchone()
    if row is None:
        return None, Rejected(404, "unknown_integration")
    integration_id, expected = row
    if credentials is None:
        return integration_id, None
    if not expected:
        return integration_id, Rejected(401, "no_secret_configured")
    if not hmac.compare_digest(pipedrive_auth_hash(*credentials), expected):
        return integration_id, Rejected(401, "wrong_credentials")
    return integration_id, None


def snovio_refusal(token: str) -> tuple[int | None, Rejected | None]:
    if token:
        with db.cursor() as cursor:
            cursor.execute(SNOVIO_RECEIVER_SQL, [snovio_token_hash(token)])
            row = cursor.fetchone()
        if row is not None:
            return row[0], None
    return None, Rejected(404, "unknown_token")


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
        company_id, user_id = uninstalled_by(read_json(request)[1])
    except Rejected as exc:
        return reject(exc, app="pipedrive", receiver=None)
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


def reject(exc, *, app: str, receiver: int | None) -> HttpResponse:
    """`receiver`: the integration's id when known (for support's log line)."""
    status = getattr(exc, "status", 400)
    logger.info(
        "webhook rejected app=%s integration=%s status=%s reason=%s",
        app,
        receiver,
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


def basic_credentials(request) -> tuple[bytes, bytes]:
    # META rather than request.headers: that builds every header's name, per delivery.
    scheme, _, encoded = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
    if scheme.lower() != "basic" or not encoded:
        raise Rejected(401, "missing_auth")
    try:
        user, _, password = base64.b64decode(encoded, validate=True).partition(b":")
    except (binascii.Error, ValueError):
        raise Rejected(401, "malformed_auth") from None
    return user, password


def read_json(request) -> tuple[str, object]:
    """The body as JSON text and its value: content type, then size (declared and actually
    read), then syntax and what can be stored (syncengine.storable)."""
    if request.content_type != "application/json":
        raise Rejected(415, "not_json_content_type")
    raw = read_body(request, limit=settings.WEBHOOK_MAX_BYTES)
    try:
        text = raw.decode("utf-8-sig")
        return text, storable.loads(text)
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
