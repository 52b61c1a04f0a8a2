"""Write what the plan decided, a batch at a time, through the one writer (syncengine.writers).

Each item is marked "writing" before its API call; a chunk's items are marked "done", with
their links and log entries, together right after (checkpoint.py). An item found "writing" was
cut off by a crash: a Pipedrive creation is looked up by email before anything is sent again
(Snov.io's add-to-list finds the prospect by email itself, so repeating it cannot duplicate).

One record that fails ends as a failed item with its reason in the sync log, and the batch goes
on (B13, see failures.py); only job-level causes leave this module."""

import logging
import time
from collections import Counter
from functools import partial

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from config.db import prepared_cursor
from integrations.clients.errors import ApiError, TransientError
from integrations.clients.pipedrive.models import Person
from operations import counters
from syncengine.models import (
    App,
    ItemSide,
    ItemState,
    Outcome,
    RecordLink,
    SyncEntry,
    TransferItem,
)
from syncengine.realtime.decide import observed_person, pipedrive_keys
from syncengine.transfer import checkpoint, failures
from syncengine.transfer.classify import WRITING_KINDS, Kind, record_name
from syncengine.wording import Text
from syncengine.writers import (
    SyncContext,
    build_entry,
    note_pipedrive_write,
    note_snovio_write,
    record_failure,
    write_person,
    write_prospect,
)

logger = logging.getLogger(__name__)

WRITE_BATCH = 100
WRITE_SECONDS = 60  # a batch stops early so a task stays short even under rate limits
ORIGIN = "transfer"
OUTCOMES: dict[str, str] = {
    Kind.CREATE: Outcome.CREATED,
    Kind.UPDATE: Outcome.UPDATED,
    Kind.CONFLICT: Outcome.UPDATED,
    Kind.IDENTICAL: Outcome.UNCHANGED,
    Kind.AMBIGUOUS: Outcome.AMBIGUOUS,
    Kind.SKIPPED: Outcome.SKIPPED,
}


def write_batch(job, ctx: SyncContext, *, size: int = WRITE_BATCH, clock=time.monotonic) -> int:
    """Carry out the next items of the plan; returns how many were finished."""
    pending = job.items.filter(
        side=ItemSide.SENDER, state__in=[ItemState.PENDING, ItemState.WRITING]
    )
    batch = list(pending.order_by("pk")[:size])
    links = batch_links(job, batch)
    quiet = [item for item in batch if item.kind not in WRITING_KINDS]
    done, started = finish_quietly(job, ctx, quiet, links), clock()
    writing = [item for item in batch if item.kind in WRITING_KINDS]
    for start in range(0, len(writing), checkpoint.FLUSH_EVERY):
        done += write_chunk(job, ctx, writing[start : start + checkpoint.FLUSH_EVERY], links)
        if clock() - started > WRITE_SECONDS:
            break
    record_progress(job)
    return sum(done.values())


def batch_links(job, batch: list[TransferItem]) -> checkpoint.Links:
    ids = [pair_ids(job, item) for item in batch]
    return checkpoint.Links(
        job.integration,
        snovio_ids=[i["snovio_id"] for i in ids],
        pipedrive_ids=[i["pipedrive_id"] for i in ids],
    )


def finish_quietly(job, ctx: SyncContext, items: list[TransferItem], links) -> Counter:
    """Identical pairs are linked; skips and ambiguity are logged. No API call. A record that
    raises fails alone."""
    done: Counter[str] = Counter()
    point = checkpoint.Checkpoint()
    for item in items:
        try:
            ids, outcome = pair_ids(job, item), OUTCOMES[item.kind]
            link = links.pair(email=item.email, **ids) if item.kind == Kind.IDENTICAL else None
            entry = build_entry(ctx, **entry_fields(job, item, ids), outcome=outcome)
            point.add(item, link, entry, "")
            done[outcome] += 1
        except Exception as exc:
            logger.exception("transfer %s item %s failed integration=%s", *log_ids(job, item))
            done[fail(job, ctx, item, failures.describe(exc))] += 1
    checkpoint.save(point, save_one=partial(save_one, job, ctx))
    return done


def write_chunk(job, ctx: SyncContext, chunk: list[TransferItem], links) -> Counter:
    """Write a chunk's records, then save their checkpoint at once (checkpoint.py)."""
    done: Counter[str] = Counter()
    point = checkpoint.Checkpoint()
    try:
        with prepared_cursor() as marks:
            for item in chunk:
                done[write_item(job, ctx, item, links, point, marks)] += 1
    finally:  # what was written is saved, whatever stops the chunk
        checkpoint.save(point, save_one=partial(save_one, job, ctx))
    return done


