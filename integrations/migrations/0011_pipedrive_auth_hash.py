import hashlib

from django.db import migrations, models


def hash_existing_credentials(apps, schema_editor):
    """Every integration with webhook credentials gets their hash (models.pipedrive_auth_hash,
    written out: a migration keeps the rule it was written with)."""
    RealtimeState = apps.get_model("integrations", "RealtimeState")
    for state in RealtimeState.objects.exclude(pipedrive_auth_password="").iterator():
        credentials = f"{state.pipedrive_auth_user}:{state.pipedrive_auth_password}".encode()
        RealtimeState.objects.filter(pk=state.pk).update(
            pipedrive_auth_hash=hashlib.sha256(credentials).hexdigest()
        )


class Migration(migrations.Migration):
    dependencies = [
        ("integrations", "0010_verbose_names"),
    ]

    operations = [
        migrations.AddField(
            model_name="realtimestate",
            name="pipedrive_auth_hash",
            field=models.CharField(blank=True, default="", editable=False, max_length=64),
        ),
        migrations.RunPython(hash_existing_credentials, migrations.RunPython.noop),
    ]
