"""Snov.io REST API client (https://snov.io/api): prospects, lists, campaigns, webhooks.

Snov.io answers in several shapes (bare arrays, `{success, data}`, PHP DateTime objects,
doubly nested webhook items); everything is parsed here into small dataclasses.
"""

import dataclasses
import datetime as dt
import hashlib
import time
from collections.abc import Callable, Iterator
from decimal import Decimal, InvalidOperation
from typing import Protocol

import requests
from django.conf import settings
from django.utils import timezone

from integrations.clients.errors import ApiError, AuthError, TransientError, ValidationFailed
from integrations.clients.http import TRANSIENT_RETRIES, HttpClient, extract_error_text
from integrations.clients.limiter import SlidingWindowLimiter

TOKEN_RENEWAL_MARGIN = dt.timedelta(seconds=60)
MAX_PER_PAGE = 5000


@dataclasses.dataclass(frozen=True)
class Balance:
    balance: Decimal
    teamwork: bool = False
    unique_recipients_used: int = 0
    limit_resets_in: int | None = None
    expires_in: int | None = None


@dataclasses.dataclass(frozen=True)
class ProspectList:
    id: int
    name: str
    contacts: int = 0
    is_deleted: bool = False
    created_at: dt.datetime | None = None


@dataclasses.dataclass(frozen=True)
class Prospect:
    id: str
    email: str = ""
    first_name: str = ""
    last_name: str = ""
    name: str = ""
    position: str = ""
    company_name: str = ""
    phones: list[str] = dataclasses.field(default_factory=list)
    custom_fields: dict[str, str] = dataclasses.field(default_factory=dict)
    list_ids: list[int] = dataclasses.field(default_factory=list)
    email_status: str = ""  # valid | not_valid | unknown | unverified | "" (not reported)
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None
    country: str = ""
    locality: str = ""
    social_links: dict[str, str] = dataclasses.field(default_factory=dict)


@dataclasses.dataclass(frozen=True)
class CustomField:
    key: str  # e.g. "customFields['Industry']"
    label: str  # the field's name, used as the key of Prospect.custom_fields
    type: str  # string | number | date
    required: bool = False


@dataclasses.dataclass(frozen=True)
class Campaign:
    id: int
    name: str
    list_id: int | None
    status: str
    created_at: dt.datetime | None = None
    started_at: dt.datetime | None = None


@dataclasses.dataclass(frozen=True)
class Webhook:
    id: int
    end_point: str
    event_object: str
    event_action: str
    status: str
    created_at: dt.datetime | None = None


class TokenStore(Protocol):
    def load(self) -> tuple[str, dt.datetime] | None: ...

    def save(self, token: str, expires_at: dt.datetime) -> None: ...


class InMemoryTokenStore:
    def __init__(self):
        self._token: tuple[str, dt.datetime] | None = None

    def load(self) -> tuple[str, dt.datetime] | None:
        return self._token

    def save(self, token: str, expires_at: dt.datetime) -> None:
        self._token = (token, expires_at)


def snovio_limiter_key(client_id: str) -> str:
    """The rate-budget key of a Snov.io account (a hash: ids are credentials)."""
    return "snovio:" + hashlib.sha256(client_id.encode()).hexdigest()[:24]


def make_limiter(client_id: str, **kwargs) -> SlidingWindowLimiter:
    """Snov.io allows 60 requests per minute per account."""
    limit = settings.SNOVIO_REQUESTS_PER_MINUTE
    return SlidingWindowLimiter(snovio_limiter_key(client_id), limit=limit, window=60, **kwargs)


