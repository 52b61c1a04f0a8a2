"""Changes to automations (R5). Each one is a settings change (R6.3)."""

from django.db import transaction
from django.db.models import Max

from automations.models import Automation, AutomationAction
from integrations.lifecycle import record_settings_change
from integrations.models import Integration

MOVES = {"up": -1, "down": 1}


@transaction.atomic
def toggle_trigger(*, integration: Integration, trigger: str, enabled: bool) -> Automation:
    automation, _ = Automation.objects.update_or_create(
        integration=integration, trigger=trigger, defaults={"enabled": enabled}
    )
    record_settings_change(integration=integration)
    return automation


@transaction.atomic
def add_action(
    *,
    integration: Integration,
    trigger: str,
    action_type: str,
    pipeline_id: int | None = None,
    stage_id: int | None = None,
    subject: str = "",
) -> AutomationAction:
    """Append an action to a trigger; the trigger's automation is created (on) if needed."""
    automation, _ = Automation.objects.select_for_update().get_or_create(
        integration=integration, trigger=trigger
    )
    last = automation.actions.aggregate(last=Max("position"))["last"]
    action = AutomationAction.objects.create(
        automation=automation,
        action_type=action_type,
        position=0 if last is None else last + 1,
        pipeline_id=pipeline_id,
        stage_id=stage_id,
        subject=subject,
    )
    record_settings_change(integration=integration)
    return action


@transaction.atomic
def update_action(
    *,
    action: AutomationAction,
    pipeline_id: int | None = None,
    stage_id: int | None = None,
    subject: str = "",
) -> AutomationAction:
    action.pipeline_id, action.stage_id, action.subject = pipeline_id, stage_id, subject
    action.save(update_fields=["pipeline_id", "stage_id", "subject"])
    record_settings_change(integration=action.automation.integration)
    return action


@transaction.atomic
def delete_action(*, action: AutomationAction) -> None:
    """Remove one action; the trigger keeps its others (and may be left with none)."""
    automation = action.automation
    action.delete()
    renumber(list(automation.actions.all()))
    record_settings_change(integration=automation.integration)


@transaction.atomic
def move_action(*, action: AutomationAction, direction: str) -> None:
    """Swap an action with its neighbour; at either end nothing changes."""
    automation = Automation.objects.select_for_update().get(pk=action.automation_id)
    actions = list(automation.actions.all())
    here = next(i for i, a in enumerate(actions) if a.pk == action.pk)
    there = here + MOVES[direction]
    if not 0 <= there < len(actions):
        return
    actions[here], actions[there] = actions[there], actions[here]
    renumber(actions)
    record_settings_change(integration=automation.integration)


def renumber(actions: list[AutomationAction]) -> None:
    for position, action in enumerate(actions):
        if action.position != position:
            action.position = position
            action.save(update_fields=["position"])
