"""A 2,000-prospect transfer costs the pages it reads, the prospects it must read by id (only
those whose list page lacked a mapped field, and only when a decision uses them) and the
records it writes (R7, item 5). With Snov.io's documented list page (names and emails only),
each prospect that takes part is read by id for its job title and company; with the fuller
page, none is."""

import math
from collections import Counter
from urllib.parse import urlsplit

import pytest

from sandbox.pipedrive.models import Organization
from sandbox.pipedrive.models import Person as SandboxPerson
from sandbox.snovio.models import Account
from sandbox.snovio.seed import DEMO_CLIENT_ID, LIST_NAMES
from sandbox.snovio.seed import seed_sandbox as seed_snovio
from syncengine.transfer.services import start_transfer
from tests.transfer.helpers import add_persons

PROSPECTS = 2000
DUPLICATES = 400  # prospects 3…402 exist in Pipedrive with another job title: conflicts


@pytest.mark.django_db
@pytest.mark.parametrize("documented_only", [False, True], ids=["fuller", "documented"])
def test_a_2000_record_transfer_makes_exactly_the_floor_of_api_calls(
    connected_integration, sandbox_http, settings, documented_only
):
    # Calls are counted here, not paced: Snov.io's 60 a minute would make reads wait.
    settings.SNOVIO_REQUESTS_PER_MINUTE = 100_000
    seed_snovio(prospects=PROSPECTS)
    Account.objects.filter(client_id=DEMO_CLIENT_ID).update(documented_only=documented_only)
    rows = [{"email": f"prospect{n}@example.com", "job_title": "Buyer"} for n in range(3, 403)]
    rows += [{"email": f"other{n}@example.org", "name": f"Other {n}"} for n in range(1601)]
    add_persons(rows)
    persons, orgs = SandboxPerson.objects.count(), Organization.objects.count()
    assert persons == 2006
    sandbox_http.calls.reset()

    job = start_transfer(
        integration=connected_integration,
        direction="to_pipedrive",
        source="snovio",
        dry_run=False,
    )

    job.refresh_from_db()
    assert job.state == "done", job.error
    created = PROSPECTS - DUPLICATES - 2  # prospect1 and prospect2 were seeded in Pipedrive
    assert job.counts["plan"]["create"] == created
    assert job.counts["plan"]["conflict"] == DUPLICATES + 2
    # Every prospect with an email takes part and is alone with it; the 5 without are skipped.
    reads = PROSPECTS if documented_only else 0
    assert job.counts.get("read_by_id", 0) == reads
    new_orgs = Organization.objects.count() - orgs
    calls = Counter(
        f"{c.request.method} {urlsplit(c.request.url).path.split('/sandbox')[1]}"
        for c in sandbox_http.calls
    )
    patches = sum(
        n for call, n in calls.items() if call.startswith("PATCH /pipedrive/api/v2/persons/")
    )
    lists = len(LIST_NAMES) + 1  # and the empty list: each fits in one 5000-prospect page
    expected = {
        "GET /snovio/v1/get-user-lists": 1,
        "POST /snovio/v1/prospect-list": lists,
        "GET /pipedrive/api/v2/organizations": math.ceil(orgs / 500),
        "GET /pipedrive/api/v2/persons": math.ceil(persons / 500),
        "POST /pipedrive/api/v2/persons": created,
        "POST /pipedrive/api/v2/organizations": new_orgs,
    }
    if reads:
        expected["POST /snovio/v1/get-prospect-by-id"] = reads
    assert {k: v for k, v in calls.items() if not k.startswith("PATCH")} == expected
    assert patches == DUPLICATES + 2
    pages = 1 + lists + math.ceil(orgs / 500) + math.ceil(persons / 500)
    assert job.pages_read == pages
    writes = created + DUPLICATES + 2 + new_orgs
    assert len(sandbox_http.calls) == pages + reads + writes == 2023 + reads
