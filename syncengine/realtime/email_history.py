"""Campaign emails as done Pipedrive activities on the person (R3.5), one per Snov.io
message id: `sent` creates it, later events (opened, clicked, replied, bounced) update its
subject and note. The status only moves forward, so a late `opened` never hides a reply."""

from django.db import IntegrityError, transaction
from django.utils.html import escape, linebreaks

from automations.models import EmailActivity
from syncengine.models import App, Outcome
from syncengine.realtime.links import Result
from syncengine.wording import Text, _

STATUS_BY_KIND = {
    "campaign_email.sent": "sent",
    "campaign_email.opened": "opened",
    "campaign_email.clicked": "clicked",
    "campaign_reply.received": "replied",
    "campaign_email.bounced": "bounced",
}
RANK = {"sent": 0, "opened": 1, "clicked": 2, "replied": 3, "bounced": 4}
# In English in the Pipedrive activity (data of the company's CRM); in the reader's language
# in the sync log.
LABELS = {
    "sent": Text(_("Sent")),
    "opened": Text(_("Opened")),
    "clicked": Text(_("Link clicked")),
    "replied": Text(_("Replied")),
    "bounced": Text(_("Bounced")),
}


class ActivityBeingCreated(Exception):
    """Another task is creating this email's activity right now: try again shortly."""


def status_for(kind: str) -> str:
    return STATUS_BY_KIND.get(kind, "")


def newer_status(old: str, new: str) -> str:
    return new if RANK.get(new, -1) >= RANK.get(old, -1) else old


def activity_subject(change, status: str) -> str:
    return f"{change.subject or '(no subject)'} [{LABELS[status]}]"[:255]


def activity_note(change, status: str) -> str:
    """The email as escaped HTML, with its campaign and status (and the reply, if any)."""
    parts = [
        f"<p><b>Campaign:</b> {escape(change.campaign)}</p>",
        f"<p><b>Status:</b> {escape(LABELS[status])}</p>",
        f"<p><b>Subject:</b> {escape(change.subject)}</p>",
        linebreaks(escape(change.body)),
    ]
    if status == "replied" and change.reply:
        parts.append(f"<p><b>Reply:</b></p>{linebreaks(escape(change.reply))}")
    return "\n".join(parts)


def email_activity_type(ctx) -> str:
    """ "email" when the company has that activity type, else "task"."""
    if not ctx.email_activity_type:
        keys = {t.key_string for t in ctx.pipedrive.list_activity_types() if t.active}
        ctx.email_activity_type = "email" if "email" in keys else "task"
    return ctx.email_activity_type


def record_email(ctx, change, person_id: int) -> Result:
    status = status_for(change.kind)
    base = Result(App.PIPEDRIVE, Outcome.UPDATED, "email_history", email=change.email)
    base.pipedrive_id = person_id
    row, created = claim_row(ctx.integration, change.message_id, person_id)
    if created:
        return _create(ctx, row, change, status, person_id, base)
    if row.activity_id is None:
        raise ActivityBeingCreated(change.message_id)
    status = newer_status(row.status, status)
    fields = {"subject": activity_subject(change, status), "note": activity_note(change, status)}
    ctx.pipedrive.update_activity(row.activity_id, **fields)
    EmailActivity.objects.filter(pk=row.pk).update(status=status)
    message = _("Email activity %(id)s: %(status)s.")
    base.message = Text(message, id=row.activity_id, status=LABELS[status])
    return base


def claim_row(integration, message_id: str, person_id: int):
    """The email's row; created (and so claimed) by exactly one task."""
    existing = EmailActivity.objects.filter(integration=integration, message_id=message_id)
    row = existing.first()
    if row is not None:
        return row, False
    try:
        with transaction.atomic():
            row = EmailActivity.objects.create(
                integration=integration, message_id=message_id, person_id=person_id
            )
            return row, True
    except IntegrityError:
        return existing.get(), False


def _create(ctx, row, change, status, person_id, base) -> Result:
    try:
        activity = ctx.pipedrive.create_activity(
            subject=activity_subject(change, status),
            type=email_activity_type(ctx),
            person_id=person_id,
            done=True,
            note=activity_note(change, status),
            owner_id=ctx.integration.owner_user_id,
            due_date=(change.occurred_at.date().isoformat() if change.occurred_at else None),
        )
    except Exception:
        row.delete()  # nothing was created: the next attempt claims it again
        raise
    EmailActivity.objects.filter(pk=row.pk).update(activity_id=activity.id, status=status)
    base.outcome = Outcome.CREATED
    message = _("Email activity %(id)s created: %(status)s.")
    base.message = Text(message, id=activity.id, status=LABELS[status])
    return base
