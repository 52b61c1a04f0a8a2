"""Remote accounts of one benchmark tenant in the emulators: a Snov.io account and a Pipedrive
company of its own, so its rate limits (counted per remote account, on both sides) are its
own. Seeded in bulk. Used by scripts/bench/setup_realtime.py, never by the product."""

import zlib

from django.db import transaction

from sandbox.pipedrive.models import Company, Person
from sandbox.pipedrive.models import User as PipedriveUser
from sandbox.pipedrive.seed import (
    SANDBOX_USER_PASSWORD,
    _seed_activity_types,
    _seed_fields,
    _seed_pipelines,
)
from sandbox.snovio.models import Account, ListMembership, Prospect, ProspectList

TARGET_LIST = "Website signups"
SOURCE_LIST = "Leads"
BATCH = 2000


def snovio_credentials(tag: str) -> tuple[str, str]:
    return f"bench-{tag}-api-user", f"bench-{tag}-api-secret"


def person_email(tag: str, n: int) -> str:
    return f"person{n}@{tag}.bench.example"


def pipedrive_admin_email(tag: str) -> str:
    return f"admin@{tag}.bench.example"


@transaction.atomic
def snovio_account(tag: str, prospects: int) -> Account:
    """An account with an empty target list and `prospects` prospects in a source list."""
    client_id, secret = snovio_credentials(tag)
    account = Account.objects.create(
        client_id=client_id,
        client_secret=secret,
        user_id=5_000_000 + zlib.crc32(tag.encode()) % 1_000_000,
        name=f"Bench {tag}",
        email=f"owner@{tag}.bench.example",
    )
    ProspectList.objects.create(account=account, name=TARGET_LIST)
    source = ProspectList.objects.create(account=account, name=SOURCE_LIST)
    rows = [
        Prospect(
            account=account,
            email=f"p{n}@{tag}.bench.example",
            first_name="Bench",
            last_name=f"Prospect {n}",
            name=f"Bench Prospect {n}",
            position=("CEO", "Buyer", "Engineer")[n % 3],
            company_name=f"Company {n % 40}",
        )
        for n in range(prospects)
    ]
    Prospect.objects.bulk_create(rows, batch_size=BATCH)
    ids = account.prospects.values_list("pk", flat=True)
    memberships = [ListMembership(prospect_list=source, prospect_id=pk) for pk in ids]
    ListMembership.objects.bulk_create(memberships, batch_size=BATCH)
    return account


@transaction.atomic
def pipedrive_company(tag: str, persons: int = 0) -> Company:
    """A company with its admin (who consents to OAuth), pipelines, fields and `persons`."""
    company = Company.objects.create(name=f"Bench {tag}", domain=f"bench-{tag}")
    admin = PipedriveUser(
        company=company, name=f"Admin {tag}", email=pipedrive_admin_email(tag), is_admin=True
    )
    admin.set_password(SANDBOX_USER_PASSWORD)
    admin.save()
    _seed_activity_types(company)
    _seed_pipelines(company)
    _seed_fields(company, admin)
    rows = [
        Person(
            company=company,
            name=f"Person {n}",
            emails=[{"value": person_email(tag, n), "primary": True}],
            owner=admin,
        )
        for n in range(persons)
    ]
    Person.objects.bulk_create(rows, batch_size=BATCH)
    return company
