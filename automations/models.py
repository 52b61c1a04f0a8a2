from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from automations.registry import ActionType, Trigger
from integrations.models import Integration


class Automation(models.Model):
    """One trigger of an integration with its ordered actions (R5)."""

    integration = models.ForeignKey(
        Integration,
        on_delete=models.CASCADE,
        related_name="automations",
        verbose_name=_("integration"),
    )
    trigger = models.CharField(_("trigger"), max_length=32, choices=Trigger.choices)
    enabled = models.BooleanField(_("enabled"), default=True)

    class Meta:
        verbose_name = _("automation")
        verbose_name_plural = _("automations")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["integration", "trigger"], name="one_automation_per_trigger"
            )
        ]

    def __str__(self):
        return self.get_trigger_display()


class AutomationAction(models.Model):
    automation = models.ForeignKey(
        Automation,
        on_delete=models.CASCADE,
        related_name="actions",
        verbose_name=_("automation"),
    )
    action_type = models.CharField(_("action type"), max_length=32, choices=ActionType.choices)
    position = models.PositiveIntegerField(_("position"), default=0)
    pipeline_id = models.BigIntegerField(_("pipeline id"), null=True, blank=True)
    stage_id = models.BigIntegerField(_("stage id"), null=True, blank=True)
    subject = models.CharField(_("subject"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("automation action")
        verbose_name_plural = _("automation actions")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["automation", "action_type"], name="one_action_type_per_automation"
            )
        ]

    def __str__(self):
        return self.get_action_type_display()


class RunState(models.TextChoices):
    # A context of their own: "Failed" elsewhere is a count of records (Fallidos).
    STARTED = "started", pgettext_lazy("action run state", "Started")
    DONE = "done", pgettext_lazy("action run state", "Done")
    SKIPPED = "skipped", pgettext_lazy("action run state", "Could not run")
    FAILED = "failed", pgettext_lazy("action run state", "Failed")


class ActionRun(models.Model):
    """One action run for one campaign event: the key that stops a redelivery repeating it."""

    event = models.ForeignKey(
        "syncengine.InboundEvent",
        on_delete=models.CASCADE,
        related_name="action_runs",
        verbose_name=_("event"),
    )
    action = models.ForeignKey(
        AutomationAction, on_delete=models.CASCADE, related_name="runs", verbose_name=_("action")
    )
    state = models.CharField(
        _("state"), max_length=16, choices=RunState.choices, default=RunState.STARTED
    )
    message = models.TextField(_("message"), blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("action run")
        verbose_name_plural = _("action runs")
        constraints = [
            models.UniqueConstraint(fields=["event", "action"], name="one_run_per_event_action")
        ]

    def __str__(self):
        return f"{self.action} for event {self.event_id}: {self.state}"


class EmailActivity(models.Model):
    """The Pipedrive activity showing one Snov.io campaign email (R3.5), by message id."""

    integration = models.ForeignKey(
        Integration,
        on_delete=models.CASCADE,
        related_name="email_activities",
        verbose_name=_("integration"),
    )
    message_id = models.CharField(_("message id"), max_length=200)
    activity_id = models.BigIntegerField(_("activity id"), null=True, blank=True)
    person_id = models.BigIntegerField(_("person id"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("email activity")
        verbose_name_plural = _("email activities")
        constraints = [
            models.UniqueConstraint(
                fields=["integration", "message_id"], name="one_activity_per_campaign_email"
            )
        ]

    def __str__(self):
        return f"email {self.message_id} → activity {self.activity_id}"
