"""Both sandboxes connected and the schema loaded, plus helpers to drive the automations editor."""

import pytest
from django.urls import reverse

from syncengine.schema_refresh import load_schema


@pytest.fixture
def ready(connected_only):
    assert load_schema(connected_only).loaded
    return connected_only


def url(name, integration, *args):
    return reverse(name, args=[integration.uuid, *args])


def pipeline(integration, name):
    return next(p for p in load_schema(integration).pipelines if p.name == name)


def stage(integration, pipeline_name, stage_name):
    return next(s for s in pipeline(integration, pipeline_name).stages if s.name == stage_name)


def add_action(client, integration, trigger="email_sent", action_type="create_deal", **params):
    data = {"trigger": trigger, "action_type": action_type, **params}
    return client.post(url("automations-action-add", integration), data)


def build_example(client, integration):
    """Email sent → create deal (Sales) → move to stage Contacted → add activity "Call back"."""
    sales = pipeline(integration, "Sales")
    contacted = stage(integration, "Sales", "Contacted")
    return [
        add_action(client, integration, action_type="create_deal", pipeline_id=sales.id),
        add_action(
            client,
            integration,
            action_type="move_to_stage",
            pipeline_id=sales.id,
            stage_id=contacted.id,
        ),
        add_action(client, integration, action_type="add_activity", subject="Call back"),
    ]


def choose_basics(client, integration, **overrides):
    """The exchange settings a launch needs (R3.1, R3.2)."""
    schema = load_schema(integration)
    data = {
        "direction": "both",
        "target_list_id": schema.snovio_lists[0].id,
        "owner_user_id": schema.pipedrive_users[0].id,
        "all_lists": "on",
        "only_with_email": "on",
        **overrides,
    }
    return client.post(url("integrations-settings", integration), data)
