"""Entities in the shapes of Pipedrive API v2 (and of v2.0 webhook payloads)."""

import datetime as dt

from .models import Activity, Deal, Organization, Person, PersonField, Pipeline, Stage


def v2_time(value: dt.datetime | None) -> str | None:
    """RFC 3339 in UTC, seconds precision: "2024-01-01T00:00:00Z"."""
    if value is None:
        return None
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def v1_time(value: dt.datetime | None) -> str | None:
    """v1's "YYYY-MM-DD HH:MM:SS" in UTC."""
    if value is None:
        return None
    return value.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S")


def v2_date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def custom_values(stored: dict, keys: list[str]) -> dict:
    """Every custom field of the entity type, null when empty (as Pipedrive sends them)."""
    return {key: stored.get(key) for key in keys}


def with_option_labels(values: dict, fields: dict[str, PersonField]) -> dict:
    """Single and multiple option values as `{id, label}` objects (`include_option_labels`)."""
    out = {}
    for key, value in values.items():
        field = fields.get(key)
        labels = {o["id"]: o["label"] for o in (field.options or [])} if field else {}
        if field and field.field_type == "enum" and value is not None:
            value = {"id": value, "label": labels.get(value)}
        elif field and field.field_type == "set" and value:
            value = [{"id": item, "label": labels.get(item)} for item in value]
        out[key] = value
    return out


def person_v2(person: Person, custom_keys: list[str]) -> dict:
    return {
        "id": person.id,
        "name": person.name,
        "first_name": person.first_name or None,
        "last_name": person.last_name or None,
        "owner_id": person.owner_id,
        "org_id": person.org_id,
        "add_time": v2_time(person.add_time),
        "update_time": v2_time(person.update_time),
        "emails": [dict(item) for item in person.emails],
        "phones": [dict(item) for item in person.phones],
        "is_deleted": person.is_deleted,
        "visible_to": person.visible_to,
        "label_ids": list(person.label_ids),
        "picture_id": None,
        "job_title": person.job_title or None,
        "custom_fields": custom_values(person.custom_fields, custom_keys),
    }


def person_search_item(person: Person, score: float, matched_custom: list[str]) -> dict:
    org = person.org
    return {
        "result_score": score,
        "item": {
            "id": person.id,
            "type": "person",
            "name": person.name,
            "phones": [item["value"] for item in person.phones],
            "emails": [item["value"] for item in person.emails],
            "visible_to": person.visible_to,
            "owner": {"id": person.owner_id},
            "organization": (
                {"id": org.id, "name": org.name, "address": (org.address or {}).get("value")}
                if org
                else None
            ),
            "custom_fields": matched_custom,
            "notes": [],
        },
    }


def organization_v2(org: Organization, custom_keys: list[str]) -> dict:
    return {
        "id": org.id,
        "name": org.name,
        "owner_id": org.owner_id,
        "add_time": v2_time(org.add_time),
        "update_time": v2_time(org.update_time),
        "is_deleted": org.is_deleted,
        "visible_to": org.visible_to,
        "address": org.address,
        "label_ids": list(org.label_ids),
        "website": org.website or None,
        "linkedin": None,
        "industry": None,
        "annual_revenue": None,
        "employee_count": None,
        "custom_fields": custom_values(org.custom_fields, custom_keys),
    }


def organization_search_item(org: Organization, score: float) -> dict:
    return {
        "result_score": score,
        "item": {
            "id": org.id,
            "type": "organization",
            "name": org.name,
            "address": (org.address or {}).get("value"),
            "visible_to": org.visible_to,
            "owner": {"id": org.owner_id},
            "custom_fields": [],
            "notes": [],
        },
    }


def deal_v2(deal: Deal) -> dict:
    return {
        "id": deal.id,
        "title": deal.title,
        "creator_user_id": deal.creator_id,
        "owner_id": deal.owner_id,
        "person_id": deal.person_id,
        "org_id": deal.org_id,
        "pipeline_id": deal.pipeline_id,
        "stage_id": deal.stage_id,
        "value": deal.value,
        "currency": deal.currency,
        "add_time": v2_time(deal.add_time),
        "update_time": v2_time(deal.update_time),
        "stage_change_time": v2_time(deal.stage_change_time),
        "is_deleted": deal.is_deleted,
        "is_archived": False,
        "archive_time": None,
        "status": deal.status,
        "probability": deal.probability,
        "lost_reason": deal.lost_reason,
        "visible_to": deal.visible_to,
        "close_time": v2_time(deal.close_time),
        "won_time": v2_time(deal.won_time),
        "lost_time": v2_time(deal.lost_time),
        "expected_close_date": v2_date(deal.expected_close_date),
        "label_ids": list(deal.label_ids),
        "origin": deal.origin,
        "origin_id": None,
        "channel": None,
        "channel_id": None,
        "source_lead_id": None,
        "arr": None,
        "mrr": None,
        "acv": None,
        "custom_fields": dict(deal.custom_fields),
    }


