"""The Snov.io webhook token is stored encrypted, and found by its SHA-256 (indexed)."""

import hashlib

from django.db import migrations, models

import integrations.crypto


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def encrypt_tokens(apps, schema_editor):
    # Here the column is plain text still: the values read are the tokens themselves.
    RealtimeState = apps.get_model("integrations", "RealtimeState")
    rows = RealtimeState.objects.exclude(snovio_token=None).exclude(snovio_token="")
    for pk, token in rows.values_list("pk", "snovio_token"):
        RealtimeState.objects.filter(pk=pk).update(
            snovio_token=integrations.crypto.encrypt(token), snovio_token_hash=token_hash(token)
        )


def decrypt_tokens(apps, schema_editor):
    RealtimeState = apps.get_model("integrations", "RealtimeState")
    rows = RealtimeState.objects.exclude(snovio_token=None).exclude(snovio_token="")
    for pk, ciphertext in rows.values_list("pk", "snovio_token"):
        RealtimeState.objects.filter(pk=pk).update(
            snovio_token=integrations.crypto.decrypt(ciphertext), snovio_token_hash=None
        )


class Migration(migrations.Migration):
    dependencies = [("integrations", "0005_status_cause")]

    operations = [
        migrations.AddField(
            model_name="realtimestate",
            name="snovio_token_hash",
            field=models.CharField(
                blank=True, editable=False, max_length=64, null=True, unique=True
            ),
        ),
        migrations.AlterField(
            model_name="realtimestate",
            name="snovio_token",
            field=models.TextField(blank=True, null=True),
        ),
        migrations.RunPython(encrypt_tokens, decrypt_tokens),
        migrations.AlterField(
            model_name="realtimestate",
            name="snovio_token",
            field=integrations.crypto.EncryptedTextField(blank=True, null=True),
        ),
    ]
