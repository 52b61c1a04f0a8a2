"""B14: no secret in any log line. Every logger is captured (root at DEBUG, the project's own
LOGGING) while each refused, hostile, failing and successful delivery is made; the webhook
token, the Basic-auth password and both apps' credentials never appear."""

import json
import logging
import secrets

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from config.logfilters import REDACTED, RedactSecrets, redact
from syncengine.models import EventState, InboundEvent
from syncengine.webhook_registration import ensure_realtime_state
from tests.realtime.conftest import (  # noqa: F401
    active,
    last_delivery_id,
    new_person,
    pipedrive_payloads,
)
from tests.webhooks.capture import load_fixtures
from tests.webhooks.conftest import basic_auth

PERSON_CHANGE = load_fixtures("pipedrive")["person_change"]
EMAIL_SENT = load_fixtures("snovio")["campaign_email_sent"]


@pytest.fixture
def live(active, sandbox_http):  # noqa: F811
    """An Active integration with every secret it can have: webhook token and password, the
    Snov.io API pair and access token, Pipedrive's OAuth tokens."""
    state = ensure_realtime_state(active)[0]
    return active, state


def secrets_of(integration, state) -> dict[str, str]:
    integration.snovio.refresh_from_db()
    integration.pipedrive.refresh_from_db()
    found = {
        "snovio webhook token": state.snovio_token,
        "pipedrive webhook password": state.pipedrive_auth_password,
        "pipedrive basic auth header": basic_auth(
            state.pipedrive_auth_user, state.pipedrive_auth_password
        ).split()[1],
        "snovio client secret": integration.snovio.client_secret,
        "pipedrive access token": integration.pipedrive.access_token,
        "pipedrive refresh token": integration.pipedrive.refresh_token,
    }
    if integration.snovio.access_token:
        found["snovio access token"] = integration.snovio.access_token
    assert all(found.values()), found
    return found


def assert_no_secret(text: str, found: dict[str, str]) -> None:
    leaked = [name for name, value in found.items() if value in text]
    assert not leaked, f"{leaked} in the logs:\n{text[-3000:]}"


def client():
    return Client(raise_request_exception=False)


def pipedrive_url(integration):
    return reverse("integrations-pipedrive-webhook", args=[integration.uuid])


def snovio_url(token: str):
    return reverse("integrations-snovio-webhook", args=[token])


def hostile_requests(integration, state):
    """(description, method, path, body, headers) for every refusal and hostile body."""
    good = {
        "HTTP_AUTHORIZATION": basic_auth(state.pipedrive_auth_user, state.pipedrive_auth_password)
    }
    pd, sn = pipedrive_url(integration), snovio_url(state.snovio_token)
    body = json.dumps(PERSON_CHANGE)
    deep = "[" * 10_000 + "]" * 10_000
    return [
        (
            "wrong password",
            "post",
            pd,
            body,
            {"HTTP_AUTHORIZATION": basic_auth(state.pipedrive_auth_user, "x")},
        ),
        (
            "wrong user",
            "post",
            pd,
            body,
            {"HTTP_AUTHORIZATION": basic_auth("x", state.pipedrive_auth_password)},
        ),
        ("no auth", "post", pd, body, {}),
        ("garbled auth", "post", pd, body, {"HTTP_AUTHORIZATION": "Basic !!!"}),
        ("get pipedrive", "get", pd, None, good),
        ("get snovio", "get", sn, None, {}),
        ("unknown token", "post", snovio_url(secrets.token_urlsafe(32)), body, {}),
        ("form encoded", "post", sn, "a=1", {"CONTENT_TYPE": "application/x-www-form-urlencoded"}),
        ("too large", "post", sn, json.dumps({"x": "y" * 2_000_000}), {}),
        ("not json", "post", sn, "{broken", {}),
        ("not utf-8", "post", sn, b"\xff\xfe{}", {}),
        ("wrong shape", "post", sn, '{"event_object": 1}', {}),
        ("pipedrive wrong shape", "post", pd, "[1, 2]", good),
        ("deep", "post", sn, deep, {}),
        ("deep pipedrive", "post", pd, deep, good),
        ("nul", "post", sn, body.replace('"person"', '"per\\u0000son"'), {}),
        ("surrogate", "post", pd, body.replace('"person"', '"per\\ud800son"'), good),
        ("nan", "post", sn, '{"x": NaN}', {}),
        ("long kind", "post", pd, body.replace('"person"', '"' + "p" * 100 + '"'), good),
        ("path below the token", "post", sn + "more/", body, {}),
        ("bad host", "post", sn, body, {"HTTP_HOST": "evil.example"}),
    ]


def send(method, path, body, headers):
    headers = dict(headers)
    content_type = headers.pop("CONTENT_TYPE", "application/json")
    if method == "get":
        return client().get(path, **headers)
    return client().post(path, data=body, content_type=content_type, **headers)


def test_no_refusal_or_hostile_delivery_logs_a_secret(live, real_logs):
    integration, state = live
    found = secrets_of(integration, state)
    for name, method, path, body, headers in hostile_requests(integration, state):
        response = send(method, path, body, headers)
        assert 400 <= response.status_code < 500, (name, response.status_code)
    assert InboundEvent.objects.count() == 0
    text = real_logs.getvalue()
    assert "reason=too_deep" in text and "reason=wrong_credentials" in text
    assert f"Not Found: /webhooks/snovio/{REDACTED}/more/" in text  # Django's line, redacted
    assert_no_secret(text, found)


