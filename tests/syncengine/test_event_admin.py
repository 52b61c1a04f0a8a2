"""Staff can read any stored event in the admin, however deep or large its payload (B13)."""

import json

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from syncengine.log_admin import PAYLOAD_SHOWN_CHARACTERS, payload_text
from syncengine.models import App, InboundEvent
from tests.factories import make_user


@pytest.fixture
def staff_client(db):
    staff = make_user("staff@example.org")
    staff.is_staff = staff.is_superuser = True
    staff.save()
    client = Client(raise_request_exception=False)
    client.force_login(staff)
    return client


def stored_event(integration, payload_json: str) -> InboundEvent:
    """An event whose payload column holds `payload_json` as written, past every check of
    ours (as rows stored before the checks existed)."""
    event = InboundEvent.objects.create(
        integration=integration, source=App.PIPEDRIVE, kind="person.change",
        idempotency_key="deep", payload={},
    )  # fmt: skip
    cast = "CAST(%s AS jsonb)" if connection.vendor == "postgresql" else "%s"
    table = InboundEvent._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET payload = {cast} WHERE id = %s", [payload_json, event.pk]
        )  # noqa: S608
    return event


def deep(depth: int) -> str:
    return '{"a": "top", "data": ' + "[" * depth + '"bottom"' + "]" * depth + "}"


def change_page(client, event):
    return client.get(reverse("admin:syncengine_inboundevent_change", args=[event.pk]))


def test_an_event_nested_900_deep_has_a_readable_admin_page(staff_client, integration):
    event = stored_event(integration, deep(900))
    response = change_page(staff_client, event)
    assert response.status_code == 200
    page = response.content.decode()
    assert "{\n  &quot;a&quot;: &quot;top&quot;,\n  &quot;data&quot;: [\n    [" in page
    assert "characters not shown" in page  # 900 lines of brackets pass the size shown


def test_an_event_nested_900_deep_is_listed_in_the_admin(staff_client, integration):
    stored_event(integration, deep(900))
    response = staff_client.get(reverse("admin:syncengine_inboundevent_changelist"))
    assert response.status_code == 200
    assert "person.change" in response.content.decode()


def test_a_large_payload_is_shown_cut_to_a_size_with_a_note(staff_client, integration):
    event = stored_event(integration, json.dumps({"data": {"note": "x" * 100_000}}))
    page = change_page(staff_client, event).content.decode()
    assert "x" * 1000 in page
    assert "x" * PAYLOAD_SHOWN_CHARACTERS not in page
    assert "characters not shown" in page


def test_payload_text_is_indented_json_of_the_stored_text():
    assert payload_text('{"a": [1, {"b": "c, d"}], "e": {}}') == (
        '{\n  "a": [\n    1,\n    {\n      "b": "c, d"\n    }\n  ],\n  "e": {}\n}'
    )


def test_payload_text_keeps_escaped_quotes_and_brackets_inside_strings():
    text = json.dumps({"q": 'say "[hi]" {now}\\'})
    assert json.loads(payload_text(text)) == {"q": 'say "[hi]" {now}\\'}


def test_payload_text_stops_indenting_past_a_depth_so_deep_payloads_stay_small():
    shown = payload_text("[" * 900 + "]" * 900, limit=10**9)
    assert max(len(line) - len(line.lstrip()) for line in shown.splitlines()) <= 2 * 32
    assert json.loads(shown) is not None
