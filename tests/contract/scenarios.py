"""Client calls grouped into scenarios; each names the spec operations its traffic must hit.

Together they use every Pipedrive operation the client knows (a test checks that against the
`# Reference:` lines of the client).
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone


@dataclass(frozen=True)
class Scenario:
    name: str
    operations: tuple[str, ...]  # "<spec> <operationId>"
    run: Callable


def _users(client, world):
    client.get_current_user()
    client.list_users()


def _read_persons(client, world):
    page = client.list_persons(limit=5)
    client.list_persons(cursor=page.next_cursor, limit=5)
    client.list_persons(updated_since=timezone.now() - dt.timedelta(days=400), ids=[1, 2, 3])
    client.get_person(page.items[0].id)


def _write_persons(client, world):
    person = client.create_person(
        first_name="Ana",
        last_name="Ruiz",
        emails=["ana.contract@example.test", "ana.home@example.test"],
        phones=["+34 600 000 001"],
        owner_id=world.user.id,
        job_title="Buyer",
        custom_fields={world.lead_source_key: "Snov.io"},
    )
    client.update_person(person.id, emails=["ana.new@example.test"], name="Ana R. Ruiz")


def _search_persons(client, world):
    client.search_persons("prospect1@example.com")
    client.search_persons("Olivia", fields="name", exact_match=False)


def _organizations(client, world):
    org = client.create_organization(name="Contract Org", owner_id=world.user.id)
    client.get_organization(org.id)
    client.search_organizations("Globex")
    page = client.list_organizations(limit=2)
    client.list_organizations(cursor=page.next_cursor, limit=2)


def _deals(client, world):
    person = client.create_person(name="Deal Person")
    pipeline = client.list_pipelines()[0]
    deal = client.create_deal(
        title="Deal Person deal", person_id=person.id, pipeline_id=pipeline.id
    )
    client.get_deal(deal.id)
    next_stage = client.list_stages(pipeline.id)[1]
    client.update_deal(deal.id, stage_id=next_stage.id)
    client.list_deals(person_id=person.id, status="open")


def _pipelines(client, world):
    client.list_pipelines()
    client.list_stages()


def _activities(client, world):
    person = client.create_person(name="Activity Person")
    activity = client.create_activity(
        subject="Call back",
        type="call",
        person_id=person.id,
        due_date=dt.date(2026, 6, 1),
        due_time=dt.time(10, 0),
        owner_id=world.user.id,
    )
    client.update_activity(activity.id, done=True, note="<p>Replied</p>")
    client.list_activities(person_id=person.id)


def _activity_types(client, world):
    client.list_activity_types()


def _person_fields(client, world):
    client.list_person_fields()
    client.create_person_field(name="Contract tier", field_type="enum", options=["A", "B"])


def _notes(client, world):
    person = client.create_person(name="Note Person")
    client.create_note(content="<b>Opened</b>", person_id=person.id)


def _webhooks(client, world):
    hook = client.create_webhook(
        subscription_url="https://sync.example.test/webhooks/pipedrive/contract/",
        event_action="*",
        event_object="person",
        http_auth_user="pd",
        http_auth_password="secret",
        name="Contract",
    )
    client.list_webhooks()
    client.delete_webhook(hook.id)


SCENARIOS = (
    Scenario("users", ("v1 getCurrentUser", "v1 getUsers"), _users),
    Scenario("read persons", ("v2 getPersons", "v2 getPerson"), _read_persons),
    Scenario("write persons", ("v2 addPerson", "v2 updatePerson"), _write_persons),
    Scenario("search persons", ("v2 searchPersons",), _search_persons),
    Scenario(
        "organizations",
        (
            "v2 addOrganization",
            "v2 getOrganization",
            "v2 searchOrganization",
            "v2 getOrganizations",
        ),
        _organizations,
    ),
    Scenario(
        "deals",
        (
            "v2 addPerson",
            "v2 getPipelines",
            "v2 addDeal",
            "v2 getDeal",
            "v2 getStages",
            "v2 updateDeal",
            "v2 getDeals",
        ),
        _deals,
    ),
    Scenario("pipelines and stages", ("v2 getPipelines", "v2 getStages"), _pipelines),
    Scenario(
        "activities",
        ("v2 addPerson", "v2 addActivity", "v2 updateActivity", "v2 getActivities"),
        _activities,
    ),
    Scenario("activity types", ("v1 getActivityTypes",), _activity_types),
    Scenario("person fields", ("v1 getPersonFields", "v1 addPersonField"), _person_fields),
    Scenario("notes", ("v2 addPerson", "v1 addNote"), _notes),
    Scenario("webhooks", ("v1 addWebhook", "v1 getWebhooks", "v1 deleteWebhook"), _webhooks),
)