def write_item(job, ctx, item: TransferItem, links, point, marks) -> str:
    """One record written (its checkpoint kept in `point`), or failed with its reason; only
    job-level causes are raised. `marks`: the cursor its "writing" mark is sent on."""
    if item.attempts >= failures.MAX_ITEM_ATTEMPTS:  # the last write never finished
        return fail(job, ctx, item, failures.lost(item.attempts))
    # Cut off mid-write, or failed before: the lost call may have created the record.
    look_first = item.state == ItemState.WRITING or bool(item.failure_code)
    item.attempts += 1
    mark_writing(marks, item)
    try:
        return complete(job, ctx, item, links, point, look_first=look_first)
    except TransientError as exc:
        if item.attempts < failures.MAX_ITEM_ATTEMPTS:
            raise failures.RetryLater(exc, item.attempts) from exc
        return fail(job, ctx, item, failures.gave_up(exc, item.attempts))
    except failures.JOB_LEVEL:
        TransferItem.objects.filter(pk=item.pk).update(attempts=item.attempts - 1)
        raise  # not this record's fault: it is not charged an attempt
    except ApiError as exc:  # the receiver refused this record
        return fail(job, ctx, item, failures.describe(exc))
    except Exception as exc:
        logger.exception("transfer %s item %s failed integration=%s", *log_ids(job, item))
        return fail(job, ctx, item, failures.describe(exc))


# Once per written record, before its API call: a plain statement prepared once per connection,
# on one cursor for the chunk, not a queryset compiled anew for each record (a tenth of the
# write's CPU).
MARK_WRITING_SQL = "UPDATE syncengine_transferitem SET state = %s, attempts = %s WHERE id = %s"


def mark_writing(cursor, item: TransferItem) -> None:
    cursor.execute(MARK_WRITING_SQL, [ItemState.WRITING.value, item.attempts, item.pk])


def complete(job, ctx: SyncContext, item: TransferItem, links, point, *, look_first) -> str:
    recovered = recover(job, ctx, item) if look_first else None
    result = recovered or send(job, ctx, item)
    ids = {**pair_ids(job, item), **result.ids}
    link = links.pair(email=item.email, **ids)
    result.remember(link)
    entry = build_entry(
        ctx,
        **entry_fields(job, item, ids),
        outcome=OUTCOMES[item.kind],
        changes=without_email(item.writes["values"]),
    )
    point.add(item, link, entry, item.writes["app"])
    return OUTCOMES[item.kind]


def save_one(job, ctx: SyncContext, item, link, entry, app: str) -> bool:
    """One record's checkpoint on its own (when the chunk's bulk save failed)."""
    try:
        with transaction.atomic():
            if link is not None:
                fresh = save_link(
                    job, item, snovio_id=link.snovio_id, pipedrive_id=link.pipedrive_id, save=False
                )
                for name in checkpoint.LINK_FIELDS:
                    setattr(fresh, name, getattr(link, name))
                fresh.save()
            entry.pk = None
            entry.save()
            TransferItem.objects.filter(pk=item.pk).update(
                state=ItemState.DONE,
                failure_code="",
                failure="",
                failure_words={},
                remote_error="",
            )
            if app:
                counters.count("transfer_records_written", app=app)
        return True
    except Exception as exc:
        logger.exception("transfer %s item %s failed integration=%s", *log_ids(job, item))
        fail(job, ctx, item, failures.describe(exc))
        return False


def log_ids(job, item: TransferItem) -> tuple:
    return job.pk, item.pk, job.integration_id


class Written:
    def __init__(self, ids: dict, remember):
        self.ids, self.remember = ids, remember


def send(job, ctx: SyncContext, item: TransferItem) -> Written:
    values = item.writes["values"]
    if item.writes["app"] == App.PIPEDRIVE:
        current = None
        if item.kind != Kind.CREATE:
            person_id = pair_ids(job, item)["pipedrive_id"]
            current = Person(id=person_id, name="", emails=[item.email])
        person = write_person(ctx, values=values, current=current)
        return pipedrive_written(ctx, person)
    prospect_id = write_prospect(ctx, values=values)
    after = item.writes["after"]
    return Written(
        {"snovio_id": prospect_id},
        lambda link: note_snovio_write(link, prospect_id=prospect_id, values=after),
    )


def pipedrive_written(ctx: SyncContext, person) -> Written:
    """The person as Pipedrive now holds it, in the real-time engine's terms (B3)."""
    values = observed_person(person, pipedrive_keys(ctx.pairs, ctx.pipedrive_constants))
    return Written(
        {"pipedrive_id": person.id},
        lambda link: note_pipedrive_write(link, person=person, values=values),
    )


def recover(job, ctx: SyncContext, item: TransferItem) -> Written | None:
    """An item cut off mid-write: find what the lost call may already have created."""
    if item.kind != Kind.CREATE or item.writes["app"] != App.PIPEDRIVE:
        return None  # updates and Snov.io writes are safe to repeat
    link = open_links(job).filter(snovio_id=item.remote_id, pipedrive_id__isnull=False).first()
    if link is not None:
        return Written({"pipedrive_id": link.pipedrive_id}, lambda _: None)
    found = ctx.pipedrive.search_persons(item.email) if item.email else []
    if len(found) == 1:
        return pipedrive_written(ctx, ctx.pipedrive.get_person(found[0]))
    return None


