"""One writer for every path: persons and prospects written through the sandboxes."""

import pytest

from sandbox.pipedrive.models import Organization
from sandbox.pipedrive.models import Person as SandboxPerson
from sandbox.snovio.models import Prospect as SandboxProspect
from syncengine.mapping import fingerprint
from syncengine.models import RecordLink
from syncengine.writers import (
    load_context,
    primary_first,
    remember_pipedrive_write,
    write_person,
    write_prospect,
)


@pytest.mark.django_db
def test_a_new_person_gets_the_owner_and_an_organization_found_or_created(connected_integration):
    ctx = load_context(connected_integration)
    values = {"email": "new@example.org", "name": "New Person", "org_id": "Fresh Org", "phone": []}
    person = write_person(ctx, values=values)
    stored = SandboxPerson.objects.get(pk=person.id)
    assert stored.owner_id == connected_integration.owner_user_id
    assert stored.org.name == "Fresh Org"
    again = write_person(ctx, values={**values, "email": "other@example.org"})
    assert Organization.objects.filter(name="Fresh Org").count() == 1
    assert SandboxPerson.objects.get(pk=again.id).org_id == stored.org_id


@pytest.mark.django_db
def test_updating_keeps_the_persons_other_emails(connected_integration):
    ctx = load_context(connected_integration)
    person = write_person(ctx, values={"email": "a@example.org", "name": "A"})
    person = ctx.pipedrive.update_person(person.id, emails=["a@example.org", "b@example.org"])
    updated = write_person(ctx, values={"email": "c@example.org"}, current=person)
    assert updated.emails == ["c@example.org", "a@example.org", "b@example.org"]


@pytest.mark.django_db
def test_a_prospect_is_written_into_the_target_list_with_custom_fields(connected_integration):
    ctx = load_context(connected_integration)
    prospect_id = write_prospect(
        ctx,
        values={"email": "p@example.org", "first_name": "Pat", "custom:Industry": "Retail"},
    )
    stored = SandboxProspect.objects.get(email="p@example.org")
    assert prospect_id
    assert stored.custom_fields.get("Industry") == "Retail"
    assert stored.lists.filter(pk=int(connected_integration.target_list_id)).exists()


@pytest.mark.django_db
def test_the_link_remembers_what_was_written(connected_integration):
    ctx = load_context(connected_integration)
    values = {"email": "l@example.org", "name": "L"}
    person = write_person(ctx, values=values)
    link = RecordLink(integration=connected_integration, email="l@example.org")
    remember_pipedrive_write(link, person=person, values=values)
    link.refresh_from_db()
    assert link.pipedrive_id == person.id
    assert link.written_to_pipedrive == fingerprint(values)


def test_primary_first_moves_the_synced_email_to_the_front_once():
    assert primary_first("b@x", ["a@x", "B@x"]) == ["b@x", "a@x"]
    assert primary_first("", ["a@x"]) == ["a@x"]


@pytest.mark.django_db
def test_a_complete_organization_index_creates_missing_ones_without_searching(
    connected_integration, sandbox_http
):
    ctx = load_context(connected_integration)
    globex = Organization.objects.get(name="Globex").pk  # ids differ between databases
    ctx.org_ids, ctx.org_ids_complete = {"globex": globex}, True
    sandbox_http.calls.reset()
    write_person(ctx, values={"email": "o@example.org", "name": "O", "org_id": "Brand New"})
    write_person(ctx, values={"email": "g@example.org", "name": "G", "org_id": "Globex"})
    paths = [c.request.url.split("/sandbox/pipedrive")[1] for c in sandbox_http.calls]
    assert not any("search" in p for p in paths)
    assert Organization.objects.filter(name="Brand New").count() == 1


def budget_key() -> str:
    from sandbox.pipedrive.models import PersonField

    return PersonField.objects.get(name="Budget").key


@pytest.mark.django_db
def test_an_amount_is_written_in_the_connected_users_default_currency(connected_integration):
    ctx = load_context(connected_integration)
    assert ctx.schema.pipedrive_currency == "EUR"  # read by Refresh from users/me
    person = write_person(ctx, values={"email": "m@example.org", "name": "M", budget_key(): 120})
    assert SandboxPerson.objects.get(pk=person.id).custom_fields[budget_key()] == {
        "value": 120,
        "currency": "EUR",
    }


@pytest.mark.django_db
def test_a_new_amount_keeps_the_currency_the_person_already_has(connected_integration):
    ctx = load_context(connected_integration)
    person = ctx.pipedrive.create_person(
        name="N", custom_fields={budget_key(): {"value": 5, "currency": "USD"}}
    )
    write_person(ctx, values={budget_key(): 7.5}, current=ctx.pipedrive.get_person(person.id))
    held = SandboxPerson.objects.get(pk=person.id).custom_fields[budget_key()]
    assert held == {"value": 7.5, "currency": "USD"}


@pytest.mark.django_db
def test_a_schema_read_before_currencies_were_kept_asks_pipedrive_once(
    connected_integration, sandbox_http
):
    from dataclasses import replace

    from sandbox.pipedrive.models import User

    User.objects.update(default_currency="CHF")
    ctx = load_context(connected_integration)
    ctx.schema = replace(ctx.schema, pipedrive_currency="")
    sandbox_http.calls.reset()
    for n in range(2):
        write_person(ctx, values={"email": f"o{n}@example.org", "name": "O", budget_key(): 1})
    asked = [c for c in sandbox_http.calls if c.request.url.endswith("/users/me")]
    assert len(asked) == 1
    last = SandboxPerson.objects.get(emails__icontains="o1@example.org")
    assert last.custom_fields[budget_key()]["currency"] == "CHF"
