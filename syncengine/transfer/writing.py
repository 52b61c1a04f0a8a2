"""Write what the plan decided, a batch at a time, through the one writer (syncengine.writers).

Every item is its own checkpoint: it is marked "writing" before its API call and "done" with
its link and log entry right after, in one transaction. An item found "writing" was cut off by
a crash: a Pipedrive creation is looked up by email before anything is sent again (Snov.io's
add-to-list finds the prospect by email itself, so repeating it cannot duplicate)."""

import time
from collections import Counter

from django.db import transaction
from django.db.models import Count

from integrations.clients.errors import NotFound, ValidationFailed
from integrations.clients.pipedrive.models import Person
from syncengine.models import App, ItemSide, ItemState, Outcome, RecordLink, TransferItem
from syncengine.realtime.decide import observed_person, pipedrive_keys
from syncengine.transfer.classify import WRITING_KINDS, Kind
from syncengine.writers import (
    SyncContext,
    log_entry,
    record_failure,
    remember_pipedrive_write,
    remember_snovio_write,
    write_person,
    write_prospect,
)

WRITE_BATCH = 100
WRITE_SECONDS = 60  # a batch stops early so a task stays short even under rate limits
ORIGIN = "transfer"
OUTCOMES = {
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
    quiet = [item for item in batch if item.kind not in WRITING_KINDS]
    finish_quietly(job, ctx, quiet)
    done, started = Counter(OUTCOMES[i.kind] for i in quiet), clock()
    for item in batch:
        if item.kind in WRITING_KINDS:
            done[write_item(job, ctx, item)] += 1
            if clock() - started > WRITE_SECONDS:
                break
    record_progress(job)
    return sum(done.values())


@transaction.atomic
def finish_quietly(job, ctx: SyncContext, items: list[TransferItem]) -> None:
    """Identical pairs are linked; skips and ambiguity are logged. No API call."""
    for item in items:
        ids = pair_ids(job, item)
        if item.kind == Kind.IDENTICAL:
            save_link(job, item, **ids)
        log_entry(ctx, **entry_fields(job, item, ids), outcome=OUTCOMES[item.kind])
    TransferItem.objects.filter(pk__in=[i.pk for i in items]).update(state=ItemState.DONE)


def write_item(job, ctx: SyncContext, item: TransferItem) -> str:
    recovered = recover(job, ctx, item) if item.state == ItemState.WRITING else None
    if recovered is None:
        TransferItem.objects.filter(pk=item.pk).update(state=ItemState.WRITING)
    try:
        result = recovered or send(job, ctx, item)
    except (ValidationFailed, NotFound) as exc:
        return fail(job, ctx, item, exc)
    with transaction.atomic():
        ids = {**pair_ids(job, item), **result.ids}
        link = save_link(job, item, **ids, save=False)
        result.remember(link)
        log_entry(
            ctx,
            **entry_fields(job, item, ids),
            outcome=OUTCOMES[item.kind],
            changes=without_email(item.writes["values"]),
        )
        TransferItem.objects.filter(pk=item.pk).update(state=ItemState.DONE)
    return OUTCOMES[item.kind]


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
        lambda link: remember_snovio_write(link, prospect_id=prospect_id, values=after),
    )


def pipedrive_written(ctx: SyncContext, person) -> Written:
    """The person as Pipedrive now holds it, in the real-time engine's terms (B3)."""
    values = observed_person(person, pipedrive_keys(ctx.pairs, ctx.pipedrive_constants))
    return Written(
        {"pipedrive_id": person.id},
        lambda link: remember_pipedrive_write(link, person=person, values=values),
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


def fail(job, ctx: SyncContext, item: TransferItem, exc) -> str:
    ids = pair_ids(job, item)
    with transaction.atomic():
        record_failure(ctx, exc=exc, **entry_fields(job, item, ids))
        TransferItem.objects.filter(pk=item.pk).update(state=ItemState.FAILED)
    return Outcome.FAILED


def pair_ids(job, item: TransferItem) -> dict:
    """The Snov.io and Pipedrive ids of the pair this item stands for, as known so far."""
    match = item.target_id if item.kind in (Kind.IDENTICAL, Kind.UPDATE, Kind.CONFLICT) else ""
    if job.sender == App.SNOVIO:
        return {"snovio_id": item.remote_id, "pipedrive_id": int(match) if match else None}
    return {"snovio_id": match, "pipedrive_id": int(item.remote_id)}


def entry_fields(job, item: TransferItem, ids: dict) -> dict:
    message = item.reason
    if item.kind == Kind.AMBIGUOUS and item.target_id:
        message = f"{item.reason}: {item.target_id}"
    return {
        "receiver": item.writes.get("app") or job.receiver,
        "origin": ORIGIN,
        "reason_code": item.reason,
        "message": message,
        "email": item.email,
        "snovio_id": ids.get("snovio_id") or "",
        "pipedrive_id": ids.get("pipedrive_id"),
    }


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
    result = Counter()
    for row in finished.values("kind", "state").annotate(n=Count("id")):
        outcome = Outcome.FAILED if row["state"] == ItemState.FAILED else OUTCOMES[row["kind"]]
        result[str(outcome)] += row["n"]
    job.counts = {**job.counts, "done": dict(result)}
    job.processed = sum(result.values())
    job.save(update_fields=["counts", "processed"])


FINISHED_STATES = (ItemState.DONE, ItemState.FAILED)
