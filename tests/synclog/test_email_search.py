"""A search by email answers "why didn't this contact sync?" (B1, B6)."""

import pytest
from django.urls import reverse

from syncengine.log_sentences import REASONS, explain
from syncengine.models import App, Outcome, RecordLink, SyncEntry
from tests.factories import make_integration
from tests.synclog.entries import make_entry, minutes

pytestmark = pytest.mark.django_db


def search(client, integration, email):
    url = reverse("syncengine-log", args=[integration.uuid])
    return client.get(url, {"email": email})


def verdicts(response):
    return {v.app: v.sentence for v in response.context["summary"].verdicts}


def test_email_search_is_case_insensitive_and_trimmed(owner_client, integration):
    entry = make_entry(integration, email="Ana.Lopez@Example.org")
    make_entry(integration, email="bob@example.org")
    response = search(owner_client, integration, "  ana.lopez@EXAMPLE.ORG ")
    assert [row.entry for row in response.context["rows"]] == [entry]
    assert response.context["summary"].email == "ana.lopez@example.org"


@pytest.mark.parametrize(
    "fields, sentence",
    [
        (
            {"outcome": Outcome.SKIPPED, "reason_code": "no_email"},
            "The prospect has no email and “Sync only prospects with email” is on.",
        ),
        (
            {"outcome": Outcome.SKIPPED, "reason_code": "excluded_list"},
            "The prospect is in a Snov.io list that does not take part in the sync.",
        ),
        (
            {"outcome": Outcome.SKIPPED, "reason_code": "paused"},
            "The integration was paused, so nothing was sent to Pipedrive.",
        ),
        (
            {"outcome": Outcome.ECHO, "reason_code": "echo"},
            "This was our own change coming back, so it was not sent to Pipedrive again.",
        ),
        (
            {"outcome": Outcome.STALE, "reason_code": "stale"},
            "A newer change had already been applied in Pipedrive; this older one was dropped.",
        ),
        (
            {
                "outcome": Outcome.AMBIGUOUS,
                "reason_code": "ambiguous",
                "candidates": [
                    {"app": "pipedrive", "id": "41", "name": "Olivia Smith"},
                    {"app": "pipedrive", "id": "57", "name": ""},
                ],
            },
            "Several Pipedrive records have this email (Olivia Smith, Pipedrive record 57), "
            "so none was chosen.",
        ),
        (
            {
                "outcome": Outcome.FAILED,
                "reason_code": "validation",
                "remote_error": "Pipedrive HTTP 400: owner_id is invalid",
            },
            "Pipedrive refused the data: Pipedrive HTTP 400: owner_id is invalid",
        ),
        (
            {"outcome": Outcome.FAILED, "reason_code": "auth"},
            "Pipedrive no longer accepts our connection. Reconnect Pipedrive, then retry.",
        ),
        (
            {"outcome": Outcome.FAILED, "reason_code": "rate_limited"},
            "Pipedrive's request limit was reached; the record waits and is sent later.",
        ),
        (
            {"outcome": Outcome.FAILED, "reason_code": "transient"},
            "Pipedrive could not be reached or had a server error; it is tried again later.",
        ),
        (
            {"outcome": Outcome.UNLINKED, "reason_code": "not_found"},
            "The record no longer exists in Pipedrive, so the link was removed.",
        ),
    ],
)
def test_email_search_says_why_in_words(owner_client, integration, fields, sentence):
    make_entry(integration, email="ana@example.org", **fields)
    response = search(owner_client, integration, "ana@example.org")
    assert sentence in verdicts(response)["Pipedrive"]
    assert sentence in response.content.decode().replace("&#x27;", "'")


def test_email_search_gives_the_latest_outcome_in_each_app(owner_client, integration):
    make_entry(integration, outcome=Outcome.FAILED, reason_code="auth", age=minutes(9))
    make_entry(integration, outcome=Outcome.CREATED, age=minutes(1))
    make_entry(integration, receiver=App.SNOVIO, outcome=Outcome.SKIPPED, reason_code="paused")
    response = search(owner_client, integration, "ana@example.org")
    assert verdicts(response) == {
        "Pipedrive": "Created in Pipedrive.",
        "Snov.io": "The integration was paused, so nothing was sent to Snov.io.",
    }


def test_email_search_says_when_an_app_got_nothing_yet(owner_client, integration):
    make_entry(integration, receiver=App.PIPEDRIVE)
    response = search(owner_client, integration, "ana@example.org")
    assert verdicts(response)["Snov.io"] == "Nothing was sent to Snov.io yet."


def test_email_search_shows_the_ids_linked_on_each_side(owner_client, integration):
    RecordLink.objects.create(
        integration=integration, email="ana@example.org", snovio_id="sn-77", pipedrive_id=4242
    )
    response = search(owner_client, integration, "ANA@example.org")
    link = response.content.decode().split('data-testid="record-link"')[1]
    assert "sn-77" in link
    assert "4242" in link
    assert b"No record of this email yet" not in response.content


def test_email_search_says_no_record_yet_for_an_unknown_email(owner_client, integration):
    make_entry(integration, email="ana@example.org")
    other = make_integration()
    make_entry(other, email="nobody@example.org")
    RecordLink.objects.create(integration=other, email="nobody@example.org", pipedrive_id=1)
    response = search(owner_client, integration, "nobody@example.org")
    assert b"No record of this email yet." in response.content
    assert response.context["rows"] == []


def test_without_a_search_no_summary_is_shown(owner_client, integration):
    make_entry(integration)
    response = owner_client.get(reverse("syncengine-log", args=[integration.uuid]))
    assert response.context["summary"] is None
    assert b'data-testid="email-summary"' not in response.content


def test_an_unknown_reason_code_falls_back_to_the_entry_message():
    entry = SyncEntry(
        receiver=App.SNOVIO, outcome=Outcome.SKIPPED, reason_code="odd", message="Odd thing"
    )
    assert explain(entry) == "Skipped in Snov.io: Odd thing"


def test_every_reason_sentence_can_be_filled_in():
    for code in REASONS:
        entry = SyncEntry(receiver=App.PIPEDRIVE, outcome=Outcome.FAILED, reason_code=code)
        assert "{" not in explain(entry)


@pytest.mark.parametrize(
    "outcome, code, message, sentence",
    [
        (Outcome.ECHO, "own_write", "", "This was our own change coming back"),
        (Outcome.STALE, "older_than_applied", "", "A newer change had already been applied"),
        (
            Outcome.AMBIGUOUS,
            "several_persons",
            "Several persons have this email; choose one, nothing was written.",
            "Several Pipedrive records have this email (not recorded), so none was chosen.",
        ),
        (
            Outcome.AMBIGUOUS,
            "several_in_receiver",
            "several_in_receiver",
            "Several Pipedrive records have this email (not recorded), so none was chosen.",
        ),
        (
            Outcome.AMBIGUOUS,
            "several_in_sender",
            "",
            "Several Snov.io records have this email (not recorded), so none was sent.",
        ),
        (Outcome.UPDATED, "email_history", "Email activity 12: opened.", "The campaign email"),
        (Outcome.FAILED, "retries_exhausted", "", "Pipedrive kept failing"),
        (Outcome.SKIPPED, "odd_new_code", "odd_new_code", "Skipped in Pipedrive."),
        (Outcome.UNCHANGED, "identical", "", "Already identical in Pipedrive"),
    ],
)
def test_the_engines_own_reason_codes_read_as_sentences(outcome, code, message, sentence):
    entry = SyncEntry(receiver=App.PIPEDRIVE, outcome=outcome, reason_code=code, message=message)
    assert explain(entry).startswith(sentence)
