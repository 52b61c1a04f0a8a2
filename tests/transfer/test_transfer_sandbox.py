"""Transfers against both sandboxes: both directions, both source apps, the R3 rules (R7).

Every test runs twice: with the Snov.io emulator's fuller answers, and in its documented-only
mode, where list pages carry names and emails only and job titles and companies are read by
id."""

import pytest

from integrations.models import Status
from sandbox.snovio.models import Account
from sandbox.snovio.models import Prospect as SandboxProspect
from sandbox.snovio.seed import DEMO_CLIENT_ID
from syncengine.models import Constant, Outcome, RecordLink, SyncEntry, TransferJob
from syncengine.transfer.services import start_transfer
from tests.transfer.helpers import (
    add_persons,
    lead_source_key,
    persons_by_email,
    prospects_by_email,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True, params=["fuller", "documented"])
def snovio_answers(request, connected_integration) -> str:
    documented = request.param == "documented"
    Account.objects.filter(client_id=DEMO_CLIENT_ID).update(documented_only=documented)
    return request.param


def transfer(integration, direction="to_pipedrive", source=None, dry_run=False) -> TransferJob:
    source = source or ("snovio" if direction == "to_pipedrive" else "pipedrive")
    job = start_transfer(
        integration=integration, direction=direction, source=source, dry_run=dry_run
    )
    job.refresh_from_db()
    assert job.state == "done", job.error
    return job


def test_snovio_to_pipedrive_creates_every_missing_prospect_once_with_owner_and_link(
    connected_integration,
):
    job = transfer(connected_integration)
    persons = persons_by_email()
    for prospect in SandboxProspect.objects.exclude(email=""):
        assert len(persons[prospect.email]) == 1, prospect.email
    new = persons["prospect0@example.com"][0]
    assert new.job_title == "CEO" and new.name == "Olivia Smith"
    assert new.org.name == "Acme Analytics"
    assert new.owner_id == connected_integration.owner_user_id
    assert job.counts["plan"] == {"create": 8, "conflict": 2, "skipped:no_email": 5}
    assert RecordLink.objects.filter(integration=connected_integration).count() == 10
    link = RecordLink.objects.get(pipedrive_id=new.pk)
    assert link.snovio_id and link.written_to_pipedrive


def test_snovio_as_source_overwrites_the_duplicate_persons_mapped_fields(connected_integration):
    transfer(connected_integration)
    prospect = SandboxProspect.objects.get(email="prospect1@example.com")
    person = persons_by_email()["prospect1@example.com"][0]
    assert (person.first_name, person.job_title) == (prospect.first_name, prospect.position)


def test_pipedrive_as_source_overwrites_the_prospect_instead_of_the_person(
    connected_integration,
):
    person_before = persons_by_email()["prospect1@example.com"][0]
    transfer(connected_integration, source="pipedrive")
    prospect = SandboxProspect.objects.get(email="prospect1@example.com")
    person = persons_by_email()["prospect1@example.com"][0]
    assert prospect.first_name == person_before.first_name
    assert person.job_title == person_before.job_title
    assert SyncEntry.objects.filter(
        receiver="snovio", outcome=Outcome.UPDATED, email="prospect1@example.com"
    ).exists()


def test_pipedrive_to_snovio_adds_persons_to_the_target_list_as_unverified(
    connected_integration,
):
    job = transfer(connected_integration, direction="to_snovio")
    target = int(connected_integration.target_list_id)
    prospects = prospects_by_email()
    for email in persons_by_email():
        if email:
            assert len(prospects[email]) == 1, email
    created = [e for e, p in persons_by_email().items() if e and not e.startswith("prospect")]
    for email in created:
        prospect = prospects[email][0]
        assert prospect.email_status == "unverified"
        assert prospect.lists.filter(pk=target).exists()
    assert job.counts["plan"]["create"] == len(created)


def test_pipedrive_to_snovio_with_snovio_as_source_updates_the_persons(connected_integration):
    transfer(connected_integration, direction="to_snovio", source="snovio")
    prospect = SandboxProspect.objects.get(email="prospect2@example.com")
    person = persons_by_email()["prospect2@example.com"][0]
    assert person.first_name == prospect.first_name


