"""The records of an ambiguous outcome become data (SyncEntry.candidates). Entries written
before kept them in `changes["candidates"]` or only inside their message ("… (41, 57) …" from
real time, "several_in_receiver: 41,57" from a transfer); they are read out once, here."""

import re

from django.db import migrations, models

IN_BRACKETS = re.compile(r"\(([\d,\s]+)\)")
AFTER_COLON = re.compile(r"^several_\w+:\s*([\d,\s]+)$")


def old_candidate_ids(entry) -> list[str]:
    listed = (entry.changes or {}).get("candidates")
    if listed:
        return [str(x) for x in listed]
    found = IN_BRACKETS.search(entry.message) or AFTER_COLON.search(entry.message.strip())
    if not found:
        return []
    return [x.strip() for x in found.group(1).split(",") if x.strip()]


def forwards(apps, schema_editor):
    SyncEntry = apps.get_model("syncengine", "SyncEntry")
    for entry in SyncEntry.objects.filter(outcome="ambiguous").iterator():
        ids = old_candidate_ids(entry)
        if ids:
            entry.candidates = [{"app": entry.receiver, "id": x, "name": ""} for x in ids]
            entry.save(update_fields=["candidates"])


class Migration(migrations.Migration):
    dependencies = [
        ("syncengine", "0005_transfer_failures"),
    ]

    operations = [
        migrations.AddField(
            model_name="syncentry",
            name="candidates",
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
