"""The log explains what an automation did (B1, R5): the deal, stage and task by name, with the
prospect's email, and what could not run; the email search lists it too."""

import datetime as dt
import zoneinfo

from django.urls import reverse

from sandbox.pipedrive import models as pd
from sandbox.pipedrive.faults import inject_fault
from syncengine.log_sentences import explain
from syncengine.models import SyncEntry
from tests.automations.test_runner import automation, sales, stage
from tests.realtime.conftest import (
    active,  # noqa: F401 - fixture
    campaign_event,
    new_prospect,
    run,
)

EMAIL = "olivia.smith@example.net"


def sentences(event) -> list[str]:
    entries = SyncEntry.objects.filter(event=event, origin="automation").order_by("id")
    return [explain(e) for e in entries]


def test_the_example_automation_says_what_it_created_moved_and_added(active):  # noqa: F811
    automation(
        active,
        "email_sent",
        ("create_deal", {"pipeline_id": sales().id}),
        ("move_to_stage", {"pipeline_id": sales().id, "stage_id": stage("Sales", "Contacted").id}),
        ("add_activity", {"subject": "Call back"}),
    )
    event = run(campaign_event(active, new_prospect(EMAIL, "Olivia", "Smith"), "sent"))
    first = pd.Stage.objects.filter(pipeline=sales()).order_by("order_nr").first()
    owner = pd.User.objects.get(pk=active.owner_user_id)
    today = dt.datetime.now(zoneinfo.ZoneInfo(owner.timezone_name)).date()
    assert sentences(event) == [
        f"Deal 'Olivia Smith deal' created in {first.name} (Sales).",
        "Deal 'Olivia Smith deal' moved to Contacted (Sales).",
        f"Task 'Call back' on deal 'Olivia Smith deal' due {today.day} {today:%b} added.",
    ]
    entries = SyncEntry.objects.filter(event=event, origin="automation")
    assert {e.email for e in entries} == {EMAIL}


def test_an_action_that_could_not_run_says_why_in_the_past(active):  # noqa: F811
    automation(active, "email_sent", ("next_stage", {}))
    event = run(campaign_event(active, new_prospect(EMAIL, "Olivia", "Smith"), "sent"))
    assert sentences(event) == ["No open deal: next stage could not run."]


def test_the_email_search_explains_the_automations(active, owner_client):  # noqa: F811
    automation(active, "email_sent", ("next_stage", {}))
    run(campaign_event(active, new_prospect(EMAIL, "Olivia", "Smith"), "sent"))
    url = reverse("syncengine-log", args=[active.uuid])
    response = owner_client.get(url, {"email": EMAIL})
    summary = response.context["summary"]
    assert [v.sentence for v in summary.automations] == ["No open deal: next stage could not run."]
    assert 'data-testid="automation-verdict">No open deal: next stage could not run.' in (
        response.content.decode()
    )


def test_a_refused_action_says_what_was_not_done_and_pipedrives_words(active):  # noqa: F811
    automation(active, "email_sent", ("create_deal", {"pipeline_id": sales().id}))
    inject_fault("/api/v2/deals", status=400, times=1, method="POST")
    event = run(campaign_event(active, new_prospect(EMAIL, "Olivia", "Smith"), "sent"))
    [sentence] = sentences(event)
    assert sentence.startswith("Deal 'Olivia Smith deal' could not be created in ")
    assert "Pipedrive said: " in sentence
