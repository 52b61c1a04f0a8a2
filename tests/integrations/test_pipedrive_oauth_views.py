from urllib.parse import parse_qs, urlsplit

import pytest
import responses
from django.contrib.messages import get_messages
from django.urls import reverse

from integrations.models import PipedriveConnection
from integrations.views import OAUTH_SESSION_KEY

CALLBACK = "/integration/pipedrive/callback/"


def start(client, integration):
    response = client.post(reverse("integrations-pipedrive-connect", args=[integration.uuid]))
    return response, client.session[OAUTH_SESSION_KEY]["state"]


def texts(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.mark.django_db
def test_connect_redirects_to_pipedrive_with_a_state_bound_to_the_session(
    owner_client, integration, settings
):
    response, state = start(owner_client, integration)
    url = urlsplit(response["Location"])
    query = parse_qs(url.query)
    assert response.status_code == 302
    assert (
        f"{url.scheme}://{url.netloc}{url.path}"
        == f"{settings.PIPEDRIVE_OAUTH_URL}/oauth/authorize"
    )
    assert query["state"] == [state]
    assert query["client_id"] == [settings.PIPEDRIVE_CLIENT_ID]
    assert query["redirect_uri"] == [settings.PIPEDRIVE_REDIRECT_URI]


@pytest.mark.django_db
def test_connect_needs_post(owner_client, integration):
    url = reverse("integrations-pipedrive-connect", args=[integration.uuid])
    assert owner_client.get(url).status_code == 405


@pytest.mark.django_db
def test_callback_without_a_started_sign_in_is_refused(owner_client, integration):
    response = owner_client.get(CALLBACK, {"code": "x", "state": "y"})
    assert response.status_code == 400
    assert b"expired or was already used" in response.content
    assert not PipedriveConnection.objects.exists()


@pytest.mark.django_db
def test_callback_rejects_wrong_state(owner_client, integration):
    start(owner_client, integration)
    response = owner_client.get(CALLBACK, {"code": "x", "state": "forged"})
    assert response.status_code == 400
    assert b"did not match" in response.content
    assert not PipedriveConnection.objects.exists()


@pytest.mark.django_db
def test_callback_state_is_single_use(owner_client, integration):
    _, state = start(owner_client, integration)
    owner_client.get(CALLBACK, {"error": "access_denied", "state": state})
    response = owner_client.get(CALLBACK, {"code": "x", "state": state})
    assert response.status_code == 400


@pytest.mark.django_db
def test_denied_consent_stores_nothing_and_says_so(owner_client, integration):
    _, state = start(owner_client, integration)
    response = owner_client.get(CALLBACK, {"error": "access_denied", "state": state})
    assert response.status_code == 302
    assert "access was not granted" in texts(response)[0]
    assert not PipedriveConnection.objects.exists()


@pytest.mark.django_db
def test_unknown_code_is_refused_by_the_token_endpoint(owner_client, integration, sandbox_http):
    _, state = start(owner_client, integration)
    response = owner_client.get(CALLBACK, {"code": "not-a-real-code", "state": state})
    assert "Pipedrive refused the connection" in texts(response)[0]
    assert not PipedriveConnection.objects.exists()


@pytest.mark.django_db
def test_token_endpoint_down_stores_nothing(owner_client, integration, settings):
    _, state = start(owner_client, integration)
    with responses.RequestsMock() as rsps:
        rsps.add(responses.POST, f"{settings.PIPEDRIVE_OAUTH_URL}/oauth/token", status=503)
        response = owner_client.get(CALLBACK, {"code": "c", "state": state})
    assert "did not answer" in texts(response)[0]
    assert not PipedriveConnection.objects.exists()


@pytest.mark.django_db
def test_callback_of_another_accounts_sign_in_is_not_found(owner_client, integration):
    from tests.factories import make_integration, make_user

    foreign = make_integration(make_user("stranger@example.org"))
    session = owner_client.session
    session[OAUTH_SESSION_KEY] = {"state": "s", "integration": str(foreign.uuid)}
    session.save()
    assert owner_client.get(CALLBACK, {"code": "c", "state": "s"}).status_code == 404
