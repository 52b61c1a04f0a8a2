"""Support commands: resync, refresh_schema, replay_events (item 7)."""

import io

import pytest
from django.core.management import CommandError, call_command

from integrations.models import RemoteSchema
from syncengine.models import EventState, InboundEvent, TransferJob
from tests.transfer.helpers import persons_by_email

pytestmark = pytest.mark.django_db


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_resync_dry_run_prints_the_plan_and_writes_nothing(connected_integration):
    out, err = run(
        "resync", str(connected_integration.pk), "--direction", "to_pipedrive", "--dry-run"
    )
    assert "'create': 8" in out and "100%" in err
    assert "prospect0@example.com" not in persons_by_email()
    assert TransferJob.objects.get().dry_run


def test_resync_by_uuid_transfers_with_the_chosen_source(connected_integration):
    uuid = str(connected_integration.uuid)
    out, _ = run("resync", uuid, "--direction", "to_snovio", "--source", "snovio")
    job = TransferJob.objects.get()
    assert job.state == "done" and job.source_app == "snovio"
    assert "done {" in out


def test_resync_refuses_an_unknown_integration(connected_integration):
    with pytest.raises(CommandError, match="No integration"):
        run("resync", "999999", "--direction", "to_pipedrive")


def test_resync_refuses_while_another_transfer_runs(connected_integration, manual_steps):
    from syncengine.transfer.services import start_transfer

    start_transfer(
        integration=connected_integration, direction="to_pipedrive", source="snovio", dry_run=True
    )
    with pytest.raises(CommandError, match="already running"):
        run("resync", str(connected_integration.pk), "--direction", "to_pipedrive")


def test_refresh_schema_reloads_the_remote_schema(connected_integration):
    RemoteSchema.objects.filter(integration=connected_integration).update(data={})
    out, _ = run("refresh_schema", str(connected_integration.pk))
    assert "refreshed" in out
    schema = RemoteSchema.objects.get(integration=connected_integration)
    assert schema.data["snovio_lists"]


def test_replay_events_puts_failed_and_parked_events_back_and_rings_their_integration(
    connected_integration, monkeypatch, django_capture_on_commit_callbacks
):
    enqueued = []
    monkeypatch.setattr(
        "config.lanes.async_task", lambda func, pk, cluster: enqueued.append((func, pk))
    )
    states = [EventState.FAILED, EventState.WAITING, EventState.DONE]
    events = [
        InboundEvent.objects.create(
            integration=connected_integration,
            source="pipedrive",
            kind="person.change",
            idempotency_key=str(n),
            payload={},
            state=state,
        )
        for n, state in enumerate(states)
    ]
    with django_capture_on_commit_callbacks(execute=True):
        out, _ = run("replay_events", str(connected_integration.pk))
    assert "2 events replayed" in out
    assert enqueued == [("syncengine.tasks.drain_integration", connected_integration.pk)]
    events[2].refresh_from_db()
    assert events[2].state == EventState.DONE
    assert InboundEvent.objects.filter(state=EventState.PENDING).count() == 2
