"""The demo company of the Pipedrive sandbox: deterministic, created once."""

import datetime as dt
import random

from django.db import transaction

from .models import (
    Activity,
    ActivityType,
    Company,
    Deal,
    Organization,
    Person,
    PersonField,
    Pipeline,
    Stage,
    User,
)

DEMO_COMPANY_NAME = "Demo Company"
DEMO_COMPANY_DOMAIN = "demo-company"
SANDBOX_USER_PASSWORD = "sandbox"
BASE_TIME = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)

USERS = (
    ("Ana Admin", "ana@demo-company.example", True),
    ("Bob Sales", "bob@demo-company.example", False),
)
ACTIVITY_TYPES = (
    ("call", "Call", "call"),
    ("meeting", "Meeting", "meeting"),
    ("task", "Task", "task"),
    ("deadline", "Deadline", "deadline"),
    ("email", "Email", "email"),
)
PIPELINES = (
    ("Sales", ("Lead In", "Contacted", "Demo Scheduled", "Proposal Made", "Negotiations Started")),
    ("Partners", ("Prospect", "Qualified", "Signed")),
)
SYSTEM_FIELDS = (
    ("name", "Name", "varchar"),
    ("first_name", "First name", "varchar"),
    ("last_name", "Last name", "varchar"),
    ("email", "Email", "varchar"),
    ("phone", "Phone", "phone"),
    ("owner_id", "Owner", "user"),
    ("org_id", "Organization", "org"),
    ("job_title", "Job title", "varchar"),
)
CUSTOM_FIELDS = (
    ("Lead source", "varchar", None),
    ("Background", "text", None),
    ("Score", "double", None),
    ("Budget", "monetary", None),
    ("Last contacted", "date", None),
    ("Tier", "enum", ("Gold", "Silver", "Bronze")),
    ("Interests", "set", ("Email", "Calls", "Events", "Webinars")),
    ("Assistant phone", "phone", None),
    ("Office address", "address", None),
    ("Referral partner", "varchar_auto", None),
)
ORGANIZATIONS = ("Acme Corp", "Globex", "Initech", "Umbrella Health", "Stark Industries")
FIRST_NAMES = [
    "Olivia",
    "Liam",
    "Emma",
    "Noah",
    "Ava",
    "Lucas",
    "Mia",
    "Mateo",
    "Sofia",
    "Hugo",
    "Lea",
    "Elias",
    "Chloe",
    "Leon",
    "Zoe",
    "Marco",
    "Ines",
    "Tomas",
    "Nora",
    "Ivan",
    "Alba",
    "Jonas",
    "Lina",
    "Omar",
    "Sara",
    "Pablo",
    "Elena",
    "Felix",
    "Maya",
    "Diego",
]
LAST_NAMES = [
    "Garcia",
    "Smith",
    "Muller",
    "Rossi",
    "Dubois",
    "Novak",
    "Silva",
    "Jensen",
    "Kowalski",
    "Ivanova",
    "Brown",
    "Martin",
    "Fischer",
    "Costa",
    "Laurent",
    "Horvat",
    "Nielsen",
    "Moreau",
    "Weber",
    "Lopez",
    "Wright",
    "Bauer",
    "Conti",
    "Santos",
]
JOBS = ("CEO", "CTO", "Head of Sales", "Marketing Manager", "Buyer", "Engineer", "")
LEAD_SOURCES = ("Website", "Referral", "Conference", "Cold outreach")

# About 20% of the persons carry the emails the Snov.io sandbox gives its prospects, so a
# transfer meets duplicates; two of those emails appear on two persons each (ambiguous).
SNOVIO_SHARE = 0.2
AMBIGUOUS_EMAILS = ("prospect1@example.com", "prospect2@example.com")


def seed_sandbox(*, persons: int = 150) -> Company:
    """Create the demo company with its users, pipelines, fields and persons. Does nothing
    when it exists already."""
    existing = Company.objects.filter(domain=DEMO_COMPANY_DOMAIN).first()
    if existing is not None:
        return existing
    with transaction.atomic():
        company = Company.objects.create(name=DEMO_COMPANY_NAME, domain=DEMO_COMPANY_DOMAIN)
        users = _seed_users(company)
        _seed_activity_types(company)
        pipelines = _seed_pipelines(company)
        fields = _seed_fields(company, users[0])
        orgs = [
            Organization.objects.create(company=company, name=name, owner=users[0])
            for name in ORGANIZATIONS
        ]
        people = _seed_persons(company, users, orgs, fields, persons)
        _seed_deals(company, users, pipelines, people)
    return company


def _seed_users(company: Company) -> list[User]:
    users = []
    for index, (name, email, is_admin) in enumerate(USERS, start=1):
        user = User(
            company=company,
            name=name,
            email=email,
            is_admin=is_admin,
            api_token=f"sandbox-api-token-{index:02d}-" + "0" * 20,
            created_at=BASE_TIME,
        )
        user.set_password(SANDBOX_USER_PASSWORD)
        user.save()
        users.append(user)
    return users


