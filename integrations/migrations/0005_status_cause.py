from django.db import migrations, models

# The sentences the status used to be stored as, and the cause each stands for.
KNOWN = {
    "This Pipedrive connection uses the old method (a personal API token). Real-time sync "
    "stays paused until you reconnect with Pipedrive's secure sign-in (OAuth).": "legacy_token",
    "Some settings need attention: they are marked in red below.": "settings_problem",
    "Snov.io is disconnected.": "snovio_disconnected",
    "Pipedrive is disconnected.": "pipedrive_disconnected",
}


def causes_from_sentences(apps, schema_editor):
    Integration = apps.get_model("integrations", "Integration")
    for integration in Integration.objects.exclude(status_detail=""):
        cause = KNOWN.get(integration.status_detail, "other")
        detail = "" if cause != "other" else integration.status_detail
        Integration.objects.filter(pk=integration.pk).update(
            status_cause=cause, status_detail=detail
        )


class Migration(migrations.Migration):
    dependencies = [("integrations", "0004_realtime_state")]

    operations = [
        migrations.RenameField("integration", "status_reason", "status_detail"),
        migrations.AddField(
            model_name="integration",
            name="status_cause",
            field=models.CharField(
                blank=True,
                choices=[
                    ("", "—"),
                    ("legacy_token", "Old API-token connection"),
                    ("settings_problem", "Settings need attention"),
                    ("pipedrive_auth_lost", "Pipedrive authorisation lost"),
                    ("pipedrive_unpaid", "Pipedrive account not paid"),
                    ("pipedrive_forbidden", "Pipedrive refused access"),
                    ("snovio_access_lost", "Snov.io refused access"),
                    ("snovio_disconnected", "Snov.io disconnected"),
                    ("pipedrive_disconnected", "Pipedrive disconnected"),
                    ("other", "Other"),
                ],
                default="",
                max_length=32,
            ),
        ),
        migrations.RunPython(causes_from_sentences, migrations.RunPython.noop),
    ]
