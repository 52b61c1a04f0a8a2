"""Snov.io REST API client (https://snov.io/api): prospects, lists, campaigns, webhooks."""

import datetime as dt
import time
from collections.abc import Callable, Iterator

import requests
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_noop

from integrations.clients.errors import ApiError, AuthError, TransientError, ValidationFailed
from integrations.clients.http import HttpClient, extract_error_text
from integrations.clients.snovio.models import (
    Balance,
    Campaign,
    CustomField,
    InMemoryTokenStore,
    Prospect,
    ProspectList,
    TokenStore,
    Webhook,
)
from integrations.clients.snovio.parsing import (
    as_dict,
    as_int,
    as_items,
    parse_campaign,
    parse_custom_field,
    parse_decimal,
    parse_list,
    parse_prospect,
    parse_webhook,
    quoted,
    with_list,
)

TOKEN_RENEWAL_MARGIN = dt.timedelta(seconds=60)
MAX_PER_PAGE = 5000


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
        body = self._json(response)
        token = body.get("access_token") if isinstance(body, dict) else None
        if not token:
            raise AuthError(extract_error_text(body) or "no access token", app=self.app)
        lifetime = as_int(body.get("expires_in")) or 3600
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
        body = self._json(response)
        if isinstance(body, dict) and body.get("success") is False:
            message = extract_error_text(body) or gettext_noop("Snov.io refused the request")
            raise ValidationFailed(message, status=response.status_code, app=self.app)
        return body

    def _json(self, response: requests.Response):
        """A successful answer's JSON; anything else is an error quoting what came instead
        (a proxy's page, a truncated body): worth trying again, never read as "nothing"."""
        try:
            return response.json()
        except ValueError:
            message = f"answered without JSON: {quoted(response.text)}"
            raise TransientError(message, status=response.status_code, app=self.app) from None

    def error_message(self, response: requests.Response) -> str:
        """Snov.io publishes no error format: a message is read from the shapes seen so far
        (`errors`, `error`, `message`…); any other answer is quoted as it came."""
        try:
            known = extract_error_text(response.json())
        except ValueError:
            known = ""
        return known or f"unexpected answer {quoted(response.text)}"

    def _send(self, method: str, path: str, *, read: bool, **kwargs) -> requests.Response:
        """One request; reads sent as POST (Snov.io's style) are retried like GETs."""
        headers = {"Authorization": f"Bearer {self.get_access_token()}"}
        read = read or method == "GET"
        return self.request(method, self._url(path), headers=headers, read=read, **kwargs)

    # -- account and lists ------------------------------------------------------------------

    def get_balance(self) -> Balance:
        """The account's credit balance (also the cheapest credentials check)."""
        # Reference: https://snov.io/api#CheckUserBalance
        data = as_dict(self._call("GET", "/v1/get-balance").get("data"))
        return Balance(
            balance=parse_decimal(data.get("balance")),
            teamwork=bool(data.get("teamwork")),
            unique_recipients_used=as_int(data.get("unique_recipients_used")) or 0,
            limit_resets_in=as_int(data.get("limit_resets_in")),
            expires_in=as_int(data.get("expires_in")),
        )

    def get_user_lists(self) -> list[ProspectList]:
        """Every prospect list of the user, deleted ones included (is_deleted)."""
        # Reference: https://snov.io/api#SeeUserLists
        return [parse_list(item) for item in as_items(self._call("GET", "/v1/get-user-lists"))]

    def create_list(self, name: str) -> int:
        """Create a prospect list; returns its id."""
        # Reference: https://snov.io/api#CreateNewProspectList
        body = self._call("POST", "/v1/lists", json={"name": name})
        first = body[0] if isinstance(body, list) and body else body
        list_id = as_int(as_dict(as_dict(first).get("data")).get("id"))
        if list_id is None:
            raise ApiError(gettext_noop("Snov.io did not return the new list's id"), app=self.app)
        return list_id

    def get_prospect_list(
        self, list_id: int, *, page: int = 1, per_page: int = MAX_PER_PAGE
    ) -> tuple[ProspectList, list[Prospect]]:
        """One page (1-based) of a list's prospects, with the list's name and size."""
        # Reference: https://snov.io/api#ViewProspectsinList
        payload = {"listId": list_id, "page": page, "perPage": min(per_page, MAX_PER_PAGE)}
        body = as_dict(self._call("POST", "/v1/prospect-list", json=payload, read=True))
        summary = parse_list({"id": list_id, **as_dict(body.get("list"))})
        prospects = [parse_prospect(item) for item in as_items(body.get("prospects"))]
        prospects = [with_list(p, list_id) for p in prospects]
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
        locality: str = "",
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
        if locality:
            payload["locality"] = locality
        body = as_dict(self._call("POST", "/v1/add-prospect-to-list", json=payload))
        if not body.get("id"):
            raise ApiError(gettext_noop("Snov.io did not return the prospect's id"), app=self.app)
        return str(body["id"])

    def get_prospect_by_id(self, prospect_id: str) -> Prospect:
        """One prospect by its Snov.io id (NotFound if it does not exist)."""
        # Reference: https://snov.io/api#FindProspectbyID
        body = as_dict(
            self._call("POST", "/v1/get-prospect-by-id", json={"id": prospect_id}, read=True)
        )
        return parse_prospect(as_dict(body.get("data")))

    def get_prospects_by_email(self, email: str) -> list[Prospect]:
        """Every prospect with this email (Snov.io allows duplicates)."""
        # Reference: https://snov.io/api#FindProspectbyEmail
        body = as_dict(
            self._call("POST", "/v1/get-prospects-by-email", json={"email": email}, read=True)
        )
        return [parse_prospect(item) for item in as_items(body.get("data"))]

    def get_prospect_custom_fields(self) -> list[CustomField]:
        """The user's prospect custom fields, with their data types."""
        # Reference: https://snov.io/api#FindProspectsCustomFields
        body = self._call("GET", "/v1/prospect-custom-fields")
        return [parse_custom_field(item) for item in as_items(body)]

    def get_user_campaigns(self) -> list[Campaign]:
        """Every campaign of the user."""
        # Reference: https://snov.io/api#UserCampaigns
        return [
            parse_campaign(item) for item in as_items(self._call("GET", "/v1/get-user-campaigns"))
        ]

    # -- webhooks ---------------------------------------------------------------------------

    def list_webhooks(self) -> list[Webhook]:
        """The account's webhook subscriptions."""
        # Reference: https://snov.io/api#webhooks
        body = as_dict(self._call("GET", "/v2/webhooks"))
        return [parse_webhook(item) for item in as_items(body.get("data"))]

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
        return parse_webhook(as_dict(self._call("POST", "/v2/webhooks", json=payload)).get("data"))

    def update_webhook(self, webhook_id: int, *, status: str) -> Webhook:
        """Switch a subscription between active and deactivated."""
        # Reference: https://snov.io/api#webhooks
        body = self._call("PUT", f"/v2/webhooks/{webhook_id}", json={"status": status})
        return parse_webhook(as_dict(body).get("data"))

    def delete_webhook(self, webhook_id: int) -> None:
        """Remove a subscription."""
        # Reference: https://snov.io/api#webhooks
        self._call("DELETE", f"/v2/webhooks/{webhook_id}")