class SnovioClient(HttpClient):
    app = "Snov.io"

    def __init__(
        self,
        *,
        client_id: str,
        client_secret: str,
        base_url: str | None = None,
        token_store: TokenStore | None = None,
        limiter=None,
        session: requests.Session | None = None,
        sleep: Callable[[float], None] = time.sleep,
        now: Callable[[], dt.datetime] = timezone.now,
    ):
        super().__init__(limiter=limiter, session=session, sleep=sleep)
        self.client_id, self.client_secret = client_id, client_secret
        self.base_url = (base_url or settings.SNOVIO_API_URL).rstrip("/")
        self.token_store = token_store or InMemoryTokenStore()
        self.now = now

    # -- authentication ---------------------------------------------------------------------

    def get_access_token(self) -> str:
        """A valid access token: the cached one unless it expires within a minute."""
        # Reference: https://snov.io/api#Authentification
        cached = self.token_store.load()
        if cached and cached[1] - self.now() > TOKEN_RENEWAL_MARGIN:
            return cached[0]
        return self._fetch_token()

    def _fetch_token(self) -> str:
        data = {
            "grant_type": "client_credentials",
            "client_id": self.client_id,
            "client_secret": self.client_secret,
        }
        try:
            response = self.request("POST", self._url("/v1/oauth/access_token"), data=data)
        except (AuthError, ValidationFailed) as exc:
            raise AuthError(exc.message, status=exc.status, app=self.app) from exc
        body = _json(response)
        token = body.get("access_token") if isinstance(body, dict) else None
        if not token:
            raise AuthError(extract_error_text(body) or "no access token", app=self.app)
        lifetime = _int(body.get("expires_in")) or 3600
        self.token_store.save(token, self.now() + dt.timedelta(seconds=lifetime))
        return token

    # -- plumbing ---------------------------------------------------------------------------

    def _url(self, path: str) -> str:
        return self.base_url + path

    def _call(self, method: str, path: str, *, json=None, params=None, read: bool = False):
        """Send an authenticated call; renew the token once on a 401; check `success`."""
        try:
            response = self._send(method, path, json=json, params=params, read=read)
        except AuthError:
            self._fetch_token()
            response = self._send(method, path, json=json, params=params, read=read)
        body = _json(response)
        if isinstance(body, dict) and body.get("success") is False:
            message = extract_error_text(body) or "Snov.io refused the request"
            raise ValidationFailed(message, status=response.status_code, app=self.app)
        return body

    def _send(self, method: str, path: str, *, read: bool, **kwargs) -> requests.Response:
        """One request; reads sent as POST (Snov.io's style) are retried like GETs."""
        headers = {"Authorization": f"Bearer {self.get_access_token()}"}
        retries_left = TRANSIENT_RETRIES if read and method != "GET" else 0
        while True:
            try:
                return self.request(method, self._url(path), headers=headers, **kwargs)
            except TransientError:
                if retries_left == 0:
                    raise
                retries_left -= 1
                self.sleep(2 ** (TRANSIENT_RETRIES - retries_left))

    # -- account and lists ------------------------------------------------------------------

    def get_balance(self) -> Balance:
        """The account's credit balance (also the cheapest credentials check)."""
        # Reference: https://snov.io/api#CheckUserBalance
        data = _dict(self._call("GET", "/v1/get-balance").get("data"))
        return Balance(
            balance=_decimal(data.get("balance")),
            teamwork=bool(data.get("teamwork")),
            unique_recipients_used=_int(data.get("unique_recipients_used")) or 0,
            limit_resets_in=_int(data.get("limit_resets_in")),
            expires_in=_int(data.get("expires_in")),
        )

    def get_user_lists(self) -> list[ProspectList]:
        """Every prospect list of the user, deleted ones included (is_deleted)."""
        # Reference: https://snov.io/api#SeeUserLists
        return [parse_list(item) for item in _items(self._call("GET", "/v1/get-user-lists"))]

    def create_list(self, name: str) -> int:
        """Create a prospect list; returns its id."""
        # Reference: https://snov.io/api#CreateNewProspectList
        body = self._call("POST", "/v1/lists", json={"name": name})
        first = body[0] if isinstance(body, list) and body else body
        list_id = _int(_dict(_dict(first).get("data")).get("id"))
        if list_id is None:
            raise ApiError("Snov.io did not return the new list's id", app=self.app)
        return list_id

    def get_prospect_list(
        self, list_id: int, *, page: int = 1, per_page: int = MAX_PER_PAGE
    ) -> tuple[ProspectList, list[Prospect]]:
        """One page (1-based) of a list's prospects, with the list's name and size."""
        # Reference: https://snov.io/api#ViewProspectsinList
        payload = {"listId": list_id, "page": page, "perPage": min(per_page, MAX_PER_PAGE)}
        body = _dict(self._call("POST", "/v1/prospect-list", json=payload, read=True))
        summary = parse_list({"id": list_id, **_dict(body.get("list"))})
        prospects = [parse_prospect(item) for item in _items(body.get("prospects"))]
        prospects = [_with_list(p, list_id) for p in prospects]
        return summary, prospects

    def iter_list_prospects(
        self, list_id: int, *, per_page: int = MAX_PER_PAGE
    ) -> Iterator[Prospect]:
        """Every prospect of a list, page by page until a short page."""
        page = 1
        while True:
            _, prospects = self.get_prospect_list(list_id, page=page, per_page=per_page)
            yield from prospects
            if len(prospects) < min(per_page, MAX_PER_PAGE):
                return
            page += 1

    # -- prospects --------------------------------------------------------------------------

    def add_prospect_to_list(
        self,
        list_id: int,
        *,
        email: str = "",
        first_name: str = "",
        last_name: str = "",
        full_name: str = "",
        position: str = "",
        company_name: str = "",
        phones: list[str] | None = None,
        custom_fields: dict[str, str] | None = None,
        update_contact: bool = True,
    ) -> str:
        """Add a prospect to a list, or update the one with this email; returns its id."""
        # Reference: https://snov.io/api#AddProspectToList
        payload = {
            "listId": list_id,
            "email": email,
            "firstName": first_name,
            "lastName": last_name,
            "fullName": full_name,
            "position": position,
            "companyName": company_name,
            "phones": list(phones or []),
            "customFields": dict(custom_fields or {}),
            "updateContact": update_contact,
        }
        body = _dict(self._call("POST", "/v1/add-prospect-to-list", json=payload))
        if not body.get("id"):
            raise ApiError("Snov.io did not return the prospect's id", app=self.app)
        return str(body["id"])

    def get_prospect_by_id(self, prospect_id: str) -> Prospect:
        """One prospect by its Snov.io id (NotFound if it does not exist)."""
        # Reference: https://snov.io/api#FindProspectbyID
        body = _dict(
            self._call("POST", "/v1/get-prospect-by-id", json={"id": prospect_id}, read=True)
        )
        return parse_prospect(_dict(body.get("data")))

    def get_prospects_by_email(self, email: str) -> list[Prospect]:
        """Every prospect with this email (Snov.io allows duplicates)."""
        # Reference: https://snov.io/api#FindProspectbyEmail
        body = _dict(
            self._call("POST", "/v1/get-prospects-by-email", json={"email": email}, read=True)
        )
        return [parse_prospect(item) for item in _items(body.get("data"))]

    def get_prospect_custom_fields(self) -> list[CustomField]:
        """The user's prospect custom fields, with their data types."""
        # Reference: https://snov.io/api#FindProspectsCustomFields
        body = self._call("GET", "/v1/prospect-custom-fields")
        return [parse_custom_field(item) for item in _items(body)]

    def get_user_campaigns(self) -> list[Campaign]:
        """Every campaign of the user."""
        # Reference: https://snov.io/api#UserCampaigns
        return [
            parse_campaign(item) for item in _items(self._call("GET", "/v1/get-user-campaigns"))
        ]

    # -- webhooks ---------------------------------------------------------------------------

    def list_webhooks(self) -> list[Webhook]:
        """The account's webhook subscriptions."""
        # Reference: https://snov.io/api#webhooks
        body = _dict(self._call("GET", "/v2/webhooks"))
        return [parse_webhook(item) for item in _items(body.get("data"))]

    def create_webhook(
        self, *, event_object: str, event_action: str, endpoint_url: str
    ) -> Webhook:
        """Subscribe `endpoint_url` to one event (at most 50 subscriptions per account)."""
        # Reference: https://snov.io/api#webhooks
        payload = {
            "event_object": event_object,
            "event_action": event_action,
            "endpoint_url": endpoint_url,
        }
        return parse_webhook(_dict(self._call("POST", "/v2/webhooks", json=payload)).get("data"))

    def update_webhook(self, webhook_id: int, *, status: str) -> Webhook:
        """Switch a subscription between active and deactivated."""
        # Reference: https://snov.io/api#webhooks
        body = self._call("PUT", f"/v2/webhooks/{webhook_id}", json={"status": status})
        return parse_webhook(_dict(body).get("data"))

    def delete_webhook(self, webhook_id: int) -> None:
        """Remove a subscription."""
        # Reference: https://snov.io/api#webhooks
        self._call("DELETE", f"/v2/webhooks/{webhook_id}")


