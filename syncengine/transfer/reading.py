"""Read both apps in bulk, one page per call, into TransferItems (R7, at the API-call floor).

Pipedrive: organizations (for each person's organization name) and persons, 500 per page with
a cursor. Snov.io: the user's lists, then each list's prospects, 5000 per page. The checkpoint
says which source and which page come next; a page read twice is stored once."""

from django.db import transaction

from integrations.clients.pipedrive.client import PAGE_LIMIT
from integrations.clients.snovio.client import MAX_PER_PAGE
from syncengine.exchange import Exchange
from syncengine.mapping import normalize_email, person_values, prospect_values
from syncengine.models import App, ItemSide, TransferItem, TransferJob


def plan_sources(job: TransferJob, list_ids: list[int]) -> list[dict]:
    """What to read, in order: organizations first, so persons get their organization's name."""
    persons_side = ItemSide.SENDER if job.sender == App.PIPEDRIVE else ItemSide.RECEIVER
    lists_side = ItemSide.RECEIVER if persons_side == ItemSide.SENDER else ItemSide.SENDER
    sources = [{"kind": "orgs"}, {"kind": "persons", "side": persons_side}]
    return sources + [{"kind": "list", "id": i, "side": lists_side} for i in list_ids]


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
    reader = {"orgs": read_organizations, "persons": read_persons, "list": read_list}
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
    items = [prospect_item(job, p, source["side"], in_scope) for p in prospects]
    full = len(prospects) >= min(per_page, MAX_PER_PAGE)
    more = full and (not summary.contacts or page * per_page < summary.contacts)
    return items, (page + 1 if more else None)


def takes_part(job: TransferJob, list_id) -> bool:
    return Exchange.of(job.integration).takes_part([list_id])


def prospect_item(job: TransferJob, prospect, side: str, in_scope: bool) -> TransferItem:
    return TransferItem(
        job=job,
        side=side,
        remote_id=str(prospect.id),
        email=normalize_email(prospect.email),
        values=prospect_values(prospect),
        in_scope=in_scope,
    )


@transaction.atomic
def save_page(job: TransferJob, items: list, checkpoint: dict, *, source=None) -> None:
    TransferItem.objects.bulk_create(items, batch_size=1000, ignore_conflicts=True)
    if source and source["kind"] == "list" and items and items[0].in_scope:
        # A prospect first seen in a list that does not take part may be in one that does.
        ids = [item.remote_id for item in items]
        job.items.filter(side=source["side"], remote_id__in=ids).update(in_scope=True)
    job.checkpoint = checkpoint
    job.pages_read += 1
    job.processed += len(items)
    job.save(update_fields=["checkpoint", "pages_read", "processed", "organizations"])
