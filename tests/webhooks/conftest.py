import base64
import json

import pytest
from django.urls import reverse

from syncengine.webhook_registration import ensure_realtime_state


@pytest.fixture
def state(integration):
    return ensure_realtime_state(integration)[0]


@pytest.fixture
def database_broker(monkeypatch):
    """Workers, not this process, run the tasks: the bell is a row of the ORM broker."""
    from django_q.conf import Conf

    monkeypatch.setattr(Conf, "SYNC", False)
    assert Conf.ORM


def basic_auth(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


def pipedrive_url(integration) -> str:
    return reverse("integrations-pipedrive-webhook", args=[integration.uuid])


def snovio_url(state) -> str:
    return reverse("integrations-snovio-webhook", args=[state.snovio_token])


def post_pipedrive(client, state, body, *, auth=None, **kwargs):
    auth = (
        auth
        if auth is not None
        else basic_auth(state.pipedrive_auth_user, state.pipedrive_auth_password)
    )
    headers = {"Authorization": auth} if auth else {}
    data = body if isinstance(body, bytes | str) else json.dumps(body)
    return client.post(
        pipedrive_url(state.integration),
        data=data,
        content_type=kwargs.pop("content_type", "application/json"),
        headers=headers,
        **kwargs,
    )


def post_snovio(client, state, body, **kwargs):
    data = body if isinstance(body, bytes | str) else json.dumps(body)
    content_type = kwargs.pop("content_type", "application/json")
    return client.post(snovio_url(state), data=data, content_type=content_type, **kwargs)
