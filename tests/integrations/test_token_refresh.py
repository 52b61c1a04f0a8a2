"""Access tokens are refreshed before they expire, once, under a lock; lost grants fail (R8)."""

import datetime as dt
import threading

import pytest
from django.db import connection as db_connection
from django.db import connections
from django.urls import reverse
from django.utils import timezone

from integrations import connections as pd_connections
from integrations import services
from integrations.clients import pipedrive_oauth
from integrations.clients.errors import AuthError, BillingError
from integrations.models import PipedriveConnection, Status
from sandbox.pipedrive.models import Company, Fault
from sandbox.pipedrive.seed import seed_sandbox
from tests.pipedrive_helpers import connect_pipedrive

TOKEN_PATH = "/sandbox/pipedrive/oauth/token"


@pytest.fixture
def connected(owner_client, integration, sandbox_http):
    seed_sandbox(persons=2)
    connect_pipedrive(owner_client, integration)
    integration.refresh_from_db()
    return integration


def expire(integration, seconds_left=10):
    PipedriveConnection.objects.filter(integration=integration).update(
        expires_at=timezone.now() + dt.timedelta(seconds=seconds_left)
    )


def token_calls(sandbox_http):
    return sum(1 for c in sandbox_http.calls if c.request.path_url == TOKEN_PATH)


@pytest.mark.django_db
def test_a_token_about_to_expire_is_refreshed_once_before_the_call(connected, sandbox_http):
    expire(connected)
    old = PipedriveConnection.objects.get()
    before = token_calls(sandbox_http)
    client = pd_connections.pipedrive_client(PipedriveConnection.objects.get())
    client.get_current_user()
    client.get_current_user()
    new = PipedriveConnection.objects.get()
    assert token_calls(sandbox_http) - before == 1
    assert new.access_token != old.access_token
    assert new.refresh_token != old.refresh_token  # the sandbox rotates, like Pipedrive may
    assert new.expires_at > timezone.now() + dt.timedelta(minutes=50)
    with pytest.raises(pipedrive_oauth.OAuthError):
        pipedrive_oauth.refresh_tokens(old.refresh_token)


@pytest.mark.django_db
def test_a_fresh_token_is_not_refreshed(connected, sandbox_http):
    before = token_calls(sandbox_http)
    pd_connections.pipedrive_client(PipedriveConnection.objects.get()).get_current_user()
    assert token_calls(sandbox_http) == before


@pytest.mark.django_db(transaction=True)
def test_two_workers_refreshing_at_once_spend_the_refresh_token_once(connected, sandbox_http):
    expire(connected)
    barrier, errors = threading.Barrier(2), []

    def worker():
        try:
            connection = PipedriveConnection.objects.get()
            barrier.wait()
            pd_connections.pipedrive_client(connection).get_current_user()
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connections.close_all()

    before = token_calls(sandbox_http)
    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    assert token_calls(sandbox_http) - before == 1
    connected.refresh_from_db()
    assert connected.status != Status.FAILED


@pytest.mark.django_db
def test_a_revoked_grant_gives_connection_failed_with_reconnect(
    owner_client, connected, sandbox_http
):
    pipedrive_oauth.revoke_token(PipedriveConnection.objects.get().refresh_token)
    expire(connected)
    with pytest.raises(AuthError):
        services.check_pipedrive_connection(integration=connected)
    connected.refresh_from_db()
    assert connected.status == Status.FAILED
    assert "Reconnect" in connected.status_message
    assert PipedriveConnection.objects.get().is_broken
    page = owner_client.get(reverse("integrations-detail", args=[connected.uuid])).content.decode()
    assert 'data-testid="reconnect-banner"' in page


@pytest.mark.django_db
def test_a_401_even_after_refreshing_gives_connection_failed(connected, sandbox_http):
    Fault.objects.create(path_prefix="/api/v1/users/me", http_status=401, remaining=2)
    before = token_calls(sandbox_http)
    with pytest.raises(AuthError):
        services.check_pipedrive_connection(integration=connected)
    connected.refresh_from_db()
    assert token_calls(sandbox_http) - before == 1
    assert connected.status == Status.FAILED


@pytest.mark.django_db
def test_an_unpaid_pipedrive_account_gives_connection_failed_with_the_reason(
    connected, sandbox_http
):
    Company.objects.update(is_unpaid=True)
    with pytest.raises(BillingError):
        services.check_pipedrive_connection(integration=connected)
    connected.refresh_from_db()
    assert connected.status == Status.FAILED
    assert "not paid up" in connected.status_message


def test_uses_the_database_under_test():
    assert db_connection.vendor in ("sqlite", "postgresql")
