"""The Pipedrive API client: v2 for persons, organizations, deals, activities, pipelines and
stages (contacts.py, sales.py); v1 for users, activity types, person fields, notes and webhooks
(here: no v2 yet). Transport, errors and paging live in transport.py."""

from integrations.clients.pipedrive import models as m
from integrations.clients.pipedrive.bodies import query
from integrations.clients.pipedrive.contacts import ContactsApi
from integrations.clients.pipedrive.sales import SalesApi
from integrations.clients.pipedrive.transport import PAGE_LIMIT, V1

__all__ = ["PAGE_LIMIT", "PipedriveClient"]


class PipedriveClient(ContactsApi, SalesApi):
    # -- users (v1) --------------------------------------------------------------------------

    def get_current_user(self) -> m.User:
        """The user the token belongs to, with the company's id, name and domain."""
        # Reference: https://developers.pipedrive.com/docs/api/v1/Users#getCurrentUser
        return self._data("GET", f"{V1}/users/me", m.parse_user, cost=2)

    def list_users(self) -> list[m.User]:
        """All users of the company (no paging)."""
        # Reference: https://developers.pipedrive.com/docs/api/v1/Users#getUsers
        body = self._call("GET", f"{V1}/users", cost=20)
        return [m.parse_user(item) for item in body.get("data") or []]

    # -- activity types, person fields, notes (v1) -------------------------------------------

    def list_activity_types(self) -> list[m.ActivityType]:
        """All activity types, including inactive ones (no paging)."""
        # Reference: https://developers.pipedrive.com/docs/api/v1/ActivityTypes#getActivityTypes
        body = self._call("GET", f"{V1}/activityTypes", cost=20)
        return [m.parse_activity_type(item) for item in body.get("data") or []]

    def list_person_fields(self) -> list[m.PersonField]:
        """All person fields, system and custom (v1 offset paging)."""
        # Reference: https://developers.pipedrive.com/docs/api/v1/PersonFields#getPersonFields
        fields: list[m.PersonField] = []
        start: int | None = 0
        while True:
            params = {"start": start, "limit": PAGE_LIMIT}
            body = self._call("GET", f"{V1}/personFields", cost=20, params=params)
            fields += [m.parse_person_field(item) for item in body.get("data") or []]
            start = m.next_start(body.get("additional_data") or {})
            if start is None:
                return fields

    def create_person_field(
        self, *, name: str, field_type: str, options: list[str] | None = None
    ) -> m.PersonField:
        """Create a custom person field; `options` are the labels of an enum or set field."""
        # Reference: https://developers.pipedrive.com/docs/api/v1/PersonFields#addPersonField
        body: dict[str, object] = {"name": name, "field_type": field_type}
        if options:
            body["options"] = [{"label": label} for label in options]
        path = f"{V1}/personFields"
        return self._data("POST", path, m.parse_person_field, cost=10, json=body)

    def create_note(self, *, content: str, person_id=None, deal_id=None) -> m.Note:
        """Add a note (HTML) to a person and/or a deal."""
        # Reference: https://developers.pipedrive.com/docs/api/v1/Notes#addNote
        body = query(content=content, person_id=person_id, deal_id=deal_id)
        return self._data("POST", f"{V1}/notes", m.parse_note, cost=10, json=body)

    # -- webhooks (v1) -----------------------------------------------------------------------

    def list_webhooks(self) -> list[m.Webhook]:
        """The webhooks this app registered."""
        # Reference: https://developers.pipedrive.com/docs/api/v1/Webhooks#getWebhooks
        body = self._call("GET", f"{V1}/webhooks", cost=10)
        return [m.parse_webhook(item) for item in body.get("data") or []]

    def create_webhook(
        self,
        *,
        subscription_url: str,
        event_action: str,
        event_object: str,
        http_auth_user: str,
        http_auth_password: str,
        name: str,
        version: str = "2.0",
    ) -> m.Webhook:
        """Subscribe `subscription_url` to events, delivered with HTTP Basic auth."""
        # Reference: https://developers.pipedrive.com/docs/api/v1/Webhooks#addWebhook
        body = {
            "subscription_url": subscription_url,
            "event_action": event_action,
            "event_object": event_object,
            "http_auth_user": http_auth_user,
            "http_auth_password": http_auth_password,
            "name": name,
            "version": version,
        }
        return self._data("POST", f"{V1}/webhooks", m.parse_webhook, cost=10, json=body)

    def delete_webhook(self, webhook_id: int) -> None:
        """Remove a webhook this app registered."""
        # Reference: https://developers.pipedrive.com/docs/api/v1/Webhooks#deleteWebhook
        self._call("DELETE", f"{V1}/webhooks/{webhook_id}", cost=6)