# -- parsing (pure) --------------------------------------------------------------------------


def _json(response: requests.Response):
    try:
        return response.json()
    except ValueError:
        return {}


def _dict(value) -> dict:
    return value if isinstance(value, dict) else {}


def _items(value) -> list:
    return value if isinstance(value, list) else []


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _decimal(value) -> Decimal:
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return Decimal(0)


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def parse_datetime(value) -> dt.datetime | None:
    """PHP DateTime objects ({"date": "2020-04-07 08:25:44.000000", ...}), unix seconds or
    ISO strings, as UTC."""
    if isinstance(value, dict):
        value = value.get("date")
    if isinstance(value, int | float) and not isinstance(value, bool):
        return dt.datetime.fromtimestamp(value, tz=dt.UTC)
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def parse_list(item) -> ProspectList:
    item = _dict(item)
    return ProspectList(
        id=_int(item.get("id")) or 0,
        name=_text(item.get("name")),
        contacts=_int(item.get("contacts")) or 0,
        is_deleted=bool(item.get("isDeleted")),
        created_at=parse_datetime(item.get("creationDate")),
    )


def _email_status(email: dict) -> str:
    if email.get("status"):
        return _text(email["status"])
    if email.get("isVerified") is True:
        return "valid"
    if email.get("isVerified") is False:
        return "not_valid"
    return ""


