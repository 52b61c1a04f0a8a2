"""Demo data for the emulated Snov.io: one account with lists, prospects, custom fields and
campaigns. Deterministic and idempotent: running it twice changes nothing."""

import base64
import datetime as dt
import hashlib

from django.conf import settings
from django.db import transaction

from sandbox.snovio.models import (
    Account,
    Campaign,
    CampaignMessage,
    CampaignStatus,
    CustomField,
    EmailStatus,
    FieldType,
    ListMembership,
    Prospect,
    ProspectList,
)

DEMO_CLIENT_ID = settings.SANDBOX_SNOVIO_CLIENT_ID
DEMO_CLIENT_SECRET = settings.SANDBOX_SNOVIO_CLIENT_SECRET
DEMO_USER_ID = 1313777
LIST_NAMES = ("Conference leads", "Website signups", "Cold outreach Q4")
EMPTY_LIST_NAME = "Empty list"
NO_EMAIL_PROSPECTS = 5
BASE_TIME = dt.datetime(2025, 1, 6, 9, 0, tzinfo=dt.UTC)

FIRST_NAMES = [
    "Olivia",
    "Liam",
    "Emma",
    "Noah",
    "Ava",
    "Oliver",
    "Sophia",
    "Elijah",
    "Isabella",
    "James",
    "Mia",
    "Lucas",
    "Amelia",
    "Mateo",
    "Harper",
    "Ethan",
    "Evelyn",
    "Levi",
    "Luna",
    "Aiden",
    "Camila",
    "Sofia",
    "Daniel",
    "Chloe",
    "Henry",
    "Aria",
    "Jack",
    "Nora",
    "Leo",
    "Zoe",
]
LAST_NAMES = [
    "Smith",
    "Johnson",
    "Garcia",
    "Miller",
    "Davis",
    "Rodriguez",
    "Martinez",
    "Lopez",
    "Wilson",
    "Anderson",
    "Thomas",
    "Taylor",
    "Moore",
    "Jackson",
    "Martin",
    "Lee",
    "Perez",
    "Thompson",
    "White",
    "Harris",
    "Clark",
    "Lewis",
    "Walker",
    "Young",
    "Allen",
    "King",
]
COMPANIES = (
    ("Acme Analytics", "Software"),
    ("Blue Harbor Logistics", "Logistics"),
    ("Cedar Health", "Healthcare"),
    ("Delta Fintech", "Financial services"),
    ("Evergreen Foods", "Food & beverage"),
    ("Fjord Energy", "Energy"),
    ("Granite Builders", "Construction"),
    ("Helix Biotech", "Biotechnology"),
    ("Ion Mobility", "Automotive"),
    ("Juniper Retail", "Retail"),
    ("Kite Media", "Media"),
    ("Lumen Education", "Education"),
)
POSITIONS = (
    "CEO",
    "CTO",
    "Head of Sales",
    "Marketing Manager",
    "Operations Director",
    "VP Engineering",
    "Account Executive",
    "Procurement Lead",
)
PLACES = (
    ("Woodbridge, New Jersey", "United States"),
    ("Austin, Texas", "United States"),
    ("Toronto, Ontario", "Canada"),
    ("London", "United Kingdom"),
    ("Berlin", "Germany"),
    ("Madrid", "Spain"),
)
CUSTOM_FIELDS = (("Industry", FieldType.STRING), ("Employees", FieldType.NUMBER))
CUSTOM_FIELDS += (("Last event", FieldType.DATE),)


def seed_uid(key: str) -> str:
    digest = hashlib.sha256(f"sandbox-snovio-{key}".encode()).digest()[:16]
    return base64.urlsafe_b64encode(digest).decode()


def _email_status(n: int) -> str:
    if n % 17 == 5:
        return EmailStatus.NOT_VALID
    if n % 11 == 3:
        return EmailStatus.UNKNOWN
    if n % 13 == 7:
        return EmailStatus.UNVERIFIED
    return EmailStatus.VALID


def prospect_values(n: int, *, with_email: bool = True) -> dict:
    """The demo prospect number `n` (pure, deterministic)."""
    first, last = FIRST_NAMES[n % len(FIRST_NAMES)], LAST_NAMES[(n * 7) % len(LAST_NAMES)]
    company, industry = COMPANIES[(n * 5) % len(COMPANIES)]
    locality, country = PLACES[n % len(PLACES)]
    slug = company.lower().replace(" ", "")
    custom = {"Industry": industry, "Employees": str(10 + (n * 37) % 4990)}
    if n % 4 == 0:
        custom["Last event"] = (BASE_TIME.date() + dt.timedelta(days=n % 365)).isoformat()
    created = BASE_TIME + dt.timedelta(hours=n)
    return {
        "uid": seed_uid(f"prospect-{n}" if with_email else f"no-email-{n}"),
        "email": f"prospect{n}@example.com" if with_email else "",
        "email_status": _email_status(n) if with_email else EmailStatus.UNVERIFIED,
        "first_name": first,
        "last_name": last,
        "name": f"{first} {last}",
        "position": POSITIONS[(n * 3) % len(POSITIONS)],
        "company_name": company,
        "company_site": f"http://{slug}.example.com",
        "industry": industry,
        "country": country,
        "locality": locality,
        "phones": [f"+1-555-{n % 10000:04d}"] if n % 2 == 0 else [],
        "social_links": {"linkedIn": f"https://www.linkedin.com/in/{first}-{last}-{n}".lower()},
        "custom_fields": custom,
        "source": "seed",
        "created_at": created,
        "updated_at": created,
    }


