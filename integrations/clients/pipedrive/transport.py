"""Pipedrive transport: one authenticated call, its error bodies, and paging.

Each API method passes the operation's `x-token-cost` from the official OpenAPI files, so the
limiter can keep the company's daily token budget."""

import time
from collections.abc import Callable, Iterator

import requests
from django.utils import timezone

from integrations.clients.errors import AuthError, RateLimited
from integrations.clients.http import HttpClient
from integrations.clients.pipedrive import models as m
from integrations.clients.pipedrive.bodies import query
from integrations.clients.timestamps import next_utc_midnight

V1 = "/api/v1"
V2 = "/api/v2"
PAGE_LIMIT = 500


class PipedriveTransport(HttpClient):
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

        def page(cursor):
            return self._page(path, parse, cost=cost, params={**params, "cursor": cursor})

        return all_pages(page)

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


def all_pages(list_page, **filters) -> Iterator:
    """Every item of a cursor-paginated list, `list_page(cursor=…, **filters)` a page."""
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
