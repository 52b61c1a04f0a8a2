"""Polling Snov.io when its list page carries only the documented names and emails: a
prospect is read by id only when its page changed since the last poll (or it is new), old data
is still left to the transfer, and edits the page cannot show (a job title) are caught by a
few re-reads per poll."""

from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from integrations import connections
from sandbox.snovio.models import Account, ListMembership
from sandbox.snovio.models import Prospect as SandboxProspect
from sandbox.snovio.seed import DEMO_CLIENT_ID
from syncengine.models import InboundEvent, RecordLink, SeenProspect
from syncengine.polling import SWEEP_READS, mapped_snovio_keys, poll_snovio
from syncengine.realtime.decide import prospect_fingerprint

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def unpaced(settings):
    """Reads are counted here, not paced: Snov.io's 60 a minute would make them wait."""
    settings.SNOVIO_REQUESTS_PER_MINUTE = 100_000


@pytest.fixture
def documented(active):
    Account.objects.filter(client_id=DEMO_CLIENT_ID).update(documented_only=True)
    return active


def reads_by_id(sandbox_http) -> int:
    return sum(
        urlsplit(c.request.url).path.endswith("/v1/get-prospect-by-id") for c in sandbox_http.calls
    )


def full_prospects(integration) -> dict:
    """Every prospect as a sync reads it: its page item completed by its read by id."""
    client = connections.snovio_client(integration.snovio)
    found = {}
    for lst in client.get_user_lists():
        for prospect in client.iter_list_prospects(lst.id):
            found[prospect.id] = prospect.completed_with(client.get_prospect_by_id(prospect.id))
    return found


def link_all(integration) -> dict:
    keys = mapped_snovio_keys(integration)
    prospects = full_prospects(integration)
    for prospect in prospects.values():
        RecordLink.objects.create(
            integration=integration,
            email=prospect.email,
            snovio_id=prospect.id,
            seen_in_snovio=prospect_fingerprint(prospect, keys),
            pipedrive_id=None,
        )
    return prospects


def edit(uid, **changes):
    SandboxProspect.objects.filter(uid=uid).update(updated_at=timezone.now(), **changes)


def test_the_first_poll_reads_each_prospect_once_and_leaves_old_data_alone(
    documented, sandbox_http
):
    in_lists = SandboxProspect.objects.filter(memberships__isnull=False).distinct().count()
    sandbox_http.calls.reset()
    assert poll_snovio(documented) == 0  # every seeded prospect is older than the launch
    assert reads_by_id(sandbox_http) == in_lists
    sandbox_http.calls.reset()
    assert poll_snovio(documented) == 0
    assert reads_by_id(sandbox_http) == 0
    assert SeenProspect.objects.count() == in_lists


def test_a_prospect_added_after_launch_arrives_with_its_job_title_and_company(
    documented, sandbox_http
):
    poll_snovio(documented)
    new = SandboxProspect.objects.create(
        account=Account.objects.get(),
        email="new.lead@example.net",
        first_name="New",
        last_name="Lead",
        position="CTO",
        company_name="Fresh Co",
    )
    ListMembership.objects.create(prospect=new, prospect_list=Account.objects.get().lists.first())
    sandbox_http.calls.reset()
    assert poll_snovio(documented) == 1
    assert reads_by_id(sandbox_http) == 1
    payload = InboundEvent.objects.get().payload["prospect"]
    assert (payload["email"], payload["position"], payload["company_name"]) == (
        "new.lead@example.net",
        "CTO",
        "Fresh Co",
    )


def test_a_linked_prospect_whose_page_changed_is_read_by_id_and_becomes_an_event(
    documented, sandbox_http
):
    prospects = link_all(documented)
    poll_snovio(documented)
    assert InboundEvent.objects.count() == 0
    uid = next(iter(prospects))
    edit(uid, first_name="Renamed")
    sandbox_http.calls.reset()
    assert poll_snovio(documented) == 1
    assert reads_by_id(sandbox_http) == 1 + min(SWEEP_READS, len(prospects))
    payload = InboundEvent.objects.get().payload["prospect"]
    assert payload["first_name"] == "Renamed"
    assert payload["position"] == prospects[uid].position != ""


def test_an_edit_the_page_cannot_show_is_caught_by_the_re_reads(documented):
    prospects = link_all(documented)
    poll_snovio(documented)
    uid = sorted(prospects)[-1]
    edit(uid, position="Chief Polling Officer")
    polls = 0
    while not InboundEvent.objects.exists() and polls < len(prospects) // SWEEP_READS + 2:
        poll_snovio(documented)
        polls += 1
    event = InboundEvent.objects.get()
    assert event.payload["prospect"]["id"] == uid
    assert event.payload["prospect"]["position"] == "Chief Polling Officer"
    assert event.payload["prospect"]["email"] == prospects[uid].email


def test_the_fuller_page_needs_no_read_by_id(active, sandbox_http):
    sandbox_http.calls.reset()
    poll_snovio(active)
    poll_snovio(active)
    assert reads_by_id(sandbox_http) == 0
    assert not SeenProspect.objects.exists()


def test_a_mapping_change_reads_every_page_again(documented, sandbox_http):
    from syncengine.models import FieldMapping

    poll_snovio(documented)
    FieldMapping.objects.create(
        integration=documented, snovio_field="locality", pipedrive_field="x" * 40
    )
    sandbox_http.calls.reset()
    poll_snovio(documented)
    assert reads_by_id(sandbox_http) == SeenProspect.objects.count()


def test_the_sweep_re_reads_the_least_recently_read_first(documented):
    prospects = link_all(documented)
    poll_snovio(documented)
    before = dict(SeenProspect.objects.values_list("snovio_id", "read_at"))
    poll_snovio(documented)
    after = dict(SeenProspect.objects.values_list("snovio_id", "read_at"))
    moved = [uid for uid in prospects if after[uid] != before[uid]]
    assert len(moved) == min(SWEEP_READS, len(prospects))
    oldest = sorted(before, key=lambda uid: (before[uid], uid))[: len(moved)]
    assert sorted(moved) == sorted(oldest)


def test_a_spent_budget_keeps_what_was_read_and_the_next_poll_reads_only_the_rest(
    documented, sandbox_http, monkeypatch
):
    from integrations.clients.errors import RateLimited

    real = connections.snovio_client
    reads = []

    class LimitedAfterFour:
        def __init__(self, client):
            self.client = client

        def __getattr__(self, name):
            return getattr(self.client, name)

        def get_prospect_by_id(self, prospect_id):
            reads.append(prospect_id)
            if len(reads) == 5:
                raise RateLimited("slow down", retry_after=30)
            return self.client.get_prospect_by_id(prospect_id)

    monkeypatch.setattr(connections, "snovio_client", lambda c: LimitedAfterFour(real(c)))
    in_lists = SandboxProspect.objects.filter(memberships__isnull=False).distinct().count()
    poll_snovio(documented)
    assert SeenProspect.objects.count() == 4
    poll_snovio(documented)
    assert SeenProspect.objects.count() == in_lists
    assert len(set(reads)) == in_lists and len(reads) == in_lists + 1
