"""Finding, locking and claiming the RecordLink of a contact.

A new link is inserted before the remote record is created, inside the caller's transaction:
of two concurrent tasks for one record only one insert succeeds (the partial unique
constraints on open links); the other re-reads the winner's link and updates through it. On
PostgreSQL the row is also locked (`select_for_update`) so the two never interleave."""

from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone

from syncengine.models import RecordLink


class LinkConflict(Exception):
    """The counterpart found by email is already linked to another record."""


@dataclass
class Result:
    """The outcome for one record, logged as a SyncEntry by the caller."""

    receiver: str
    outcome: str
    reason: str = ""
    message: str = ""
    email: str = ""
    snovio_id: str = ""
    pipedrive_id: int | None = None
    changes: dict = field(default_factory=dict)
    origin: str = ""
    remote_error: str = ""


def open_links(integration):
    return RecordLink.objects.filter(integration=integration, closed_at__isnull=True)


def locked_link(integration, **key) -> RecordLink | None:
    """The open link with this pipedrive_id or snovio_id, locked for this transaction."""
    if not all(key.values()):
        return None
    return open_links(integration).select_for_update().filter(**key).first()


def claim_link(
    integration, *, by: str, email: str, pipedrive_id=None, snovio_id: str = ""
) -> RecordLink:
    """A new open link for the pair; if a concurrent task inserted it first, theirs.

    `by` names the key of the record the event is about ("pipedrive_id" or "snovio_id")."""
    own_key = {by: pipedrive_id if by == "pipedrive_id" else snovio_id}
    try:
        with transaction.atomic():
            return RecordLink.objects.create(
                integration=integration,
                email=email,
                pipedrive_id=pipedrive_id,
                snovio_id=snovio_id or "",
            )
    except IntegrityError:
        existing = locked_link(integration, **own_key)
        if existing is None:
            raise LinkConflict("The matching record is already linked to another one.") from None
        return existing


def close_link(link: RecordLink, *, reason: str) -> None:
    link.closed_at = timezone.now()
    link.close_reason = reason[:200]
    link.save(update_fields=["closed_at", "close_reason", "updated_at"])
