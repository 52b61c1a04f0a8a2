"""Finding and claiming the RecordLink of a contact. Nothing here takes a row lock.

A new link is inserted before the remote record is created: of two concurrent tasks for one
record only one insert succeeds (the partial unique constraints on open links); the other
reads the winner's link and updates through it, or waits a moment while the winner is still
creating the record. The apply deliberately runs without a surrounding transaction, on every
database: a transaction held across API calls would keep locks for seconds, and rolling it back
after a remote write succeeded would forget that write (and create it again on retry). What
was written is saved on the link as soon as each call returns; the constraints and watermarks
keep concurrent tasks apart: the partial unique constraints on open links (one per Snov.io id,
one per Pipedrive id) decide which of two tasks creates, and a claim left behind by a crashed
task is taken over after ORPHAN_AFTER."""

import datetime as dt
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone

from integrations.clients.errors import ApiError
from syncengine.mapping import join_name
from syncengine.models import RecordLink
from syncengine.wording import Text, _

ORPHAN_AFTER = dt.timedelta(minutes=2)


class LinkConflict(Exception):
    """The counterpart found by email is already linked to another record."""


class LinkBusy(Exception):
    """Another task is creating this record's counterpart right now: try again shortly."""


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
    # Ambiguous: the records a person must choose between (SyncEntry.candidates).
    candidates: list = field(default_factory=list)


def candidate(app: str, record_id, name: str = "") -> dict:
    return {"app": app, "id": str(record_id), "name": name or ""}


def named_prospects(prospects) -> list[dict]:
    return [
        candidate("snovio", p.id, p.name or join_name(p.first_name, p.last_name))
        for p in prospects
    ]


def named_persons(ctx, ids) -> list[dict]:
    """Pipedrive persons by id with their names, read for the log (an unreadable one unnamed)."""
    found = []
    for person_id in ids:
        try:
            name = ctx.pipedrive.get_person(person_id).name
        except ApiError:
            name = ""
        found.append(candidate("pipedrive", person_id, name))
    return found


def open_links(integration):
    return RecordLink.objects.filter(integration=integration, closed_at__isnull=True)


def find_link(integration, **key) -> RecordLink | None:
    """The open link with this pipedrive_id or snovio_id (unique among open links)."""
    if not all(key.values()):
        return None
    return open_links(integration).filter(**key).first()


def claim_link(
    integration, *, by: str, email: str, pipedrive_id=None, snovio_id: str = ""
) -> tuple[RecordLink, bool]:
    """A new open link for the pair (and True), or the link a concurrent task inserted first.

    `by` names the key of the record the event is about ("pipedrive_id" or "snovio_id")."""
    own_key = {by: pipedrive_id if by == "pipedrive_id" else snovio_id}
    try:
        with transaction.atomic():
            link = RecordLink.objects.create(
                integration=integration,
                email=email,
                pipedrive_id=pipedrive_id,
                snovio_id=snovio_id or "",
            )
            return link, True
    except IntegrityError:
        existing = find_link(integration, **own_key)
    if existing is None:
        raise LinkConflict(Text(_("The matching record is already linked to another one.")))
    return settled(existing), False


def settled(link: RecordLink) -> RecordLink:
    """The link, unless another task is still creating its counterpart (LinkBusy). A claim
    left behind by a crashed task is taken over after a while."""
    creating = not (link.pipedrive_id and link.snovio_id)
    if creating and link.updated_at > timezone.now() - ORPHAN_AFTER:
        raise LinkBusy(f"link {link.pk}")
    return link


@contextmanager
def released_on_error(link: RecordLink, fresh: bool):
    """A freshly claimed link whose counterpart could not be written is removed again."""
    try:
        yield
    except Exception:
        if fresh and not (link.pipedrive_id and link.snovio_id):
            RecordLink.objects.filter(pk=link.pk).delete()
        raise


def close_link(link: RecordLink, *, reason: str) -> None:
    link.closed_at = timezone.now()
    link.close_reason = reason[:200]
    link.save(update_fields=["closed_at", "close_reason", "updated_at"])
