"""An integration in each state a person can meet, with one of every row a URL can name.

Each state is reached the way the product gets there (connect, launch, a lost grant, a
disconnect…), from the sandboxes connected like a user would (`connected_integration`)."""

from automations.models import Automation, AutomationAction
from integrations import lifecycle, services
from integrations.models import AuthMethod, PipedriveConnection, Status, StatusCause
from integrations.status import mark_connection_failed, set_status
from syncengine.models import (
    App,
    Constant,
    EventState,
    FieldMapping,
    InboundEvent,
    ItemSide,
    ItemState,
    Outcome,
    SyncEntry,
    TransferDirection,
    TransferItem,
    TransferJob,
    TransferState,
)
from syncengine.schema_refresh import load_schema

STATES = (
    "new",
    "paused",
    "active",
    "syncing",
    "connection_failed",
    "legacy_token",
    "pipedrive_disconnected",
    "snovio_disconnected",
)


def add_rows(integration) -> dict:
    """One mapping, constant, automation action, failed log entry and finished transfer: the
    ids the URLs with an <int:…> take."""
    schema = load_schema(integration)
    snovio = next((f for f in schema.snovio_fields if not f.builtin), None)
    pipedrive = next((f for f in schema.pipedrive_fields if f.is_custom), None)
    mapping = FieldMapping.objects.create(
        integration=integration,
        snovio_field=snovio.key if snovio else "custom:Industry",
        pipedrive_field=pipedrive.key if pipedrive else "a" * 40,
        snovio_label=snovio.label if snovio else "Industry",
        pipedrive_label=pipedrive.name if pipedrive else "Industry",
    )
    constant = Constant.objects.create(
        integration=integration, app=App.PIPEDRIVE, field="job_title", value="Lead"
    )
    automation = Automation.objects.create(integration=integration, trigger="email_sent")
    pipeline = schema.pipelines[0] if schema.pipelines else None
    action = AutomationAction.objects.create(
        automation=automation,
        action_type="create_deal",
        pipeline_id=pipeline.id if pipeline else None,
        stage_id=pipeline.stages[0].id if pipeline and pipeline.stages else None,
    )
    event = InboundEvent.objects.create(
        integration=integration,
        source=App.PIPEDRIVE,
        kind="person.change",
        idempotency_key="every-url",
        payload={},
        state=EventState.FAILED,
    )
    entry = SyncEntry.objects.create(
        integration=integration,
        receiver=App.SNOVIO,
        origin="realtime",
        outcome=Outcome.FAILED,
        reason_code="validation",
        remote_error="Snov.io HTTP 400: bad value",
        email="ana@example.org",
        event=event,
    )
    job = finished_transfer(integration)
    return {
        "mapping_id": mapping.pk,
        "constant_id": constant.pk,
        "action_id": action.pk,
        "entry_id": entry.pk,
        "job_id": job.pk,
    }


def finished_transfer(integration) -> TransferJob:
    job = TransferJob.objects.create(
        integration=integration,
        direction=TransferDirection.TO_PIPEDRIVE,
        source_app=App.SNOVIO,
        state=TransferState.DONE,
        phase="finished",
        counts={"plan": {"create": 1}, "done": {"created": 0, "failed": 1}},
        total=1,
        processed=1,
    )
    TransferItem.objects.create(
        job=job,
        side=ItemSide.SENDER,
        remote_id="1",
        email="ana@example.org",
        kind="create",
        state=ItemState.FAILED,
        failure="ValidationFailed: Pipedrive HTTP 400",
    )
    return job


def put_in_state(integration, state: str) -> None:
    """From connected and Paused (with valid settings) to `state`."""
    if state in ("active", "syncing", "connection_failed"):
        assert lifecycle.launch_integration(integration=integration) == []
    if state == "syncing":
        TransferJob.objects.create(
            integration=integration,
            direction=TransferDirection.TO_PIPEDRIVE,
            source_app=App.SNOVIO,
            state=TransferState.RUNNING,
            phase="write",
            previous_status=Status.ACTIVE,
        )
        set_status(integration, Status.SYNCING)
    elif state == "connection_failed":
        mark_connection_failed(
            integration,
            cause=StatusCause.PIPEDRIVE_AUTH_LOST,
            detail="Invalid grant: refresh_token is invalid",
        )
    elif state == "legacy_token":
        PipedriveConnection.objects.filter(integration=integration).update(
            auth_method=AuthMethod.API_TOKEN,
            api_token="legacy-token",
            access_token="",
            refresh_token="",
        )
        integration.refresh_from_db()
        services.pause_legacy_connection(integration=integration)
    elif state == "pipedrive_disconnected":
        services.disconnect_pipedrive(integration=integration)
    elif state == "snovio_disconnected":
        services.disconnect_snovio(integration=integration)
    integration.refresh_from_db()
