"""Response bodies in Snov.io's shapes (https://snov.io/api).

Documented keys come first. By default prospect objects also carry `emails`, `phones`,
`customFields`, `position`, `companyName`, `lists` and the dates everywhere: a guess that the
reference shows only part of a prospect (sandbox/GUESSES.md). An account in documented-only
mode (`Account.documented_only`) gets exactly the documented keys: a list page item is `id`,
`name`, `firstName`, `lastName` and `emails`; a prospect by id or email has no emails, phones
or custom field values.
"""

import datetime as dt

from django.http import JsonResponse

from sandbox.snovio.models import EmailStatus

# smtpStatus is an int in Snov.io's examples; its mapping is undocumented, this one is ours.
SMTP_STATUS = {EmailStatus.VALID: 3, EmailStatus.NOT_VALID: 1, EmailStatus.UNKNOWN: 2}


def json_response(data, status: int = 200, **kwargs) -> JsonResponse:
    return JsonResponse(data, status=status, safe=False, **kwargs)


def php_datetime(value: dt.datetime | None) -> dict | None:
    """PHP's serialised DateTime, as v1 methods return it."""
    if value is None:
        return None
    utc = value.astimezone(dt.UTC)
    return {
        "date": utc.strftime("%Y-%m-%d %H:%M:%S.%f"),
        "timezone_type": 3,
        "timezone": "UTC",
    }


def unix(value: dt.datetime | None) -> int | None:
    return int(value.timestamp()) if value else None


def error_envelope(status: int, title: str) -> dict:
    return {"errors": {"code": status, "title": title, "source": ""}}


def not_found() -> JsonResponse:
    return json_response(error_envelope(404, "Sorry, but url or entity not found"), 404)


def failure(errors, status: int = 400) -> JsonResponse:
    return json_response({"success": False, "errors": errors}, status)


def prospect_list_summary(prospect_list, contacts: int) -> dict:
    return {
        "id": prospect_list.pk,
        "name": prospect_list.name,
        "contacts": contacts,
        "isDeleted": prospect_list.is_deleted,
        "creationDate": php_datetime(prospect_list.created_at),
        "deletionDate": php_datetime(prospect_list.deleted_at),
    }


def email_item(prospect, *, documented: bool = False) -> dict:
    status = prospect.email_status
    item = {
        "email": prospect.email,
        "probability": 99 if status == EmailStatus.VALID else 50,
        "isVerified": None if status == EmailStatus.UNVERIFIED else status == EmailStatus.VALID,
        "jobStatus": "any",
        "domainType": "linkedin_email",
        "isValidFormat": None,
        "isDisposable": None,
        "isWebmail": None,
        "isGibberish": None,
        "smtpStatus": SMTP_STATUS.get(status),
    }
    return item if documented else {**item, "status": status}


def _common_prospect(prospect) -> dict:
    return {
        "id": prospect.uid,
        "name": prospect.full_name,
        "firstName": prospect.first_name,
        "lastName": prospect.last_name,
        "emails": [email_item(prospect)] if prospect.email else [],
        "phones": list(prospect.phones),
        "position": prospect.position,
        "companyName": prospect.company_name,
        "customFields": dict(prospect.custom_fields),
        "country": prospect.country or None,
        "locality": prospect.locality or None,
        "lists": [{"id": lst.pk, "name": lst.name} for lst in prospect.lists.all()],
        "source": prospect.source,
        "creationDate": php_datetime(prospect.created_at),
        "lastUpdateDate": php_datetime(prospect.updated_at),
    }


def prospect_in_list(prospect, *, documented: bool = False) -> dict:
    if not documented:
        return _common_prospect(prospect)
    return {
        "id": prospect.uid,
        "name": prospect.full_name,
        "firstName": prospect.first_name,
        "lastName": prospect.last_name,
        "emails": [email_item(prospect, documented=True)] if prospect.email else [],
    }


DETAIL_KEYS = (
    "id",
    "name",
    "firstName",
    "lastName",
    "industry",
    "country",
    "locality",
    "social",
    "lastUpdateDate",
    "currentJob",
    "previousJob",
    "lists",
    "campaigns",
)


def prospect_detail(prospect, *, documented: bool = False) -> dict:
    detail = _full_detail(prospect)
    if not documented:
        return detail
    return {key: detail[key] for key in DETAIL_KEYS}


def _full_detail(prospect) -> dict:
    job = {
        "companyName": prospect.company_name,
        "position": prospect.position,
        "socialLink": None,
        "site": prospect.company_site or None,
        "locality": prospect.locality or None,
        "state": None,
        "city": None,
        "street": None,
        "street2": None,
        "postal": None,
        "founded": None,
        "startDate": None,
        "endDate": None,
        "size": None,
        "industry": prospect.industry or None,
        "companyType": None,
        "country": prospect.country or None,
    }
    social = [{"link": link, "type": kind} for kind, link in prospect.social_links.items()]
    return {
        **_common_prospect(prospect),
        "industry": prospect.industry or None,
        "social": social,
        "currentJob": [job] if prospect.company_name or prospect.position else [],
        "previousJob": [],
        "campaigns": _prospect_campaigns(prospect),
    }


def _prospect_campaigns(prospect) -> list[dict]:
    by_campaign: dict[int, dict] = {}
    for message in prospect.messages.select_related("campaign"):
        item = by_campaign.setdefault(
            message.campaign_id,
            {
                "id": message.campaign_id,
                "campaign": message.campaign.name,
                "status": "Finished" if message.finished_at else "Active",
                "sent": 0,
                "opens": 0,
                "replies": 0,
            },
        )
        item["sent"] += 1
        item["opens"] += bool(message.opened_at)
        item["replies"] += bool(message.replied_at)
        if message.finished_at:
            item["status"] = "Finished"
    return list(by_campaign.values())


def custom_field(field) -> dict:
    return {"key": field.key, "label": field.name, "required": field.required, "type": field.type}


def campaign(item) -> dict:
    return {
        "id": item.pk,
        "campaign": item.name,
        "list_id": item.prospect_list_id,
        "status": item.status,
        "created_at": unix(item.created_at),
        "updated_at": unix(item.updated_at),
        "started_at": unix(item.started_at),
        "hash": item.hash,
    }


def webhook(item) -> dict:
    return {
        "id": item.pk,
        "end_point": item.end_point,
        "event_object": item.event_object,
        "event_action": item.event_action,
        "status": item.status,
        "created_at": unix(item.created_at),
    }
