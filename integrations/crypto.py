"""Encryption at rest for tokens and secrets (Fernet, keys independent of SECRET_KEY)."""

from functools import cache

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings
from django.db import models


@cache
def _fernet() -> MultiFernet:
    return MultiFernet([Fernet(key) for key in settings.FIELD_ENCRYPTION_KEYS])


def encrypt(value: str) -> str:
    return _fernet().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    # A wrong key raises InvalidToken: a ciphertext must never be used as a credential.
    return _fernet().decrypt(token.encode()).decode()


def mask(value: str | None) -> str:
    """Show a secret as its last four characters, never in full."""
    if not value:
        return ""
    return "••••" + value[-4:] if len(value) > 8 else "••••"


class EncryptedTextField(models.TextField):
    """A TextField stored as a Fernet token. Not searchable, not orderable."""

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(value)
