# A transfer's error and a failed item's reason keep their words (the reader's language).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("syncengine", "0009_verbose_names"),
    ]

    operations = [
        migrations.AddField(
            model_name="transferitem",
            name="failure_words",
            field=models.JSONField(blank=True, default=dict, verbose_name="failure words"),
        ),
        migrations.AddField(
            model_name="transferjob",
            name="error_words",
            field=models.JSONField(blank=True, default=dict, verbose_name="error words"),
        ),
    ]
