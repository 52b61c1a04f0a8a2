"""Read both apps in bulk, one page per call, into TransferItems (R7, at the API-call floor).

Pipedrive: organizations (for each person's organization name) and persons, 500 per page with
a cursor. Snov.io: the user's lists, then each list's prospects, 5000 per page. The checkpoint
says which source and which page come next; a page read twice is stored once.

Snov.io documents a list page with names and emails only (syncengine/prospect_reads.py): a
prospect whose page lacked a mapped field is marked, and once everything is read, the marked
prospects the comparison needs (in a list taking part, not ambiguous; on the receiving side,
the duplicates) are read by id, BY_ID_BATCH per step. Calls = pages + those reads + writes."""

from collections import Counter

from django.db import transaction

from integrations.clients.errors import NotFound
from integrations.clients.pipedrive.client import PAGE_LIMIT
from integrations.clients.snovio.client import MAX_PER_PAGE
from syncengine import prospect_reads
from syncengine.exchange import Exchange
from syncengine.mapping import normalize_email, person_values, prospect_values
from syncengine.models import App, ItemSide, TransferItem, TransferJob

BY_ID_BATCH = 50
# In a prospect item's values: the attributes its list page lacked (read by id, then removed).
TO_READ = "_read_by_id"


def plan_sources(job: TransferJob, list_ids: list[int]) -> list[dict]:
    """What to read, in order: organizations first, so persons get their organization's name."""
    persons_side = ItemSide.SENDER if job.sender == App.PIPEDRIVE else ItemSide.RECEIVER
    lists_side = ItemSide.RECEIVER if persons_side == ItemSide.SENDER else ItemSide.SENDER
    sources = [{"kind": "orgs"}, {"kind": "persons", "side": persons_side}]
    lists = [{"kind": "list", "id": i, "side": lists_side} for i in list_ids]
    return sources + lists + [{"kind": "by_id"}]


def read_next_page(job: TransferJob, ctx, *, per_page: int = MAX_PER_PAGE) -> bool:
    """Read one page and checkpoint; False once everything has been read."""
    checkpoint = job.checkpoint
    if "sources" not in checkpoint:
        lists = ctx.snovio.get_user_lists()
        sources = plan_sources(job, [x.id for x in lists if not x.is_deleted])
        save_page(job, [], {"sources": sources, "at": 0, "cursor": None})
        return True
    if checkpoint["at"] >= len(checkpoint["sources"]):
        return False
    source = checkpoint["sources"][checkpoint["at"]]
    reader = {
        "orgs": read_organizations,
        "persons": read_persons,
        "list": read_list,
        "by_id": read_by_id,
    }
    items, next_cursor = reader[source["kind"]](job, ctx, source, checkpoint, per_page)
    at = checkpoint["at"] + (0 if next_cursor else 1)
    save_page(job, items, {**checkpoint, "at": at, "cursor": next_cursor}, source=source)
    return True


def read_organizations(job, ctx, source, checkpoint, per_page):
    page = ctx.pipedrive.list_organizations(cursor=checkpoint["cursor"], limit=PAGE_LIMIT)
    job.organizations = {**job.organizations, **{str(o.id): o.name for o in page.items}}
    return [], page.next_cursor


def read_persons(job, ctx, source, checkpoint, per_page):
    page = ctx.pipedrive.list_persons(cursor=checkpoint["cursor"], limit=PAGE_LIMIT)
    items = [person_item(job, p, source["side"]) for p in page.items if not p.is_deleted]
    return items, page.next_cursor


def person_item(job: TransferJob, person, side: str) -> TransferItem:
    org_name = job.organizations.get(str(person.org_id), "") if person.org_id else ""
    values = person_values(person, org_name=org_name)
    return TransferItem(
        job=job, side=side, remote_id=str(person.id), email=values["email"], values=values
    )


def read_list(job, ctx, source, checkpoint, per_page):
    page = checkpoint["cursor"] or 1
    summary, prospects = ctx.snovio.get_prospect_list(source["id"], page=page, per_page=per_page)
    in_scope = source["side"] == ItemSide.RECEIVER or takes_part(job, source["id"])
    wanted = wanted_attributes(ctx)
    items = [prospect_item(job, p, source["side"], in_scope, wanted) for p in prospects]
    full = len(prospects) >= min(per_page, MAX_PER_PAGE)
    more = full and (not summary.contacts or page * per_page < summary.contacts)
    return items, (page + 1 if more else None)


