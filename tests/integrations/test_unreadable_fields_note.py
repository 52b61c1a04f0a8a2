"""Beside a mapped Snov.io field, the settings page says when Snov.io's API cannot return its
values at all (learned at Refresh: with the documented answers, phones and custom fields)."""

import re

import pytest
from django.urls import reverse

from sandbox.snovio.models import Account
from sandbox.snovio.seed import DEMO_CLIENT_ID
from syncengine.models import FieldMapping
from syncengine.schema_refresh import refresh_schema

pytestmark = pytest.mark.django_db
NOTE = "Snov.io&#x27;s API does not return this field&#x27;s values"


def page(client, integration) -> str:
    return client.get(reverse("integrations-settings", args=[integration.uuid])).content.decode()


def noted_rows(html: str) -> list[str]:
    """The first cell of every mapping row that carries the note."""
    cells = re.findall(r"<td>([^<]*)<p class=\"help\" data-testid=\"unreadable-note\">", html)
    return [cell.strip() for cell in cells]


def map_industry(integration):
    FieldMapping.objects.create(
        integration=integration,
        snovio_field="custom:Industry",
        pipedrive_field="a" * 40,
        snovio_label="Industry",
        pipedrive_label="Sector",
    )


def test_with_the_documented_answers_phones_and_custom_fields_are_marked(
    owner_client, connected_only, sandbox_http
):
    Account.objects.filter(client_id=DEMO_CLIENT_ID).update(documented_only=True)
    refresh_schema(integration=connected_only)
    map_industry(connected_only)
    html = page(owner_client, connected_only)
    assert noted_rows(html) == ["Phone numbers", "Industry"]
    assert NOTE in html


def test_with_answers_that_carry_every_field_nothing_is_marked(
    owner_client, connected_only, sandbox_http
):
    refresh_schema(integration=connected_only)
    map_industry(connected_only)
    assert noted_rows(page(owner_client, connected_only)) == []
