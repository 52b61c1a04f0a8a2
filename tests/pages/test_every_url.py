"""Every named URL of the product, in every state an integration can be in, as its owner, as
another user and anonymously, by GET and POST (empty and junk): never a server error, never
a bare error page; another account's integration is a 404 and a visitor is sent to log in."""

import re

import pytest
from django.db import transaction
from django.test import Client

from integrations.models import RealtimeState
from tests.factories import make_integration, make_user
from tests.pages.states import STATES, add_rows, put_in_state
from tests.pages.urls import is_machine, is_public, product_routes

pytestmark = pytest.mark.django_db

JUNK = {
    "direction": "sideways",
    "source": "nowhere",
    "choice": "transfer",
    "snovio_field": "custom:\x00nothing",
    "pipedrive_field": "f" * 40,
    "field": "no-such-field",
    "value": "x" * 300,
    "client_id": "junk",
    "client_secret": "junk",
    "trigger": "no_such_trigger",
    "action_type": "no_such_action",
    "pipeline_id": "abc",
    "stage_id": "-1",
    "subject": "",
    "position": "sideways",
    "target_list_id": "9999999",
    "owner_user_id": "not-a-number",
    "source_list_ids": ["x", "y"],
    "back": "outcome=nope&page=-3",
    "email": "not an email",
    "login": "nobody@example.org",
    "password": "wrong",
    "file": "not a file",
    "key": "zz",
}
JUNK_QUERY = {"page": "-1", "direction": "up", "outcome": "nope", "email": "%", "state": "x"}
REQUESTS = (("GET", None), ("GET", JUNK_QUERY), ("POST", None), ("POST", JUNK))


def url_values(integration, rows: dict) -> dict:
    realtime = RealtimeState.objects.filter(integration=integration).first()
    token = realtime.snovio_token if realtime and realtime.snovio_token else "no-such-token"
    return {
        "uuid": integration.uuid,
        "app": "pipedrive",
        "token": token,
        "key": "no-such-key",
        "uidb36": "zz",
        **rows,
    }


def visit(user, method: str, path: str, data):
    """One request, undone afterwards: every request sees the state under test."""
    with transaction.atomic():
        client = Client(raise_request_exception=False)
        if user is not None:
            client.force_login(user)
        if method == "GET":
            response = client.get(path, data or {})
        else:
            response = client.post(path, data or {})
        transaction.set_rollback(True)
    return response


def problems_with(route, path: str, who: str, method: str, response) -> list[str]:
    status, where = response.status_code, f"{who} {method} {path} ({route.name})"
    if status == 503 and route.name == "operations-readyz":
        return []  # the readiness probe's "not ready" (no worker here) is its answer
    if status >= 500:
        error = response.exc_info[1] if getattr(response, "exc_info", None) else ""
        return [f"{where}: {status} {type(error).__name__}: {error}"]
    found = []
    to_login = status == 302 and response["Location"].startswith("/accounts/login/")
    if who == "anonymous" and not is_public(route, path) and not to_login:
        found.append(f"{where}: {status} instead of the login page")
    foreign = route.has_integration and not is_machine(path)
    if who == "stranger" and foreign and status not in (404, 405):
        found.append(f"{where}: {status} instead of 404 for another account's integration")
    if status >= 400 and not is_machine(path) and not is_page(response):
        found.append(f"{where}: {status} without a page")
    return found


def way_back_problems(user, path: str, response) -> list[str]:
    """A refused method's page links to a page above it that opens."""
    back = re.search(r'href="([^"]*)" data-testid="way-back"', response.content.decode())
    if back is None:
        return [f"owner GET {path}: 405 page without a way back"]
    answer = visit(user, "GET", back[1], None)
    if answer.status_code not in (200, 302):
        return [f"owner GET {path}: its way back {back[1]} answers {answer.status_code}"]
    return []


def is_page(response) -> bool:
    """In the layout, with a sentence."""
    html = response.get("Content-Type", "").startswith("text/html")
    return html and b"<main" in response.content and b"<p" in response.content


@pytest.fixture
def integration_in(request, connected_integration, sandbox_http):
    state = request.param
    if state == "new":
        return make_integration(make_user("newcomer@example.org"))
    put_in_state(connected_integration, state)
    return connected_integration


@pytest.mark.parametrize("integration_in", STATES, indirect=True)
def test_no_page_answers_with_a_server_error_or_a_bare_error(integration_in):
    integration = integration_in
    values = url_values(integration, add_rows(integration))
    people = {
        "owner": integration.owner,
        "stranger": make_user("stranger@example.org"),
        "anonymous": None,
    }
    make_integration(people["stranger"])
    problems, visits = [], 0
    for route in product_routes():
        path = route.path(values)
        for who, user in people.items():
            for method, data in REQUESTS:
                response = visit(user, method, path, data)
                visits += 1
                problems += problems_with(route, path, who, method, response)
                if response.status_code == 405 and who == "owner" and not is_machine(path):
                    problems += way_back_problems(user, path, response)
    assert visits >= 3 * 4 * 40  # users × requests × routes
    assert problems == [], "\n".join(problems)
