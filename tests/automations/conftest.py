"""Both sandboxes connected and the schema loaded, plus helpers to drive the automations editor."""

import pytest
from django.urls import reverse

from integrations.sandbox.pipedrive.seed import seed_sandbox as seed_pipedrive
from integrations.sandbox.snovio.seed import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET
from integrations.sandbox.snovio.seed import seed_sandbox as seed_snovio
from integrations.schema_refresh import load_schema
from tests.pipedrive_helpers import connect_pipedrive


@pytest.fixture
def ready(owner_client, integration, sandbox_http, django_capture_on_commit_callbacks):
    """Both apps connected through the sandboxes; the background Refresh has run."""
    seed_snovio(prospects=3)
    seed_pipedrive(persons=2)
    owner_client.post(
        reverse("integrations-snovio-connect", args=[integration.uuid]),
        {"client_id": DEMO_CLIENT_ID, "client_secret": DEMO_CLIENT_SECRET},
    )
    with django_capture_on_commit_callbacks(execute=True):
        connect_pipedrive(owner_client, integration)
    integration.refresh_from_db()
    assert load_schema(integration) is not None
    return integration


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
