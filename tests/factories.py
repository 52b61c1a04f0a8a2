"""Plain factory functions for tests."""

import itertools

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from integrations.models import Integration

_counter = itertools.count(1)
PASSWORD = "correct-horse-battery-9"


def make_user(email: str | None = None):
    email = email or f"user{next(_counter)}@example.org"
    user = get_user_model().objects.create_user(
        username=email.split("@")[0], email=email, password=PASSWORD
    )
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def make_integration(user=None, **fields) -> Integration:
    return Integration.objects.create(owner=user or make_user(), **fields)
