"""R1.3, R1.4, R1.6: connect, reconnect and disconnect Pipedrive through the sandbox's OAuth."""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.db import connection as db
from django.urls import reverse
from django.utils import timezone

from integrations.clients import pipedrive_oauth
from integrations.models import AuthMethod, PipedriveConnection, SnovioConnection, Status
from sandbox.pipedrive.models import AuthorizationCode
from sandbox.pipedrive.seed import seed_sandbox
from syncengine.models import FieldMapping
from tests.pipedrive_helpers import CALLBACK, connect_pipedrive, consent, start_connect


@pytest.fixture
def pipedrive_company(db):
    return seed_sandbox(persons=3)


@pytest.fixture
def with_snovio(integration):
    SnovioConnection.objects.create(integration=integration, client_id="id", client_secret="s")
    return integration


@pytest.mark.django_db
def test_connecting_stores_encrypted_tokens_and_the_company(
    owner_client, integration, pipedrive_company, sandbox_http
):
    connect_pipedrive(owner_client, integration)
    stored = PipedriveConnection.objects.get(integration=integration)
    assert stored.auth_method == AuthMethod.OAUTH
    assert stored.company_name == "Demo Company"
    assert stored.user_name == "Ana Admin"
    assert stored.api_domain.endswith("/sandbox/pipedrive")
    assert stored.access_token and stored.refresh_token and stored.expires_at
    with db.cursor() as cursor:
        cursor.execute("SELECT access_token, refresh_token FROM integrations_pipedriveconnection")
        raw = cursor.fetchone()
    assert stored.access_token not in raw[0] and stored.refresh_token not in raw[1]


@pytest.mark.django_db
def test_after_connecting_both_apps_the_integration_is_paused_on_the_settings_page(
    owner_client, with_snovio, pipedrive_company, sandbox_http
):
    response, _ = connect_pipedrive(owner_client, with_snovio)
    with_snovio.refresh_from_db()
    assert with_snovio.status == Status.PAUSED
    assert response["Location"] == reverse("integrations-settings", args=[with_snovio.uuid])


@pytest.mark.django_db
def test_a_replayed_code_is_refused_and_changes_nothing(
    owner_client, integration, pipedrive_company, sandbox_http
):
    _, code = connect_pipedrive(owner_client, integration)
    before = PipedriveConnection.objects.get().access_token
    state = start_connect(owner_client, integration)
    response = owner_client.get(CALLBACK, {"code": code, "state": state})
    assert response.status_code == 302
    assert PipedriveConnection.objects.get().access_token == before


@pytest.mark.django_db
def test_a_code_older_than_five_minutes_is_refused_and_stores_nothing(
    owner_client, integration, pipedrive_company, sandbox_http
):
    state = start_connect(owner_client, integration)
    code = consent(owner_client, state)
    AuthorizationCode.objects.filter(code=code).update(
        created_at=timezone.now() - dt.timedelta(minutes=6)
    )
    response = owner_client.get(CALLBACK, {"code": code, "state": state})
    assert "expired" in [str(m) for m in get_messages(response.wsgi_request)][0]
    assert not PipedriveConnection.objects.exists()


@pytest.mark.django_db
def test_reconnect_keeps_every_setting_and_replaces_the_tokens(
    owner_client, with_snovio, pipedrive_company, sandbox_http
):
    connect_pipedrive(owner_client, with_snovio)
    old = PipedriveConnection.objects.get()
    with_snovio.direction = "to_pipedrive"
    with_snovio.owner_user_id = 1
    with_snovio.save()
    FieldMapping.objects.create(
        integration=with_snovio, snovio_field="locality", pipedrive_field="x"
    )
    connect_pipedrive(owner_client, with_snovio)
    with_snovio.refresh_from_db()
    new = PipedriveConnection.objects.get()
    assert (with_snovio.direction, with_snovio.owner_user_id) == ("to_pipedrive", 1)
    assert FieldMapping.objects.filter(integration=with_snovio).count() == 1
    assert new.pk == old.pk and new.access_token != old.access_token


@pytest.mark.django_db
def test_disconnect_revokes_the_grant_at_pipedrive_and_keeps_settings(
    owner_client, with_snovio, pipedrive_company, sandbox_http
):
    connect_pipedrive(owner_client, with_snovio)
    refresh_token = PipedriveConnection.objects.get().refresh_token
    with_snovio.direction = "to_snovio"
    with_snovio.save()
    owner_client.post(reverse("integrations-pipedrive-disconnect", args=[with_snovio.uuid]))
    assert not PipedriveConnection.objects.exists()
    with pytest.raises(pipedrive_oauth.OAuthError):
        pipedrive_oauth.refresh_tokens(refresh_token)
    with_snovio.refresh_from_db()
    assert with_snovio.direction == "to_snovio"
    assert with_snovio.status == Status.SETUP
