"""Entities in the shapes of Pipedrive API v1 (users, activity types, fields, notes, webhooks).

Where the v1 spec declares `format: date-time` (fields, activity types, webhooks) the time is
RFC 3339; elsewhere v1's "YYYY-MM-DD HH:MM:SS"."""

from django.utils import timezone

from .models import ActivityType, Note, PersonField, User, Webhook
from .serializers import v1_time, v2_time


def user_v1(user: User, *, me: User | None = None) -> dict:
    return {
        "id": user.id,
        "name": user.name,
        "default_currency": user.default_currency,
        "locale": "en_US",
        "lang": 1,
        "email": user.email,
        "phone": None,
        "activated": True,
        "last_login": v1_time(user.last_login or user.created_at),
        "created": v1_time(user.created_at),
        "modified": v1_time(user.created_at),
        "has_created_company": user.is_admin,
        "access": [
            {"app": "sales", "admin": user.is_admin, "permission_set_id": f"ps-{user.company_id}"}
        ],
        "active_flag": user.active,
        "timezone_name": user.timezone_name,
        "timezone_offset": "+00:00",
        "role_id": 1,
        "icon_url": None,
        "is_you": me is not None and me.id == user.id,
        "is_deleted": False,
    }


def me_v1(user: User) -> dict:
    company = user.company
    return {
        **user_v1(user, me=user),
        "company_id": company.id,
        "company_name": company.name,
        "company_domain": company.domain,
        "company_country": company.country,
        "company_industry": "Software",
        "language": {"language_code": "en", "country_code": "US"},
    }


def activity_type_v1(activity_type: ActivityType) -> dict:
    return {
        "id": activity_type.id,
        "name": activity_type.name,
        "icon_key": activity_type.icon_key,
        "color": activity_type.color,
        "order_nr": activity_type.order_nr,
        "key_string": activity_type.key_string,
        "active_flag": activity_type.active,
        "is_custom_flag": activity_type.is_custom,
        "add_time": v2_time(activity_type.add_time),
        "update_time": v2_time(activity_type.update_time),
    }


def person_field_v1(field: PersonField) -> dict:
    return {
        "id": field.id,
        "key": field.key,
        "name": field.name,
        "order_nr": field.order_nr,
        "field_type": field.field_type,
        "add_time": v2_time(field.add_time),
        "update_time": v2_time(field.update_time),
        "last_updated_by_user_id": field.created_by_id,
        "created_by_user_id": field.created_by_id,
        "active_flag": field.active,
        "edit_flag": field.is_custom,
        "index_visible_flag": True,
        "details_visible_flag": True,
        "add_visible_flag": True,
        "important_flag": False,
        "bulk_edit_allowed": True,
        "searchable_flag": field.field_type in ("varchar", "text", "phone", "varchar_auto"),
        "filtering_allowed": True,
        "sortable_flag": True,
        "mandatory_flag": field.mandatory,
        "options": [dict(option) for option in field.options] if field.options else None,
        "options_deleted": [],
        "is_subfield": False,
        "subfields": [],
    }


def note_v1(note: Note, *, me: User) -> dict:
    author = note.user
    return {
        "id": note.id,
        "active_flag": note.active,
        "add_time": v1_time(note.add_time),
        "update_time": v1_time(note.update_time),
        "content": note.content,
        "deal_id": note.deal_id,
        "person_id": note.person_id,
        "org_id": note.org_id,
        "lead_id": None,
        "project_id": None,
        "task_id": None,
        "user_id": note.user_id,
        "last_update_user_id": note.user_id,
        "pinned_to_deal_flag": note.pinned_to_deal,
        "pinned_to_person_flag": note.pinned_to_person,
        "pinned_to_organization_flag": note.pinned_to_organization,
        "pinned_to_project_flag": False,
        "pinned_to_task_flag": False,
        "deal": {"title": note.deal.title} if note.deal else None,
        "person": {"name": note.person.name} if note.person else None,
        "organization": {"name": note.org.name} if note.org else None,
        "project": None,
        "task": None,
        "user": {
            "email": author.email if author else None,
            "icon_url": None,
            "is_you": author is not None and author.id == me.id,
            "name": author.name if author else None,
        },
    }


def webhook_v1(webhook: Webhook) -> dict:
    return {
        "id": webhook.id,
        "company_id": webhook.company_id,
        "owner_id": webhook.user_id,
        "user_id": webhook.user_id,
        "event_action": webhook.event_action,
        "event_object": webhook.event_object,
        "subscription_url": webhook.subscription_url,
        "version": webhook.version,
        "is_active": 1 if webhook.is_active and not webhook.is_banned(timezone.now()) else 0,
        "add_time": v2_time(webhook.add_time),
        "remove_time": None,
        "type": webhook.type,
        "http_auth_user": webhook.http_auth_user,
        "http_auth_password": webhook.http_auth_password,
        "remove_reason": None,
        "last_delivery_time": v2_time(webhook.last_delivery_time),
        "last_http_status": webhook.last_http_status,
        "admin_id": webhook.user_id,
        "name": webhook.name,
    }
