"""Lists, fields, pipelines and users load in the background (R6.4): the first load after the
Pipedrive consent and every Refresh. The page says a load is waiting, running or failed, and
follows it until it is done; no outside call is made inside the request."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from integrations.models import RefreshState, RemoteSchema, SnovioConnection
from integrations.tasks import NOT_CONNECTED, refresh_schema_task
from syncengine.schema_refresh import load_schema
from tests.factories import make_integration, make_user
from tests.pipedrive_helpers import connect_pipedrive


def url(name, integration):
    return reverse(name, args=[integration.uuid])


def state_of(integration):
    return RemoteSchema.objects.get(integration=integration)


@pytest.fixture
def no_worker(monkeypatch):
    """Enqueued work waits in the broker: nothing runs it until the test does."""
    monkeypatch.setattr("django_q.conf.Conf.SYNC", False)


@pytest.fixture
def consented(
    owner_client, integration, sandbox_http, no_worker, django_capture_on_commit_callbacks
):
    """Both apps connected; the first load is enqueued and waits for a worker."""
    from sandbox.pipedrive.seed import seed_sandbox as seed_pipedrive
    from sandbox.snovio.seed import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET
    from sandbox.snovio.seed import seed_sandbox as seed_snovio

    seed_snovio(prospects=3)
    seed_pipedrive(persons=2)
    owner_client.post(
        url("integrations-snovio-connect", integration),
        {"client_id": DEMO_CLIENT_ID, "client_secret": DEMO_CLIENT_SECRET},
    )
    with django_capture_on_commit_callbacks(execute=True):
        connect_pipedrive(owner_client, integration)
    integration.refresh_from_db()
    return integration


@pytest.mark.django_db
def test_right_after_the_consent_the_page_says_the_first_load_is_waiting_and_polls(
    owner_client, consented
):
    page = owner_client.get(url("integrations-settings", consented)).content.decode()
    assert state_of(consented).refresh_state == RefreshState.PENDING
    assert "Loading your lists, fields, pipelines, stages and users" in page
    assert f'hx-get="{url("integrations-settings-schema", consented)}"' in page
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in page
    assert "press Refresh" not in page


@pytest.mark.django_db
def test_the_poll_asks_for_a_reload_only_once_the_load_is_done(owner_client, consented):
    waiting = owner_client.get(url("integrations-settings-schema", consented))
    assert "HX-Refresh" not in waiting
    assert "Loading your lists" in waiting.content.decode()

    refresh_schema_task(consented.pk)
    done = owner_client.get(url("integrations-settings-schema", consented))
    page = owner_client.get(url("integrations-settings", consented)).content.decode()
    assert done["HX-Refresh"] == "true"
    assert state_of(consented).refresh_state == RefreshState.IDLE
    assert load_schema(consented).loaded
    assert "hx-get" not in page.split('id="schema-state"')[1].split(">")[0]
    assert "Website signups" in page


@pytest.mark.django_db
def test_refresh_enqueues_a_load_and_calls_no_outside_app_in_the_request(
    owner_client, consented, sandbox_http
):
    refresh_schema_task(consented.pk)
    calls = len(sandbox_http.calls)
    response = owner_client.post(url("integrations-settings-refresh", consented))
    assert response["Location"].endswith("#status")
    assert len(sandbox_http.calls) == calls
    assert state_of(consented).refresh_state == RefreshState.PENDING


@pytest.mark.django_db
def test_a_refused_load_is_shown_with_the_reason_and_refresh_is_offered_again(
    owner_client, consented
):
    SnovioConnection.objects.filter(integration=consented).update(
        client_secret="no-longer-valid", access_token=""
    )
    refresh_schema_task(consented.pk)
    stored = state_of(consented)
    page = owner_client.get(url("integrations-settings", consented)).content.decode()
    assert stored.refresh_state == RefreshState.FAILED
    assert stored.refresh_error.startswith("Snov.io")
    assert "Lists and fields could not be loaded: " + escape(stored.refresh_error) in page
    assert re.search(r"<button(?![^>]*disabled)[^>]*>Refresh</button>", page)


@pytest.mark.django_db
def test_a_load_for_an_integration_missing_an_app_fails_with_a_sentence(integration):
    refresh_schema_task(integration.pk)
    assert state_of(integration).refresh_state == RefreshState.FAILED
    assert state_of(integration).refresh_error == NOT_CONNECTED


@pytest.mark.django_db
def test_refresh_with_pipedrive_disconnected_answers_with_a_sentence(owner_client, integration):
    response = owner_client.post(url("integrations-settings-refresh", integration), follow=True)
    assert response.status_code == 200
    assert "Connect both Snov.io and Pipedrive first" in response.content.decode()
    assert not RemoteSchema.objects.filter(integration=integration).exists()


@pytest.mark.django_db
def test_a_load_lost_for_ten_minutes_is_no_longer_waited_for(owner_client, consented):
    RemoteSchema.objects.filter(integration=consented).update(
        refresh_state_at=timezone.now() - dt.timedelta(minutes=11)
    )
    page = owner_client.get(url("integrations-settings", consented)).content.decode()
    assert "Loading your lists" not in page
    assert "Loading lists and fields did not finish" in page
    assert re.search(r"<button(?![^>]*disabled)[^>]*>Refresh</button>", page)  # not disabled


@pytest.mark.django_db
def test_an_unexpected_error_during_the_load_is_shown_and_raised(consented, monkeypatch):
    def broken(**kwargs):
        raise KeyError("surprise")

    monkeypatch.setattr("integrations.tasks.refresh_schema", broken)
    with pytest.raises(KeyError):
        refresh_schema_task(consented.pk)
    assert state_of(consented).refresh_state == RefreshState.FAILED


@pytest.mark.django_db
def test_the_load_state_of_another_account_is_not_found(owner_client):
    foreign = make_integration(make_user("stranger@example.org"))
    assert owner_client.get(url("integrations-settings-schema", foreign)).status_code == 404
