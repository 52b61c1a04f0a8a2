"""B10 "Send a test event": what an automation would do, written nowhere, shown on the editor."""

from django.urls import reverse
from django.utils import translation

from automations.models import ActionRun
from automations.testing import send_test_event
from sandbox.pipedrive import models as pd
from syncengine.models import InboundEvent, RecordLink, SyncEntry
from tests.automations.test_runner import EMAIL, automation, person_with_deal, sales, stage
from tests.realtime.conftest import active, new_person, new_prospect  # noqa: F401


def example(integration):
    automation(
        integration,
        "email_sent",
        ("create_deal", {"pipeline_id": sales().id}),
        ("move_to_stage", {"pipeline_id": sales().id, "stage_id": stage("Sales", "Contacted").id}),
        ("add_activity", {"subject": "Call back"}),
    )


def counts():
    return (
        pd.Person.objects.count(),
        pd.Deal.objects.count(),
        pd.Activity.objects.count(),
        SyncEntry.objects.count(),
        RecordLink.objects.count(),
        InboundEvent.objects.count(),
        ActionRun.objects.count(),
    )


def test_the_test_event_describes_each_step_and_writes_nothing(active):  # noqa: F811
    example(active)
    new_prospect(EMAIL, "Ben", "Ross")
    before = counts()
    steps = send_test_event(integration=active, trigger="email_sent", email=EMAIL)
    assert counts() == before
    assert steps[0] == f"Create the Pipedrive person 'Ben Ross' ({EMAIL}) with the field mapping."
    assert steps[1] == "Create deal 'Ben Ross deal' in Sales / Lead In"
    assert steps[2] == "Move deal 'Ben Ross deal' to Sales / Contacted"
    assert steps[3].startswith("Add task 'Call back' for Ben Ross and deal 'Ben Ross deal', due ")


def test_the_test_event_says_when_an_action_would_not_run(active):  # noqa: F811
    automation(active, "email_opened", ("next_stage", {}), ("add_activity", {"subject": "Call"}))
    new_person("Ben Ross", EMAIL)
    steps = send_test_event(integration=active, trigger="email_opened", email=EMAIL)
    assert steps[0].startswith(f"Use the Pipedrive person found by {EMAIL}")
    assert steps[1] == "Would not run: No open deal: next stage cannot run."
    assert steps[2].startswith("Add task 'Call' for ")


def test_the_test_event_uses_the_persons_open_deal(active):  # noqa: F811
    person_with_deal(stage("Sales", "Negotiations Started"), title="Big one")
    automation(active, "email_sent", ("next_stage", {}))
    steps = send_test_event(integration=active, trigger="email_sent", email=EMAIL)
    assert steps[-1] == "Would not run: Deal 'Big one' is in the last stage already."


def test_the_test_event_refuses_to_guess_between_two_persons(active):  # noqa: F811
    example(active)
    new_person("Ben Ross", EMAIL)
    new_person("Benjamin Ross", EMAIL)
    (step,) = send_test_event(integration=active, trigger="email_sent", email=EMAIL)
    assert "ambiguous" in step


def test_a_trigger_without_actions_would_do_nothing(active):  # noqa: F811
    steps = send_test_event(integration=active, trigger="bounced", email=EMAIL)
    assert steps == ["This trigger has no actions: nothing would run."]


def test_the_editor_offers_the_test_event_and_shows_its_steps(active, owner_client):  # noqa: F811
    example(active)
    new_prospect(EMAIL, "Ben", "Ross")
    deals = pd.Deal.objects.count()
    page = owner_client.get(reverse("integrations-settings", args=[active.uuid]))
    assert b"Send a test event" in page.content

    url = reverse("automations-test-send", args=[active.uuid])
    response = owner_client.post(url, {"trigger": "email_sent", "email": EMAIL}, follow=True)
    assert response.redirect_chain[-1][0].endswith("#test-email_sent")
    text = response.content.decode()
    assert "nothing was written" in text
    assert "Create deal &#x27;Ben Ross deal&#x27; in Sales / Lead In" in text
    assert pd.Deal.objects.count() == deals


def test_the_test_event_needs_an_email_and_belongs_to_its_owner(active, client):  # noqa: F811
    from tests.factories import make_user

    client.force_login(make_user())
    url = reverse("automations-test-send", args=[active.uuid])
    assert client.post(url, {"trigger": "email_sent", "email": EMAIL}).status_code == 404


def test_the_test_event_speaks_the_readers_language_after_reading_both_apps(active):  # noqa: F811
    """The steps are written after the apps were read; the reader's language holds throughout."""
    automation(active, "email_opened", ("next_stage", {}))
    new_person("Ben Ross", EMAIL)
    with translation.override("es"):
        steps = send_test_event(integration=active, trigger="email_opened", email=EMAIL)
    assert steps[1] == (
        "No se ejecutaría: No hay ninguna negociación abierta: "
        "no se puede pasar a la siguiente etapa."
    )
