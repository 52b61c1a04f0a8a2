"""A Snov.io campaign event: the email in the person's history (R3.5) and the automation of
its trigger (R5). The person is found by email, or created with the mapping (and linked)."""

import dataclasses

from automations.models import Automation
from automations.registry import trigger_for_event
from automations.runner import run_automation
from integrations.clients.errors import NotFound
from integrations.clients.snovio.models import Prospect
from syncengine.models import App, Outcome
from syncengine.realtime.contacts import apply_prospect_change
from syncengine.realtime.email_history import record_email, status_for
from syncengine.realtime.events import CampaignEvent, ProspectEvent
from syncengine.realtime.links import Result, named_persons, open_links
from syncengine.wording import Text, _


@dataclasses.dataclass(frozen=True)
class PersonFound:
    id: int | None
    name: str
    results: tuple = ()


def enabled_automation(integration, change: CampaignEvent) -> Automation | None:
    trigger = trigger_for_event(change.event_object, change.event_action)
    if trigger is None:
        return None
    return Automation.objects.filter(
        integration=integration, trigger=trigger, enabled=True
    ).first()


def wants_history(ctx, change: CampaignEvent) -> bool:
    return (
        ctx.exchange.include_email_history
        and bool(change.message_id)
        and bool(status_for(change.kind))
    )


def handle_campaign_event(ctx, event, change: CampaignEvent) -> list[Result]:
    integration = ctx.integration
    automation = enabled_automation(integration, change)
    history = wants_history(ctx, change)
    if not ctx.exchange.to_pipedrive or not (automation or history) or not change.email:
        return []
    found = find_or_create_person(ctx, change)
    results = list(found.results)
    if found.id is None:
        return results
    if history:
        results.append(record_email(ctx, change, found.id))
    if automation:
        results += run_automation(
            ctx, event, automation, person_id=found.id, person_name=found.name, email=change.email
        )
    return results


def find_person(ctx, change: CampaignEvent) -> tuple[int, ...]:
    """Ids of the persons for this prospect: its link first, else Pipedrive's email search."""
    link = open_links(ctx.integration).filter(snovio_id=change.prospect_id).first()
    if change.prospect_id and link and link.pipedrive_id:
        return (link.pipedrive_id,)
    return tuple(ctx.pipedrive.search_persons(change.email))


def find_or_create_person(ctx, change: CampaignEvent) -> PersonFound:
    name = change.name or change.email
    ids = find_person(ctx, change)
    if len(ids) > 1:
        message = Text(_("Several persons have this email; choose one, nothing was run."))
        ambiguous = Result(
            App.PIPEDRIVE, Outcome.AMBIGUOUS, "several_persons", message, email=change.email
        )
        ambiguous.candidates = named_persons(ctx, ids)
        return PersonFound(None, name, (ambiguous,))
    if ids:
        return PersonFound(ids[0], name)
    prospect = campaign_prospect(ctx, change)
    created = apply_prospect_change(ctx, ProspectEvent(prospect, prospect.updated_at))
    return PersonFound(created.pipedrive_id if _usable(created) else None, name, (created,))


def _usable(result: Result) -> bool:
    return result.outcome in (Outcome.CREATED, Outcome.UPDATED, Outcome.UNCHANGED)


def campaign_prospect(ctx, change: CampaignEvent) -> Prospect:
    """The prospect as Snov.io holds it (lists, fields), completed with what the event says
    of it (Snov.io documents no email in a prospect read by id); or only what the event says."""
    told = Prospect(
        id=change.prospect_id,
        email=change.email,
        first_name=change.first_name,
        last_name=change.last_name,
        name=change.full_name,
        carried=("email", "first_name", "last_name", "name"),
    )
    if change.prospect_id:
        try:
            return ctx.snovio.get_prospect_by_id(change.prospect_id).completed_with(told)
        except NotFound:
            pass
    return told
