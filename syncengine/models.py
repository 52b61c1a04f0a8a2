from django.db import models

from integrations.models import Integration


class App(models.TextChoices):
    SNOVIO = "snovio", "Snov.io"
    PIPEDRIVE = "pipedrive", "Pipedrive"


class FieldMapping(models.Model):
    """A custom pair of fields (R3.4). System pairs live in code (syncengine.fields)."""

    integration = models.ForeignKey(Integration, on_delete=models.CASCADE, related_name="mappings")
    snovio_field = models.CharField(max_length=200)
    pipedrive_field = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["integration", "snovio_field"], name="one_mapping_per_snovio_field"
            ),
            models.UniqueConstraint(
                fields=["integration", "pipedrive_field"], name="one_mapping_per_pipedrive_field"
            ),
        ]

    def __str__(self):
        return f"{self.snovio_field} ⇄ {self.pipedrive_field}"


class Constant(models.Model):
    """A fixed text written into a field of the receiving app on every transfer (R4)."""

    integration = models.ForeignKey(
        Integration, on_delete=models.CASCADE, related_name="constants"
    )
    app = models.CharField(max_length=16, choices=App.choices)
    field = models.CharField(max_length=200)
    value = models.CharField(max_length=255)

    class Meta:
        ordering = ["app", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["integration", "app", "field"], name="one_constant_per_field"
            )
        ]

    def __str__(self):
        return f"{self.get_app_display()}: {self.field} = {self.value}"
