"""Names, not keys (B1): the log names the records of an ambiguous outcome and the fields it
wrote; stored ids are data (SyncEntry.candidates), never read out of a message."""

import importlib
import re

import pytest
from django.apps import apps as django_apps
from django.urls import reverse

from sandbox.pipedrive.models import PersonField
from syncengine.models import Outcome, SyncEntry
from tests.realtime.conftest import (
    active,  # noqa: F401 - fixture
    new_person,
    new_prospect,
    polled_event,
    run,
)
from tests.synclog.entries import make_entry

pytestmark = pytest.mark.django_db
HEX_KEY = re.compile(r"\b[0-9a-f]{40}\b")


def test_two_persons_with_one_email_are_named_in_the_log(active, owner_client):  # noqa: F811
    prospect = new_prospect("twin@example.net", "Tw", "In")
    one, two = (
        new_person("Twin One", "twin@example.net"),
        new_person("Twin Two", "twin@example.net"),
    )
    run(polled_event(active, prospect))
    entry = SyncEntry.objects.get(outcome=Outcome.AMBIGUOUS)
    assert entry.candidates == [
        {"app": "pipedrive", "id": str(one.id), "name": "Twin One"},
        {"app": "pipedrive", "id": str(two.id), "name": "Twin Two"},
    ]
    page = owner_client.get(reverse("syncengine-log", args=[active.uuid])).content.decode()
    assert "Several Pipedrive records have this email (Twin One, Twin Two)" in page
    assert f"{one.id}, {two.id}" not in page


def test_the_fields_a_change_wrote_are_named_with_their_values(active, owner_client):  # noqa: F811
    key = PersonField.objects.get(name="Lead source").key
    assert HEX_KEY.fullmatch(key)
    entry = make_entry(active, outcome=Outcome.UPDATED, changes={key: "Webinar", "job_title": ""})
    page = owner_client.get(reverse("syncengine-log", args=[active.uuid])).content.decode()
    assert entry.pk
    assert "<li>Lead source: Webinar</li>" in page
    assert "<li>Job title: —</li>" in page
    assert not HEX_KEY.search(page)


def test_a_snovio_custom_field_is_named_without_its_prefix(integration, owner_client):
    make_entry(integration, receiver="snovio", changes={"custom:Industry": "Retail"})
    page = owner_client.get(reverse("syncengine-log", args=[integration.uuid])).content.decode()
    assert "<li>Industry: Retail</li>" in page
    assert "custom:" not in page


def test_reason_codes_are_never_shown(integration, owner_client):
    for code in ("email_history", "own_write", "several_in_receiver", "linked_elsewhere"):
        make_entry(integration, outcome=Outcome.UPDATED, reason_code=code, message=code)
    make_entry(integration, outcome=Outcome.SKIPPED, reason_code="brand_new", message="brand_new")
    url = reverse("syncengine-log", args=[integration.uuid])
    page = owner_client.get(url, {"email": "ana@example.org"}).content.decode()
    for code in ("email_history", "own_write", "several_in_receiver", "linked_elsewhere"):
        assert code not in page.replace('value="', "")
    assert "brand_new" not in page.replace("ana@example.org", "")


def test_ids_written_in_old_messages_become_candidates_once(integration):
    migration = importlib.import_module("syncengine.migrations.0006_syncentry_candidates")
    realtime = make_entry(
        integration,
        outcome=Outcome.AMBIGUOUS,
        message="Several persons have this email (41, 57); choose one, nothing was written.",
    )
    transfer = make_entry(
        integration, outcome=Outcome.AMBIGUOUS, message="several_in_receiver: 41,57"
    )
    older = make_entry(integration, outcome=Outcome.AMBIGUOUS, changes={"candidates": [8, 9]})
    migration.forwards(django_apps, None)
    ids = {
        e.pk: [c["id"] for c in SyncEntry.objects.get(pk=e.pk).candidates]
        for e in (realtime, transfer, older)
    }
    assert ids == {realtime.pk: ["41", "57"], transfer.pk: ["41", "57"], older.pk: ["8", "9"]}
