from django.db import models

from automations.registry import ActionType, Trigger
from integrations.models import Integration


class Automation(models.Model):
    """One trigger of an integration with its ordered actions (R5)."""

    integration = models.ForeignKey(
        Integration, on_delete=models.CASCADE, related_name="automations"
    )
    trigger = models.CharField(max_length=32, choices=Trigger.choices)
    enabled = models.BooleanField(default=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["integration", "trigger"], name="one_automation_per_trigger"
            )
        ]

    def __str__(self):
        return self.get_trigger_display()


class AutomationAction(models.Model):
    automation = models.ForeignKey(Automation, on_delete=models.CASCADE, related_name="actions")
    action_type = models.CharField(max_length=32, choices=ActionType.choices)
    position = models.PositiveIntegerField(default=0)
    pipeline_id = models.BigIntegerField(null=True, blank=True)
    stage_id = models.BigIntegerField(null=True, blank=True)
    subject = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["automation", "action_type"], name="one_action_type_per_automation"
            )
        ]

    def __str__(self):
        return self.get_action_type_display()
