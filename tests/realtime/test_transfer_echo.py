"""A transfer's writes come back as webhooks; real time must see them as its own (B3)."""

from sandbox.snovio.models import Prospect as SandboxProspect
from syncengine.models import EventState, Outcome, SyncEntry
from syncengine.transfer.services import start_transfer
from tests.realtime.conftest import deliver_pipedrive, last_delivery_id, run


def test_persons_created_by_a_transfer_echo_back_without_writing_to_snovio(active):
    before = last_delivery_id()
    prospects_before = list(SandboxProspect.objects.values_list("pk", "updated_at"))
    job = start_transfer(
        integration=active, direction="to_pipedrive", source="snovio", dry_run=False
    )
    job.refresh_from_db()
    assert job.state == "done", job.error
    events = [run(e) for e in deliver_pipedrive(active, before)]
    assert events, "the transfer's writes were delivered as webhooks"
    assert {e.state for e in events} == {EventState.DONE}
    realtime = SyncEntry.objects.filter(event__in=events)
    assert set(realtime.values_list("outcome", flat=True)) == {Outcome.ECHO}
    assert list(SandboxProspect.objects.values_list("pk", "updated_at")) == prospects_before
