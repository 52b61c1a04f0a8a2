"""Logins are throttled in a cache every process shares, the admin's included, and signing up
tells nobody which emails have an account (B14)."""

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

from tests.factories import PASSWORD, make_user

ADMIN = "/admin/"


@pytest.fixture
def staff(db):
    user = make_user("staff@example.org")
    user.is_staff = user.is_superuser = True
    user.save()
    return user


def admin_login_form(client, start: str = ADMIN) -> str:
    """Where the admin sends someone who is not signed in: the URL of the form they fill in."""
    response = client.get(start, follow=True)
    assert response.status_code == 200 and response.redirect_chain
    return response.redirect_chain[-1][0]


def sign_in(client, form_url: str, password: str, **extra):
    return client.post(form_url, {"login": "staff@example.org", "password": password}, **extra)


@pytest.mark.parametrize("start", [ADMIN, "/admin/login/?next=/admin/"])
def test_the_admin_signs_in_through_the_throttled_login_form(client, staff, start):
    form_url = admin_login_form(client, start)
    assert form_url.startswith(reverse("account_login"))
    response = sign_in(client, form_url, PASSWORD)
    assert response.status_code == 302
    assert client.get(ADMIN).status_code == 200


def test_credentials_posted_to_the_admin_login_page_itself_sign_nobody_in(client, staff):
    response = client.post(
        "/admin/login/?next=/admin/", {"username": "staff", "password": PASSWORD}
    )
    assert response["Location"].startswith(reverse("account_login"))
    assert client.get(ADMIN).status_code == 302


def test_the_admin_login_refuses_the_right_password_after_40_wrong_ones(client, staff):
    form_url = admin_login_form(client)
    for attempt in range(40):
        sign_in(client, form_url, f"wrong-{attempt}")
    response = sign_in(client, form_url, PASSWORD)
    assert client.get(ADMIN).status_code == 302
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()


def test_the_lock_holds_for_the_account_from_another_address(client, staff):
    form_url = admin_login_form(client)
    for attempt in range(5):
        sign_in(client, form_url, f"wrong-{attempt}", REMOTE_ADDR="203.0.113.1")
    response = sign_in(client, form_url, PASSWORD, REMOTE_ADDR="203.0.113.2")
    assert "Too many failed login attempts" in response.content.decode()
    assert client.get(ADMIN).status_code == 302


def test_failed_logins_are_counted_in_the_database_cache_every_process_shares(client, staff):
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    table = settings.CACHES["default"]["LOCATION"]
    sign_in(client, admin_login_form(client), "wrong")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT cache_key FROM {table}")  # noqa: S608
        keys = [row[0] for row in cursor.fetchall()]
    assert any("allauth:rl:allauth.account:login_failed" in key for key in keys), keys


SIGNUP = {"password1": "a-long-pass-phrase-7", "password2": "a-long-pass-phrase-7"}


def test_signing_up_with_a_known_email_answers_like_a_new_one(client, staff, mailoutbox):
    known = client.post(reverse("account_signup"), {**SIGNUP, "email": "staff@example.org"})
    new = client.post(reverse("account_signup"), {**SIGNUP, "email": "newcomer@example.org"})
    assert (known.status_code, known["Location"]) == (new.status_code, new["Location"])
    assert known["Location"] == reverse("account_email_verification_sent")
    # Each address's owner learns the truth by mail, and no one else.
    assert [m.to for m in mailoutbox] == [["staff@example.org"], ["newcomer@example.org"]]


def test_a_wrong_password_answers_like_an_unknown_email(client, staff):
    known = client.post(reverse("account_login"), {"login": staff.email, "password": "x-wrong"})
    unknown = client.post(
        reverse("account_login"), {"login": "nobody@example.org", "password": "x-wrong"}
    )
    assert known.status_code == unknown.status_code == 200
    assert known.context["form"].errors == unknown.context["form"].errors
