from django.db import models
from django.utils.translation import gettext_lazy as _

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


class RunState(models.TextChoices):
    STARTED = "started", _("Started")
    DONE = "done", _("Done")
    SKIPPED = "skipped", _("Could not run")
    FAILED = "failed", _("Failed")


class ActionRun(models.Model):
    """One action run for one campaign event: the key that stops a redelivery repeating it."""

    event = models.ForeignKey(
        "syncengine.InboundEvent", on_delete=models.CASCADE, related_name="action_runs"
    )
    action = models.ForeignKey(AutomationAction, on_delete=models.CASCADE, related_name="runs")
    state = models.CharField(max_length=16, choices=RunState.choices, default=RunState.STARTED)
    message = models.TextField(blank=True)
    result = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["event", "action"], name="one_run_per_event_action")
        ]

    def __str__(self):
        return f"{self.action} for event {self.event_id}: {self.state}"


class EmailActivity(models.Model):
    """The Pipedrive activity showing one Snov.io campaign email (R3.5), by message id."""

    integration = models.ForeignKey(
        Integration, on_delete=models.CASCADE, related_name="email_activities"
    )
    message_id = models.CharField(max_length=200)
    activity_id = models.BigIntegerField(null=True, blank=True)
    person_id = models.BigIntegerField(null=True, blank=True)
    status = models.CharField(max_length=16, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["integration", "message_id"], name="one_activity_per_campaign_email"
            )
        ]

    def __str__(self):
        return f"email {self.message_id} → activity {self.activity_id}"
