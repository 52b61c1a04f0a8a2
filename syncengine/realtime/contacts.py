"""Apply one contact change to the other app: a Pipedrive person → Snov.io, or a polled
Snov.io prospect → Pipedrive. Decisions come from decide.py; writes go through writers.py."""

from django.db import IntegrityError, transaction

from integrations.clients.errors import NotFound
from syncengine import writers
from syncengine.mapping import (
    changes,
    fingerprint,
    is_empty,
    map_to_pipedrive,
    person_values,
    prospect_values,
    to_snovio,
    unmatched_note,
    with_constants,
)
from syncengine.matching import Match
from syncengine.models import App, Outcome
from syncengine.realtime import decide
from syncengine.realtime.events import PersonEvent, ProspectEvent
from syncengine.realtime.links import (
    LinkConflict,
    Result,
    claim_link,
    close_link,
    find_link,
    named_persons,
    named_prospects,
    released_on_error,
    settled,
)
from syncengine.wording import Text, _


def keys_for(ctx, app: str) -> list[str]:
    if app == App.PIPEDRIVE:
        return decide.pipedrive_keys(ctx.pairs, ctx.pipedrive_constants)
    return decide.snovio_keys(ctx.pairs, ctx.snovio_constants)


# -- Pipedrive person → Snov.io prospect -----------------------------------------------------


def apply_person_change(ctx, change: PersonEvent) -> Result:
    person, email = change.person, change.email
    base = Result(App.SNOVIO, "", email=email, pipedrive_id=change.person_id)
    excluded = ctx.exchange.person_excluded(email=email)
    if person is None or excluded:
        return _with(base, Outcome.SKIPPED, excluded or "no_data")
    link = find_link(ctx.integration, pipedrive_id=person.id)
    seen = decide.person_fingerprint(person, keys_for(ctx, App.PIPEDRIVE))
    if link is not None:
        verdict = decide.judge_change(
            seen=seen,
            written=settled(link).written_to_pipedrive,
            occurred_at=change.occurred_at,
            applied_at=link.pipedrive_updated_at,
        )
        if verdict != decide.APPLY:
            return _dropped(link, base, verdict, pipedrive_at=change.occurred_at)
        return _write_prospect(ctx, link, change, seen, None, base)
    found = ctx.snovio.get_prospects_by_email(email)
    if decide.match_verdict(Match(tuple(p.id for p in found))) == "ambiguous":
        return _ambiguous(base, "prospects", named_prospects(found))
    current = found[0] if found else None
    link, fresh = claim_link(
        ctx.integration,
        by="pipedrive_id",
        email=email,
        pipedrive_id=person.id,
        snovio_id=current.id if current else "",
    )
    with released_on_error(link, fresh):
        return _write_prospect(ctx, link, change, seen, current, base)


def _write_prospect(ctx, link, change, seen, current, base) -> Result:
    org_name = organization_name(ctx, change.person.org_id)
    values = to_snovio(person_values(change.person, org_name=org_name), ctx.pairs, ctx.schema)
    values = with_constants(values, ctx.snovio_constants)
    keys = keys_for(ctx, App.SNOVIO)
    known = decide.observed_prospect(current, keys) if current else {}
    # Snov.io keeps a filled value when it is sent empty: what it will hold afterwards.
    expected = known | {k: v for k, v in values.items() if k in keys and not is_empty(v)}
    created = not link.snovio_id
    link.written_to_pipedrive = seen  # known now: an edit back to older values is genuine
    link.pipedrive_updated_at = decide.later(link.pipedrive_updated_at, change.occurred_at)
    link.email = base.email
    if not created and link.written_to_snovio == fingerprint(expected):
        link.save()
        return _with(base, Outcome.UNCHANGED, "identical", snovio_id=link.snovio_id)
    prospect_id = writers.write_prospect(ctx, values=values)
    writers.remember_snovio_write(link, prospect_id=prospect_id, values=expected)
    outcome = Outcome.CREATED if created and current is None else Outcome.UPDATED
    delta = changes(values, known) if known else values
    return _with(base, outcome, "", snovio_id=prospect_id, changes=_jsonable(delta))


