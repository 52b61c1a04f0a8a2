"""An Active integration against both sandboxes, and helpers that play the other side: change
a person in the Pipedrive sandbox or a prospect in the Snov.io sandbox, fire campaign events,
and turn what the sandboxes would deliver into stored InboundEvents.

Every test using `active` runs twice: with the Snov.io emulator's fuller answers, and in its
documented-only mode (list pages carry names and emails only)."""

import datetime as dt
import uuid

import pytest
from django.utils import timezone

from integrations.clients.snovio.parsing import parse_prospect
from integrations.models import Status
from integrations.status import set_status
from sandbox.pipedrive import models as pd
from sandbox.pipedrive import people
from sandbox.pipedrive.seed import DEMO_COMPANY_DOMAIN
from sandbox.snovio import models as sn
from sandbox.snovio.events import event_payload, fire_campaign_event
from sandbox.snovio.render import prospect_detail, prospect_in_list
from sandbox.snovio.seed import DEMO_CLIENT_ID
from syncengine.models import InboundEvent
from syncengine.realtime.process import process_event

HOOK_URL = "http://testserver/not-delivered/"


@pytest.fixture(params=["fuller", "documented"])
def active(connected_integration, request):
    """Connected, launched and Active; both sandboxes record webhook deliveries."""
    integration = connected_integration
    account().__class__.objects.filter(pk=account().pk).update(
        documented_only=request.param == "documented"
    )
    integration.launched_at = timezone.now()
    integration.save()
    set_status(integration, Status.ACTIVE)
    pd.Webhook.objects.create(
        company=company(), user=actor(), event_action="*", event_object="person",
        subscription_url=HOOK_URL,
    )  # fmt: skip
    return integration


def company() -> pd.Company:
    return pd.Company.objects.get(domain=DEMO_COMPANY_DOMAIN)


def actor() -> pd.User:
    return company().users.order_by("id").first()


def account() -> sn.Account:
    return sn.Account.objects.get(client_id=DEMO_CLIENT_ID)


# -- Pipedrive, played by a person in the web app ------------------------------------------


def new_person(name="Ann Lee", email="ann.lee@example.net", **changes) -> pd.Person:
    first, _, last = name.partition(" ")
    fields = {"name": name, "first_name": first, "last_name": last, **changes}
    if email:
        fields["emails"] = [{"value": email, "primary": True, "label": "work"}]
    return people.create_person(company=company(), actor=actor(), changes=fields, source="app")


def edit_person(person: pd.Person, **changes) -> pd.Person:
    person.refresh_from_db()
    return people.update_person(person, actor=actor(), changes=changes, source="app")


def pipedrive_payloads(after_id: int = 0) -> list[dict]:
    deliveries = pd.WebhookDelivery.objects.filter(id__gt=after_id).order_by("id")
    return [d.payload for d in deliveries]


def last_delivery_id() -> int:
    last = pd.WebhookDelivery.objects.order_by("-id").first()
    return last.id if last else 0


def pipedrive_event(integration, payload: dict) -> InboundEvent:
    meta = payload["meta"]
    return InboundEvent.objects.create(
        integration=integration,
        source="pipedrive",
        kind=f"{meta['entity']}.{meta['action']}",
        idempotency_key=f"{meta['id']}:{meta['entity_id']}",
        payload=payload,
    )


def deliver_pipedrive(integration, after_id: int = 0) -> list[InboundEvent]:
    """What the sandbox would have delivered since `after_id`, stored as our intake does."""
    return [pipedrive_event(integration, p) for p in pipedrive_payloads(after_id)]


# -- Snov.io, played by its user and its campaigns -----------------------------------------


def new_prospect(email="ben.ross@example.net", first="Ben", last="Ross", list_index=0, **more):
    prospect = sn.Prospect.objects.create(
        account=account(), email=email, first_name=first, last_name=last,
        name=f"{first} {last}", **more,
    )  # fmt: skip
    prospect_list = account().lists.order_by("pk")[list_index]
    sn.ListMembership.objects.create(prospect=prospect, prospect_list=prospect_list)
    return prospect


def edit_prospect(prospect: sn.Prospect, **changes) -> sn.Prospect:
    prospect.refresh_from_db()
    for key, value in changes.items():
        setattr(prospect, key, value)
    prospect.updated_at = timezone.now()
    prospect.save()
    return prospect


def polled_event(integration, prospect: sn.Prospect) -> InboundEvent:
    """What the poller stores for a changed prospect: the list item as Snov.io returns it, or,
    when the page carries only the documented fields, that item completed by its read by id."""
    from syncengine.polling import prospect_payload

    prospect.refresh_from_db()
    payload = prospect_in_list(prospect)
    if account().documented_only:
        page = parse_prospect(prospect_in_list(prospect, documented=True))
        detail = parse_prospect(prospect_detail(prospect, documented=True))
        payload = prospect_payload(page.completed_with(detail))
    return InboundEvent.objects.create(
        integration=integration,
        source="snovio",
        kind="prospect.change",
        idempotency_key=f"poll:{prospect.uid}:{uuid.uuid4().hex}",
        payload={"prospect": payload},
    )


def campaign() -> sn.Campaign:
    return account().campaigns.order_by("pk").first()


def campaign_event(integration, prospect, kind="sent", message=None) -> InboundEvent:
    """Fire a campaign event in the Snov.io sandbox; store its webhook body."""
    message = fire_campaign_event(
        campaign=campaign(), prospect=prospect, kind=kind, message=message
    )
    from sandbox.snovio.events import WEBHOOK_EVENTS

    event_object, action, _ = WEBHOOK_EVENTS[kind]
    payload = event_payload(
        event_object, action, campaign=campaign(), prospect=prospect, message=message,
        now=timezone.now(),
    )  # fmt: skip
    return InboundEvent.objects.create(
        integration=integration,
        source="snovio",
        kind=f"{event_object}.{action}",
        idempotency_key=payload["data"]["event_id"],
        payload=payload,
    )


def run(event: InboundEvent) -> InboundEvent:
    process_event(event_id=event.id)
    event.refresh_from_db()
    return event


def make_due(event: InboundEvent) -> None:
    """Time passes: a waiting event becomes due."""
    InboundEvent.objects.filter(pk=event.pk).update(
        next_attempt_at=timezone.now() - dt.timedelta(seconds=1)
    )


def seconds_until(moment) -> float:
    return (moment - timezone.now()).total_seconds()