def activity_v2(activity: Activity) -> dict:
    return {
        "id": activity.id,
        "subject": activity.subject,
        "type": activity.type,
        "owner_id": activity.owner_id,
        "creator_user_id": activity.creator_id,
        "is_deleted": activity.is_deleted,
        "add_time": v2_time(activity.add_time),
        "update_time": v2_time(activity.update_time),
        "deal_id": activity.deal_id,
        "lead_id": None,
        "person_id": activity.person_id,
        "org_id": activity.org_id,
        "project_id": None,
        "due_date": v2_date(activity.due_date),
        "due_time": activity.due_time or None,
        "duration": activity.duration or None,
        "busy": activity.busy,
        "done": activity.done,
        "marked_as_done_time": v2_time(activity.marked_as_done_time),
        "location": None,
        "participants": [dict(item) for item in activity.participants],
        "attendees": [],
        "conference_meeting_client": None,
        "conference_meeting_url": None,
        "conference_meeting_id": None,
        "public_description": activity.public_description or None,
        "priority": activity.priority,
        "note": activity.note or None,
    }


def pipeline_v2(pipeline: Pipeline) -> dict:
    return {
        "id": pipeline.id,
        "name": pipeline.name,
        "order_nr": pipeline.order_nr,
        "is_deleted": pipeline.is_deleted,
        "is_deal_probability_enabled": pipeline.is_deal_probability_enabled,
        "add_time": v2_time(pipeline.add_time),
        "update_time": v2_time(pipeline.update_time),
    }


def stage_v2(stage: Stage) -> dict:
    return {
        "id": stage.id,
        "order_nr": stage.order_nr,
        "name": stage.name,
        "is_deleted": stage.is_deleted,
        "deal_probability": stage.deal_probability,
        "pipeline_id": stage.pipeline_id,
        "is_deal_rot_enabled": stage.is_deal_rot_enabled,
        "days_to_rotten": stage.days_to_rotten,
        "add_time": v2_time(stage.add_time),
        "update_time": v2_time(stage.update_time),
    }


def person_field_v2(field: PersonField) -> dict:
    return {
        "field_name": field.name,
        "field_code": field.key,
        "field_type": field.field_type,
        "options": [dict(option) for option in field.options] if field.options else None,
        "subfields": None,
        "is_custom_field": field.is_custom,
        "is_optional_response_field": False,
        "ui_visibility": {
            "add_visible_flag": True,
            "details_visible_flag": True,
            "show_in_add_deal_dialog": {"show": False, "order": None},
        },
        "important_fields": {"enabled": False, "stage_ids": []},
        "required_fields": {"enabled": field.mandatory},
    }


# v2.0 webhook payloads wrap every custom field value with its type.
def wrap_custom_value(field_type: str, value):
    if value is None:
        return None
    if field_type == "monetary" and isinstance(value, dict):
        return {"type": "monetary", "value": value.get("value"), "currency": value.get("currency")}
    if field_type == "enum":
        return {"type": "enum", "id": value}
    if field_type == "set":
        return {"type": "set", "values": [{"id": option_id} for option_id in value]}
    if field_type in ("user", "org", "people"):
        return {"type": field_type, "id": value}
    if field_type in ("daterange", "timerange") and isinstance(value, dict):
        return {"type": field_type, "from": value.get("value"), "until": value.get("until")}
    if field_type == "address" and isinstance(value, dict):
        return {"type": "address", **value}
    if isinstance(value, dict):
        return {"type": field_type, **value}
    return {"type": field_type, "value": value}


def wrap_custom_fields(values: dict, field_types: dict[str, str]) -> dict:
    return {
        key: wrap_custom_value(field_types.get(key, "varchar"), value)
        for key, value in values.items()
    }