def fail(job, ctx: SyncContext, item: TransferItem, failure: failures.Failure) -> str:
    """The item failed, with its reason in the sync log (B1, B13); retryable (B12)."""
    try:
        fields = entry_fields(job, item, pair_ids(job, item))
    except Exception:  # the record's ids themselves may be what is broken
        fields = {"receiver": job.receiver, "origin": ORIGIN, "email": item.email}
    fields |= {"reason_code": failure.code, "message": failure.reason}
    with transaction.atomic():
        record_failure(ctx, exc=None, remote_error=failure.remote, **fields)
        TransferItem.objects.filter(pk=item.pk).update(
            state=ItemState.FAILED,
            failure_code=failure.code,
            failure=failure.reason,
            failure_words=failure.reason.as_data() if isinstance(failure.reason, Text) else {},
            remote_error=failure.remote,
        )
    item.state, item.failure_code = ItemState.FAILED, failure.code
    return Outcome.FAILED


def reopen_failed_items(job) -> int:
    """Failed items back to pending with their attempts reset, their log entries marked
    retried (B12). They keep their failure until written, so a creation is looked up first."""
    failed = job.items.filter(side=ItemSide.SENDER, state=ItemState.FAILED)
    ids = list(failed.values_list("remote_id", flat=True))
    failed.update(state=ItemState.PENDING, attempts=0)
    if job.sender == App.SNOVIO:
        same_records = {"snovio_id__in": ids}
    else:
        same_records = {"pipedrive_id__in": [int(i) for i in ids]}
    SyncEntry.objects.filter(
        integration=job.integration,
        origin=ORIGIN,
        outcome=Outcome.FAILED,
        retried_at__isnull=True,
        **same_records,
    ).update(retried_at=timezone.now())
    return len(ids)


def pair_ids(job, item: TransferItem) -> dict:
    """The Snov.io and Pipedrive ids of the pair this item stands for, as known so far."""
    match = item.target_id if item.kind in (Kind.IDENTICAL, Kind.UPDATE, Kind.CONFLICT) else ""
    if job.sender == App.SNOVIO:
        return {"snovio_id": item.remote_id, "pipedrive_id": int(match) if match else None}
    return {"snovio_id": match, "pipedrive_id": int(item.remote_id)}


def entry_fields(job, item: TransferItem, ids: dict) -> dict:
    note = (item.writes or {}).get("note", "")  # a text that named no option (B16)
    if isinstance(note, dict):  # kept with its words (planning.as_data)
        note = Text.from_data(note)
    return {
        "receiver": item.writes.get("app") or job.receiver,
        "origin": ORIGIN,
        "reason_code": item.reason,
        "message": note,
        "candidates": candidates_of(job, item) if item.kind == Kind.AMBIGUOUS else [],
        "email": item.email,
        "snovio_id": ids.get("snovio_id") or "",
        "pipedrive_id": ids.get("pipedrive_id"),
    }


def candidates_of(job, item: TransferItem) -> list[dict]:
    """The records sharing the email, by name: the receiver's (`target_id`) or the sender's."""
    if item.target_id:
        side, app = ItemSide.RECEIVER, job.receiver
        same = job.items.filter(side=side, remote_id__in=item.target_id.split(","))
    else:
        side, app = ItemSide.SENDER, job.sender
        same = job.items.filter(side=side, email=item.email, in_scope=True) if item.email else []
    return [
        {"app": app, "id": other.remote_id, "name": record_name(other.values or {})}
        for other in same
    ]


def open_links(job):
    return RecordLink.objects.filter(integration=job.integration, closed_at__isnull=True)


def save_link(job, item, *, snovio_id="", pipedrive_id=None, save=True) -> RecordLink:
    """The pair's link, so real-time sync continues from here (found by either id)."""
    links = open_links(job)
    link = (snovio_id and links.filter(snovio_id=snovio_id).first()) or (
        pipedrive_id and links.filter(pipedrive_id=pipedrive_id).first()
    )
    link = link or RecordLink(integration=job.integration)
    link.email = item.email or link.email
    link.snovio_id = snovio_id or link.snovio_id
    link.pipedrive_id = pipedrive_id or link.pipedrive_id
    if save:
        link.save()
    return link


def without_email(values: dict) -> dict:
    return {k: v for k, v in values.items() if k != "email"}


def record_progress(job) -> None:
    """Outcomes so far, counted from the items: right even after a step was cut off."""
    finished = job.items.filter(side=ItemSide.SENDER, state__in=FINISHED_STATES)
    result: Counter[str] = Counter()
    for row in finished.values("kind", "state").annotate(n=Count("id")):
        outcome = Outcome.FAILED if row["state"] == ItemState.FAILED else OUTCOMES[row["kind"]]
        result[str(outcome)] += row["n"]
    job.counts = {**job.counts, "done": dict(result)}
    job.processed = sum(result.values())
    job.save(update_fields=["counts", "processed"])


FINISHED_STATES = (ItemState.DONE, ItemState.FAILED)
