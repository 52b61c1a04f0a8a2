import json
from types import SimpleNamespace
from urllib.parse import urlencode

import pytest
from django.test import Client

from sandbox.snovio import ratelimit
from sandbox.snovio.auth import issue_token
from sandbox.snovio.models import Account

BASE = "/sandbox/snovio"


@pytest.fixture
def account(db):
    return Account.objects.create(client_id="user-id-1", client_secret="secret-1", user_id=4242)


@pytest.fixture
def clock_stands_still(monkeypatch):
    """The sandbox's request window sees one moment: calls of a slow test run share a minute."""
    monkeypatch.setattr(ratelimit, "time", SimpleNamespace(time=lambda: 1_000_000.0))


@pytest.fixture
def token(account):
    return issue_token(account).token


@pytest.fixture
def api(token):
    """Calls the sandbox API with a Bearer token: api.get("/v1/get-balance")."""
    return SnovioApi(Client(enforce_csrf_checks=True), token)


class SnovioApi:
    def __init__(self, client: Client, token: str):
        self.client, self.token = client, token

    def _headers(self):
        return {"Authorization": f"Bearer {self.token}"}

    def get(self, path, params=None):
        return self.client.get(BASE + path, params or {}, headers=self._headers())

    def post_json(self, path, data):
        body = json.dumps(data)
        return self.client.post(
            BASE + path, body, content_type="application/json", headers=self._headers()
        )

    def post_form(self, path, data):
        """`data`: a dict or a list of pairs, sent urlencoded (bracket keys kept as given)."""
        return self.client.post(
            BASE + path,
            urlencode(data, doseq=True),
            content_type="application/x-www-form-urlencoded",
            headers=self._headers(),
        )

    def put_json(self, path, data):
        return self.client.put(
            BASE + path, json.dumps(data), content_type="application/json", headers=self._headers()
        )

    def delete(self, path):
        return self.client.delete(BASE + path, headers=self._headers())