def takes_part(job: TransferJob, list_id) -> bool:
    return Exchange.of(job.integration).takes_part([list_id])


def wanted_attributes(ctx) -> tuple[str, ...]:
    """What a read by id can add for the Snov.io fields this transfer compares or writes."""
    keys = [pair.snovio for pair in ctx.pairs] + [key for key, _ in ctx.snovio_constants]
    return prospect_reads.readable_by_id(keys, ctx.schema)


def prospect_item(job: TransferJob, prospect, side: str, in_scope: bool, wanted=()):
    values = prospect_values(prospect)
    lacking = prospect_reads.lacks(prospect, wanted)
    if lacking:
        values[TO_READ] = list(lacking)
    return TransferItem(
        job=job,
        side=side,
        remote_id=str(prospect.id),
        email=normalize_email(prospect.email),
        values=values,
        in_scope=in_scope,
    )


def read_by_id(job, ctx, source, checkpoint, per_page):
    """Complete the next marked prospects the comparison needs; unmarks the others."""
    batch = list(job.items.filter(values__has_key=TO_READ).order_by("pk")[:BY_ID_BATCH])
    if not batch:
        return [], None
    needed = needing_reads(job, ctx.exchange, batch)
    for item in batch:
        if item.pk in needed:
            complete_item(job, item, ctx.snovio)
        else:
            item.values = {k: v for k, v in item.values.items() if k != TO_READ}
            item.save(update_fields=["values"])
    return [], checkpoint["cursor"] or 1


def needing_reads(job: TransferJob, exchange: Exchange, batch) -> set[int]:
    """The items whose values a decision will use: a sender prospect that takes part and is
    not ambiguous; a receiving prospect that is the one duplicate of one sender record."""
    emails = {item.email for item in batch if item.email}
    senders = email_counts(job, ItemSide.SENDER, emails, in_scope=True)
    receivers = email_counts(job, ItemSide.RECEIVER, emails)
    needed = set()
    for item in batch:
        if item.side == ItemSide.SENDER and item.in_scope:
            alone = senders[item.email] == 1 and receivers[item.email] <= 1
            written = not exchange.skips_without_email(job.receiver)
            needs = alone if item.email else written
        else:
            needs = bool(item.email) and senders[item.email] == 1 == receivers[item.email]
        if needs:
            needed.add(item.pk)
    return needed


def email_counts(job: TransferJob, side: str, emails: set[str], **filters) -> Counter:
    rows = job.items.filter(side=side, email__in=emails, **filters).values_list("email")
    return Counter(email for (email,) in rows)


def complete_item(job: TransferJob, item: TransferItem, snovio) -> None:
    """The attributes the page lacked, from the prospect read by id (saved at once: a spent
    budget stops the batch, and what was read is kept)."""
    lacking = set(item.values.get(TO_READ, ()))
    values = {k: v for k, v in item.values.items() if k != TO_READ}
    try:
        detail = snovio.get_prospect_by_id(item.remote_id)
    except NotFound:  # gone since its page was read: what the page said is all there is
        detail = None
    if detail is not None:
        fresh = prospect_values(detail)
        for key, value in fresh.items():
            attribute = prospect_reads.attribute_of(key)
            if attribute in lacking and detail.carries(attribute):
                values[key] = value
    with transaction.atomic():
        item.values = values
        item.save(update_fields=["values"])
        job.counts = {**job.counts, "read_by_id": job.counts.get("read_by_id", 0) + 1}
        job.save(update_fields=["counts"])


@transaction.atomic
def save_page(job: TransferJob, items: list, checkpoint: dict, *, source=None) -> None:
    TransferItem.objects.bulk_create(items, batch_size=1000, ignore_conflicts=True)
    if source and source["kind"] == "list" and items and items[0].in_scope:
        # A prospect first seen in a list that does not take part may be in one that does.
        ids = [item.remote_id for item in items]
        job.items.filter(side=source["side"], remote_id__in=ids).update(in_scope=True)
    job.checkpoint = checkpoint
    job.pages_read += 0 if source and source["kind"] == "by_id" else 1
    job.processed += len(items)
    job.save(update_fields=["checkpoint", "pages_read", "processed", "organizations"])
