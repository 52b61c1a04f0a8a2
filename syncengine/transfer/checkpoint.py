"""A transfer's checkpoints, a chunk of records at a time (a few queries a record).

Each item is marked "writing" before its API call (writing.py); what each call wrote is kept
here, and the chunk's links, log entries and "done" marks are saved together in one
transaction (bulk inserts and updates). A crash before that leaves the chunk's written items
"writing": the next step looks each creation up before sending it again (writing.recover), and
updates and Snov.io's add-to-list repeat safely, so the end state is the same.

If the bulk save fails (a link a real-time task inserted meanwhile), each record is saved on
its own, as before, and a record that still fails is failed alone."""

import logging
from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from operations import counters
from syncengine.models import ItemState, RecordLink, SyncEntry, TransferItem

logger = logging.getLogger(__name__)

FLUSH_EVERY = 25  # records per checkpoint
LINK_FIELDS = [
    "email",
    "snovio_id",
    "pipedrive_id",
    "written_to_pipedrive",
    "pipedrive_updated_at",
    "written_to_snovio",
    "seen_in_snovio",
    "updated_at",
]


class Links:
    """The open links of a batch's records, read in one query, found by either id."""

    def __init__(self, integration, *, snovio_ids, pipedrive_ids):
        self.integration = integration
        found = RecordLink.objects.filter(integration=integration, closed_at__isnull=True).filter(
            Q(snovio_id__in=[i for i in snovio_ids if i])
            | Q(pipedrive_id__in=[i for i in pipedrive_ids if i])
        )
        self.by_snovio, self.by_pipedrive = {}, {}
        for link in found:
            self.remember(link)

    def remember(self, link: RecordLink) -> None:
        if link.snovio_id:
            self.by_snovio[link.snovio_id] = link
        if link.pipedrive_id:
            self.by_pipedrive[link.pipedrive_id] = link

    def pair(self, *, email: str, snovio_id="", pipedrive_id=None) -> RecordLink:
        """The pair's link (found by either id, or new), with the ids filled in; not saved."""
        link = (snovio_id and self.by_snovio.get(snovio_id)) or (
            pipedrive_id and self.by_pipedrive.get(pipedrive_id)
        )
        link = link or RecordLink(integration=self.integration)
        link.email = email or link.email
        link.snovio_id = snovio_id or link.snovio_id
        link.pipedrive_id = pipedrive_id or link.pipedrive_id
        self.remember(link)
        return link


@dataclass
class Checkpoint:
    """What a chunk wrote, saved at once by `save`."""

    done: list = field(default_factory=list)  # (item, link, entry, app)

    def add(self, item: TransferItem, link: RecordLink | None, entry: SyncEntry, app: str) -> None:
        self.done.append((item, link, entry, app))

    def __len__(self) -> int:
        return len(self.done)


def save(checkpoint: Checkpoint, *, save_one) -> list[TransferItem]:
    """Save the chunk in one transaction; on failure, each record alone through `save_one`
    (which fails a record that cannot be saved). Returns the items saved."""
    if not checkpoint.done:
        return []
    try:
        with transaction.atomic():
            save_all(checkpoint)
        return [item for item, *_ in checkpoint.done]
    except Exception:
        logger.warning("transfer checkpoint saved record by record", exc_info=True)
    saved = []
    for item, link, entry, app in checkpoint.done:
        if save_one(item, link, entry, app):
            saved.append(item)
    return saved


def save_all(checkpoint: Checkpoint) -> None:
    now = timezone.now()
    links = {id(link): link for _, link, _, _ in checkpoint.done if link is not None}.values()
    for link in links:
        link.updated_at = now
    RecordLink.objects.bulk_create([link for link in links if link.pk is None])
    # Known links: one INSERT … ON CONFLICT (id) DO UPDATE of the link fields (bulk_update's
    # CASE per row and field cost ~3 ms of CPU per record).
    RecordLink.objects.bulk_create(
        [link for link in links if link.pk is not None],
        update_conflicts=True,
        unique_fields=["id"],
        update_fields=LINK_FIELDS,
    )
    SyncEntry.objects.bulk_create([entry for _, _, entry, _ in checkpoint.done])
    TransferItem.objects.filter(pk__in=[item.pk for item, *_ in checkpoint.done]).update(
        state=ItemState.DONE, failure_code="", failure="", failure_words={}, remote_error=""
    )
    for app, written in Counter(app for *_, app in checkpoint.done).items():
        counters.count("transfer_records_written", written, app=app)
