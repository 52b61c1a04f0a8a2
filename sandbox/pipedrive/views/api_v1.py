"""API v1 (served under /api/v1/ and /v1/): users, activity types, person fields, notes,
webhooks."""

from urllib.parse import urlsplit

from django.http import JsonResponse

from .. import people, sales
from ..api import ok, read_v1_body
from ..errors import ApiError, v1_error
from ..models import ActivityType, Note, PersonField, User, Webhook
from ..pagination import offset_page
from ..serializers_v1 import activity_type_v1, me_v1, note_v1, person_field_v1, user_v1, webhook_v1

V1_FIELD_TYPES = [
    "address",
    "date",
    "daterange",
    "double",
    "enum",
    "monetary",
    "org",
    "people",
    "phone",
    "set",
    "text",
    "time",
    "timerange",
    "user",
    "varchar",
    "varchar_auto",
    "visible_to",
]
WEBHOOK_ACTIONS = ("create", "change", "delete", "*")
WEBHOOK_OBJECTS = [
    "activity",
    "deal",
    "lead",
    "note",
    "organization",
    "person",
    "pipeline",
    "product",
    "stage",
    "user",
    "*",
]
WEBHOOKS_PER_USER = 40


def list_users(request, caller):
    users = User.objects.filter(company=caller.company)
    return ok([user_v1(u, me=caller.user) for u in users])


def get_me(request, caller):
    return ok(me_v1(caller.user))


def list_activity_types(request, caller):
    return ok([activity_type_v1(t) for t in ActivityType.objects.filter(company=caller.company)])


def list_person_fields(request, caller):
    queryset = PersonField.objects.filter(company=caller.company, active=True)
    rows, pagination = offset_page(queryset, request.GET)
    additional = {
        "start": pagination["start"],
        "limit": pagination["limit"],
        "more_items_in_collection": pagination["more_items_in_collection"],
        "pagination": pagination,
    }
    return ok([person_field_v1(f) for f in rows], additional)


def _option_labels(options) -> list[str]:
    if isinstance(options, str):  # form-encoded: a comma-separated list
        return [label.strip() for label in options.split(",") if label.strip()]
    labels = []
    for option in options or []:
        label = option.get("label") if isinstance(option, dict) else option
        if label not in (None, ""):
            labels.append(str(label))
    return labels


def create_person_field(request, caller):
    body = read_v1_body(request)
    name, field_type = body.get("name"), body.get("field_type")
    if not name:
        raise v1_error("Name must be given.")
    if field_type not in V1_FIELD_TYPES:
        raise v1_error("Field type must be one of: " + ", ".join(V1_FIELD_TYPES))
    labels = _option_labels(body.get("options"))
    if field_type in people.OPTION_TYPES and not labels:
        raise v1_error("Options must be given for enum and set fields.")
    field = people.create_person_field(
        company=caller.company, actor=caller.user, name=name, field_type=field_type, labels=labels
    )
    return ok(person_field_v1(field))


def _int_or_none(body, name):
    value = body.get(name)
    if value in (None, ""):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise v1_error(f"{name} must be an integer") from None


def _flag(body, name) -> bool:
    return str(body.get(name, "0")).lower() in ("1", "true")


def create_note(request, caller):
    body = read_v1_body(request)
    content = body.get("content")
    if not content:
        raise v1_error("Note content must be given.")
    links = {name: _int_or_none(body, name) for name in ("person_id", "deal_id", "org_id")}
    if not any(links.values()) and not body.get("lead_id"):
        raise v1_error("Note must be attached to a deal, person, organization or lead.")
    pins = {
        "pinned_to_person": _flag(body, "pinned_to_person_flag"),
        "pinned_to_deal": _flag(body, "pinned_to_deal_flag"),
        "pinned_to_organization": _flag(body, "pinned_to_organization_flag"),
    }
    try:
        note = sales.create_note(
            company=caller.company, actor=caller.user, content=content, links=links, pins=pins
        )
    except ApiError as error:
        raise v1_error(error.body["error"]) from None
    return ok(note_v1(note, me=caller.user))


def list_notes(request, caller):
    params = request.GET
    queryset = Note.objects.filter(company=caller.company, active=True).select_related(
        "user", "person", "deal", "org"
    )
    for name in ("person_id", "deal_id", "org_id", "user_id"):
        value = _int_or_none(params, name)
        if value is not None:
            queryset = queryset.filter(**{name: value})
    rows, pagination = offset_page(queryset, params)
    return ok([note_v1(n, me=caller.user) for n in rows], {"pagination": pagination})


def _webhook_error(status: int, errors: dict) -> ApiError:
    return ApiError(status, {"status": "error", "success": False, "errors": errors})


def _visible_webhooks(caller):
    """An OAuth app sees only the webhooks it created; a token user sees the others."""
    queryset = Webhook.objects.filter(company=caller.company)
    if caller.is_oauth:
        return queryset.filter(type="application", user=caller.user)
    return queryset.exclude(type="application")


def list_webhooks(request, caller):
    data = [webhook_v1(h) for h in _visible_webhooks(caller)]
    return JsonResponse({"status": "ok", "success": True, "data": data})


def _valid_subscription_url(url) -> bool:
    parts = urlsplit(url or "")
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _webhook_errors(body) -> dict:
    errors = {}
    if not _valid_subscription_url(body.get("subscription_url")):
        errors["subscription_url"] = ["invalid or non-reachable URL"]
    if body.get("event_action") not in WEBHOOK_ACTIONS:
        errors["event_action"] = ["must be one of: " + ", ".join(WEBHOOK_ACTIONS)]
    if body.get("event_object") not in WEBHOOK_OBJECTS:
        errors["event_object"] = ["must be one of: " + ", ".join(WEBHOOK_OBJECTS)]
    if not body.get("name"):
        errors["name"] = ["is required"]
    if body.get("version", "2.0") not in ("1.0", "2.0"):
        errors["version"] = ["must be 1.0 or 2.0"]
    return errors


def create_webhook(request, caller):
    body = read_v1_body(request)
    errors = _webhook_errors(body)
    if errors:
        raise _webhook_error(400, errors)
    user = caller.user
    if body.get("user_id") not in (None, ""):
        user = User.objects.filter(
            company=caller.company, id=_int_or_none(body, "user_id")
        ).first()
        if user is None:
            raise _webhook_error(400, {"user_id": ["not found"]})
    if Webhook.objects.filter(user=user).count() >= WEBHOOKS_PER_USER:
        raise _webhook_error(422, {"webhooks": ["Webhooks limit reached"]})
    hook = Webhook.objects.create(
        company=caller.company,
        user=user,
        event_action=body["event_action"],
        event_object=body["event_object"],
        subscription_url=body["subscription_url"],
        http_auth_user=body.get("http_auth_user") or None,
        http_auth_password=body.get("http_auth_password") or None,
        version=body.get("version") or "2.0",
        name=body["name"],
        type="application" if caller.is_oauth else "general",
    )
    return JsonResponse({"status": "ok", "success": True, "data": webhook_v1(hook)}, status=201)


def delete_webhook(request, caller, webhook_id):
    hook = Webhook.objects.filter(company=caller.company, id=webhook_id).first()
    if hook is None:
        raise _webhook_error(404, {"id": ["not found"]})
    if not _visible_webhooks(caller).filter(id=hook.id).exists():
        raise ApiError(403, {"success": False, "message": "Forbidden"})
    hook.delete()
    return JsonResponse({"status": "ok", "success": True})