def _seed_activity_types(company: Company) -> None:
    for order, (key, name, icon) in enumerate(ACTIVITY_TYPES, start=1):
        ActivityType.objects.create(
            company=company, key_string=key, name=name, icon_key=icon, order_nr=order
        )


def _seed_pipelines(company: Company) -> list[Pipeline]:
    pipelines = []
    for order, (name, stages) in enumerate(PIPELINES, start=1):
        pipeline = Pipeline.objects.create(company=company, name=name, order_nr=order)
        for stage_order, stage in enumerate(stages, start=1):
            Stage.objects.create(pipeline=pipeline, name=stage, order_nr=stage_order)
        pipelines.append(pipeline)
    return pipelines


def _seed_fields(company: Company, admin: User) -> dict[str, PersonField]:
    for order, (key, name, field_type) in enumerate(SYSTEM_FIELDS):
        PersonField.objects.create(
            company=company, key=key, name=name, field_type=field_type, is_custom=False,
            order_nr=order, add_time=BASE_TIME, update_time=BASE_TIME,
        )  # fmt: skip
    rng = random.Random(7)  # noqa: S311 - deterministic demo data
    fields, option_id = {}, 1
    for order, (name, field_type, labels) in enumerate(CUSTOM_FIELDS, start=len(SYSTEM_FIELDS)):
        options = None
        if labels:
            options = [{"id": option_id + i, "label": label} for i, label in enumerate(labels)]
            option_id += len(labels)
        fields[name] = PersonField.objects.create(
            company=company, key=rng.getrandbits(160).to_bytes(20, "big").hex(), name=name,
            field_type=field_type, options=options, order_nr=order, created_by=admin,
            add_time=BASE_TIME, update_time=BASE_TIME,
        )  # fmt: skip
    return fields


def person_email(index: int, count: int, first: str, last: str) -> str:
    """The email of demo person `index` (0-based) of `count`."""
    snovio = max(int(count * SNOVIO_SHARE), len(AMBIGUOUS_EMAILS))
    if index < snovio - len(AMBIGUOUS_EMAILS):
        return f"prospect{index + 1}@example.com"
    if index < snovio:
        return AMBIGUOUS_EMAILS[index - (snovio - len(AMBIGUOUS_EMAILS))]
    if index % 25 == 24:
        return ""
    return f"{first}.{last}{index}@{last.lower()}-mail.example".lower()


def _custom_values(rng: random.Random, index: int, fields: dict[str, PersonField]) -> dict:
    values = {fields["Lead source"].key: LEAD_SOURCES[index % len(LEAD_SOURCES)]}
    if index % 3 == 0:
        values[fields["Score"].key] = round(rng.uniform(0, 100), 1)
        values[fields["Tier"].key] = fields["Tier"].options[index % 3]["id"]
    if index % 5 == 0:
        values[fields["Budget"].key] = {"value": 1000 * (index % 9 + 1), "currency": "EUR"}
        values[fields["Interests"].key] = [o["id"] for o in fields["Interests"].options[:2]]
    if index % 4 == 0:
        last = BASE_TIME.date() - dt.timedelta(days=index % 60)
        values[fields["Last contacted"].key] = last.isoformat()
    if index % 7 == 0:
        values[fields["Office address"].key] = {"value": f"{index} Market Street, Springfield"}
    return values


def _seed_persons(company, users, orgs, fields, count: int) -> list[Person]:
    rng = random.Random(42)  # noqa: S311 - deterministic demo data
    people = []
    for index in range(count):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        email = person_email(index, count, first, last)
        when = BASE_TIME + dt.timedelta(hours=index)
        phones = []
        if index % 2 == 0:
            phones = [{"value": f"+1 555 01{index:04d}", "primary": True, "label": "work"}]
        people.append(
            Person(
                company=company,
                name=f"{first} {last}",
                first_name=first,
                last_name=last,
                emails=[{"value": email, "primary": True, "label": "work"}] if email else [],
                phones=phones,
                owner=users[index % len(users)],
                org=orgs[index % len(orgs)] if index % 3 == 0 else None,
                job_title=JOBS[index % len(JOBS)],
                custom_fields=_custom_values(rng, index, fields),
                add_time=when,
                update_time=when,
            )
        )
    return Person.objects.bulk_create(people)


def _seed_deals(company, users, pipelines, people) -> None:
    sales = pipelines[0]
    stages = list(sales.stages.all())
    for index, person in enumerate(people[:6]):
        stage = stages[index % len(stages)]
        deal = Deal.objects.create(
            company=company, title=f"{person.name} deal", person=person, org=person.org,
            owner=users[0], creator=users[0], pipeline=sales, stage=stage,
            value=500 * (index + 1), origin="ManuallyCreated",
        )  # fmt: skip
        Activity.objects.create(
            company=company, subject=f"Call {person.first_name}", type="call", owner=users[0],
            creator=users[0], deal=deal, person=person,
            participants=[{"person_id": person.id, "primary": True}],
            due_date=BASE_TIME.date() + dt.timedelta(days=index), done=index % 2 == 1,
            marked_as_done_time=BASE_TIME if index % 2 == 1 else None,
        )  # fmt: skip
