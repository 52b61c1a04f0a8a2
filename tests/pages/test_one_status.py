"""One status and one reason everywhere: the connections page and the settings page say the
same of the same integration in every state, reading the page never changes it, and a
reconnect leaves a launched integration with the status its settings earn."""

import html
import re

import pytest
from django.urls import reverse

from integrations import services
from integrations.models import AuthMethod, PipedriveConnection, Status, StatusCause
from integrations.status import mark_connection_failed
from tests.pages.states import STATES, put_in_state
from tests.pipedrive_helpers import connect_pipedrive

pytestmark = pytest.mark.django_db


def shown(response) -> tuple[str, str]:
    """The status and the reason a page shows."""
    page = response.content.decode()
    status = re.search(r'data-testid="integration-status">([^<]*)<', page)
    reason = re.search(r'data-testid="status-reason">([^<]*)<', page)
    return tuple(html.unescape(found[1]) if found else "" for found in (status, reason))


@pytest.mark.parametrize("state", [s for s in STATES if s != "new"])
def test_the_connections_and_settings_pages_say_the_same(
    owner_client, connected_integration, state
):
    integration = connected_integration
    put_in_state(integration, state)
    detail = owner_client.get(reverse("integrations-detail", args=[integration.uuid]))
    settings_page = owner_client.get(reverse("integrations-settings", args=[integration.uuid]))
    integration.refresh_from_db()
    assert shown(detail) == shown(settings_page)
    assert shown(detail) == (integration.get_status_display(), integration.status_message)


def test_pressing_resume_on_a_legacy_connection_changes_no_page(
    owner_client, connected_integration
):
    integration = connected_integration
    put_in_state(integration, "legacy_token")
    integration.launched_at = integration.created_at
    integration.save(update_fields=["launched_at"])
    owner_client.post(reverse("integrations-settings-resume", args=[integration.uuid]))
    detail = owner_client.get(reverse("integrations-detail", args=[integration.uuid]))
    settings_page = owner_client.get(reverse("integrations-settings", args=[integration.uuid]))
    assert shown(detail) == shown(settings_page)
    assert shown(detail)[0] == "Paused"
    assert "old method" in shown(detail)[1]


def test_reconnecting_a_launched_integration_that_lost_access_makes_it_active_again(
    owner_client, connected_integration, sandbox_http
):
    integration = connected_integration
    put_in_state(integration, "connection_failed")
    response, _code = connect_pipedrive(owner_client, integration)
    integration.refresh_from_db()
    assert (integration.status, integration.status_cause) == (Status.ACTIVE, StatusCause.NONE)
    assert not integration.pipedrive.is_broken
    page = owner_client.get(response["Location"]).content.decode()
    assert "until launch" not in page
    assert shown(owner_client.get(response["Location"]))[0] == "Active"


def test_reconnecting_a_launched_legacy_connection_with_oauth_makes_it_active(
    owner_client, connected_integration, sandbox_http
):
    integration = connected_integration
    put_in_state(integration, "active")
    PipedriveConnection.objects.filter(integration=integration).update(
        auth_method=AuthMethod.API_TOKEN
    )
    integration.refresh_from_db()
    services.pause_legacy_connection(integration=integration)
    connect_pipedrive(owner_client, integration)
    integration.refresh_from_db()
    assert integration.status == Status.ACTIVE


def test_renewing_the_grant_of_an_active_integration_leaves_it_active(
    owner_client, connected_integration, sandbox_http
):
    integration = connected_integration
    put_in_state(integration, "active")
    connect_pipedrive(owner_client, integration)
    integration.refresh_from_db()
    assert integration.status == Status.ACTIVE


def test_a_paused_integration_stays_paused_after_a_reconnect(
    owner_client, connected_integration, sandbox_http
):
    integration = connected_integration
    put_in_state(integration, "active")
    owner_client.post(reverse("integrations-settings-pause", args=[integration.uuid]))
    connect_pipedrive(owner_client, integration)
    integration.refresh_from_db()
    assert integration.status == Status.PAUSED


def test_a_reconnect_whose_settings_no_longer_hold_says_which_need_attention(
    owner_client, connected_integration, sandbox_http
):
    integration = connected_integration
    put_in_state(integration, "active")
    mark_connection_failed(integration, cause=StatusCause.PIPEDRIVE_AUTH_LOST, detail="x")
    type(integration).objects.filter(pk=integration.pk).update(target_list_id="")
    connect_pipedrive(owner_client, integration)
    integration.refresh_from_db()
    assert (integration.status, integration.status_cause) == (
        Status.FAILED,
        StatusCause.SETTINGS_PROBLEM,
    )
