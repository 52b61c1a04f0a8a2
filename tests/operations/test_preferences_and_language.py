"""Unsubscribing per kind with the signed link every email carries, the preferences page, and
emails written in the recipient's language (English by default)."""

import datetime as dt
import re

from django.core import mail
from django.urls import reverse

from integrations.models import Status, StatusCause
from integrations.status import mark_connection_failed, set_status
from operations.digest import queue_daily_digests
from operations.models import NotificationPreference
from operations.preferences import preference_of, unsubscribe_token
from syncengine.models import Outcome, SyncEntry
from tests.factories import make_integration

MORNING = dt.datetime(2026, 12, 2, 8, 0, tzinfo=dt.UTC)


def fail(integration):
    mark_connection_failed(integration, cause=StatusCause.OTHER, detail="It broke")


def unsubscribe_path(message) -> str:
    url = re.search(
        r"<(http://testserver(/notifications/unsubscribe/[^>]+))>",
        message.extra_headers["List-Unsubscribe"],
    )
    assert url and url[1] in message.body
    return url[2]


def test_the_link_in_an_email_unsubscribes_from_that_kind_only(client, db, committed):
    integration = make_integration(status=Status.ACTIVE)
    with committed():
        fail(integration)
    [message] = mail.outbox
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    path = unsubscribe_path(message)

    page = client.get(path)  # no login; asking changes nothing (link scanners)
    assert page.status_code == 200 and b"Stop receiving" in page.content
    assert preference_of(integration.owner).connection_failed

    done = client.post(path)  # one click, as mail clients do it: no CSRF token
    assert done.status_code == 200 and b"no longer receive" in done.content
    preference = NotificationPreference.objects.get(user=integration.owner)
    assert not preference.connection_failed
    assert preference.transfer_failures and preference.daily_digest

    with committed():
        set_status(integration, Status.ACTIVE)
        fail(integration)
    assert len(mail.outbox) == 1


def test_a_forged_or_altered_unsubscribe_link_is_refused(client, db):
    integration = make_integration()
    token = unsubscribe_token(integration.owner, "connection_failed")
    for bad in (token[:-2] + "xx", "not-a-token"):
        response = client.post(reverse("operations-unsubscribe", args=[bad]))
        assert response.status_code == 400
    assert preference_of(integration.owner).connection_failed


def test_the_preferences_page_needs_a_login_and_saves_each_switch(client, db):
    integration = make_integration()
    url = reverse("operations-preferences")
    assert client.get(url).status_code == 302
    client.force_login(integration.owner)
    assert client.get(url).status_code == 200
    client.post(url, {"connection_failed": "on", "daily_digest": "on"})
    preference = NotificationPreference.objects.get(user=integration.owner)
    assert (preference.connection_failed, preference.transfer_failures) == (True, False)
    assert preference.daily_digest


def digest_for(integration, committed):
    row = SyncEntry.objects.create(
        integration=integration, receiver="pipedrive", origin="realtime",
        outcome=Outcome.FAILED, reason_code="validation", email="a@example.net",
    )  # fmt: skip
    SyncEntry.objects.filter(pk=row.pk).update(created_at=MORNING - dt.timedelta(hours=1))
    with committed():
        queue_daily_digests(now=MORNING)
    return mail.outbox[-1]


def test_emails_are_written_in_english_by_default(db, committed):
    message = digest_for(make_integration(), committed)
    assert message.extra_headers["Content-Language"] == "en"
    assert "1 December 2026, 08:00 and 2 December 2026, 08:00" in message.body


def test_emails_are_written_in_the_recipients_language(db, committed):
    integration = make_integration()
    NotificationPreference.objects.create(user=integration.owner, language="es")
    message = digest_for(integration, committed)
    assert message.extra_headers["Content-Language"] == "es"
    assert "Entre el 1 de diciembre de 2026, 08:00 y el 2 de diciembre de 2026, 08:00" in (
        message.body
    )


def test_a_language_without_translations_falls_back_to_english(db, committed):
    integration = make_integration()
    NotificationPreference.objects.create(user=integration.owner, language="xx-nowhere")
    message = digest_for(integration, committed)
    assert message.extra_headers["Content-Language"] == "en"
