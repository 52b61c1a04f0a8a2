"""Compare what was read, a batch of sender records at a time: the plan a preview shows (B2).

The receiver's records with the batch's emails are found through the database index on
(job, side, email), so memory stays flat however large the apps are. Each item keeps its
decision; an item without one is the checkpoint."""

from collections import Counter

from django.db import transaction
from django.db.models import Count

from syncengine.models import ItemSide, TransferItem, TransferJob
from syncengine.transfer.classify import Record, Rules, add_samples, bucket, classify
from syncengine.wording import Text
from syncengine.writers import SyncContext

CLASSIFY_BATCH = 1000


def rules_for(job: TransferJob, ctx: SyncContext) -> Rules:
    return Rules(
        sender=job.sender,
        source=job.source_app,
        pairs=tuple(ctx.pairs),
        schema=ctx.schema,
        constants={"pipedrive": ctx.pipedrive_constants, "snovio": ctx.snovio_constants},
        exchange=ctx.exchange,
    )


def as_record(item: TransferItem) -> Record:
    return Record(item.remote_id, item.email, item.values, item.in_scope)


def classify_batch(job: TransferJob, rules: Rules, *, size: int = CLASSIFY_BATCH) -> int:
    """Decide the next batch of sender records; returns how many were decided."""
    batch = list(job.items.filter(side=ItemSide.SENDER, kind="").order_by("pk")[:size])
    if not batch:
        return 0
    emails = {item.email for item in batch if item.email}
    matches = receiver_index(job, emails)
    senders = sender_counts(job, emails)
    decided = []
    for item in batch:
        record = as_record(item)
        same = senders.get(item.email, 1) if item.in_scope else 1
        decision = classify(record, matches.get(item.email, []), rules, same_email=same)
        apply_decision(item, decision)
        decided.append((record, decision))
    save_batch(job, batch, decided)
    return len(batch)


def receiver_index(job: TransferJob, emails: set[str]) -> dict[str, list[Record]]:
    index: dict[str, list[Record]] = {}
    found = job.items.filter(side=ItemSide.RECEIVER, email__in=emails).order_by("pk")
    for item in found:
        index.setdefault(item.email, []).append(as_record(item))
    return index


def sender_counts(job: TransferJob, emails: set[str]) -> dict[str, int]:
    rows = (
        job.items.filter(side=ItemSide.SENDER, in_scope=True, email__in=emails)
        .values("email")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
    )
    return {row["email"]: row["n"] for row in rows}


def apply_decision(item: TransferItem, decision) -> None:
    item.kind = decision.kind
    item.reason = decision.reason
    item.target_id = decision.match_id or ",".join(decision.candidates)
    item.writes = {
        "app": decision.target_app,
        "values": decision.writes,
        "conflicts": list(decision.conflicts),
        "after": decision.after,
        "note": as_data(decision.note),
    }


@transaction.atomic
def save_batch(job: TransferJob, batch: list, decided: list) -> None:
    TransferItem.objects.bulk_update(batch, ["kind", "reason", "target_id", "writes"])
    plan = Counter(job.counts.get("plan", {}))
    plan.update(bucket(d) for _, d in decided)
    job.counts = {**job.counts, "plan": dict(plan)}
    job.samples = add_samples(job.samples, decided)
    job.processed += len(batch)
    job.save(update_fields=["counts", "samples", "processed"])


def as_data(note: str):
    """A note that is a Text is kept with its words (the log says it in the reader's
    language); any other note as it is."""
    return note.as_data() if isinstance(note, Text) else note