def test_prospects_without_email_are_created_when_the_rule_is_off(connected_integration):
    connected_integration.only_with_email = False
    connected_integration.save()
    job = transfer(connected_integration)
    assert job.counts["plan"]["create"] == 13
    assert "skipped:no_email" not in job.counts["plan"]
    nameless = set(SandboxProspect.objects.filter(email="").values_list("name", flat=True))
    assert len(nameless) == 5
    assert nameless <= {p.name for p in persons_by_email()[""]}


def test_constants_are_written_on_created_and_updated_persons(connected_integration):
    key = lead_source_key()
    Constant.objects.create(
        integration=connected_integration, app="pipedrive", field=key, value="from Snov.io"
    )
    transfer(connected_integration)
    persons = persons_by_email()
    assert persons["prospect0@example.com"][0].custom_fields[key] == "from Snov.io"
    assert persons["prospect1@example.com"][0].custom_fields[key] == "from Snov.io"


def test_ambiguous_emails_are_parked_and_logged_never_written(connected_integration):
    add_persons([{"email": "prospect3@example.com", "name": "A"}] * 2)
    job = transfer(connected_integration)
    assert job.counts["plan"]["ambiguous:several_in_receiver"] == 1
    assert [p.name for p in persons_by_email()["prospect3@example.com"]] == ["A", "A"]
    entry = SyncEntry.objects.get(outcome=Outcome.AMBIGUOUS)
    assert entry.email == "prospect3@example.com" and entry.reason_code == "several_in_receiver"
    assert [(c["app"], c["name"]) for c in entry.candidates] == [("pipedrive", "A")] * 2
    sample = job.samples["ambiguous:several_in_receiver"][0]
    assert len(sample["candidates"]) == 2


def test_a_preview_counts_and_samples_but_writes_nothing(
    connected_integration, sandbox_http, snovio_answers
):
    before = persons_by_email()
    sandbox_http.calls.reset()
    job = transfer(connected_integration, dry_run=True)
    # Snov.io reads with POST: its 4 list pages, and each prospect taking part (10 with an
    # email) by id when its page lacked the job title and company.
    reads = 10 if snovio_answers == "documented" else 0
    assert [c.request.method for c in sandbox_http.calls if c.request.method != "GET"] == [
        "POST"
    ] * (4 + reads)
    assert job.counts.get("read_by_id", 0) == reads
    assert persons_by_email().keys() == before.keys()
    assert job.counts["plan"]["create"] == 8
    assert job.samples["conflict"][0]["conflicts"]
    assert not RecordLink.objects.exists() and not SyncEntry.objects.exists()
    connected_integration.refresh_from_db()
    assert connected_integration.status == Status.PAUSED


def test_the_status_returns_to_active_after_a_transfer_that_followed_launch(
    connected_integration,
):
    connected_integration.status = Status.ACTIVE
    connected_integration.save()
    transfer(connected_integration)
    connected_integration.refresh_from_db()
    assert connected_integration.status == Status.ACTIVE


def test_running_the_same_transfer_again_writes_nothing_new(connected_integration, sandbox_http):
    transfer(connected_integration)
    sandbox_http.calls.reset()
    job = transfer(connected_integration)
    writes = [c for c in sandbox_http.calls if c.request.method in ("PATCH",)]
    writes += [c for c in sandbox_http.calls if c.request.url.endswith("/api/v2/persons")]
    assert writes == []
    assert job.counts["plan"] == {"identical": 10, "skipped:no_email": 5}


def test_a_second_transfer_updates_known_links_in_place(connected_integration):
    """Links the first transfer made are found again and saved over (one upsert per chunk),
    not duplicated, with the new fingerprint of what was written."""
    transfer(connected_integration)
    links = RecordLink.objects.filter(integration=connected_integration)
    before = {link.pk: link.written_to_pipedrive for link in links}
    SandboxProspect.objects.filter(email="prospect0@example.com").update(position="Chair")
    transfer(connected_integration)
    after = {link.pk: link.written_to_pipedrive for link in links.all()}
    assert after.keys() == before.keys()
    changed = RecordLink.objects.get(email="prospect0@example.com")
    assert after[changed.pk] != before[changed.pk]
    assert persons_by_email()["prospect0@example.com"][0].job_title == "Chair"
