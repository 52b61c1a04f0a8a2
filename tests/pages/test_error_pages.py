"""A refusal is a page in the product's layout with a sentence and a way back, never an empty
or bare answer: a reloaded button (405), a bare sentence (400), another account's page (404),
an expired form (403) and our own error (500)."""

import pytest
from django.test import Client
from django.urls import reverse

from automations.models import Automation, AutomationAction
from tests.factories import make_integration, make_user

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    return response.content.decode()


def test_reloading_a_button_address_shows_a_page_with_the_way_back(owner_client, integration):
    response = owner_client.get(reverse("syncengine-transfer-start", args=[integration.uuid]))
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    page = text_of(response)
    assert "This opens only from its button" in page
    assert "<main" in page
    back = reverse("syncengine-transfer", args=[integration.uuid])
    assert f'href="{back}" data-testid="way-back"' in page


def test_the_way_back_skips_addresses_that_open_only_by_post(owner_client, integration):
    delete = reverse("integrations-mapping-delete", args=[integration.uuid, 1])
    response = owner_client.get(delete)
    settings_url = reverse("integrations-settings", args=[integration.uuid])
    assert f'href="{settings_url}" data-testid="way-back"' in text_of(response)


def test_a_bare_refusal_is_shown_in_the_layout_with_its_sentence(owner_client, integration):
    automation = Automation.objects.create(integration=integration, trigger="email_sent")
    action = AutomationAction.objects.create(automation=automation, action_type="add_activity")
    url = reverse("automations-action-move", args=[integration.uuid, action.pk])
    response = owner_client.post(url, {"direction": "sideways"})
    assert response.status_code == 400
    page = text_of(response)
    assert "<main" in page
    assert 'data-testid="error-detail">Move up or down.</p>' in page


def test_another_accounts_integration_is_the_products_not_found_page(owner_client):
    foreign = make_integration(make_user("stranger@example.org"))
    response = owner_client.get(reverse("integrations-settings", args=[foreign.uuid]))
    assert response.status_code == 404
    assert "Page not found" in text_of(response)
    assert "<main" in text_of(response)


def test_an_expired_form_says_so_in_the_layout(user, integration):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    response = client.post(reverse("integrations-settings-pause", args=[integration.uuid]))
    assert response.status_code == 403
    assert "This form has expired" in text_of(response)
    assert "<main" in text_of(response)


def test_a_request_for_another_host_is_the_products_bad_request_page(client):
    response = client.get("/", headers={"host": "elsewhere.example"})
    assert response.status_code == 400
    assert "could not be understood" in text_of(response)


def test_our_own_error_is_the_products_error_page(user, integration, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug of ours")

    monkeypatch.setattr("syncengine.log_queries.log_entries", broken)
    client = Client(raise_request_exception=False)
    client.force_login(user)
    response = client.get(reverse("syncengine-log", args=[integration.uuid]))
    assert response.status_code == 500
    page = text_of(response)
    assert "Something went wrong on our side" in page
    assert "a bug of ours" not in page
