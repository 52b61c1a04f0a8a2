"""Make both sandboxes deliver every event kind we subscribe to, to a capturing endpoint.

`CAPTURE_WEBHOOK_FIXTURES=1 pytest tests/webhooks/test_fixtures.py` rewrites
tests/fixtures/{pipedrive,snovio}/*.json from what the sandboxes send today."""

import json
import re
from pathlib import Path

from automations.registry import TRIGGER_EVENTS
from integrations import connections
from sandbox.pipedrive import people
from sandbox.pipedrive.delivery import deliver_due_webhooks as deliver_pipedrive
from sandbox.pipedrive.models import Person, User
from sandbox.snovio.delivery import deliver_due_webhooks as deliver_snovio
from sandbox.snovio.events import EventKind, fire_campaign_event
from sandbox.snovio.models import Campaign, Prospect
from syncengine.webhook_registration import PIPEDRIVE_EVENTS

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
CAPTURE = "http://capture.test"


def install_capture(rsps) -> list[dict]:
    """Bodies POSTed to http://capture.test/… are appended to the returned list."""
    captured = []

    def callback(request):
        captured.append(json.loads(request.body))
        return 200, {}, b"{}"

    rsps.add_callback("POST", re.compile(rf"^{re.escape(CAPTURE)}/.*"), callback=callback)
    return captured


def capture_pipedrive(integration, rsps) -> dict[str, dict]:
    """name → body, for person create, change, delete and a merge (delete + change)."""
    captured = install_capture(rsps)
    client = connections.pipedrive_client(integration.pipedrive)
    for event_object, event_action in sorted(PIPEDRIVE_EVENTS):
        client.create_webhook(
            subscription_url=f"{CAPTURE}/pipedrive",
            event_object=event_object,
            event_action=event_action,
            http_auth_user="capture",
            http_auth_password="capture-secret",
            name="capture",
        )
    created = client.create_person(name="Fixture Person", emails=["fixture@example.org"])
    client.update_person(created.id, job_title="Head of Fixtures")
    actor = User.objects.get(pk=integration.pipedrive.user_id)
    people.delete_person(Person.objects.get(pk=created.id), actor=actor)
    survivor, merged = Person.objects.filter(is_deleted=False).order_by("pk")[:2]
    people.merge_persons(survivor=survivor, merged=merged, actor=actor)
    deliver_pipedrive()
    names = ["person_create", "person_change", "person_delete"]
    names += ["person_delete__merged", "person_change__merged"]
    return dict(zip(names, captured, strict=True))


def capture_snovio(integration, rsps) -> dict[str, dict]:
    """name → body, for the six campaign events automations and email history use."""
    captured = install_capture(rsps)
    client = connections.snovio_client(integration.snovio)
    events = sorted(TRIGGER_EVENTS.values())
    for event_object, event_action in events:
        client.create_webhook(
            event_object=event_object, event_action=event_action, endpoint_url=f"{CAPTURE}/s"
        )
    campaign = Campaign.objects.order_by("pk").first()
    prospect = Prospect.objects.filter(memberships__prospect_list=campaign.prospect_list).first()
    for kind in EventKind.values:
        fire_campaign_event(campaign=campaign, prospect=prospect, kind=kind)
    deliver_snovio()
    return {f"{b['event_object']}_{b['event_action']}": b for b in captured}


def write_fixtures(app: str, bodies: dict[str, dict]) -> None:
    folder = FIXTURES / app
    folder.mkdir(parents=True, exist_ok=True)
    for name, body in bodies.items():
        (folder / f"{name}.json").write_text(json.dumps(body, indent=2, sort_keys=True) + "\n")


def load_fixtures(app: str) -> dict[str, dict]:
    return {p.stem: json.loads(p.read_text()) for p in sorted((FIXTURES / app).glob("*.json"))}
