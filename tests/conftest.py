import os
import re
from urllib.parse import urlsplit

import pytest
import responses
from django.test import Client
from django.utils import translation

from tests.pages.journey_scan import journeys_show_no_keys  # noqa: F401 (autouse)

# Playwright's sync API runs an event loop in the test thread; the ORM must still be usable.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

TESTSERVER = re.compile(r"^http://testserver/.*")
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


def _forward_to_django():
    """A `responses` callback that serves a request with this process' Django app.

    A new test client per request: calls may come from several threads at once."""

    def callback(request):
        client = Client(raise_request_exception=True)
        url = urlsplit(request.url)
        path = url.path + (f"?{url.query}" if url.query else "")
        headers = {
            k: v
            for k, v in request.headers.items()
            if k.lower() not in ("content-length", "content-type", "host")
        }
        body = request.body or b""
        if isinstance(body, str):
            body = body.encode()
        # The emulator's LocaleMiddleware would leave this thread in its own language; the
        # request that called out (a Spanish page, say) goes on in the language it had.
        with translation.override(translation.get_language()):
            response = client.generic(
                request.method,
                path,
                data=body,
                content_type=request.headers.get("Content-Type", "application/octet-stream"),
                headers=headers,
            )
        response_headers = {k: v for k, v in response.items() if k.lower() != "content-length"}
        return response.status_code, response_headers, response.content

    return callback


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language: a request through the test client leaves its
    thread in the language LocaleMiddleware chose (Spanish, for a Spanish request)."""
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _no_remembered_budgets():
    """Each test's rate budgets are its database's: what an earlier test's Pipedrive answers
    taught this process is forgotten (integrations.limits remembers it for a second)."""
    from integrations.limits import forget_budgets

    forget_budgets()


@pytest.fixture
def sandbox_http():
    """Outbound HTTP to http://testserver/… is answered in-process by the sandboxes (and our
    own webhook endpoints), inside the test's database transaction. Yields the
    `responses.RequestsMock`, whose `.calls` lists every request made."""
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        for method in METHODS:
            rsps.add_callback(method, TESTSERVER, callback=_forward_to_django())
        yield rsps


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
        "args": [
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--disable-sync",
            "--disable-quic",
            "--disable-gpu",
        ],
    }


@pytest.fixture
def user(db):
    from tests.factories import make_user

    return make_user("owner@example.org")


@pytest.fixture
def integration(user):
    from tests.factories import make_integration

    return make_integration(user)


@pytest.fixture
def owner_client(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def connected_only(owner_client, integration, sandbox_http, django_capture_on_commit_callbacks):
    """Both sandboxes seeded small and connected like a user would; the background Refresh
    has loaded the schema. No exchange setting is filled in yet."""
    from django.urls import reverse

    from sandbox.pipedrive.seed import seed_sandbox as seed_pipedrive
    from sandbox.snovio.seed import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET
    from sandbox.snovio.seed import seed_sandbox as seed_snovio
    from tests.pipedrive_helpers import connect_pipedrive

    seed_snovio(prospects=10)
    seed_pipedrive(persons=5)
    owner_client.post(
        reverse("integrations-snovio-connect", args=[integration.uuid]),
        {"client_id": DEMO_CLIENT_ID, "client_secret": DEMO_CLIENT_SECRET},
    )
    with django_capture_on_commit_callbacks(execute=True):
        connect_pipedrive(owner_client, integration)
    integration.refresh_from_db()
    return integration


@pytest.fixture
def connected_integration(connected_only):
    """Connected, with the exchange settings filled in (target list, owner); not launched."""
    from syncengine.schema_refresh import load_schema

    integration = connected_only
    schema = load_schema(integration)
    integration.target_list_id = schema.snovio_lists[0].id
    integration.owner_user_id = schema.pipedrive_users[0].id
    integration.save()
    return integration
