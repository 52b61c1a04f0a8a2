"""A 2,000-prospect transfer costs the pages it reads plus the records it writes (R7, item 5)."""

import math
from collections import Counter
from urllib.parse import urlsplit

import pytest

from sandbox.pipedrive.models import Organization
from sandbox.pipedrive.models import Person as SandboxPerson
from sandbox.snovio.seed import LIST_NAMES
from sandbox.snovio.seed import seed_sandbox as seed_snovio
from syncengine.transfer.services import start_transfer
from tests.transfer.helpers import add_persons

PROSPECTS = 2000
DUPLICATES = 400  # prospects 3…402 exist in Pipedrive with another job title: conflicts


@pytest.mark.django_db
def test_a_2000_record_transfer_makes_exactly_the_floor_of_api_calls(
    connected_integration, sandbox_http
):
    seed_snovio(prospects=PROSPECTS)
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
    assert {k: v for k, v in calls.items() if not k.startswith("PATCH")} == expected
    assert patches == DUPLICATES + 2
    pages = 1 + lists + math.ceil(orgs / 500) + math.ceil(persons / 500)
    assert len(sandbox_http.calls) == pages + created + DUPLICATES + 2 + new_orgs == 2023