def list_indexes(n: int, *, with_email: bool = True) -> list[int]:
    """Which demo lists prospect `n` belongs to: one each, every tenth in two."""
    first = n % len(LIST_NAMES)
    if with_email and n % 10 == 0:
        return [first, (first + 1) % len(LIST_NAMES)]
    return [first]


def seed_sandbox(*, prospects: int = 300) -> Account:
    """Create (or complete) the demo account; safe to run any number of times."""
    with transaction.atomic():
        account, _ = Account.objects.get_or_create(
            client_id=DEMO_CLIENT_ID,
            defaults={
                "client_secret": DEMO_CLIENT_SECRET,
                "user_id": DEMO_USER_ID,
                "name": "Demo Snov.io user",
                "email": "demo@example.com",
            },
        )
        lists = _seed_lists(account)
        _seed_custom_fields(account)
        _seed_prospects(account, lists, prospects)
        _seed_campaigns(account, lists)
    return account


def _seed_lists(account: Account) -> list[ProspectList]:
    lists = []
    for index, name in enumerate((*LIST_NAMES, EMPTY_LIST_NAME)):
        item, _ = ProspectList.objects.get_or_create(
            account=account,
            name=name,
            defaults={"created_at": BASE_TIME - dt.timedelta(days=30 - index)},
        )
        lists.append(item)
    return lists


def _seed_custom_fields(account: Account) -> None:
    for name, field_type in CUSTOM_FIELDS:
        CustomField.objects.get_or_create(
            account=account, name=name, defaults={"type": field_type}
        )


def _seed_prospects(account: Account, lists: list[ProspectList], count: int) -> None:
    wanted = [(n, True) for n in range(count)]
    wanted += [(count + i, False) for i in range(NO_EMAIL_PROSPECTS if count else 0)]
    values = [prospect_values(n, with_email=with_email) for n, with_email in wanted]
    existing = set(account.prospects.values_list("uid", flat=True))
    new = [Prospect(account=account, **v) for v in values if v["uid"] not in existing]
    Prospect.objects.bulk_create(new, batch_size=500)
    ids = dict(account.prospects.values_list("uid", "pk"))
    memberships = [
        ListMembership(prospect_id=ids[v["uid"]], prospect_list=lists[index])
        for (n, with_email), v in zip(wanted, values, strict=True)
        for index in list_indexes(n, with_email=with_email)
    ]
    ListMembership.objects.bulk_create(memberships, batch_size=500, ignore_conflicts=True)


def _seed_campaigns(account: Account, lists: list[ProspectList]) -> None:
    plans = (
        ("Conference follow-up", lists[0], CampaignStatus.ACTIVE),
        ("Q4 cold outreach", lists[2], CampaignStatus.PAUSED),
    )
    for index, (name, prospect_list, status) in enumerate(plans):
        started = BASE_TIME + dt.timedelta(days=index + 1)
        campaign, created = Campaign.objects.get_or_create(
            account=account,
            name=name,
            defaults={
                "prospect_list": prospect_list,
                "status": status,
                "created_at": started,
                "updated_at": started,
                "started_at": started,
                "hash": seed_uid(f"campaign-{index}").encode().hex()[:32],
            },
        )
        if created:
            _seed_messages(campaign, started)


def _seed_messages(campaign: Campaign, started: dt.datetime) -> None:
    recipients = Prospect.objects.filter(
        memberships__prospect_list=campaign.prospect_list, email__gt=""
    ).order_by("pk")[:8]
    for position, prospect in enumerate(recipients):
        sent = started + dt.timedelta(hours=position)
        CampaignMessage.objects.create(
            campaign=campaign,
            prospect=prospect,
            uid=seed_uid(f"message-{campaign.pk}-{prospect.pk}").encode().hex()[:32],
            subject=f"Quick question, {prospect.first_name}",
            body=f"Hi {prospect.first_name},\n\nWould a short call make sense?\n\nBest",
            sent_at=sent,
            opened_at=sent + dt.timedelta(hours=2) if position % 2 == 0 else None,
            replied_at=sent + dt.timedelta(hours=5) if position % 4 == 0 else None,
            reply_message="Sounds good, let's talk." if position % 4 == 0 else "",
        )
