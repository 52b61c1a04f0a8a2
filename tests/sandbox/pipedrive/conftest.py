import base64
import json
from types import SimpleNamespace

import pytest

from sandbox.pipedrive import api as sandbox_api
from sandbox.pipedrive.models import AccessToken, Company, User
from sandbox.pipedrive.seed import seed_sandbox

BASE = "/sandbox/pipedrive"
CLIENT_ID, CLIENT_SECRET = "sandbox-client-id", "sandbox-client-secret"
REDIRECT_URI = "http://testserver/integration/pipedrive/callback/"


def basic(user: str = CLIENT_ID, password: str = CLIENT_SECRET) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


@pytest.fixture
def clock_stands_still(monkeypatch):
    """The sandbox's burst windows see one moment: calls of a slow test run share a window."""
    monkeypatch.setattr(sandbox_api, "time", SimpleNamespace(time=lambda: 1_000_000.0))


@pytest.fixture
def company(db) -> Company:
    return seed_sandbox(persons=20)


@pytest.fixture
def ana(company) -> User:
    return company.users.get(email="ana@demo-company.example")


@pytest.fixture
def bob(company) -> User:
    return company.users.get(email="bob@demo-company.example")


@pytest.fixture
def token(ana) -> AccessToken:
    return AccessToken.objects.create(user=ana, company=ana.company, scope="base")


class Api:
    """Calls the sandbox API with one credential, as the product's client would."""

    def __init__(self, client, headers):
        self.client, self.headers = client, headers

    def _call(self, method, path, body=None, **params):
        kwargs = {"headers": self.headers}
        if body is not None:
            kwargs.update(data=json.dumps(body), content_type="application/json")
        if params:
            query = "&".join(f"{k}={v}" for k, v in params.items())
            path = f"{path}?{query}"
        return getattr(self.client, method)(BASE + path, **kwargs)

    def get(self, path, **params):
        return self._call("get", path, **params)

    def post(self, path, body):
        return self._call("post", path, body)

    def patch(self, path, body):
        return self._call("patch", path, body)

    def delete(self, path):
        return self._call("delete", path)


@pytest.fixture
def api(client, token) -> Api:
    return Api(client, {"Authorization": f"Bearer {token.access_token}"})


@pytest.fixture
def token_api(client, ana) -> Api:
    return Api(client, {"x-api-token": ana.api_token})
