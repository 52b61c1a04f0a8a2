"""API v2: deals, activities, pipelines, stages, person fields."""

from .. import people, sales
from ..api import ok, read_json
from ..errors import bad_request_v2, not_found_v2
from ..models import Activity, Deal, PersonField, Pipeline, Stage
from ..pagination import cursor_page
from ..serializers import activity_v2, deal_v2, person_field_v2, pipeline_v2, stage_v2
from ..validation import check_address, check_types
from .filters import filter_common, query_bool, query_int

DEAL_TYPES = {
    "title": "str",
    "owner_id": "int",
    "person_id": "int",
    "org_id": "int",
    "pipeline_id": "int",
    "stage_id": "int",
    "value": "number",
    "currency": "str",
    "status": "str",
    "probability": "number",
    "lost_reason": "str",
    "visible_to": "int",
    "expected_close_date": "date",
    "label_ids": "int_list",
}
DEAL_STATUSES = ("open", "won", "lost", "deleted")


def _deal(caller, deal_id) -> Deal:
    deal = Deal.objects.filter(company=caller.company, id=deal_id).first()
    if deal is None:
        raise not_found_v2()
    return deal


def list_deals(request, caller):
    params = request.GET
    queryset = Deal.objects.filter(company=caller.company)
    queryset = filter_common(
        queryset, params, fields=("owner_id", "person_id", "org_id", "pipeline_id", "stage_id")
    )
    statuses = [s for s in (params.get("status") or "").split(",") if s]
    if any(s not in DEAL_STATUSES for s in statuses):
        raise bad_request_v2("Parameter 'status' must be one of: open, won, lost, deleted")
    if "deleted" in statuses:
        queryset = queryset.filter(is_deleted=True)
    else:
        queryset = queryset.filter(is_deleted=False)
        if statuses:
            queryset = queryset.filter(status__in=statuses)
    rows, next_cursor = cursor_page(queryset, params)
    return ok([deal_v2(d) for d in rows], {"next_cursor": next_cursor})


def create_deal(request, caller):
    changes = check_types(read_json(request), DEAL_TYPES, nullable=("probability",))
    deal = sales.create_deal(company=caller.company, actor=caller.user, changes=changes)
    return ok(deal_v2(deal))


def get_deal(request, caller, deal_id):
    return ok(deal_v2(_deal(caller, deal_id)))


def patch_deal(request, caller, deal_id):
    deal = _deal(caller, deal_id)
    if deal.is_deleted:
        raise not_found_v2()
    changes = check_types(
        read_json(request), DEAL_TYPES, nullable=("person_id", "org_id", "probability")
    )
    sales.update_deal(deal, actor=caller.user, changes=changes)
    return ok(deal_v2(deal))


ACTIVITY_TYPES = {
    "subject": "str",
    "type": "str",
    "owner_id": "int",
    "deal_id": "int",
    "org_id": "int",
    "due_date": "date",
    "due_time": "time",
    "duration": "time",
    "busy": "bool",
    "done": "bool",
    "participants": "list",
    "public_description": "str",
    "priority": "int",
    "note": "str",
}
PERSON_ID_READ_ONLY = (
    "'person_id' is a read-only field. Add a primary participant to set 'person_id' instead."
)


def _activity_changes(request) -> dict:
    body = read_json(request)
    if "person_id" in body:
        raise bad_request_v2(PERSON_ID_READ_ONLY)
    check_address("location", body.get("location"))
    return check_types(
        body, ACTIVITY_TYPES, nullable=("deal_id", "org_id", "due_date", "due_time", "note")
    )


def _activity(caller, activity_id) -> Activity:
    activity = Activity.objects.filter(company=caller.company, id=activity_id).first()
    if activity is None or activity.is_deleted:
        raise not_found_v2()
    return activity


def list_activities(request, caller):
    params = request.GET
    queryset = Activity.objects.filter(company=caller.company, is_deleted=False)
    queryset = filter_common(queryset, params, fields=("owner_id", "deal_id", "org_id"))
    person_id = query_int(params, "person_id")
    if person_id is not None:
        queryset = queryset.filter(person_id=person_id)
    done = query_bool(params, "done")
    if done is not None:
        queryset = queryset.filter(done=done)
    rows, next_cursor = cursor_page(queryset, params)
    return ok([activity_v2(a) for a in rows], {"next_cursor": next_cursor})


def create_activity(request, caller):
    changes = _activity_changes(request)
    activity = sales.create_activity(company=caller.company, actor=caller.user, changes=changes)
    return ok(activity_v2(activity))


def get_activity(request, caller, activity_id):
    return ok(activity_v2(_activity(caller, activity_id)))


def patch_activity(request, caller, activity_id):
    activity = _activity(caller, activity_id)
    changes = _activity_changes(request)
    sales.update_activity(activity, actor=caller.user, changes=changes)
    return ok(activity_v2(activity))


def list_pipelines(request, caller):
    queryset = Pipeline.objects.filter(company=caller.company, is_deleted=False)
    rows, next_cursor = cursor_page(queryset, request.GET)
    return ok([pipeline_v2(p) for p in rows], {"next_cursor": next_cursor})


def list_stages(request, caller):
    params = request.GET
    queryset = Stage.objects.filter(pipeline__company=caller.company, is_deleted=False)
    pipeline_id = query_int(params, "pipeline_id")
    if pipeline_id is not None:
        queryset = queryset.filter(pipeline_id=pipeline_id)
    rows, next_cursor = cursor_page(
        queryset, params, sort_fields=("id", "update_time", "add_time", "order_nr")
    )
    return ok([stage_v2(s) for s in rows], {"next_cursor": next_cursor})


def list_person_fields(request, caller):
    queryset = PersonField.objects.filter(company=caller.company, active=True)
    params = request.GET.copy()
    params["sort_by"], params["sort_direction"] = "id", "asc"
    rows, next_cursor = cursor_page(queryset, params)
    return ok([person_field_v2(f) for f in rows], {"next_cursor": next_cursor})


V2_FIELD_TYPES = [
    "varchar",
    "text",
    "double",
    "phone",
    "date",
    "daterange",
    "time",
    "timerange",
    "set",
    "enum",
    "varchar_auto",
    "address",
    "monetary",
    "org",
    "people",
    "user",
]


def create_person_field(request, caller):
    body = read_json(request)
    check_types(body, {"field_name": "str", "field_type": "str", "options": "list"})
    if not body.get("field_name") or body.get("field_type") not in V2_FIELD_TYPES:
        raise bad_request_v2("'field_name' and a valid 'field_type' are required")
    labels = [o.get("label") for o in body.get("options") or [] if isinstance(o, dict)]
    if body["field_type"] in people.OPTION_TYPES and not labels:
        raise bad_request_v2("'options' are required for enum and set fields")
    field = people.create_person_field(
        company=caller.company,
        actor=caller.user,
        name=body["field_name"],
        field_type=body["field_type"],
        labels=[str(label) for label in labels],
    )
    return ok(person_field_v2(field))
