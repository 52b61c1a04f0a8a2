# Names for the admin, in the reader's language (no database change).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("integrations", "0009_app_uninstalled_cause"),
        ("syncengine", "0008_syncentry_words"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="constant",
            options={
                "ordering": ["app", "id"],
                "verbose_name": "constant",
                "verbose_name_plural": "constants",
            },
        ),
        migrations.AlterModelOptions(
            name="fieldmapping",
            options={
                "ordering": ["id"],
                "verbose_name": "field mapping",
                "verbose_name_plural": "field mappings",
            },
        ),
        migrations.AlterModelOptions(
            name="inboundevent",
            options={"verbose_name": "inbound event", "verbose_name_plural": "inbound events"},
        ),
        migrations.AlterModelOptions(
            name="recordlink",
            options={"verbose_name": "record link", "verbose_name_plural": "record links"},
        ),
        migrations.AlterModelOptions(
            name="seenprospect",
            options={"verbose_name": "seen prospect", "verbose_name_plural": "seen prospects"},
        ),
        migrations.AlterModelOptions(
            name="syncentry",
            options={
                "ordering": ["-created_at", "-id"],
                "verbose_name": "sync entry",
                "verbose_name_plural": "sync entries",
            },
        ),
        migrations.AlterModelOptions(
            name="transferitem",
            options={"verbose_name": "transfer item", "verbose_name_plural": "transfer items"},
        ),
        migrations.AlterModelOptions(
            name="transferjob",
            options={
                "ordering": ["-created_at", "-id"],
                "verbose_name": "transfer job",
                "verbose_name_plural": "transfer jobs",
            },
        ),
        migrations.AlterField(
            model_name="constant",
            name="app",
            field=models.CharField(
                choices=[("snovio", "Snov.io"), ("pipedrive", "Pipedrive")],
                max_length=16,
                verbose_name="app",
            ),
        ),
        migrations.AlterField(
            model_name="constant",
            name="field",
            field=models.CharField(max_length=200, verbose_name="field"),
        ),
        migrations.AlterField(
            model_name="constant",
            name="integration",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="constants",
                to="integrations.integration",
                verbose_name="integration",
            ),
        ),
        migrations.AlterField(
            model_name="constant",
            name="value",
            field=models.CharField(max_length=255, verbose_name="value"),
        ),
        migrations.AlterField(
            model_name="fieldmapping",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, verbose_name="created at"),
        ),
        migrations.AlterField(
            model_name="fieldmapping",
            name="integration",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="mappings",
                to="integrations.integration",
                verbose_name="integration",
            ),
        ),
        migrations.AlterField(
            model_name="fieldmapping",
            name="pipedrive_field",
            field=models.CharField(max_length=200, verbose_name="pipedrive field"),
        ),
        migrations.AlterField(
            model_name="fieldmapping",
            name="pipedrive_label",
            field=models.CharField(blank=True, max_length=200, verbose_name="pipedrive label"),
        ),
        migrations.AlterField(
            model_name="fieldmapping",
            name="snovio_field",
            field=models.CharField(max_length=200, verbose_name="snovio field"),
        ),
        migrations.AlterField(
            model_name="fieldmapping",
            name="snovio_label",
            field=models.CharField(blank=True, max_length=200, verbose_name="snovio label"),
        ),
        migrations.AlterField(
            model_name="inboundevent",
            name="attempts",
            field=models.PositiveIntegerField(default=0, verbose_name="attempts"),
        ),
        migrations.AlterField(
            model_name="inboundevent",
            name="idempotency_key",
            field=models.CharField(max_length=200, verbose_name="idempotency key"),
        ),
        migrations.AlterField(
            model_name="inboundevent",
            name="integration",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="events",
                to="integrations.integration",
                verbose_name="integration",
            ),
        ),
        migrations.AlterField(
            model_name="inboundevent",
            name="kind",
            field=models.CharField(max_length=64, verbose_name="kind"),
        ),
        migrations.AlterField(
            model_name="inboundevent",
            name="last_error",
            field=models.TextField(blank=True, verbose_name="last error"),
        ),
        migrations.AlterField(
            model_name="inboundevent",
            name="next_attempt_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="next attempt at"),
        ),
        migrations.AlterField(
            model_name="inboundevent",
            name="payload",
            field=models.JSONField(verbose_name="payload"),
        ),
        migrations.AlterField(
            model_name="inboundevent",
            name="processed_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="processed at"),
        ),
        migrations.AlterField(
            model_name="inboundevent",
            name="received_at",
            field=models.DateTimeField(auto_now_add=True, verbose_name="received at"),
        ),
        migrations.AlterField(
            model_name="inboundevent",
            name="source",
            field=models.CharField(
                choices=[("snovio", "Snov.io"), ("pipedrive", "Pipedrive")],
                max_length=32,
                verbose_name="source",
            ),
        ),
        migrations.AlterField(
            model_name="inboundevent",
            name="state",
            field=models.CharField(
                choices=[
                    ("pending", "Waiting to be processed"),
                    ("running", "Processing"),
                    ("done", "Done"),
                    ("ignored", "Ignored"),
                    ("waiting", "Waiting (integration busy or rate limited)"),
                    ("failed", "Failed"),
                ],
                db_index=True,
                default="pending",
                max_length=16,
                verbose_name="state",
            ),
        ),
        migrations.AlterField(
            model_name="recordlink",
            name="close_reason",
            field=models.CharField(blank=True, max_length=200, verbose_name="close reason"),
        ),
        migrations.AlterField(
            model_name="recordlink",
            name="closed_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="closed at"),
        ),
        migrations.AlterField(
            model_name="recordlink",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, verbose_name="created at"),
        ),
        migrations.AlterField(
            model_name="recordlink",
            name="email",
            field=models.CharField(
                blank=True, db_index=True, max_length=320, verbose_name="email"
            ),
        ),
        migrations.AlterField(
            model_name="recordlink",
            name="integration",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="links",
                to="integrations.integration",
                verbose_name="integration",
            ),
        ),
        migrations.AlterField(
            model_name="recordlink",
            name="pipedrive_id",
            field=models.BigIntegerField(blank=True, null=True, verbose_name="pipedrive id"),
        ),
        migrations.AlterField(
            model_name="recordlink",
            name="pipedrive_updated_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="pipedrive updated at"),
        ),
        migrations.AlterField(
            model_name="recordlink",
            name="seen_in_snovio",
            field=models.CharField(blank=True, max_length=64, verbose_name="seen in snovio"),
        ),
        migrations.AlterField(
            model_name="recordlink",
            name="snovio_id",
            field=models.CharField(blank=True, max_length=100, verbose_name="snovio id"),
        ),
        migrations.AlterField(
            model_name="recordlink",
            name="snovio_updated_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="snovio updated at"),
        ),
        migrations.AlterField(
            model_name="recordlink",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, verbose_name="updated at"),
        ),
        migrations.AlterField(
            model_name="recordlink",
            name="written_to_pipedrive",
            field=models.CharField(blank=True, max_length=64, verbose_name="written to pipedrive"),
        ),
        migrations.AlterField(
            model_name="recordlink",
            name="written_to_snovio",
            field=models.CharField(blank=True, max_length=64, verbose_name="written to snovio"),
        ),
        migrations.AlterField(
            model_name="seenprospect",
            name="integration",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="integrations.integration",
                verbose_name="integration",
            ),
        ),
        migrations.AlterField(
            model_name="seenprospect",
            name="page_fingerprint",
            field=models.CharField(max_length=64, verbose_name="page fingerprint"),
        ),
        migrations.AlterField(
            model_name="seenprospect",
            name="read_at",
            field=models.DateTimeField(verbose_name="read at"),
        ),
        migrations.AlterField(
            model_name="seenprospect",
            name="snovio_id",
            field=models.CharField(max_length=100, verbose_name="snovio id"),
        ),
        migrations.AlterField(
            model_name="syncentry",
            name="candidates",
            field=models.JSONField(blank=True, default=list, verbose_name="candidates"),
        ),
        migrations.AlterField(
            model_name="syncentry",
            name="changes",
            field=models.JSONField(blank=True, default=dict, verbose_name="changes"),
        ),
        migrations.AlterField(
            model_name="syncentry",
            name="created_at",
            field=models.DateTimeField(
                auto_now_add=True, db_index=True, verbose_name="created at"
            ),
        ),
        migrations.AlterField(
            model_name="syncentry",
            name="email",
            field=models.CharField(
                blank=True, db_index=True, max_length=320, verbose_name="email"
            ),
        ),
        migrations.AlterField(
            model_name="syncentry",
            name="event",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                to="syncengine.inboundevent",
                verbose_name="event",
            ),
        ),
        migrations.AlterField(
            model_name="syncentry",
            name="integration",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="sync_entries",
                to="integrations.integration",
                verbose_name="integration",
            ),
        ),
        migrations.AlterField(
            model_name="syncentry",
            name="message",
            field=models.TextField(blank=True, verbose_name="message"),
        ),
        migrations.AlterField(
            model_name="syncentry",
            name="origin",
            field=models.CharField(max_length=32, verbose_name="origin"),
        ),
        migrations.AlterField(
            model_name="syncentry",
            name="outcome",
            field=models.CharField(
                choices=[
                    ("created", "Created"),
                    ("updated", "Updated"),
                    ("unchanged", "Already identical"),
                    ("echo", "Our own change coming back"),
                    ("stale", "Older than what was applied"),
                    ("skipped", "Skipped"),
                    ("ambiguous", "Ambiguous match"),
                    ("failed", "Failed"),
                    ("unlinked", "Unlinked"),
                    ("relinked", "Re-linked"),
                ],
                max_length=16,
                verbose_name="outcome",
            ),
        ),
        migrations.AlterField(
            model_name="syncentry",
            name="pipedrive_id",
            field=models.BigIntegerField(blank=True, null=True, verbose_name="pipedrive id"),
        ),
        migrations.AlterField(
            model_name="syncentry",
            name="reason_code",
            field=models.CharField(blank=True, max_length=64, verbose_name="reason code"),
        ),
        migrations.AlterField(
            model_name="syncentry",
            name="receiver",
            field=models.CharField(
                choices=[("snovio", "Snov.io"), ("pipedrive", "Pipedrive")],
                max_length=16,
                verbose_name="receiver",
            ),
        ),
        migrations.AlterField(
            model_name="syncentry",
            name="remote_error",
            field=models.TextField(blank=True, verbose_name="remote error"),
        ),
        migrations.AlterField(
            model_name="syncentry",
            name="retried_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="retried at"),
        ),
        migrations.AlterField(
            model_name="syncentry",
            name="snovio_id",
            field=models.CharField(blank=True, max_length=100, verbose_name="snovio id"),
        ),
        migrations.AlterField(
            model_name="syncentry",
            name="words",
            field=models.JSONField(blank=True, default=dict, verbose_name="words"),
        ),
        migrations.AlterField(
            model_name="transferitem",
            name="attempts",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="attempts"),
        ),
        migrations.AlterField(
            model_name="transferitem",
            name="email",
            field=models.CharField(blank=True, max_length=320, verbose_name="email"),
        ),
        migrations.AlterField(
            model_name="transferitem",
            name="failure",
            field=models.TextField(blank=True, verbose_name="failure"),
        ),
        migrations.AlterField(
            model_name="transferitem",
            name="failure_code",
            field=models.CharField(blank=True, max_length=32, verbose_name="failure code"),
        ),
        migrations.AlterField(
            model_name="transferitem",
            name="in_scope",
            field=models.BooleanField(default=True, verbose_name="in scope"),
        ),
        migrations.AlterField(
            model_name="transferitem",
            name="job",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="items",
                to="syncengine.transferjob",
                verbose_name="job",
            ),
        ),
        migrations.AlterField(
            model_name="transferitem",
            name="kind",
            field=models.CharField(blank=True, max_length=16, verbose_name="kind"),
        ),
        migrations.AlterField(
            model_name="transferitem",
            name="reason",
            field=models.CharField(blank=True, max_length=32, verbose_name="reason"),
        ),
        migrations.AlterField(
            model_name="transferitem",
            name="remote_error",
            field=models.TextField(blank=True, verbose_name="remote error"),
        ),
        migrations.AlterField(
            model_name="transferitem",
            name="remote_id",
            field=models.CharField(max_length=100, verbose_name="remote id"),
        ),
        migrations.AlterField(
            model_name="transferitem",
            name="side",
            field=models.CharField(
                choices=[("sender", "Sender"), ("receiver", "Receiver")],
                max_length=8,
                verbose_name="side",
            ),
        ),
        migrations.AlterField(
            model_name="transferitem",
            name="state",
            field=models.CharField(
                choices=[
                    ("pending", "Pending"),
                    ("writing", "Being written"),
                    ("done", "Done"),
                    ("failed", "Failed"),
                ],
                default="pending",
                max_length=8,
                verbose_name="state",
            ),
        ),
        migrations.AlterField(
            model_name="transferitem",
            name="target_id",
            field=models.CharField(blank=True, max_length=100, verbose_name="target id"),
        ),
        migrations.AlterField(
            model_name="transferitem",
            name="values",
            field=models.JSONField(default=dict, verbose_name="values"),
        ),
        migrations.AlterField(
            model_name="transferitem",
            name="writes",
            field=models.JSONField(blank=True, default=dict, verbose_name="writes"),
        ),
        migrations.AlterField(
            model_name="transferjob",
            name="cancel_requested",
            field=models.BooleanField(default=False, verbose_name="cancel requested"),
        ),
        migrations.AlterField(
            model_name="transferjob",
            name="checkpoint",
            field=models.JSONField(blank=True, default=dict, verbose_name="checkpoint"),
        ),
        migrations.AlterField(
            model_name="transferjob",
            name="counts",
            field=models.JSONField(blank=True, default=dict, verbose_name="counts"),
        ),
        migrations.AlterField(
            model_name="transferjob",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, verbose_name="created at"),
        ),
        migrations.AlterField(
            model_name="transferjob",
            name="direction",
            field=models.CharField(
                choices=[
                    ("to_pipedrive", "Snov.io → Pipedrive"),
                    ("to_snovio", "Pipedrive → Snov.io"),
                ],
                max_length=16,
                verbose_name="direction",
            ),
        ),
        migrations.AlterField(
            model_name="transferjob",
            name="dry_run",
            field=models.BooleanField(default=False, verbose_name="dry run"),
        ),
        migrations.AlterField(
            model_name="transferjob",
            name="error",
            field=models.TextField(blank=True, verbose_name="error"),
        ),
        migrations.AlterField(
            model_name="transferjob",
            name="finished_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="finished at"),
        ),
        migrations.AlterField(
            model_name="transferjob",
            name="heartbeat_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="heartbeat at"),
        ),
        migrations.AlterField(
            model_name="transferjob",
            name="integration",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="transfer_jobs",
                to="integrations.integration",
                verbose_name="integration",
            ),
        ),
        migrations.AlterField(
            model_name="transferjob",
            name="lease_until",
            field=models.DateTimeField(blank=True, null=True, verbose_name="lease until"),
        ),
        migrations.AlterField(
            model_name="transferjob",
            name="organizations",
            field=models.JSONField(blank=True, default=dict, verbose_name="organizations"),
        ),
        migrations.AlterField(
            model_name="transferjob",
            name="pages_read",
            field=models.PositiveIntegerField(default=0, verbose_name="pages read"),
        ),
        migrations.AlterField(
            model_name="transferjob",
            name="phase",
            field=models.CharField(
                choices=[
                    ("read", "Reading both apps"),
                    ("classify", "Comparing records"),
                    ("write", "Writing changes"),
                    ("finished", "Finished"),
                ],
                default="read",
                max_length=16,
                verbose_name="phase",
            ),
        ),
        migrations.AlterField(
            model_name="transferjob",
            name="phase_started_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="phase started at"),
        ),
        migrations.AlterField(
            model_name="transferjob",
            name="previous_status",
            field=models.CharField(blank=True, max_length=16, verbose_name="previous status"),
        ),
        migrations.AlterField(
            model_name="transferjob",
            name="processed",
            field=models.PositiveIntegerField(default=0, verbose_name="processed"),
        ),
        migrations.AlterField(
            model_name="transferjob",
            name="samples",
            field=models.JSONField(blank=True, default=dict, verbose_name="samples"),
        ),
        migrations.AlterField(
            model_name="transferjob",
            name="source_app",
            field=models.CharField(
                choices=[("snovio", "Snov.io"), ("pipedrive", "Pipedrive")],
                max_length=16,
                verbose_name="source app",
            ),
        ),
        migrations.AlterField(
            model_name="transferjob",
            name="started_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="started at"),
        ),
        migrations.AlterField(
            model_name="transferjob",
            name="state",
            field=models.CharField(
                choices=[
                    ("queued", "Queued"),
                    ("running", "Running"),
                    ("waiting", "Waiting for the API budget"),
                    ("done", "Finished"),
                    ("cancelled", "Cancelled"),
                    ("failed", "Failed"),
                ],
                default="queued",
                max_length=16,
                verbose_name="state",
            ),
        ),
        migrations.AlterField(
            model_name="transferjob",
            name="step_failures",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="step failures"),
        ),
        migrations.AlterField(
            model_name="transferjob",
            name="total",
            field=models.PositiveIntegerField(default=0, verbose_name="total"),
        ),
        migrations.AlterField(
            model_name="transferjob",
            name="waiting_until",
            field=models.DateTimeField(blank=True, null=True, verbose_name="waiting until"),
        ),
    ]