def organization_name(ctx, org_id) -> str:
    """The organization's name (the mapping carries names, the person only the id)."""
    if not org_id:
        return ""
    if org_id not in ctx.org_names:
        ctx.org_names[org_id] = ctx.pipedrive.get_organization(org_id).name
    return ctx.org_names[org_id]


def apply_person_delete(ctx, change: PersonEvent) -> Result:
    """Deletes are never propagated (B5): the link closes, or moves to the merge survivor."""
    base = Result(App.SNOVIO, "", email=change.email, pipedrive_id=change.person_id)
    link = find_link(ctx.integration, pipedrive_id=change.person_id)
    survivor = change.merged_to_id
    survivor_link = survivor and find_link(ctx.integration, pipedrive_id=survivor)
    verdict = decide.delete_verdict(
        linked=link is not None, merged_to_id=survivor, survivor_linked=bool(survivor_link)
    )
    if verdict == decide.NOT_LINKED or link is None:
        return _with(base, Outcome.SKIPPED, "delete_not_linked")
    base.snovio_id = link.snovio_id
    if verdict == decide.RELINK:
        link.pipedrive_id, link.written_to_pipedrive = survivor, ""
        link.save()
        message = Text(_("Now linked to %(id)s."), id=survivor)
        return _with(base, Outcome.RELINKED, "merged", message=message)
    reason = "merged" if verdict == decide.MERGED_INTO_LINKED else "deleted"
    close_link(link, reason=f"Pipedrive person {change.person_id} {reason}")
    return _with(base, Outcome.UNLINKED, reason)


# -- Snov.io prospect → Pipedrive person -----------------------------------------------------


def apply_prospect_change(ctx, change: ProspectEvent) -> Result:
    prospect, email = change.prospect, change.email
    base = Result(App.PIPEDRIVE, "", email=email, snovio_id=prospect.id)
    excluded = ctx.exchange.prospect_excluded(email=email, list_ids=prospect.list_ids or None)
    if excluded:
        return _with(base, Outcome.SKIPPED, excluded)
    link = find_link(ctx.integration, snovio_id=prospect.id)
    seen = decide.prospect_fingerprint(prospect, keys_for(ctx, App.SNOVIO))
    if link is not None:
        verdict = decide.judge_change(
            seen=seen,
            written=settled(link).written_to_snovio,
            occurred_at=change.occurred_at,
            applied_at=link.snovio_updated_at,
        )
        if verdict != decide.APPLY:
            return _dropped(link, base, verdict, snovio_at=change.occurred_at)
        if not link.pipedrive_id:
            return _take_over(ctx, link, change, seen, base)
        return _write_person(ctx, link, change, seen, base)
    ids = ctx.pipedrive.search_persons(email) if email else []
    if decide.match_verdict(Match(tuple(ids))) == "ambiguous":
        return _ambiguous(base, "persons", named_persons(ctx, ids))
    link, fresh = claim_link(
        ctx.integration,
        by="snovio_id",
        email=email,
        snovio_id=prospect.id,
        pipedrive_id=ids[0] if ids else None,
    )
    with released_on_error(link, fresh):
        return _write_person(ctx, link, change, seen, base)


def _take_over(ctx, link, change, seen, base) -> Result:
    """A claim left by a crashed task, which may have created the person before it died:
    find it by email and link it, as for a new link, so it is never created twice."""
    ids = ctx.pipedrive.search_persons(base.email) if base.email else []
    if decide.match_verdict(Match(tuple(ids))) == "ambiguous":
        return _ambiguous(base, "persons", named_persons(ctx, ids))
    if ids:
        link.pipedrive_id = ids[0]
        try:
            with transaction.atomic():
                link.save(update_fields=["pipedrive_id", "updated_at"])
        except IntegrityError:
            message = _("The matching person is already linked to another prospect.")
            raise LinkConflict(Text(message)) from None
    return _write_person(ctx, link, change, seen, base)


