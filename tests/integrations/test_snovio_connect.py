import pytest
from django.db import connection as db
from django.urls import reverse

from integrations.models import SnovioConnection, Status
from sandbox.snovio.seed import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, seed_sandbox


@pytest.fixture
def snovio_account(db):
    return seed_sandbox(prospects=5)


def post(client, integration, **data):
    url = reverse("integrations-snovio-connect", args=[integration.uuid])
    return client.post(url, data)


@pytest.mark.django_db
def test_a_working_pair_is_stored_encrypted(
    owner_client, integration, snovio_account, sandbox_http
):
    response = post(
        owner_client, integration, client_id=DEMO_CLIENT_ID, client_secret=DEMO_CLIENT_SECRET
    )
    assert response.status_code == 302
    stored = SnovioConnection.objects.get(integration=integration)
    assert stored.client_secret == DEMO_CLIENT_SECRET
    assert stored.access_token  # the checked token is cached for later calls
    with db.cursor() as cursor:
        cursor.execute("SELECT client_secret FROM integrations_snovioconnection")
        assert DEMO_CLIENT_SECRET not in cursor.fetchone()[0]


@pytest.mark.django_db
def test_the_pair_is_checked_with_a_token_and_a_balance_call(
    owner_client, integration, snovio_account, sandbox_http
):
    post(owner_client, integration, client_id=DEMO_CLIENT_ID, client_secret=DEMO_CLIENT_SECRET)
    paths = [call.request.path_url.split("?")[0] for call in sandbox_http.calls]
    assert paths == ["/sandbox/snovio/v1/oauth/access_token", "/sandbox/snovio/v1/get-balance"]


@pytest.mark.django_db
def test_a_wrong_pair_is_a_form_error_and_nothing_is_stored(
    owner_client, integration, snovio_account, sandbox_http
):
    response = post(owner_client, integration, client_id=DEMO_CLIENT_ID, client_secret="wrong")
    assert response.status_code == 200
    assert "did not accept" in response.content.decode()
    assert response.context["form"].errors["client_secret"]
    assert not SnovioConnection.objects.exists()


@pytest.mark.django_db
def test_empty_fields_are_refused_without_calling_snovio(owner_client, integration, sandbox_http):
    response = post(owner_client, integration, client_id="  ", client_secret="")
    assert set(response.context["form"].errors) == {"client_id", "client_secret"}
    assert len(sandbox_http.calls) == 0


@pytest.mark.django_db
def test_snovio_unreachable_is_explained_and_nothing_is_stored(
    owner_client, integration, settings
):
    import requests
    import responses

    with responses.RequestsMock() as rsps:
        rsps.add(
            responses.POST,
            f"{settings.SNOVIO_API_URL}/v1/oauth/access_token",
            body=requests.ConnectionError("refused"),
        )
        response = post(owner_client, integration, client_id="a", client_secret="b")
    assert "could not be reached" in response.content.decode()
    assert not SnovioConnection.objects.exists()


@pytest.mark.django_db
def test_connecting_snovio_alone_leaves_the_integration_not_connected(
    owner_client, integration, snovio_account, sandbox_http
):
    post(owner_client, integration, client_id=DEMO_CLIENT_ID, client_secret=DEMO_CLIENT_SECRET)
    integration.refresh_from_db()
    assert integration.status == Status.SETUP


@pytest.mark.django_db
def test_the_connect_page_shows_sandbox_credentials_in_demo_mode(owner_client, integration):
    response = owner_client.get(reverse("integrations-snovio-connect", args=[integration.uuid]))
    assert DEMO_CLIENT_ID in response.content.decode()


@pytest.mark.django_db
def test_disconnect_removes_the_credentials(
    owner_client, integration, snovio_account, sandbox_http
):
    post(owner_client, integration, client_id=DEMO_CLIENT_ID, client_secret=DEMO_CLIENT_SECRET)
    owner_client.post(reverse("integrations-snovio-disconnect", args=[integration.uuid]))
    assert not SnovioConnection.objects.exists()
