"""A user removes the app in Pipedrive: Pipedrive sends DELETE to the app's callback URL with
HTTP Basic (our client id and secret) and a JSON body naming the company and the user
(https://pipedrive.readme.io/docs/app-uninstallation). The integration becomes Connection
failed with its reason, stops writing, and Reconnect brings it back."""

import base64
import json

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from integrations.models import Status, StatusCause
from integrations.status import set_status
from sandbox.pipedrive import people
from sandbox.pipedrive.models import AccessToken, Person
from sandbox.pipedrive.models import User as SandboxUser
from sandbox.snovio.models import Prospect
from syncengine.models import EventState, InboundEvent
from syncengine.realtime.process import process_event
from tests.pipedrive_helpers import ANA, CALLBACK, connect_pipedrive

pytestmark = pytest.mark.django_db
MESSAGE = "The app was removed from Pipedrive. Reconnect to authorise it again."


@pytest.fixture
def active(connected_integration):
    connected_integration.launched_at = timezone.now()
    connected_integration.save()
    set_status(connected_integration, Status.ACTIVE)
    return connected_integration


def ana() -> SandboxUser:
    return SandboxUser.objects.get(email=ANA)


def uninstall_in_pipedrive(client, capture) -> None:
    """Ana removes the app on the emulator's play page; Pipedrive tells the app."""
    url = reverse("sandbox-pipedrive-play-user-uninstall", args=[ana().pk])
    with capture(execute=True):
        client.post(url)


def notice(*, user=None, password=None, **body):
    auth = f"{user or settings.PIPEDRIVE_CLIENT_ID}:{password or settings.PIPEDRIVE_CLIENT_SECRET}"
    payload = {
        "client_id": settings.PIPEDRIVE_CLIENT_ID,
        "company_id": ana().company_id,
        "user_id": ana().pk,
        "timestamp": "2026-12-01T10:00:00Z",
        **body,
    }
    return Client(enforce_csrf_checks=True).delete(
        CALLBACK,
        data=json.dumps(payload),
        content_type="application/json",
        headers={"Authorization": "Basic " + base64.b64encode(auth.encode()).decode()},
    )


def test_removing_the_app_in_pipedrive_marks_the_integration_connection_failed(
    owner_client, active, sandbox_http, django_capture_on_commit_callbacks
):
    uninstall_in_pipedrive(owner_client, django_capture_on_commit_callbacks)
    active.refresh_from_db()
    assert (active.status, active.status_cause) == (Status.FAILED, StatusCause.APP_UNINSTALLED)
    assert active.status_message == MESSAGE
    assert active.pipedrive.is_broken and active.needs_reconnect
    page = owner_client.get(reverse("integrations-detail", args=[active.uuid]))
    assert MESSAGE in page.content.decode() and b"Reconnect" in page.content
    assert not AccessToken.objects.filter(user=ana(), revoked=False).exists()


def test_after_the_app_is_removed_changes_wait_instead_of_being_written(
    owner_client, active, sandbox_http, django_capture_on_commit_callbacks
):
    uninstall_in_pipedrive(owner_client, django_capture_on_commit_callbacks)
    person = Person.objects.filter(company=ana().company).exclude(emails=[]).first()
    people.update_person(person, actor=ana(), changes={"job_title": "Waits"}, source="app")
    event = InboundEvent.objects.create(
        integration=active,
        source="pipedrive",
        kind="person.change",
        idempotency_key="after-uninstall",
        payload={
            "meta": {"action": "change", "entity": "person", "entity_id": str(person.pk)},
            "data": {"id": person.pk, "name": person.name, "emails": person.emails,
                     "job_title": "Waits"},
            "previous": None,
        },
    )  # fmt: skip
    writes = len(sandbox_http.calls)
    process_event(event_id=event.pk)
    event.refresh_from_db()
    assert event.state == EventState.WAITING
    assert len(sandbox_http.calls) == writes
    assert not Prospect.objects.filter(position="Waits").exists()


def test_reconnect_after_the_app_was_removed_works(
    owner_client, active, sandbox_http, django_capture_on_commit_callbacks
):
    uninstall_in_pipedrive(owner_client, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        connect_pipedrive(owner_client, active)
    active.refresh_from_db()
    assert active.status != Status.FAILED and active.status_cause != StatusCause.APP_UNINSTALLED
    assert not active.pipedrive.is_broken


@pytest.mark.parametrize(
    "credentials",
    [{"password": "wrong-secret"}, {"user": "another-app"}],
    ids=["wrong secret", "another app's id"],
)
def test_a_notice_with_wrong_credentials_changes_nothing(active, credentials):
    response = notice(**credentials)
    assert response.status_code == 401
    active.refresh_from_db()
    assert active.status == Status.ACTIVE and not active.pipedrive.is_broken


def test_a_notice_for_another_app_or_without_ids_changes_nothing(active):
    assert notice(client_id="another-app").status_code == 400
    assert notice(user_id="").status_code == 400
    active.refresh_from_db()
    assert active.status == Status.ACTIVE


def test_a_notice_for_another_pipedrive_user_changes_nothing(active):
    response = notice(user_id=ana().pk + 1000)
    assert response.status_code == 200 and response.json()["integrations"] == 0
    active.refresh_from_db()
    assert active.status == Status.ACTIVE


def test_the_notice_needs_no_csrf_token_and_ids_may_be_text(active):
    response = notice(company_id=str(ana().company_id), user_id=str(ana().pk))
    assert response.status_code == 200 and response.json()["integrations"] == 1
    active.refresh_from_db()
    assert active.status_cause == StatusCause.APP_UNINSTALLED


def test_the_callback_still_sends_an_anonymous_visitor_to_log_in(client):
    response = client.get(CALLBACK, {"code": "x", "state": "y"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/integration/pipedrive/")
