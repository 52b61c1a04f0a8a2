"""Services for deals, activities, pipelines, stages and notes."""

import datetime as dt
import re

from django.db import transaction
from django.utils import timezone

from . import events
from .errors import bad_request_v2
from .models import (
    Activity,
    ActivityType,
    Company,
    Deal,
    DealStatus,
    Note,
    Organization,
    Person,
    Pipeline,
    Stage,
    User,
)


def _get(model, company: Company, pk, label: str, **filters):
    if pk is None:
        return None
    lookup = {"pipeline__company": company} if model is Stage else {"company": company}
    obj = model.objects.filter(id=pk, **lookup, **filters).first()
    if obj is None:
        raise bad_request_v2(f"{label} with id {pk} does not exist")
    return obj


def first_stage(pipeline: Pipeline) -> Stage:
    stage = pipeline.stages.filter(is_deleted=False).order_by("order_nr", "id").first()
    if stage is None:
        raise bad_request_v2(f"Pipeline {pipeline.id} has no stages")
    return stage


def place_deal(company: Company, pipeline_id, stage_id) -> tuple[Pipeline, Stage]:
    """A stage implies its pipeline; a pipeline alone means its first stage; neither means
    the first stage of the first pipeline."""
    if stage_id is not None:
        stage = _get(Stage, company, stage_id, "Stage", is_deleted=False)
        return stage.pipeline, stage
    if pipeline_id is not None:
        pipeline = _get(Pipeline, company, pipeline_id, "Pipeline", is_deleted=False)
        return pipeline, first_stage(pipeline)
    pipeline = Pipeline.objects.filter(company=company, is_deleted=False).first()
    if pipeline is None:
        raise bad_request_v2("The company has no pipeline")
    return pipeline, first_stage(pipeline)


def _apply_deal_changes(deal: Deal, changes: dict, now: dt.datetime) -> None:
    company = deal.company
    if "owner_id" in changes:
        deal.owner = _get(User, company, changes["owner_id"], "User")
    if "person_id" in changes:
        deal.person = _get(Person, company, changes["person_id"], "Person", is_deleted=False)
    if "org_id" in changes:
        deal.org = _get(Organization, company, changes["org_id"], "Organization")
    if "stage_id" in changes or "pipeline_id" in changes:
        pipeline, stage = place_deal(company, changes.get("pipeline_id"), changes.get("stage_id"))
        if stage.id != deal.stage_id:
            deal.stage_change_time = now if deal.pk else None
        deal.pipeline, deal.stage = pipeline, stage
    currency = changes.get("currency")
    if currency is not None and not re.fullmatch(r"[A-Za-z]{3}", currency):
        raise bad_request_v2("Parameter 'currency' must be a 3-letter currency code")
    for attr in ("title", "value", "currency", "probability", "visible_to", "label_ids"):
        if attr in changes:
            setattr(deal, attr, changes[attr])
    if "expected_close_date" in changes:
        value = changes["expected_close_date"]
        deal.expected_close_date = dt.date.fromisoformat(value) if value else None
    if "status" in changes or "lost_reason" in changes:
        _apply_status(deal, changes.get("status", deal.status), changes, now)


def _apply_status(deal: Deal, status: str, changes: dict, now: dt.datetime) -> None:
    if status not in DealStatus.values:
        raise bad_request_v2("Parameter 'status' must be one of: open, won, lost")
    if changes.get("lost_reason") and status != DealStatus.LOST:
        raise bad_request_v2("'lost_reason' can only be set on lost deals")
    if status != deal.status:
        deal.won_time = now if status == DealStatus.WON else None
        deal.lost_time = now if status == DealStatus.LOST else None
        deal.close_time = now if status != DealStatus.OPEN else None
    deal.status = status
    deal.lost_reason = changes.get("lost_reason") if status == DealStatus.LOST else None


def create_deal(*, company: Company, actor: User, changes: dict, source=events.API) -> Deal:
    if not changes.get("title"):
        raise bad_request_v2("Parameter 'title' is required")
    now = timezone.now()
    with transaction.atomic():
        deal = Deal(company=company, owner=actor, creator=actor, currency=actor.default_currency)
        deal.origin = "API" if source == events.API else "ManuallyCreated"
        changes = {"pipeline_id": None, "stage_id": None, **changes}
        _apply_deal_changes(deal, changes, now)
        deal.add_time = deal.update_time = now
        deal.save()
        _record(deal, actor, "create", None, source)
    return deal


def update_deal(deal: Deal, *, actor: User, changes: dict, source=events.API) -> Deal:
    now = timezone.now()
    with transaction.atomic():
        before = events.entity_event_data("deal", deal)
        _apply_deal_changes(deal, changes, now)
        previous = events.changed_fields(before, events.entity_event_data("deal", deal))
        if previous:
            deal.update_time = now
            deal.save()
            _record(deal, actor, "change", previous, source)
    return deal


