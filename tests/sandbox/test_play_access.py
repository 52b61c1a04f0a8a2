"""The emulators' play pages need a login of this app; their API and OAuth endpoints stand in
for the vendors and stay reachable without it (B14). Every route under /sandbox/ that is not a
vendor endpoint is a page of ours and needs the login."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

from tests.factories import make_user

EXAMPLES = {"int": "1", "uuid": "00000000-0000-0000-0000-000000000001"}


def routes(patterns=None, prefix="") -> list[str]:
    """Every route of the URLconf as an example path (parameters filled in)."""
    found = []
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if not isinstance(pattern.pattern, RoutePattern):
            continue  # the Snov.io emulator's catch-all "not found" answer
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            found += routes(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            found.append(
                "/" + re.sub(r"<(?:(\w+):)?\w+>", lambda m: EXAMPLES.get(m[1], "x"), route)
            )
    return found


SANDBOX = sorted({path for path in routes() if path.startswith("/sandbox/")})
# What stands in for the vendors' servers; everything else under /sandbox/ is a page of ours.
VENDOR_PREFIXES = (
    "/sandbox/pipedrive/oauth/",
    "/sandbox/pipedrive/api/",
    "/sandbox/pipedrive/v1/",
    "/sandbox/snovio/v1/",
    "/sandbox/snovio/v2/",
)
VENDOR = [path for path in SANDBOX if path.startswith(VENDOR_PREFIXES)]
PLAY = [path for path in SANDBOX if not path.startswith(VENDOR_PREFIXES)]


def test_both_emulators_have_play_pages_and_vendor_endpoints():
    assert len(PLAY) > 20 and len(VENDOR) > 20
    assert all("/play/" not in path for path in VENDOR)


@pytest.mark.django_db
@pytest.mark.parametrize("path", PLAY)
def test_a_play_page_sends_an_anonymous_visitor_to_log_in(client, path):
    for method in (client.get, client.post):
        response = method(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/accounts/login/?next=/sandbox/"), path


@pytest.mark.django_db
@pytest.mark.parametrize("path", VENDOR)
def test_a_vendor_endpoint_answers_without_a_login_of_this_app(client, path):
    for method in (client.get, client.post):
        response = method(path)
        assert not response.get("Location", "").startswith("/accounts/login/"), path


@pytest.mark.django_db
def test_a_signed_in_user_opens_the_play_pages(client):
    client.force_login(make_user())
    assert client.get("/sandbox/snovio/play/webhooks/").status_code == 200
    assert client.get("/sandbox/pipedrive/play/").status_code == 200
