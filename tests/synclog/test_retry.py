"""Failed records can be retried one by one or all at once (B12).

Most tests check what the buttons ask of syncengine.retry.retry_failed through a stand-in (see
conftest); what a retry runs belongs to the event processing and is tested there. One test goes
through the real function."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from syncengine.models import EventState, InboundEvent, Outcome
from tests.factories import make_integration
from tests.synclog.entries import make_entry, make_failure

pytestmark = pytest.mark.django_db


def retry_url(entry):
    return reverse("syncengine-log-retry", args=[entry.integration.uuid, entry.pk])


def retry_all_url(integration):
    return reverse("syncengine-log-retry-all", args=[integration.uuid])


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_retry_buttons_are_shown_only_for_failed_entries_not_yet_retried(
    owner_client, integration
):
    waiting = make_failure(integration, "a")
    done = make_failure(integration, "b", retried_at=timezone.now())
    fine = make_entry(integration, outcome=Outcome.CREATED)
    without_event = make_entry(integration, outcome=Outcome.FAILED)
    html = owner_client.get(reverse("syncengine-log", args=[integration.uuid])).content.decode()
    assert f'action="{retry_url(waiting)}"' in html
    for entry in (done, fine, without_event):
        assert f'action="{retry_url(entry)}"' not in html
    assert "Retry all failed (1)" in html


def test_retry_all_is_not_offered_when_nothing_failed(owner_client, integration):
    make_entry(integration, outcome=Outcome.CREATED)
    make_failure(integration, retried_at=timezone.now())
    html = owner_client.get(reverse("syncengine-log", args=[integration.uuid])).content.decode()
    assert "Retry all failed" not in html


def test_retry_one_queues_that_entry_and_says_so(owner_client, integration, retry_calls):
    entry = make_entry(integration, outcome=Outcome.FAILED)
    response = owner_client.post(retry_url(entry))
    assert retry_calls == [{"integration": integration, "entry_ids": [entry.pk]}]
    assert response.status_code == 302
    assert response.url == reverse("syncengine-log", args=[integration.uuid])
    assert messages_of(response) == ["1 record queued for retry."]


def test_retry_all_queues_every_failed_entry(owner_client, integration, retry_calls):
    make_entry(integration, outcome=Outcome.FAILED)
    response = owner_client.post(retry_all_url(integration))
    assert retry_calls == [{"integration": integration, "entry_ids": None}]
    assert messages_of(response) == ["7 records queued for retry."]


def test_retry_goes_back_to_the_same_filtered_page(owner_client, integration, retry_calls):
    entry = make_entry(integration, outcome=Outcome.FAILED)
    back = "outcome=failed&page=2"
    response = owner_client.post(retry_url(entry), {"back": back})
    assert response.url == reverse("syncengine-log", args=[integration.uuid]) + "?" + back


def test_retry_back_link_cannot_leave_the_log(owner_client, integration, retry_calls):
    response = owner_client.post(retry_all_url(integration), {"back": "//evil.example/x"})
    assert response.url.startswith(reverse("syncengine-log", args=[integration.uuid]) + "?")


def test_retry_of_another_owners_entry_is_404_and_nothing_is_retried(
    owner_client, integration, retry_calls
):
    foreign = make_entry(make_integration(), outcome=Outcome.FAILED)
    url = reverse("syncengine-log-retry", args=[integration.uuid, foreign.pk])
    assert owner_client.post(url).status_code == 404
    assert owner_client.post(retry_url(foreign)).status_code == 404
    assert owner_client.post(retry_all_url(foreign.integration)).status_code == 404
    assert retry_calls == []


def test_retry_needs_a_post(owner_client, integration, retry_calls):
    entry = make_entry(integration, outcome=Outcome.FAILED)
    assert owner_client.get(retry_url(entry)).status_code == 405
    assert owner_client.get(retry_all_url(integration)).status_code == 405
    assert retry_calls == []


def test_retry_refuses_a_post_without_the_csrf_token(user, integration, retry_calls):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    entry = make_entry(integration, outcome=Outcome.FAILED)
    assert client.post(retry_url(entry)).status_code == 403
    assert retry_calls == []


def test_retry_one_runs_the_entrys_event_again(owner_client, integration):
    """Through the real syncengine.retry.retry_failed: the entry is marked, its event queued."""
    entry = make_failure(integration)
    other = make_failure(integration, "delivery-2")
    response = owner_client.post(retry_url(entry))
    assert messages_of(response) == ["1 record queued for retry."]
    entry.refresh_from_db()
    other.refresh_from_db()
    assert entry.retried_at is not None
    assert other.retried_at is None
    assert InboundEvent.objects.get(pk=entry.event_id).state == EventState.PENDING
