"""The Snov.io webhook token is a secret at rest like the others (B14): stored encrypted,
found by its SHA-256, converted from plaintext by a migration, covered by key rotation."""

import hashlib
import io

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from integrations import crypto
from integrations.models import RealtimeState
from syncengine.models import InboundEvent
from syncengine.webhook_registration import ensure_realtime_state
from tests.factories import make_integration
from tests.webhooks.capture import load_fixtures

EMAIL_SENT = load_fixtures("snovio")["campaign_email_sent"]
BEFORE = [("integrations", "0005_status_cause")]
AFTER = [("integrations", "0006_realtime_snovio_token_encrypted")]


def raw_columns(pk) -> tuple[str, str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT snovio_token, snovio_token_hash FROM integrations_realtimestate WHERE id = %s",
            [pk],
        )
        return cursor.fetchone()


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def deliver(client, token: str):
    url = reverse("integrations-snovio-webhook", args=[token])
    return client.post(url, data=EMAIL_SENT, content_type="application/json")


@pytest.fixture
def fresh_keys(settings):
    def use(keys):
        settings.FIELD_ENCRYPTION_KEYS = keys
        crypto._fernet.cache_clear()

    yield use
    crypto._fernet.cache_clear()


def test_the_snovio_token_is_stored_encrypted_with_its_hash(state):
    stored, stored_hash = raw_columns(state.pk)
    assert state.snovio_token not in stored
    assert crypto.decrypt(stored) == state.snovio_token
    assert stored_hash == sha256(state.snovio_token)
    assert RealtimeState.objects.get(pk=state.pk).snovio_token == state.snovio_token


def test_a_delivery_finds_its_integration_by_the_token_hash(client, state):
    assert deliver(client, state.snovio_token).status_code == 200
    assert InboundEvent.objects.get().integration_id == state.integration_id


def test_the_hash_of_another_integrations_token_does_not_match(client, state):
    other = ensure_realtime_state(make_integration())[0]
    deliver(client, other.snovio_token)
    assert InboundEvent.objects.get().integration_id == other.integration_id


def test_a_token_equal_to_a_stored_hash_is_unknown(client, state):
    assert deliver(client, sha256(state.snovio_token)).status_code == 404
    assert InboundEvent.objects.count() == 0


def test_key_rotation_reencrypts_the_snovio_token_and_deliveries_still_arrive(
    client, state, fresh_keys, settings
):
    old_keys = list(settings.FIELD_ENCRYPTION_KEYS)
    new_key = Fernet.generate_key().decode()
    fresh_keys([new_key, *old_keys])
    call_command("rotate_encrypted_fields", stdout=io.StringIO())
    fresh_keys([new_key])
    assert RealtimeState.objects.get(pk=state.pk).snovio_token == state.snovio_token
    assert Fernet(new_key.encode()).decrypt(raw_columns(state.pk)[0].encode()).decode() == (
        state.snovio_token
    )
    assert deliver(client, state.snovio_token).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_the_migration_encrypts_plaintext_tokens_and_can_be_undone():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old_apps = executor.loader.project_state(BEFORE).apps
    owner = old_apps.get_model("auth", "User").objects.create(username="m", email="m@x.org")
    integration = old_apps.get_model("integrations", "Integration").objects.create(owner=owner)
    Old = old_apps.get_model("integrations", "RealtimeState")
    kept = Old.objects.create(integration=integration, snovio_token="plain-token-123").pk
    try:
        executor = MigrationExecutor(connection)
        executor.migrate(AFTER)
        stored, stored_hash = raw_columns(kept)
        assert "plain-token-123" not in stored and crypto.decrypt(stored) == "plain-token-123"
        assert stored_hash == sha256("plain-token-123")
        MigrationExecutor(connection).migrate(BEFORE)
        assert raw_columns_before(kept) == "plain-token-123"
    finally:
        MigrationExecutor(connection).migrate(executor.loader.graph.leaf_nodes())


def raw_columns_before(pk) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT snovio_token FROM integrations_realtimestate WHERE id = %s", [pk])
        return cursor.fetchone()[0]
