"""Snov.io text ⇄ Pipedrive single- and multiple-option fields, by option label (B16), end to
end through real-time sync and the transfer: echoes still stop (B3), and a text that names no
option leaves that field unwritten while the record syncs and the log says which value."""

import pytest

from sandbox.pipedrive import models as pd
from sandbox.snovio import models as sn
from syncengine.models import FieldMapping, Outcome, SyncEntry
from syncengine.schema_refresh import load_schema
from syncengine.transfer.services import start_transfer
from tests.realtime.conftest import (
    account,
    deliver_pipedrive,
    last_delivery_id,
    new_person,
    new_prospect,
    polled_event,
    run,
)

# Snov.io custom field values travel only where its answers carry them (the emulator's fuller
# mode); in the documented-only mode they cannot be read at all (syncengine/prospect_reads.py).
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.parametrize("active", ["fuller"], indirect=True),
]


def field(name) -> pd.PersonField:
    return pd.PersonField.objects.get(name=name)


def option_ids(name, *labels) -> list[int]:
    by_label = {o["label"]: o["id"] for o in field(name).options}
    return [by_label[label] for label in labels]


@pytest.fixture
def options_mapped(active):
    """Snov.io "Industry" → Pipedrive "Tier" (single option), "Channels" → "Interests"
    (multiple options), both of them text on the Snov.io side."""
    sn.CustomField.objects.create(account=account(), name="Channels", type="string")
    from syncengine.schema_refresh import refresh_schema

    refresh_schema(integration=active)
    for left, right in (("Industry", "Tier"), ("Channels", "Interests")):
        FieldMapping.objects.create(
            integration=active, snovio_field=f"custom:{left}", pipedrive_field=field(right).key
        )
    return active


def entry(event) -> SyncEntry:
    return SyncEntry.objects.get(event=event)


def test_the_schema_keeps_each_option_fields_options(active):
    tier = load_schema(active).pipedrive_field(field("Tier").key)
    assert [(o.id, o.label) for o in tier.options] == [
        (o["id"], o["label"]) for o in field("Tier").options
    ]


def test_texts_choose_options_by_label_and_the_webhook_back_is_an_echo(options_mapped):
    prospect = new_prospect(custom_fields={"Industry": " gold ", "Channels": "email, WEBINARS"})
    after = last_delivery_id()
    created = run(polled_event(options_mapped, prospect))

    assert entry(created).outcome == Outcome.CREATED and entry(created).message == ""
    person = pd.Person.objects.get(emails__icontains=prospect.email)
    assert person.custom_fields[field("Tier").key] == option_ids("Tier", "Gold")[0]
    assert person.custom_fields[field("Interests").key] == option_ids(
        "Interests", "Email", "Webinars"
    )
    (webhook,) = deliver_pipedrive(options_mapped, after)
    assert entry(run(webhook)).outcome == Outcome.ECHO


def test_a_text_naming_no_option_leaves_that_field_unwritten_and_the_log_says_which(
    options_mapped,
):
    prospect = new_prospect(
        position="Buyer", custom_fields={"Industry": "Platinum", "Channels": "Email, Fax"}
    )
    created = run(polled_event(options_mapped, prospect))

    assert entry(created).outcome == Outcome.CREATED
    person = pd.Person.objects.get(emails__icontains=prospect.email)
    assert person.job_title == "Buyer"
    assert field("Tier").key not in person.custom_fields
    assert field("Interests").key not in person.custom_fields
    assert "“Platinum” is not an option of “Tier”" in entry(created).message
    assert "“Fax” is not an option of “Interests”" in entry(created).message


def test_options_chosen_in_pipedrive_become_their_labels_in_snovio_and_the_poll_is_an_echo(
    options_mapped,
):
    custom = {
        field("Tier").key: option_ids("Tier", "Silver")[0],
        field("Interests").key: option_ids("Interests", "Events", "Calls"),
    }
    new_person("Ann Lee", "ann.lee@example.net", custom_fields=custom)
    (event,) = deliver_pipedrive(options_mapped)

    assert entry(run(event)).outcome == Outcome.CREATED
    prospect = sn.Prospect.objects.get(email="ann.lee@example.net")
    assert prospect.custom_fields["Industry"] == "Silver"
    assert prospect.custom_fields["Channels"] == "Calls, Events"  # the field's order
    assert entry(run(polled_event(options_mapped, prospect))).outcome == Outcome.ECHO


def test_a_transfer_writes_matching_options_and_logs_the_values_that_had_none(options_mapped):
    sn.Prospect.objects.update(custom_fields={})
    sn.Prospect.objects.filter(email="prospect3@example.com").update(
        custom_fields={"Industry": "Platinum", "Channels": "calls"}
    )
    job = start_transfer(
        integration=options_mapped, direction="to_pipedrive", source="snovio", dry_run=False
    )
    job.refresh_from_db()

    assert job.state == "done" and "failed" not in job.counts["done"]
    person = pd.Person.objects.get(emails__icontains="prospect3@example.com")
    assert field("Tier").key not in person.custom_fields
    assert person.custom_fields[field("Interests").key] == option_ids("Interests", "Calls")
    logged = SyncEntry.objects.get(email="prospect3@example.com", origin="transfer")
    assert logged.outcome in (Outcome.CREATED, Outcome.UPDATED)
    assert "“Platinum” is not an option of “Tier”" in logged.message
