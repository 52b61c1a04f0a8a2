"""A transfer whose worker is killed mid-run and whose cluster is restarted ends as an
uninterrupted run does, with no duplicates (issue 5, Reliability)."""

from collections import Counter

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone
from django_q.models import OrmQ

from config import lanes
from integrations.models import Integration
from sandbox.pipedrive.models import Organization
from sandbox.snovio.seed import seed_sandbox as seed_snovio
from syncengine.models import (
    ItemState,
    RecordLink,
    SyncEntry,
    TransferItem,
    TransferJob,
    TransferPhase,
)
from syncengine.transfer import runner
from syncengine.transfer.services import start_transfer
from tests.factories import make_integration, make_user
from tests.reliability.cluster import Cluster, wait_until
from tests.reliability.conftest import connect_live
from tests.transfer.conftest import run_all
from tests.transfer.helpers import add_persons, persons_by_email

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PROSPECTS = 200
STEP = "syncengine.transfer.tasks.run_transfer_step"


def seeded(client, site) -> Integration:
    """The same start every time: 200 prospects, 30 of them already persons in Pipedrive."""
    user = make_user("owner@example.org")
    client.force_login(user)
    integration = connect_live(client, make_integration(user), site)
    seed_snovio(prospects=PROSPECTS)
    add_persons(
        [{"email": f"prospect{n}@example.com", "job_title": "Buyer"} for n in range(3, 33)]
    )
    return integration


def transfer(integration) -> TransferJob:
    return start_transfer(
        integration=integration, direction="to_pipedrive", source="snovio", dry_run=False
    )


def end_state(integration) -> dict:
    """What a transfer leaves, in terms that do not depend on database ids."""
    job = TransferJob.objects.get(integration=integration)
    integration.refresh_from_db()
    people = persons_by_email()
    return {
        "job": (job.state, job.error, job.counts),
        "status": integration.status,
        "persons": sorted(
            (
                email,
                len(found),
                p.name,
                p.job_title,
                p.org.name if p.org else "",
                p.owner_id == int(integration.owner_user_id),
            )
            for email, found in people.items()
            for p in found[:1]
        ),  # fmt: skip
        "organizations": sorted(Counter(Organization.objects.values_list("name", flat=True))),
        "links": RecordLink.objects.filter(integration=integration, closed_at=None).count(),
        "log": sorted(Counter(SyncEntry.objects.values_list("receiver", "outcome")).items()),
        "items": sorted(Counter(TransferItem.objects.values_list("kind", "state")).items()),
    }


def test_a_transfer_killed_mid_run_and_restarted_ends_as_an_uninterrupted_one(
    live_site, client, use_broker, monkeypatch
):
    # The reference: the same transfer, uninterrupted, its steps run one after the other
    # in this process (sync mode would nest each step in the previous one's transaction).
    reference_integration = seeded(client, live_site)
    with monkeypatch.context() as patch:
        patch.setattr(runner, "enqueue_step", lambda job_id: None)
        run_all(transfer(reference_integration))
    reference = end_state(reference_integration)
    assert reference["job"][0] == "done", reference["job"]
    call_command("flush", interactive=False, verbosity=0)

    integration = seeded(client, live_site)
    use_broker("orm")
    # django-q's own timeout and retry: a step is never cut short, however slow the machine.
    env = {"Q_TIMEOUT": settings.Q_CLUSTER["timeout"], "Q_RETRY": settings.Q_CLUSTER["retry"]}
    with Cluster(site_url=live_site, workers=1, lane=lanes.BULK, **env) as cluster:
        job = transfer(integration)

        def writing_worker():
            job.refresh_from_db()
            busy = job.phase == TransferPhase.WRITE and job.lease_until is not None
            return busy and job.processed > 0 and cluster.busy_worker(STEP)

        pid = wait_until(
            writing_worker,
            timeout=60,
            every=0.02,
            what=lambda: f"a worker writing the transfer:\n{cluster.report()}",
        )
        cluster.kill_worker(pid)
    job.refresh_from_db()
    assert job.state == "running" and job.phase == TransferPhase.WRITE, job.state
    cut_off = TransferItem.objects.filter(job=job, state=ItemState.WRITING).count()
    # Time passes while the cluster is down: the dead step's lease (240 s) runs out, and so
    # does the broker's wait for its receipt (Q_RETRY): the step is delivered again.
    TransferJob.objects.filter(pk=job.pk).update(lease_until=timezone.now())
    assert OrmQ.objects.update(lock=timezone.now()) >= 1

    with Cluster(site_url=live_site, workers=1, lane=lanes.BULK, **env) as cluster:
        wait_until(
            lambda: TransferJob.objects.get(pk=job.pk).state == "done",
            timeout=90,
            every=0.5,
            what=lambda: f"the transfer to finish after the restart:\n{cluster.report()}",
        )
    result = end_state(integration)
    assert all(count == 1 for _, count, *_ in result["persons"])
    assert result == reference
    assert cut_off <= 1, "one worker writes one item at a time"
