"""Campaign activity: what happens when the emulated Snov.io sends, tracks or finishes an
email, and the webhook deliveries it owes for it (written in the same transaction)."""

import datetime as dt
import uuid

from django.db import models, transaction
from django.utils import timezone

from sandbox.snovio.models import (
    Campaign,
    CampaignMessage,
    Prospect,
    Webhook,
    WebhookDelivery,
    WebhookStatus,
)
from sandbox.snovio.render import unix
from sandbox.snovio.services import SandboxValidationError
from sandbox.snovio.tasks import enqueue_delivery


class EventKind(models.TextChoices):
    SENT = "sent", "Email sent"
    OPENED = "opened", "Email opened"
    CLICKED = "clicked", "Link clicked"
    REPLIED = "replied", "Prospect replied"
    BOUNCED = "bounced", "Email bounced"
    FINISHED = "finished", "Prospect finished the campaign"


# Kind → (event_object, event_action, and the "first" variant Snov.io also fires).
WEBHOOK_EVENTS = {
    EventKind.SENT: ("campaign_email", "sent", "first_sent"),
    EventKind.OPENED: ("campaign_email", "opened", None),
    EventKind.CLICKED: ("campaign_email", "clicked", None),
    EventKind.REPLIED: ("campaign_reply", "received", "first_received"),
    EventKind.BOUNCED: ("campaign_email", "bounced", None),
    EventKind.FINISHED: ("prospect", "campaign_finished", None),
}
STAMPS = {
    EventKind.OPENED: "opened_at",
    EventKind.CLICKED: "clicked_at",
    EventKind.REPLIED: "replied_at",
    EventKind.BOUNCED: "bounced_at",
    EventKind.FINISHED: "finished_at",
}
DEFAULT_REPLY = "Thanks for reaching out. Could we talk next week?"


def fire_campaign_event(
    *,
    campaign: Campaign,
    prospect: Prospect,
    kind: str,
    message: CampaignMessage | None = None,
    reply_text: str = "",
    now: dt.datetime | None = None,
) -> CampaignMessage | None:
    """Record one campaign event for a prospect and queue its webhook deliveries.

    `sent` writes a new email; the other kinds update `message` (default: the latest email of
    this campaign to this prospect). Returns the email concerned."""
    now = now or timezone.now()
    with transaction.atomic():
        if kind == EventKind.SENT:
            first = not campaign.messages.filter(prospect=prospect).exists()
            message = send_campaign_email(campaign, prospect, now=now)
        else:
            message = message or campaign.messages.filter(prospect=prospect).last()
            if message is None and kind != EventKind.FINISHED:
                raise SandboxValidationError(
                    {"kind": "No email of this campaign has been sent to this prospect yet"}
                )
            first = _record_on_message(message, kind, reply_text or DEFAULT_REPLY, now)
        event_object, action, first_action = WEBHOOK_EVENTS[kind]
        context = {"campaign": campaign, "prospect": prospect, "message": message, "now": now}
        queue_deliveries(event_object, action, **context)
        if first and first_action:
            queue_deliveries(event_object, first_action, **context)
    return message


def send_campaign_email(
    campaign: Campaign, prospect: Prospect, *, now: dt.datetime
) -> CampaignMessage:
    step = campaign.messages.filter(prospect=prospect).count() + 1
    first_name = prospect.first_name or "there"
    subject = f"Quick question, {first_name}" if step == 1 else f"Following up ({step})"
    body = (
        f"Hi {first_name},\n\nI am writing about {prospect.company_name or 'your team'}. "
        f"Would a short call make sense?\n\nBest,\n{campaign.sender_email}"
    )
    return CampaignMessage.objects.create(
        campaign=campaign, prospect=prospect, subject=subject, body=body, sent_at=now
    )


def _record_on_message(message, kind: str, reply_text: str, now: dt.datetime) -> bool:
    """Stamp the email; True if this is the prospect's first reply in the campaign."""
    if message is None:
        return False
    first_reply = False
    if kind == EventKind.REPLIED:
        earlier = CampaignMessage.objects.filter(
            campaign=message.campaign_id, prospect=message.prospect_id, replied_at__isnull=False
        )
        first_reply = not earlier.exists()
        message.reply_message = reply_text
    setattr(message, STAMPS[kind], now)
    message.save()
    return first_reply


def event_payload(event_object, event_action, *, campaign, prospect, message, now) -> dict:
    is_reply = event_object == "campaign_reply"
    return {
        "event_object": event_object,
        "event_action": event_action,
        "created_at": unix(now),
        "data": {
            "campaign_id": campaign.pk,
            "campaign": campaign.name,
            "prospect_id": prospect.uid,
            "prospect_email": prospect.email,
            "prospect_first_name": prospect.first_name,
            "prospect_last_name": prospect.last_name,
            "prospect_full_name": prospect.full_name,
            "email_subject": message.subject if message else "",
            "email_body": message.body if message else "",
            "message": message.reply_message if message and is_reply else "",
            "sender_email": campaign.sender_email,
            "message_id": message.uid if message else None,
            "event_id": uuid.uuid4().hex,
        },
    }


def queue_deliveries(event_object: str, event_action: str, **context) -> int:
    """One pending delivery per matching active subscription; delivery starts after commit."""
    hooks = Webhook.objects.filter(
        account=context["campaign"].account_id,
        event_object=event_object,
        event_action=event_action,
        status=WebhookStatus.ACTIVE,
    )
    payload = event_payload(event_object, event_action, **context)
    rows = [
        WebhookDelivery(webhook=hook, payload=payload, next_attempt_at=context["now"])
        for hook in hooks
    ]
    WebhookDelivery.objects.bulk_create(rows)
    if rows:
        transaction.on_commit(enqueue_delivery)
    return len(rows)
