"""The one list of automation triggers and actions (R5)."""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Trigger(models.TextChoices):
    EMAIL_SENT = "email_sent", _("Campaign email sent")
    EMAIL_OPENED = "email_opened", _("Email opened")
    LINK_CLICKED = "link_clicked", _("Link clicked")
    REPLIED = "replied", _("Prospect replied")
    BOUNCED = "bounced", _("Email bounced")
    FINISHED = "finished", _("Prospect finished the campaign")


class ActionType(models.TextChoices):
    CREATE_DEAL = "create_deal", _("Create a deal")
    MOVE_TO_STAGE = "move_to_stage", _("Move the deal to a stage")
    NEXT_STAGE = "next_stage", _("Move the deal to the next stage")
    ADD_ACTIVITY = "add_activity", _("Add an activity")


# Snov.io webhook (event_object, event_action) for each trigger.
TRIGGER_EVENTS: dict[str, tuple[str, str]] = {
    Trigger.EMAIL_SENT: ("campaign_email", "sent"),
    Trigger.EMAIL_OPENED: ("campaign_email", "opened"),
    Trigger.LINK_CLICKED: ("campaign_email", "clicked"),
    Trigger.REPLIED: ("campaign_reply", "received"),
    Trigger.BOUNCED: ("campaign_email", "bounced"),
    Trigger.FINISHED: ("prospect", "campaign_finished"),
}


@dataclass(frozen=True)
class ActionSpec:
    """Which parameters an action type needs."""

    needs_pipeline: bool = False
    needs_stage: bool = False
    needs_subject: bool = False


@dataclass(frozen=True)
class ActionData:
    """One configured action as plain data, for validation and planning."""

    id: int
    action_type: str
    pipeline_id: int | None = None
    stage_id: int | None = None
    subject: str = ""


ACTION_SPECS: dict[str, ActionSpec] = {
    ActionType.CREATE_DEAL: ActionSpec(needs_pipeline=True),
    ActionType.MOVE_TO_STAGE: ActionSpec(needs_pipeline=True, needs_stage=True),
    ActionType.NEXT_STAGE: ActionSpec(),
    ActionType.ADD_ACTIVITY: ActionSpec(needs_subject=True),
}


def trigger_for_event(event_object: str, event_action: str) -> Trigger | None:
    for trigger, event in TRIGGER_EVENTS.items():
        if event == (event_object, event_action):
            return Trigger(trigger)
    return None