def _record(obj, actor: User, action: str, previous, source: str, entity=None) -> None:
    entity = entity or type(obj).__name__.lower()
    events.record_event(
        company=obj.company,
        user=actor,
        entity=entity,
        entity_id=obj.id,
        action=action,
        data=events.entity_event_data(entity, obj),
        previous=previous,
        source=source,
    )


def _apply_activity_changes(activity: Activity, changes: dict, now: dt.datetime) -> None:
    company = activity.company
    if "type" in changes:
        if not ActivityType.objects.filter(
            company=company, key_string=changes["type"], active=True
        ).exists():
            raise bad_request_v2(f"Activity type '{changes['type']}' does not exist")
        activity.type = changes["type"]
    if "owner_id" in changes:
        activity.owner = _get(User, company, changes["owner_id"], "User")
    if "deal_id" in changes:
        activity.deal = _get(Deal, company, changes["deal_id"], "Deal")
    if "org_id" in changes:
        activity.org = _get(Organization, company, changes["org_id"], "Organization")
    if "participants" in changes:
        _set_participants(activity, changes["participants"])
    for attr in ("subject", "due_time", "duration", "busy", "note", "public_description"):
        if attr in changes:
            setattr(activity, attr, changes[attr] if changes[attr] is not None else "")
    if "priority" in changes:
        activity.priority = changes["priority"]
    if "due_date" in changes:
        value = changes["due_date"]
        activity.due_date = dt.date.fromisoformat(value) if value else None
    if "done" in changes and changes["done"] != activity.done:
        activity.done = changes["done"]
        activity.marked_as_done_time = now if activity.done else None


def _set_participants(activity: Activity, participants: list[dict]) -> None:
    clean = []
    for item in participants:
        if not isinstance(item, dict):
            raise bad_request_v2("Parameter 'participants' must be an array of objects")
        person_id, primary = item.get("person_id"), item.get("primary", False)
        if not isinstance(person_id, int) or isinstance(person_id, bool):
            raise bad_request_v2("Parameter 'participants' must contain integer 'person_id'")
        if not isinstance(primary, bool):
            raise bad_request_v2("Parameter 'participants' must contain boolean 'primary'")
        _get(Person, activity.company, person_id, "Person")
        clean.append({"person_id": person_id, "primary": primary})
    if clean and not any(item["primary"] for item in clean):
        clean[0]["primary"] = True
    activity.participants = clean
    primary = next((item["person_id"] for item in clean if item["primary"]), None)
    activity.person = Person.objects.filter(id=primary).first() if primary else None


def create_activity(
    *, company: Company, actor: User, changes: dict, source=events.API
) -> Activity:
    now = timezone.now()
    with transaction.atomic():
        activity = Activity(company=company, owner=actor, creator=actor, type="call")
        _apply_activity_changes(activity, changes, now)
        if not activity.subject:
            kind = ActivityType.objects.filter(company=company, key_string=activity.type).first()
            activity.subject = kind.name if kind else activity.type.title()
        activity.add_time = activity.update_time = now
        activity.save()
        _record(activity, actor, "create", None, source)
    return activity


def update_activity(
    activity: Activity, *, actor: User, changes: dict, source=events.API
) -> Activity:
    now = timezone.now()
    with transaction.atomic():
        before = events.entity_event_data("activity", activity)
        _apply_activity_changes(activity, changes, now)
        previous = events.changed_fields(before, events.entity_event_data("activity", activity))
        if previous:
            activity.update_time = now
            activity.save()
            _record(activity, actor, "change", previous, source)
    return activity


def create_pipeline(*, company: Company, name: str, stage_names=()) -> Pipeline:
    with transaction.atomic():
        order = Pipeline.objects.filter(company=company).count() + 1
        pipeline = Pipeline.objects.create(company=company, name=name, order_nr=order)
        for index, stage_name in enumerate(stage_names, start=1):
            Stage.objects.create(pipeline=pipeline, name=stage_name, order_nr=index)
    return pipeline


def create_stage(*, pipeline: Pipeline, name: str) -> Stage:
    last = pipeline.stages.order_by("-order_nr").values_list("order_nr", flat=True).first()
    return Stage.objects.create(pipeline=pipeline, name=name, order_nr=(last or 0) + 1)


def create_note(*, company: Company, actor: User, content: str, links: dict, pins: dict) -> Note:
    with transaction.atomic():
        note = Note(company=company, user=actor, content=content)
        note.person = _get(Person, company, links.get("person_id"), "Person")
        note.deal = _get(Deal, company, links.get("deal_id"), "Deal")
        note.org = _get(Organization, company, links.get("org_id"), "Organization")
        for attr, value in pins.items():
            setattr(note, attr, value)
        note.save()
    return note
