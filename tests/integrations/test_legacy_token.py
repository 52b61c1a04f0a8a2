"""R1.5: a connection made with a Pipedrive API token is paused until reconnected with OAuth."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from integrations.models import (
    AuthMethod,
    Integration,
    PipedriveConnection,
    Status,
    StatusCause,
)
from sandbox.pipedrive.models import User as SandboxUser
from sandbox.pipedrive.seed import seed_sandbox


@pytest.fixture
def sandbox_token(db):
    seed_sandbox(persons=3)
    return SandboxUser.objects.get(email="ana@demo-company.example").api_token


def import_token(monkeypatch, email, token):
    monkeypatch.setattr("builtins.input", lambda prompt="": token)
    call_command("import_pipedrive_api_token", email, stdout=io.StringIO())


@pytest.mark.django_db
def test_imported_api_token_is_stored_encrypted_and_paused(
    monkeypatch, user, integration, sandbox_token, sandbox_http
):
    import_token(monkeypatch, user.email, sandbox_token)
    connection = PipedriveConnection.objects.get(integration=integration)
    integration.refresh_from_db()
    assert connection.auth_method == AuthMethod.API_TOKEN
    assert connection.api_token == sandbox_token
    assert connection.company_name == "Demo Company"
    assert integration.status == Status.PAUSED
    assert integration.status_cause == StatusCause.LEGACY_TOKEN
    assert "old method" in integration.status_message


@pytest.mark.django_db
def test_a_wrong_api_token_is_refused_and_nothing_is_stored(
    monkeypatch, user, integration, sandbox_token, sandbox_http
):
    with pytest.raises(CommandError, match="refused"):
        import_token(monkeypatch, user.email, "not-a-token")
    assert not PipedriveConnection.objects.exists()


@pytest.mark.django_db
def test_resuming_a_legacy_connection_keeps_it_paused_with_a_reconnect_banner(
    monkeypatch, owner_client, user, integration, sandbox_token, sandbox_http
):
    import_token(monkeypatch, user.email, sandbox_token)
    Integration.objects.filter(pk=integration.pk).update(launched_at=timezone.now())
    owner_client.post(reverse("integrations-settings-resume", args=[integration.uuid]))
    integration.refresh_from_db()
    assert integration.status == Status.PAUSED
    assert integration.status_cause == StatusCause.LEGACY_TOKEN
    response = owner_client.get(reverse("integrations-detail", args=[integration.uuid]))
    page = response.content.decode()
    assert 'data-testid="reconnect-banner"' in page
    assert "old method" in page
    assert sandbox_token not in page
