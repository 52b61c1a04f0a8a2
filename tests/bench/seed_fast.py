"""Seed both sandboxes for a transfer benchmark in a few bulk inserts.

Snov.io: `n` demo prospects (prospect{i}@example.com, in the demo lists). Pipedrive: `n` persons
of which `duplicates` share a prospect's email with another job title (conflicts for the
sender's values), the rest with their own emails (other{i}@example.org)."""

import time

from django.db import transaction

from sandbox.pipedrive.models import Company
from sandbox.pipedrive.models import Person as SandboxPerson
from sandbox.snovio.seed import seed_sandbox as seed_snovio

BATCH = 2000


def person(company, email: str, name: str, job_title: str = "") -> SandboxPerson:
    return SandboxPerson(
        company=company,
        name=name,
        job_title=job_title,
        emails=[{"value": email, "primary": True, "label": "work"}],
    )


@transaction.atomic
def seed_persons(n: int, *, duplicates: float = 0.2, first_shared: int = 3) -> int:
    """`n` persons; `duplicates` of them share prospects' emails (from prospect{first_shared})."""
    company = Company.objects.get()
    shared = int(n * duplicates)
    people = [
        person(company, f"prospect{i}@example.com", f"Shared {i}", "Buyer")
        for i in range(first_shared, first_shared + shared)
    ]
    people += [person(company, f"other{i}@example.org", f"Other {i}") for i in range(n - shared)]
    SandboxPerson.objects.bulk_create(people, batch_size=BATCH)
    return len(people)


def seed(n: int, *, duplicates: float = 0.2) -> dict:
    """Both sides; returns the seconds each took."""
    started = time.perf_counter()
    seed_snovio(prospects=n)  # bulk inserts already (prospects, then list memberships)
    prospects_s = time.perf_counter() - started
    started = time.perf_counter()
    seed_persons(n, duplicates=duplicates)
    return {"prospects_s": prospects_s, "persons_s": time.perf_counter() - started}
