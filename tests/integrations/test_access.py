import re

import pytest
from django.urls import reverse

from tests.factories import make_integration, make_user

UUID_ROUTES_GET = ["integrations-detail", "integrations-snovio-connect"]
UUID_ROUTES_POST = [
    "integrations-snovio-connect",
    "integrations-snovio-disconnect",
    "integrations-pipedrive-connect",
    "integrations-pipedrive-disconnect",
    "integrations-pipedrive-check",
]


@pytest.mark.django_db
def test_pages_need_a_login(client, integration):
    response = client.get(reverse("integrations-detail", args=[integration.uuid]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.django_db
def test_home_creates_one_integration_per_account_and_redirects_to_it(owner_client, user):
    first = owner_client.get("/")
    second = owner_client.get("/")
    assert first["Location"] == second["Location"]
    assert first["Location"] == reverse("integrations-detail", args=[user.integration.uuid])


@pytest.mark.django_db
@pytest.mark.parametrize("name", UUID_ROUTES_GET)
def test_another_accounts_integration_is_not_found_on_get(owner_client, name):
    foreign = make_integration(make_user("stranger@example.org"))
    assert owner_client.get(reverse(name, args=[foreign.uuid])).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("name", UUID_ROUTES_POST)
def test_another_accounts_integration_is_not_found_on_post(owner_client, name):
    foreign = make_integration(make_user("stranger@example.org"), status="active")
    assert owner_client.post(reverse(name, args=[foreign.uuid])).status_code == 404
    foreign.refresh_from_db()
    assert foreign.status == "active"


@pytest.mark.django_db
def test_login_and_signup_pages_are_public(client):
    assert client.get(reverse("account_login")).status_code == 200
    assert client.get(reverse("account_signup")).status_code == 200


@pytest.mark.django_db
def test_signup_logs_the_user_in_once_the_email_is_confirmed(client, mailoutbox):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "new@example.org",
            "password1": "a-long-pass-phrase-7",
            "password2": "a-long-pass-phrase-7",
        },
    )
    assert response.status_code == 302
    assert client.get("/")["Location"].startswith(reverse("account_login"))  # not yet
    confirm = re.search(r"http://testserver(/accounts/confirm-email/\S+/)", mailoutbox[0].body)
    client.post(confirm[1])
    assert client.get("/")["Location"].startswith("/i/")  # logged in: to the integration


@pytest.mark.django_db
def test_password_reset_sends_a_mail(client, user, mailoutbox):
    client.post(reverse("account_reset_password"), {"email": user.email})
    assert len(mailoutbox) == 1
    assert user.email in mailoutbox[0].to
