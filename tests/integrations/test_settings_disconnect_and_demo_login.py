"""Disconnect asks first and says what stops; the demo's login is shown on the login page only
while the demo's sandboxes are on."""

import pytest
from django.urls import reverse

from integrations.models import PipedriveConnection, SnovioConnection, Status


def url(name, integration):
    return reverse(name, args=[integration.uuid])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "connection", "says"),
    [
        ("integrations-pipedrive-disconnect", PipedriveConnection, "revoked at Pipedrive"),
        ("integrations-snovio-disconnect", SnovioConnection, "API User ID and Secret"),
    ],
)
def test_disconnect_first_asks_and_says_what_stops(
    owner_client, connected_integration, name, connection, says
):
    integration = connected_integration
    owner_client.post(url("integrations-settings-launch", integration))
    detail = owner_client.get(url("integrations-detail", integration)).content.decode()
    asked = owner_client.get(url(name, integration))
    page = asked.content.decode()
    assert f'href="{url(name, integration)}"' in detail
    assert asked.status_code == 200
    assert "Real-time sync stops" in page and says in page
    assert "Your settings, field mapping, constants, automations and the sync log" in page
    assert connection.objects.filter(integration=integration).exists()

    owner_client.post(url(name, integration))
    integration.refresh_from_db()
    assert not connection.objects.filter(integration=integration).exists()
    assert integration.status == Status.SETUP


@pytest.mark.django_db
def test_disconnecting_what_is_not_connected_goes_back_to_the_connections(
    owner_client, integration
):
    response = owner_client.get(url("integrations-pipedrive-disconnect", integration))
    assert response["Location"] == url("integrations-detail", integration)


@pytest.mark.django_db
def test_the_login_page_shows_the_demo_login_while_the_sandboxes_are_on(client, settings):
    page = client.get(reverse("account_login")).content.decode()
    assert settings.DEMO_LOGIN["email"] in page and settings.DEMO_LOGIN["password"] in page
    assert 'data-testid="demo-login"' not in client.get(reverse("account_signup")).content.decode()


@pytest.mark.django_db
def test_the_login_page_never_shows_the_demo_login_without_the_sandboxes(client, settings):
    settings.SANDBOX = False
    page = client.get(reverse("account_login")).content.decode()
    assert settings.DEMO_LOGIN["password"] not in page
    assert 'data-testid="demo-login"' not in page
