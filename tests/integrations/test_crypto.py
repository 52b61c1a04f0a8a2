import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.db import connection

from integrations import crypto
from integrations.models import SnovioConnection


@pytest.fixture
def fresh_keys(settings):
    def use(keys):
        settings.FIELD_ENCRYPTION_KEYS = keys
        crypto._fernet.cache_clear()

    yield use
    crypto._fernet.cache_clear()


def raw_secret(pk):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT client_secret FROM integrations_snovioconnection WHERE id = %s", [pk]
        )
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_secrets_are_stored_encrypted_and_read_back_in_clear(integration):
    conn = SnovioConnection.objects.create(
        integration=integration, client_id="id-123", client_secret="very-secret-value"
    )
    assert raw_secret(conn.pk).startswith("gAAAA")
    assert "very-secret-value" not in raw_secret(conn.pk)
    assert SnovioConnection.objects.get(pk=conn.pk).client_secret == "very-secret-value"


@pytest.mark.django_db
def test_reading_with_an_unknown_key_fails_loudly_instead_of_returning_ciphertext(
    integration, fresh_keys
):
    conn = SnovioConnection.objects.create(
        integration=integration, client_id="id", client_secret="s3cret"
    )
    fresh_keys([Fernet.generate_key().decode()])
    with pytest.raises(InvalidToken):
        SnovioConnection.objects.get(pk=conn.pk)


@pytest.mark.django_db
def test_rotation_command_reencrypts_under_the_new_primary_key(integration, fresh_keys, settings):
    old_keys = list(settings.FIELD_ENCRYPTION_KEYS)
    conn = SnovioConnection.objects.create(
        integration=integration, client_id="id", client_secret="s3cret"
    )
    new_key = Fernet.generate_key().decode()
    fresh_keys([new_key, *old_keys])
    from django.core.management import call_command

    call_command("rotate_encrypted_fields")
    fresh_keys([new_key])
    assert SnovioConnection.objects.get(pk=conn.pk).client_secret == "s3cret"


def test_mask_shows_only_the_last_four_characters():
    assert crypto.mask("abcdefghijkl") == "••••ijkl"
    assert crypto.mask("short") == "••••"
    assert crypto.mask("") == ""