def _write_person(ctx, link, change, seen, base) -> Result:
    mapped = map_to_pipedrive(prospect_values(change.prospect), ctx.pairs, ctx.schema)
    # A text naming no option leaves that field unwritten; the record still syncs (B16).
    base.message = unmatched_note(mapped.unmatched)
    values = with_constants(mapped.values, ctx.pipedrive_constants)
    current = _current_person(ctx, link)
    if current is False:
        return _gone(link, base)
    link.written_to_snovio = link.seen_in_snovio = seen
    link.snovio_updated_at = decide.later(link.snovio_updated_at, change.occurred_at)
    link.email = base.email
    delta = pipedrive_delta(ctx, values, current) if current else values
    if current and not delta:
        link.save()
        return _with(base, Outcome.UNCHANGED, "identical", pipedrive_id=current.id)
    try:
        person = writers.write_person(ctx, values=delta, current=current)
    except NotFound:
        if current is None:
            raise
        return _gone(link, base)
    observed = decide.observed_person(person, keys_for(ctx, App.PIPEDRIVE))
    writers.remember_pipedrive_write(link, person=person, values=observed)
    outcome = Outcome.UPDATED if current else Outcome.CREATED
    return _with(base, outcome, "", pipedrive_id=person.id, changes=_jsonable(delta))


def _current_person(ctx, link):
    """The linked person as it is now; None if not linked yet; False if it is gone."""
    if not link.pipedrive_id:
        return None
    try:
        person = ctx.pipedrive.get_person(link.pipedrive_id)
    except NotFound:
        return False
    return False if person.is_deleted else person


def _gone(link, base) -> Result:
    """The linked person no longer exists: unlink, never re-create it here (a deletion is the
    user's choice, B5). A later change of the prospect finds or creates a person anew."""
    close_link(link, reason="Pipedrive person not found")
    return _with(base, Outcome.UNLINKED, "not_found", pipedrive_id=link.pipedrive_id)


def pipedrive_delta(ctx, values: dict, current) -> dict:
    """The values that differ from the person; never erases a filled field. The organization
    is compared by id, found (or created) by name."""
    plain = {k: v for k, v in values.items() if k != "org_id"}
    delta = changes(plain, person_values(current, org_name=""), keep_filled=True)
    org = values.get("org_id")
    if org and writers.organization_id(ctx, org) != current.org_id:
        delta["org_id"] = org
    return delta


# -- shared ---------------------------------------------------------------------------------


def _dropped(link, base, verdict, *, pipedrive_at=None, snovio_at=None) -> Result:
    """Echo or stale: nothing written; the watermark still moves on."""
    link.pipedrive_updated_at = decide.later(link.pipedrive_updated_at, pipedrive_at)
    link.snovio_updated_at = decide.later(link.snovio_updated_at, snovio_at)
    link.save(update_fields=["pipedrive_updated_at", "snovio_updated_at", "updated_at"])
    outcome = Outcome.ECHO if verdict == decide.ECHO else Outcome.STALE
    reason = "own_write" if verdict == decide.ECHO else "older_than_applied"
    return _with(base, outcome, reason, snovio_id=link.snovio_id, pipedrive_id=link.pipedrive_id)


AMBIGUOUS = {
    "persons": _("Several persons have this email; choose one, nothing was written."),
    "prospects": _("Several prospects have this email; choose one, nothing was written."),
}


def _ambiguous(base, what: str, records: list[dict]) -> Result:
    base.candidates = records
    message = Text(AMBIGUOUS[what])
    return _with(base, Outcome.AMBIGUOUS, f"several_{what}", message=message)


def _with(base: Result, outcome: str, reason: str, **fields) -> Result:
    base.outcome, base.reason = outcome, reason
    for name, value in fields.items():
        if value not in (None, ""):
            setattr(base, name, value)
    return base


def _jsonable(values: dict) -> dict:
    return {k: (list(v) if isinstance(v, tuple) else v) for k, v in values.items()}