def test_a_request_that_fails_inside_the_snovio_view_logs_no_token(live, real_logs, monkeypatch):
    integration, state = live
    found = secrets_of(integration, state)

    def broken(*args, **kwargs):
        raise RuntimeError("database is gone")

    monkeypatch.setattr("integrations.webhooks.record_delivery", broken)
    response = client().post(
        snovio_url(state.snovio_token), data=EMAIL_SENT, content_type="application/json"
    )
    assert response.status_code == 500
    text = real_logs.getvalue()
    assert f"Internal Server Error: /webhooks/snovio/{REDACTED}/" in text
    assert "RuntimeError: database is gone" in text  # the traceback is kept
    assert_no_secret(text, found)


def test_successful_deliveries_processed_end_to_end_log_no_secret(
    live, real_logs, django_capture_on_commit_callbacks
):
    integration, state = live
    found = secrets_of(integration, state)
    after = last_delivery_id()
    new_person("Log Test", "log.test@example.net")
    good = {
        "HTTP_AUTHORIZATION": basic_auth(state.pipedrive_auth_user, state.pipedrive_auth_password)
    }
    with django_capture_on_commit_callbacks(execute=True):
        for payload in pipedrive_payloads(after):
            response = send("post", pipedrive_url(integration), json.dumps(payload), good)
            assert response.status_code == 200
        response = send("post", snovio_url(state.snovio_token), json.dumps(EMAIL_SENT), {})
        assert response.status_code == 200
    states = set(InboundEvent.objects.values_list("state", flat=True))
    assert EventState.PENDING not in states and InboundEvent.objects.count() >= 2
    assert_no_secret(real_logs.getvalue(), secrets_of(integration, state) | found)


def writes_somewhere(handler: logging.Handler) -> bool:
    """Not a NullHandler, and not pytest's own capture (it stands in for no real handler)."""
    is_pytest = type(handler).__module__.startswith("_pytest")
    return not is_pytest and not isinstance(handler, logging.NullHandler)


def test_hostile_settings_files_and_form_posts_log_no_secret(live, real_logs, owner_client):
    integration, state = live
    found = secrets_of(integration, state)
    files = [
        b"\xef\xbb\xbf" + b'{"format": "x", "format": "y"}',
        b'{"a": "\\u0000"}',
        b'{"a": "\\ud800"}',
        b"[" * 10_000 + b"]" * 10_000,
    ]
    import_url = reverse("integrations-settings-import", args=[integration.uuid])
    for data in files:
        upload = SimpleUploadedFile("settings.json", data, content_type="application/json")
        assert owner_client.post(import_url, {"file": upload}).status_code == 400
    add_url = reverse("automations-action-add", args=[integration.uuid])
    data = {"trigger": "email_sent", "action_type": "add_activity", "subject": "a\x00b"}
    assert owner_client.post(add_url, data).status_code == 400
    assert_no_secret(real_logs.getvalue(), found)


def test_every_handler_of_every_logger_takes_secrets_out(real_logs):
    loggers = [logging.getLogger(), *logging.Logger.manager.loggerDict.values()]
    handlers = {h for lg in loggers if isinstance(lg, logging.Logger) for h in lg.handlers}
    writing = [h for h in handlers if writes_somewhere(h)]
    assert writing
    unfiltered = [h for h in writing if not any(isinstance(f, RedactSecrets) for f in h.filters)]
    assert not unfiltered


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Not Found: /webhooks/snovio/abc-DEF_123/x", f"Not Found: /webhooks/snovio/{REDACTED}/x"),
        (
            '"POST /webhooks/snovio/abc HTTP/1.1" 200',
            f'"POST /webhooks/snovio/{REDACTED} HTTP/1.1" 200',
        ),
        (
            "https://s.example/webhooks/snovio/t0k/",
            f"https://s.example/webhooks/snovio/{REDACTED}/",
        ),
        (
            "GET /accounts/password/reset/key/1-abc/",
            f"GET /accounts/password/reset/key/{REDACTED}/",
        ),
        ("GET /accounts/confirm-email/MTE:1v:x/", f"GET /accounts/confirm-email/{REDACTED}/"),
        ("/callback/?code=abc&state=def", f"/callback/?code={REDACTED}&state={REDACTED}"),
        ("/x?api_token=abc&page=2", f"/x?api_token={REDACTED}&page=2"),
        (
            '{"access_token": "abc", "expires_in": 3}',
            f'{{"access_token": "{REDACTED}", "expires_in": 3}}',
        ),
        ("Authorization: Bearer abc.def", f"Authorization: Bearer {REDACTED}"),
        (
            "sync failed integration=4 reason=validation",
            "sync failed integration=4 reason=validation",
        ),
    ],
)
def test_secret_shapes_are_redacted_and_plain_lines_kept(line, expected):
    assert redact(line) == expected


def test_the_filter_redacts_args_tracebacks_and_keeps_other_records_untouched():
    token = secrets.token_urlsafe(32)
    record = logging.LogRecord(
        "django.request",
        logging.ERROR,
        __file__,
        1,
        "%s: %s",
        ("Internal Server Error", f"/webhooks/snovio/{token}/"),
        None,
    )
    try:
        raise ValueError(f"bad /webhooks/snovio/{token}/")
    except ValueError:
        import sys

        record.exc_info = sys.exc_info()
    RedactSecrets().filter(record)
    formatted = logging.Formatter().format(record)
    assert token not in formatted and "ValueError: bad /webhooks/snovio/" in formatted
    plain = logging.LogRecord("x", logging.INFO, __file__, 1, "event %s done", (4,), None)
    RedactSecrets().filter(plain)
    assert (plain.msg, plain.args) == ("event %s done", (4,))