def _current_job(item: dict) -> dict:
    jobs = _items(item.get("currentJob") or item.get("currentJobs"))
    return _dict(jobs[0]) if jobs else {}


def parse_prospect(item) -> Prospect:
    item = _dict(item)
    emails = [_dict(e) for e in _items(item.get("emails"))]
    first_email = emails[0] if emails else {}
    job = _current_job(item)
    social = {
        _text(s.get("type")): _text(s.get("link")) for s in map(_dict, _items(item.get("social")))
    }
    return Prospect(
        id=_text(item.get("id")),
        email=_text(first_email.get("email") or item.get("email")),
        first_name=_text(item.get("firstName")),
        last_name=_text(item.get("lastName")),
        name=_text(item.get("name")),
        position=_text(item.get("position") or job.get("position")),
        company_name=_text(item.get("companyName") or job.get("companyName")),
        phones=[_text(p) for p in _items(item.get("phones")) if _text(p)],
        custom_fields={str(k): _text(v) for k, v in _dict(item.get("customFields")).items()},
        list_ids=[i for i in (_int(_dict(x).get("id")) for x in _items(item.get("lists"))) if i],
        email_status=_email_status(first_email),
        created_at=parse_datetime(item.get("creationDate")),
        updated_at=parse_datetime(item.get("lastUpdateDate")),
        country=_text(item.get("country")),
        locality=_text(item.get("locality")),
        social_links={k: v for k, v in social.items() if k and v},
    )


def _with_list(prospect: Prospect, list_id: int) -> Prospect:
    if list_id in prospect.list_ids:
        return prospect
    return dataclasses.replace(prospect, list_ids=[*prospect.list_ids, list_id])


def parse_custom_field(item) -> CustomField:
    item = _dict(item)
    return CustomField(
        key=_text(item.get("key")),
        label=_text(item.get("label")),
        type=_text(item.get("type")) or "string",
        required=bool(item.get("required")),
    )


def parse_campaign(item) -> Campaign:
    item = _dict(item)
    return Campaign(
        id=_int(item.get("id")) or 0,
        name=_text(item.get("campaign") or item.get("name")),
        list_id=_int(item.get("list_id")),
        status=_text(item.get("status")),
        created_at=parse_datetime(item.get("created_at")),
        started_at=parse_datetime(item.get("started_at")),
    )


def parse_webhook(item) -> Webhook:
    """Accepts a webhook or GET /v2/webhooks's `{"data": webhook}` wrapper."""
    item = _dict(item)
    if "data" in item and "id" not in item:
        item = _dict(item["data"])
    return Webhook(
        id=_int(item.get("id")) or 0,
        end_point=_text(item.get("end_point") or item.get("endpoint_url")),
        event_object=_text(item.get("event_object")),
        event_action=_text(item.get("event_action")),
        status=_text(item.get("status")),
        created_at=parse_datetime(item.get("created_at")),
    )
