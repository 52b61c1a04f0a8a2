"""Every PipedriveClient operation, driven against the sandbox emulator."""

import datetime as dt
import json
import re

import pytest
from django.utils import timezone

from integrations.clients.pipedrive import (
    ActivityType,
    Deal,
    Page,
    Person,
    PersonField,
    PipedriveClient,
    User,
)
from sandbox.pipedrive.models import Person as SandboxPerson
from tests.contract.sandbox_accounts import (
    api_token_client,
    demo_admin,
    make_activity_types,
    make_company,
    make_pipeline,
    make_user,
    oauth_client,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def account():
    user = make_user(timezone_name="Europe/Madrid")
    make_pipeline(user.company, "Sales", ("Lead in", "Contacted", "Proposal"))
    make_pipeline(user.company, "Partners", ("New", "Talking"))
    make_activity_types(user.company)
    return user


@pytest.fixture
def client(account, sandbox_http) -> PipedriveClient:
    return oauth_client(account)[0]


def sent_json(sandbox_http, index=-1) -> dict:
    return json.loads(sandbox_http.calls[index].request.body)


def bulk_persons(company, count: int) -> None:
    SandboxPerson.objects.bulk_create(
        SandboxPerson(
            company=company,
            name=f"Person {n}",
            emails=[{"value": f"p{n}@example.test", "primary": True, "label": "work"}],
        )
        for n in range(count)
    )


# -- users --------------------------------------------------------------------------------


def test_get_current_user_describes_the_user_and_the_company(client, account):
    me = client.get_current_user()
    assert isinstance(me, User)
    assert (me.id, me.email, me.name) == (account.id, account.email, account.name)
    assert me.timezone_name == "Europe/Madrid"
    assert me.is_admin and me.active
    assert me.company_id == account.company.id
    assert me.company_name == account.company.name
    assert me.company_domain == account.company.domain


def test_list_users_gives_the_company_users_only(client, account):
    colleague = make_user(account.company, admin=False)
    make_user(make_company())
    users = client.list_users()
    assert [u.id for u in users] == [account.id, colleague.id]
    assert [u.is_admin for u in users] == [True, False]


def test_an_api_token_client_sends_the_x_api_token_header(account, sandbox_http):
    assert api_token_client(account).get_current_user().id == account.id
    headers = sandbox_http.calls[0].request.headers
    assert headers["x-api-token"] == account.api_token
    assert "Authorization" not in headers


# -- persons ------------------------------------------------------------------------------


def test_create_person_builds_the_v2_body_from_plain_values(client, account, sandbox_http):
    client.create_person(
        first_name="Ana",
        last_name="Ruiz",
        emails=["ana@example.test", "ana.home@example.test"],
        phones=["+34 600 000 000"],
        owner_id=account.id,
    )
    assert sent_json(sandbox_http) == {
        "name": "Ana Ruiz",
        "first_name": "Ana",
        "last_name": "Ruiz",
        "emails": [
            {"value": "ana@example.test", "primary": True, "label": "work"},
            {"value": "ana.home@example.test", "primary": False, "label": "work"},
        ],
        "phones": [{"value": "+34 600 000 000", "primary": True, "label": "work"}],
        "owner_id": account.id,
    }


def test_create_person_returns_a_typed_person_read_back_by_get_person(client, account):
    created = client.create_person(
        name="Ana Ruiz", emails=["ana@example.test", "other@example.test"], owner_id=account.id
    )
    fetched = client.get_person(created.id)
    assert isinstance(fetched, Person)
    assert fetched == created
    assert fetched.emails == ["ana@example.test", "other@example.test"]
    assert (fetched.first_name, fetched.last_name) == ("Ana", "Ruiz")
    assert fetched.owner_id == account.id and fetched.org_id is None
    assert fetched.add_time.tzinfo is not None
    assert abs(fetched.update_time - timezone.now()) < dt.timedelta(minutes=1)
    assert not fetched.is_deleted


def test_get_person_lists_the_primary_email_first(client, account):
    person = SandboxPerson.objects.create(
        company=account.company,
        name="Bo",
        emails=[
            {"value": "second@example.test", "primary": False, "label": "home"},
            {"value": "first@example.test", "primary": True, "label": "work"},
        ],
    )
    assert client.get_person(person.id).emails == ["first@example.test", "second@example.test"]


def test_create_person_with_an_unknown_field_is_refused_before_any_request(client, sandbox_http):
    calls_before = len(sandbox_http.calls)
    with pytest.raises(TypeError, match="favourite_colour"):
        client.create_person(name="X", favourite_colour="blue")
    assert len(sandbox_http.calls) == calls_before


def test_update_person_replaces_the_emails_and_keeps_other_fields(client, account):
    person = client.create_person(name="Cy", emails=["old@example.test"], owner_id=account.id)
    updated = client.update_person(person.id, emails=["new@example.test"], job_title="CTO")
    assert updated.emails == ["new@example.test"]
    assert updated.job_title == "CTO"
    assert updated.owner_id == account.id and updated.name == "Cy"


def test_custom_fields_round_trip_through_create_and_get(client):
    field = client.create_person_field(name="Source", field_type="varchar")
    person = client.create_person(name="Di", custom_fields={field.key: "from Snov.io"})
    assert client.get_person(person.id).custom_fields[field.key] == "from Snov.io"


def test_list_persons_gives_one_page_and_its_cursor(client, account):
    bulk_persons(account.company, 3)
    page = client.list_persons(limit=2)
    assert isinstance(page, Page)
    assert [p.name for p in page.items] == ["Person 0", "Person 1"]
    assert page.next_cursor
    last = client.list_persons(limit=2, cursor=page.next_cursor)
    assert [p.name for p in last.items] == ["Person 2"] and last.next_cursor is None


def test_list_persons_filters_by_ids(client):
    wanted = [client.create_person(name=f"N{n}").id for n in range(3)][::2]
    page = client.list_persons(ids=wanted)
    assert sorted(p.id for p in page.items) == sorted(wanted)


def test_list_persons_updated_since_leaves_out_older_changes(client, account):
    bulk_persons(account.company, 2)
    old = timezone.now() - dt.timedelta(days=3)
    SandboxPerson.objects.filter(company=account.company).update(update_time=old)
    fresh = client.create_person(name="Fresh")
    since = timezone.now() - dt.timedelta(days=1)
    assert [p.id for p in client.list_persons(updated_since=since).items] == [fresh.id]


def test_iter_persons_follows_the_cursor_over_more_than_500_persons(sandbox_http):
    client = oauth_client(demo_admin(persons=1203))[0]
    calls_before = len(sandbox_http.calls)
    persons = list(client.iter_persons())
    assert len(persons) == 1203 and len({p.id for p in persons}) == 1203
    requests_made = [c.request.url for c in sandbox_http.calls[calls_before:]]
    assert len(requests_made) == 3
    assert all("limit=500" in url for url in requests_made)
    assert "cursor=" not in requests_made[0] and "cursor=" in requests_made[2]


def test_search_persons_finds_ids_by_exact_email(client):
    ana = client.create_person(name="Ana", emails=["ana@example.test"])
    client.create_person(name="Anabel", emails=["anabel@example.test"])
    assert client.search_persons("ana@example.test") == [ana.id]
    assert client.search_persons("nobody@example.test") == []


def test_search_persons_sends_term_fields_and_exact_match(client, sandbox_http):
    client.search_persons("ana@example.test")
    url = sandbox_http.calls[-1].request.url
    assert "/api/v2/persons/search?" in url
    assert "fields=email" in url and "exact_match=true" in url
    assert "term=ana%40example.test" in url


# -- organizations ------------------------------------------------------------------------


def test_create_organization_then_find_it_by_exact_name(client, account):
    created = client.create_organization(name="Globex", owner_id=account.id)
    client.create_organization(name="Globex Iberia")
    assert created.name == "Globex" and created.owner_id == account.id
    assert [o.id for o in client.search_organizations("Globex")] == [created.id]
    assert client.search_organizations("Initech") == []


# -- deals, pipelines, stages -------------------------------------------------------------


def test_list_pipelines_and_their_stages_in_order(client):
    pipelines = client.list_pipelines()
    assert [p.name for p in pipelines] == ["Sales", "Partners"]
    stages = client.list_stages(pipelines[0].id)
    assert [s.name for s in stages] == ["Lead in", "Contacted", "Proposal"]
    assert {s.pipeline_id for s in stages} == {pipelines[0].id}
    assert len(client.list_stages()) == 5


def test_create_deal_in_a_pipeline_lands_in_its_first_stage(client, account):
    person = client.create_person(name="Ed")
    partners = client.list_pipelines()[1]
    deal = client.create_deal(
        title="Ed deal", person_id=person.id, pipeline_id=partners.id, owner_id=account.id
    )
    assert isinstance(deal, Deal)
    first = client.list_stages(partners.id)[0]
    assert (deal.pipeline_id, deal.stage_id) == (partners.id, first.id)
    assert (deal.person_id, deal.owner_id, deal.status) == (person.id, account.id, "open")
    assert client.get_deal(deal.id) == deal


def test_update_deal_moves_it_to_another_stage_and_closes_it(client):
    person = client.create_person(name="Flo")
    deal = client.create_deal(title="Flo deal", person_id=person.id)
    target = client.list_stages(deal.pipeline_id)[1]
    moved = client.update_deal(deal.id, stage_id=target.id)
    assert moved.stage_id == target.id
    assert client.update_deal(deal.id, status="won").status == "won"


def test_list_deals_filters_by_person_and_status(client):
    gil, hal = client.create_person(name="Gil"), client.create_person(name="Hal")
    open_deal = client.create_deal(title="Gil 1", person_id=gil.id)
    won = client.create_deal(title="Gil 2", person_id=gil.id)
    client.update_deal(won.id, status="won")
    client.create_deal(title="Hal 1", person_id=hal.id)
    assert [d.id for d in client.list_deals(person_id=gil.id).items] == [open_deal.id, won.id]
    assert [d.id for d in client.list_deals(person_id=gil.id, status="open").items] == [
        open_deal.id
    ]
    assert len(list(client.iter_deals())) == 3


# -- activities ---------------------------------------------------------------------------


def test_create_activity_links_the_person_as_primary_participant(client, sandbox_http):
    person = client.create_person(name="Ida")
    deal = client.create_deal(title="Ida deal", person_id=person.id)
    activity = client.create_activity(
        subject="Call back",
        type="call",
        person_id=person.id,
        deal_id=deal.id,
        due_date=dt.date(2026, 5, 4),
        due_time=dt.time(9, 30),
    )
    body = sent_json(sandbox_http)
    assert "person_id" not in body
    assert body["participants"] == [{"person_id": person.id, "primary": True}]
    assert body["due_date"] == "2026-05-04" and body["due_time"] == "09:30"
    assert (activity.person_id, activity.deal_id) == (person.id, deal.id)
    assert (activity.subject, activity.type, activity.done) == ("Call back", "call", False)


def test_update_activity_marks_it_done_with_a_note(client):
    person = client.create_person(name="Jo")
    activity = client.create_activity(subject="Email sent", type="email", person_id=person.id)
    done = client.update_activity(activity.id, done=True, note="<p>Opened twice</p>")
    assert done.done and done.note == "<p>Opened twice</p>"


def test_list_activities_of_a_person_and_of_a_deal(client):
    kim, lou = client.create_person(name="Kim"), client.create_person(name="Lou")
    deal = client.create_deal(title="Kim deal", person_id=kim.id)
    first = client.create_activity(subject="A", type="task", person_id=kim.id)
    second = client.create_activity(subject="B", type="task", person_id=kim.id, deal_id=deal.id)
    client.create_activity(subject="C", type="task", person_id=lou.id)
    assert [a.id for a in client.list_activities(person_id=kim.id)] == [first.id, second.id]
    assert [a.id for a in client.list_activities(deal_id=deal.id)] == [second.id]


def test_list_activity_types_gives_key_strings(client):
    types = client.list_activity_types()
    assert all(isinstance(t, ActivityType) for t in types)
    assert [t.key_string for t in types] == ["call", "task", "email"]
    assert all(t.active for t in types)


# -- person fields, notes -----------------------------------------------------------------


def test_list_person_fields_tells_system_from_custom_fields(sandbox_http):
    client = oauth_client(demo_admin())[0]
    fields = {f.name: f for f in client.list_person_fields()}
    assert fields["Email"].key == "email" and not fields["Email"].is_custom
    assert fields["Lead source"].is_custom
    assert re.fullmatch(r"[0-9a-f]{40}", fields["Lead source"].key)
    assert [label for _, label in fields["Tier"].options] == ["Gold", "Silver", "Bronze"]


def test_create_person_field_with_options_returns_their_ids(client, sandbox_http):
    field = client.create_person_field(name="Tier", field_type="enum", options=["Gold", "Silver"])
    assert sent_json(sandbox_http)["options"] == [{"label": "Gold"}, {"label": "Silver"}]
    assert isinstance(field, PersonField) and field.field_type == "enum"
    assert [label for _, label in field.options] == ["Gold", "Silver"]
    assert all(isinstance(option_id, int) for option_id, _ in field.options)


def test_create_note_on_a_person_and_a_deal(client):
    person = client.create_person(name="Max")
    deal = client.create_deal(title="Max deal", person_id=person.id)
    note = client.create_note(content="<b>Replied</b>", person_id=person.id, deal_id=deal.id)
    assert (note.person_id, note.deal_id) == (person.id, deal.id)
    assert note.content == "<b>Replied</b>" and note.add_time.tzinfo is not None


# -- webhooks -----------------------------------------------------------------------------


def test_webhooks_can_be_created_listed_and_deleted(client, account):
    hook = client.create_webhook(
        subscription_url="https://sync.example.test/webhooks/pipedrive/abc/",
        event_action="*",
        event_object="person",
        http_auth_user="pd",
        http_auth_password="s3cret",
        name="Snov.io sync",
    )
    assert (hook.event_action, hook.event_object, hook.version) == ("*", "person", "2.0")
    assert hook.user_id == account.id
    assert [w.id for w in client.list_webhooks()] == [hook.id]
    client.delete_webhook(hook.id)
    assert client.list_webhooks() == []
