"""The Pipedrive API client: v2 for persons, organizations, deals, activities, pipelines and
stages; v1 for users, activity types, person fields, notes and webhooks (no v2 yet).

Each method passes the operation's `x-token-cost` from the official OpenAPI files, so the
limiter can keep the company's daily token budget.
"""

import time
from collections.abc import Callable, Iterator

import requests
from django.utils import timezone

from integrations.clients.errors import AuthError, RateLimited
from integrations.clients.http import HttpClient
from integrations.clients.limiter import next_utc_midnight
from integrations.clients.pipedrive import models as m
from integrations.clients.pipedrive.bodies import (
    activity_body,
    deal_body,
    person_body,
    query,
)

V1 = "/api/v1"
V2 = "/api/v2"
PAGE_LIMIT = 500


class PipedriveClient(HttpClient):
    app = "Pipedrive"

    def __init__(
        self,
        *,
        api_domain: str,
        auth,
        limiter=None,
        session: requests.Session | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ):
        super().__init__(limiter=limiter, session=session, sleep=sleep)
        self.api_domain = api_domain.rstrip("/")
        self.auth = auth

    # -- transport ---------------------------------------------------------------------------

    def _call(self, method: str, path: str, *, cost: int, **kwargs) -> dict:
        """One API call; after a 401 the auth may refresh once, then the call is repeated."""
        url = f"{self.api_domain}{path}"
        try:
            response = self._send(method, url, cost, kwargs)
        except AuthError:
            if not self.auth.refresh():
                raise
            response = self._send(method, url, cost, kwargs)
        if not response.content:
            return {}
        body = response.json()
        return body if isinstance(body, dict) else {}

    def _send(self, method: str, url: str, cost: int, kwargs: dict) -> requests.Response:
        headers = {"Accept": "application/json", **self.auth.headers()}
        return self.request(method, url, cost=cost, headers=headers, **kwargs)

    def _page(self, path: str, parse, *, cost: int, params: dict) -> m.Page:
        body = self._call("GET", path, cost=cost, params=query(**params))
        data = body.get("data") or []
        if isinstance(data, dict):  # search results wrap their list in `items`
            data = data.get("items") or []
        items = [parse(item) for item in data]
        return m.Page(items, (body.get("additional_data") or {}).get("next_cursor") or None)

    def _follow(self, path: str, parse, *, cost: int, **params) -> Iterator:
        """Every item of a v2 cursor-paginated list."""
        cursor = None
        while True:
            page = self._page(path, parse, cost=cost, params={**params, "cursor": cursor})
            yield from page.items
            if not page.next_cursor:
                return
            cursor = page.next_cursor

    def _data(self, method: str, path: str, parse, *, cost: int, **kwargs):
        return parse(self._call(method, path, cost=cost, **kwargs)["data"])

    # -- hooks for Pipedrive's error bodies --------------------------------------------------

    def error_message(self, response: requests.Response) -> str:
        if "html" in response.headers.get("Content-Type", ""):
            return f"{response.status_code} {response.reason}: an HTML page instead of the API"
        message = super().error_message(response)
        code = _body_field(response, "code")
        if isinstance(code, str) and code and code not in message:
            return f"{message} ({code})"
        return message

    def rate_limit_error(self, response: requests.Response) -> RateLimited:
        """A spent daily budget stops work until the reset; a burst only needs a short wait."""
        headers = response.headers
        message = self.error_message(response)
        daily_left = _number(headers.get("x-daily-ratelimit-token-remaining"), None)
        daily = "daily" in message.lower() or daily_left == 0
        if daily:
            fallback = _seconds_to_utc_midnight()
        else:
            fallback = _number(headers.get("x-ratelimit-reset"), 2.0)
        retry_after = _number(headers.get("Retry-After"), fallback)
        return RateLimited(message, retry_after=retry_after, daily=daily, status=429, app=self.app)

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

    # -- persons (v2) ------------------------------------------------------------------------

    def list_persons(
        self, *, cursor=None, limit=PAGE_LIMIT, updated_since=None, ids=None
    ) -> m.Page[m.Person]:
        """One page of persons, optionally only those changed since a moment or with given ids."""
        # Reference: https://developers.pipedrive.com/docs/api/v1/Persons#getPersons
        params = {"cursor": cursor, "limit": limit, "ids": ids}
        if updated_since is not None:
            params["updated_since"] = m.format_time(updated_since)
        return self._page(f"{V2}/persons", m.parse_person, cost=10, params=params)

    def iter_persons(self, **filters) -> Iterator[m.Person]:
        """Every person matching the `list_persons` filters, page after page."""
        return _all_pages(self.list_persons, **filters)

    def get_person(self, person_id: int) -> m.Person:
        """One person by id."""
        # Reference: https://developers.pipedrive.com/docs/api/v1/Persons#getPerson
        return self._data("GET", f"{V2}/persons/{person_id}", m.parse_person, cost=1)

    def create_person(self, **fields) -> m.Person:
        """Create a person from plain values (emails/phones as lists of strings, primary first)."""
        # Reference: https://developers.pipedrive.com/docs/api/v1/Persons#addPerson
        body = person_body(fields, creating=True)
        return self._data("POST", f"{V2}/persons", m.parse_person, cost=5, json=body)

    def update_person(self, person_id: int, **fields) -> m.Person:
        """Change the given fields; emails/phones given replace the whole list."""
        # Reference: https://developers.pipedrive.com/docs/api/v1/Persons#updatePerson
        body = person_body(fields)
        path = f"{V2}/persons/{person_id}"
        return self._data("PATCH", path, m.parse_person, cost=5, json=body)

    def search_persons(self, term: str, *, fields="email", exact_match=True) -> list[int]:
        """Ids of the persons whose `fields` match `term` (by default: exactly this email)."""
        # Reference: https://developers.pipedrive.com/docs/api/v1/Persons#searchPersons
        found = self._follow(
            f"{V2}/persons/search",
            m.search_item,
            cost=20,
            term=term,
            fields=fields,
            exact_match=exact_match,
        )
        return [item["id"] for item in found]

    # -- organizations (v2) ------------------------------------------------------------------

    def list_organizations(self, *, cursor=None, limit=PAGE_LIMIT) -> m.Page[m.Organization]:
        """One page of organizations (a transfer reads them all to know each person's name)."""
        # Reference: https://developers.pipedrive.com/docs/api/v1/Organizations#getOrganizations
        params = {"cursor": cursor, "limit": limit}
        return self._page(f"{V2}/organizations", m.parse_organization, cost=10, params=params)

    def get_organization(self, org_id: int) -> m.Organization:
        """One organization by id."""
        # Reference: https://developers.pipedrive.com/docs/api/v1/Organizations#getOrganization
        return self._data("GET", f"{V2}/organizations/{org_id}", m.parse_organization, cost=1)

    def iter_organizations(self) -> Iterator[m.Organization]:
        """Every organization, page after page."""
        return _all_pages(self.list_organizations)

    def search_organizations(self, term: str, *, exact_match=True) -> list[m.Organization]:
        """Organizations whose name matches `term`."""
        # Reference: https://developers.pipedrive.com/docs/api/v1/Organizations#searchOrganization
        found = self._follow(
            f"{V2}/organizations/search",
            m.search_item,
            cost=20,
            term=term,
            fields="name",
            exact_match=exact_match,
        )
        return [m.parse_organization(item) for item in found]

    def create_organization(self, *, name: str, owner_id: int | None = None) -> m.Organization:
        """Create an organization."""
        # Reference: https://developers.pipedrive.com/docs/api/v1/Organizations#addOrganization
        body = query(name=name, owner_id=owner_id)
        return self._data("POST", f"{V2}/organizations", m.parse_organization, cost=5, json=body)

    # -- deals (v2) --------------------------------------------------------------------------

    def list_deals(self, *, person_id=None, status=None, cursor=None) -> m.Page[m.Deal]:
        """One page of deals, optionally of one person and/or in one status (open, won, lost)."""
        # Reference: https://developers.pipedrive.com/docs/api/v1/Deals#getDeals
        params = {"person_id": person_id, "status": status, "cursor": cursor, "limit": PAGE_LIMIT}
        return self._page(f"{V2}/deals", m.parse_deal, cost=10, params=params)

    def iter_deals(self, **filters) -> Iterator[m.Deal]:
        """Every deal matching the `list_deals` filters, page after page."""
        return _all_pages(self.list_deals, **filters)

    def get_deal(self, deal_id: int) -> m.Deal:
        """One deal by id."""
        # Reference: https://developers.pipedrive.com/docs/api/v1/Deals#getDeal
        return self._data("GET", f"{V2}/deals/{deal_id}", m.parse_deal, cost=1)

    def create_deal(
        self, *, title: str, person_id: int, pipeline_id=None, stage_id=None, owner_id=None
    ) -> m.Deal:
        """Create a deal; with only a pipeline it lands in that pipeline's first stage."""
        # Reference: https://developers.pipedrive.com/docs/api/v1/Deals#addDeal
        body = query(
            title=title,
            person_id=person_id,
            pipeline_id=pipeline_id,
            stage_id=stage_id,
            owner_id=owner_id,
        )
        return self._data("POST", f"{V2}/deals", m.parse_deal, cost=5, json=deal_body(body))

    def update_deal(self, deal_id: int, **fields) -> m.Deal:
        """Change the given fields (e.g. `stage_id` to move the deal)."""
        # Reference: https://developers.pipedrive.com/docs/api/v1/Deals#updateDeal
        path = f"{V2}/deals/{deal_id}"
        return self._data("PATCH", path, m.parse_deal, cost=5, json=deal_body(fields))

    # -- pipelines and stages (v2) -----------------------------------------------------------

    def list_pipelines(self) -> list[m.Pipeline]:
        """All pipelines."""
        # Reference: https://developers.pipedrive.com/docs/api/v1/Pipelines#getPipelines
        return list(self._follow(f"{V2}/pipelines", m.parse_pipeline, cost=5, limit=PAGE_LIMIT))

    def list_stages(self, pipeline_id: int | None = None) -> list[m.Stage]:
        """All stages, or those of one pipeline."""
        # Reference: https://developers.pipedrive.com/docs/api/v1/Stages#getStages
        stages = self._follow(
            f"{V2}/stages", m.parse_stage, cost=5, pipeline_id=pipeline_id, limit=PAGE_LIMIT
        )
        return list(stages)

    # -- activities (v2) ---------------------------------------------------------------------

    def create_activity(
        self,
        *,
        subject: str,
        type: str,
        person_id=None,
        deal_id=None,
        due_date=None,
        due_time=None,
        done=False,
        note=None,
        owner_id=None,
    ) -> m.Activity:
        """Create an activity; the person is linked as the primary participant."""
        # Reference: https://developers.pipedrive.com/docs/api/v1/Activities#addActivity
        fields = query(
            subject=subject,
            type=type,
            person_id=person_id,
            deal_id=deal_id,
            due_date=due_date,
            due_time=due_time,
            note=note,
            owner_id=owner_id,
        )
        body = activity_body({**fields, "done": bool(done)})
        return self._data("POST", f"{V2}/activities", m.parse_activity, cost=5, json=body)

    def update_activity(self, activity_id: int, **fields) -> m.Activity:
        """Change the given fields (e.g. `done=True`, a new `note`)."""
        # Reference: https://developers.pipedrive.com/docs/api/v1/Activities#updateActivity
        path = f"{V2}/activities/{activity_id}"
        body = activity_body(fields)
        return self._data("PATCH", path, m.parse_activity, cost=5, json=body)

    def list_activities(self, *, person_id=None, deal_id=None) -> list[m.Activity]:
        """All activities of a person (as primary participant) and/or a deal."""
        # Reference: https://developers.pipedrive.com/docs/api/v1/Activities#getActivities
        activities = self._follow(
            f"{V2}/activities",
            m.parse_activity,
            cost=10,
            person_id=person_id,
            deal_id=deal_id,
            limit=PAGE_LIMIT,
        )
        return list(activities)

    # -- activity types, person fields, notes (v1) -------------------------------------------

    def list_activity_types(self) -> list[m.ActivityType]:
        """All activity types, including inactive ones (no paging)."""
        # Reference: https://developers.pipedrive.com/docs/api/v1/ActivityTypes#getActivityTypes
        body = self._call("GET", f"{V1}/activityTypes", cost=20)
        return [m.parse_activity_type(item) for item in body.get("data") or []]

    def list_person_fields(self) -> list[m.PersonField]:
        """All person fields, system and custom (v1 offset paging)."""
        # Reference: https://developers.pipedrive.com/docs/api/v1/PersonFields#getPersonFields
        fields, start = [], 0
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
        body = {"name": name, "field_type": field_type}
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


def _all_pages(list_page, **filters) -> Iterator:
    cursor = None
    while True:
        page = list_page(cursor=cursor, **filters)
        yield from page.items
        if not page.next_cursor:
            return
        cursor = page.next_cursor


def _body_field(response: requests.Response, key: str):
    try:
        body = response.json()
    except ValueError:
        return None
    return body.get(key) if isinstance(body, dict) else None


def _seconds_to_utc_midnight() -> float:
    now = timezone.now()
    return (next_utc_midnight(now) - now).total_seconds()


def _number(value, default):
    try:
        return float(value)
    except (TypeError, ValueError):
        return default
