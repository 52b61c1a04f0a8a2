"""Chunked deliveries (no Content-Length) are read, within the size limit."""

import http.client
import io
import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client, RequestFactory

from syncengine.models import InboundEvent
from tests.reliability import cluster
from tests.webhooks.capture import load_fixtures
from tests.webhooks.conftest import snovio_url

EMAIL_SENT = load_fixtures("snovio")["campaign_email_sent"]
ROOT = Path(__file__).resolve().parents[2]


def chunked_environ(path: str, body: bytes, *, terminated: bool = True) -> dict:
    """What gunicorn hands Django for `Transfer-Encoding: chunked`: no CONTENT_LENGTH, the
    decoded body as a stream that ends by itself, and `wsgi.input_terminated`."""
    environ = RequestFactory().post(path, data=b"{}", content_type="application/json").environ
    environ.pop("CONTENT_LENGTH", None)
    environ["HTTP_TRANSFER_ENCODING"] = "chunked"
    environ["wsgi.input"] = io.BytesIO(body)
    if terminated:
        environ["wsgi.input_terminated"] = True
    return environ


def send(environ):
    return Client().handler(environ)


def test_a_chunked_snovio_delivery_is_stored(state):
    response = send(chunked_environ(snovio_url(state), json.dumps(EMAIL_SENT).encode()))
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "stored"}
    assert InboundEvent.objects.get().payload == EMAIL_SENT


def test_a_chunked_delivery_over_the_size_limit_is_413(state, settings):
    settings.WEBHOOK_MAX_BYTES = 100
    body = json.dumps({**EMAIL_SENT, "padding": "x" * 200}).encode()
    response = send(chunked_environ(snovio_url(state), body))
    assert response.status_code == 413
    assert InboundEvent.objects.count() == 0


def test_a_chunked_body_the_server_did_not_decode_is_411(state):
    environ = chunked_environ(snovio_url(state), b"", terminated=False)
    response = send(environ)
    assert response.status_code == 411
    assert json.loads(response.content) == {"error": "length_required"}
    assert InboundEvent.objects.count() == 0


@pytest.fixture
def gunicorn():
    """`gunicorn config.wsgi` on the test database, serving a socket bound here first (a port
    found free, then bound by gunicorn seconds later on a busy machine, may be taken in
    between); yields its port once gunicorn answers."""
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.test_settings",
        "DATABASE_URL": cluster.test_database_url(),
        "Q_SYNC": "0",
    }
    bind = f"fd://{listener.fileno()}"
    command = [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", bind]
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        pass_fds=[listener.fileno()],
    )
    listener.close()
    try:
        cluster.wait_until(
            lambda: answers(port) or process.poll() is not None,
            timeout=60,
            what="gunicorn to answer",
        )
        assert process.poll() is None, "gunicorn exited"
        yield port
    finally:
        process.terminate()
        process.wait(timeout=15)


def answers(port: int) -> bool:
    """Any answer: the worker has loaded the app (connections wait in the backlog till then)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", "/", headers={"Host": "testserver"})
        connection.getresponse().read()
        return True
    except OSError:
        return False
    finally:
        connection.close()


def post_chunked(port: int, path: str, parts: list[bytes]) -> tuple[int, dict]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Content-Type": "application/json", "Host": "testserver"}
    connection.request("POST", path, body=iter(parts), headers=headers, encode_chunked=True)
    response = connection.getresponse()
    return response.status, json.loads(response.read())


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_chunked_delivery_through_gunicorn_is_stored(gunicorn, integration):
    from syncengine.webhook_registration import ensure_realtime_state

    state = ensure_realtime_state(integration)[0]
    body = json.dumps(EMAIL_SENT).encode()
    status, answer = post_chunked(gunicorn, snovio_url(state), [body[:50], body[50:]])
    assert (status, answer) == (200, {"status": "stored"})
    assert InboundEvent.objects.get().payload == EMAIL_SENT
