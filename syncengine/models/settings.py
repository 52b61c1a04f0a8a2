"""What the user chose: the field mappings and constants, and the two apps they name."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from integrations.models import Integration


class App(models.TextChoices):
    SNOVIO = "snovio", _("Snov.io")
    PIPEDRIVE = "pipedrive", _("Pipedrive")


class FieldMapping(models.Model):
    """A custom pair of fields (R3.4). System pairs live in code (syncengine.fields)."""

    integration = models.ForeignKey(
        Integration,
        verbose_name=_("integration"),
        on_delete=models.CASCADE,
        related_name="mappings",
    )
    snovio_field = models.CharField(verbose_name=_("snovio field"), max_length=200)
    pipedrive_field = models.CharField(verbose_name=_("pipedrive field"), max_length=200)
    # Names as they were when the pair was made: the page can still name a field that was
    # later deleted in its app.
    snovio_label = models.CharField(verbose_name=_("snovio label"), max_length=200, blank=True)
    pipedrive_label = models.CharField(
        verbose_name=_("pipedrive label"), max_length=200, blank=True
    )
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("field mapping")
        verbose_name_plural = _("field mappings")
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
        Integration,
        verbose_name=_("integration"),
        on_delete=models.CASCADE,
        related_name="constants",
    )
    app = models.CharField(verbose_name=_("app"), max_length=16, choices=App.choices)
    field = models.CharField(verbose_name=_("field"), max_length=200)
    value = models.CharField(verbose_name=_("value"), max_length=255)

    class Meta:
        verbose_name = _("constant")
        verbose_name_plural = _("constants")
        ordering = ["app", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["integration", "app", "field"], name="one_constant_per_field"
            )
        ]

    def __str__(self):
        return f"{self.get_app_display()}: {self.field} = {self.value}"
