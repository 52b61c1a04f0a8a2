"""With Snov.io's documented list page (names and emails only), a transfer reads by id exactly
the prospects a decision uses, and says so: the sending prospects that take part and are not
ambiguous, the receiving prospects that duplicate one person; nobody else."""

from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from sandbox.pipedrive.models import Person as SandboxPerson
from sandbox.snovio.models import Account
from sandbox.snovio.models import Prospect as SandboxProspect
from sandbox.snovio.seed import DEMO_CLIENT_ID
from syncengine.transfer.progress import calls_line
from syncengine.transfer.services import start_transfer
from tests.transfer.helpers import add_persons, persons_by_email, prospects_by_email

pytestmark = pytest.mark.django_db


@pytest.fixture
def documented(connected_integration):
    Account.objects.filter(client_id=DEMO_CLIENT_ID).update(documented_only=True)
    return connected_integration


def read_ids(sandbox_http) -> list[str]:
    return [
        c.request.body
        for c in sandbox_http.calls
        if urlsplit(c.request.url).path.endswith("/v1/get-prospect-by-id")
    ]


def run(integration, direction="to_pipedrive", source=None, dry_run=False):
    source = source or ("snovio" if direction == "to_pipedrive" else "pipedrive")
    job = start_transfer(
        integration=integration, direction=direction, source=source, dry_run=dry_run
    )
    job.refresh_from_db()
    assert job.state == "done", job.error
    return job


def test_pipedrive_to_snovio_reads_only_the_prospects_that_duplicate_a_person(
    documented, sandbox_http
):
    duplicates = (set(persons_by_email()) & set(prospects_by_email())) - {""}
    sandbox_http.calls.reset()
    job = run(documented, direction="to_snovio", source="snovio")
    assert duplicates == {"prospect1@example.com", "prospect2@example.com"}
    bodies = read_ids(sandbox_http)
    uids = {p.uid for p in SandboxProspect.objects.filter(email__in=duplicates)}
    assert len(bodies) == 2 and all(any(uid.encode() in b for uid in uids) for b in bodies)
    assert job.counts["read_by_id"] == 2
    # Snov.io wins: the person gets the prospect's job title, read by id.
    person = persons_by_email()["prospect2@example.com"][0]
    prospect = SandboxProspect.objects.get(email="prospect2@example.com")
    assert person.job_title == prospect.position


def test_prospects_in_lists_not_taking_part_are_not_read(documented, sandbox_http):
    first_list = Account.objects.get().lists.order_by("pk").first()
    documented.all_lists = False
    documented.source_list_ids = [str(first_list.pk)]
    documented.save()
    sandbox_http.calls.reset()
    job = run(documented, dry_run=True)
    taking_part = SandboxProspect.objects.filter(
        memberships__prospect_list=first_list, email__gt=""
    ).distinct()
    assert job.counts["read_by_id"] == taking_part.count() == len(read_ids(sandbox_http))
    assert job.counts["plan"]["skipped:excluded_list"] > 0


def test_ambiguous_prospects_are_not_read(documented, sandbox_http):
    add_persons([{"email": "prospect3@example.com", "name": "A"}] * 2)
    sandbox_http.calls.reset()
    job = run(documented, dry_run=True)
    assert job.counts["plan"]["ambiguous:several_in_receiver"] == 1
    assert job.counts["read_by_id"] == 9 == len(read_ids(sandbox_http))


def test_a_created_person_gets_the_job_title_and_company_read_by_id(documented):
    run(documented)
    person = SandboxPerson.objects.get(emails__0__value="prospect0@example.com")
    assert (person.job_title, person.org.name) == ("CEO", "Acme Analytics")


def test_the_preview_page_counts_the_pages_and_the_reads_by_id(owner_client, documented):
    owner_client.post(
        reverse("syncengine-transfer-preview", args=[documented.uuid]),
        {"direction": "to_pipedrive", "source": "snovio"},
        follow=True,
    )
    job = documented.transfer_jobs.get()
    page = owner_client.get(reverse("syncengine-transfer-job", args=[documented.uuid, job.pk]))
    assert "10 prospects read by id (fields their list pages lack)" in page.content.decode()


def test_the_calls_line_of_a_preview_adds_the_writes_a_transfer_would_make():
    plan = {"create": 8, "conflict": 2, "identical": 3, "skipped:no_email": 5}
    assert calls_line(pages_read=7, read_by_id=10, plan=plan, dry_run=True) == (
        "API calls: 7 pages read, 10 prospects read by id (fields their list pages lack); "
        "a transfer would add 10 writes (and any new organizations)."
    )
    assert calls_line(pages_read=7, read_by_id=0, plan=plan, dry_run=False) == (
        "API calls: 7 pages read."
    )
