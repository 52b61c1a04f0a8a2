"""The one place outbound HTTP happens: timeouts, rate limits, retries, error mapping."""

import logging
import os
import time
from collections.abc import Callable, Mapping
from functools import lru_cache
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.utils.translation import gettext_noop
from requests.hooks import default_hooks
from requests.structures import CaseInsensitiveDict
from requests.utils import get_environ_proxies

from integrations.clients.errors import ApiError, RateLimited, TransientError, error_for_status

logger = logging.getLogger(__name__)

BURST_RETRIES = 3
TRANSIENT_RETRIES = 2


class Session(requests.Session):
    """A requests session that reads the environment's proxy and CA bundle settings once per
    host instead of on every call (requests scans the whole environment twice per call and
    looks for a ~/.netrc: more CPU than the rest of a transfer's write). HTTPS_PROXY,
    NO_PROXY, REQUESTS_CA_BUNDLE and CURL_CA_BUNDLE work as with requests, as they were when
    the session first called that host. A ~/.netrc is never read: every call authenticates
    with the connection's own token, and a file's password must not reach a vendor."""

    def __init__(self) -> None:
        super().__init__()
        self.trust_env = False  # the environment is read here instead, once per host
        self._environment: dict[tuple[str, str], tuple[dict, str | None]] = {}
        self._lean: dict[tuple[str, str], dict] = {}

    def merge_environment_settings(self, url, proxies, stream, verify, cert):
        host = urlsplit(url)[:2]
        if host not in self._environment:
            bundle = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE")
            self._environment[host] = (get_environ_proxies(url), bundle)
        environ_proxies, bundle = self._environment[host]
        proxies = dict(proxies or {})
        for scheme, proxy in environ_proxies.items():
            proxies.setdefault(scheme, proxy)
        if (verify is True or verify is None) and bundle:
            verify = bundle
        return super().merge_environment_settings(url, proxies, stream, verify, cert)

    def request(
        self, method, url, params=None, data=None, headers=None, json=None, timeout=None, **other
    ):
        """requests' own `request`, without what an API call never needs: no cookies are sent
        (every call authenticates with its token), no auth or hooks of the session, the
        environment's settings once per host. Preparing a call the usual way (merging cookie
        jars, settings and hooks) cost more of our CPU than the rest of a transfer's write.
        Any other argument, a session given its own auth, params or hooks, or credentials in
        the URL: the usual way."""
        if other or self.auth or self.params or "@" in url or self.hooks != LEAN_HOOKS:
            return super().request(
                method, url, params, data, headers, json=json, timeout=timeout, **other
            )
        prepared = requests.PreparedRequest()
        prepared.prepare_method(method)
        prepared.url = prepared_url(url, params)
        prepared.prepare_headers(merged_headers(self.headers, headers))
        prepared.prepare_body(data or {}, None, json)
        prepared.hooks = default_hooks()
        return self.send(prepared, timeout=timeout, **self._lean_settings(prepared.url))

    def _lean_settings(self, url: str) -> dict:
        """What `merge_environment_settings` answers for a call of no settings of its own,
        once per host (the session's own proxies, verify and cert as they were then)."""
        host = urlsplit(url)[:2]
        known = self._lean.get(host)
        if known is None:
            known = self._lean[host] = self.merge_environment_settings(url, {}, None, None, None)
        return {**known, "proxies": dict(known["proxies"])}


LEAN_HOOKS = default_hooks()


def prepared_url(url: str, params) -> str:
    """The URL as requests prepares it (`PreparedRequest.prepare_url`), its part without the
    call's params prepared once: the params are encoded and joined to its query as requests
    joins them (its requoting changes nothing in what `urlencode` wrote)."""
    # A fragment (it stays after the params), params already encoded (requoted): requests' way
    if "#" in url or isinstance(params, str | bytes):
        prepared = requests.PreparedRequest()
        prepared.prepare_url(url, params or {})
        return str(prepared.url)
    base = normalized_url(url)
    encode = requests.PreparedRequest._encode_params  # type: ignore[attr-defined]  # requests'
    encoded = encode(params) if params else ""
    if not encoded:
        return base
    return f"{base}{'&' if '?' in base else '?'}{encoded}"


@lru_cache(maxsize=1024)
def normalized_url(url: str) -> str:
    prepared = requests.PreparedRequest()
    prepared.prepare_url(url, {})
    return str(prepared.url)


def merged_headers(session: Mapping, call: Mapping | None) -> CaseInsensitiveDict:
    """The session's headers with the call's over them; a call's None removes one."""
    merged = CaseInsensitiveDict(session)
    for name, value in (call or {}).items():
        if value is None:
            merged.pop(name, None)
        else:
            merged[name] = value
    return merged


class HttpClient:
    """Base for the vendor clients. Subclasses set `app` and may override the hooks.

    - `error_message(response)`: the vendor's error text from a failed response.
    - `rate_limit_error(response)`: a RateLimited telling burst from daily budget.
    """

    app = ""

    def __init__(
        self,
        *,
        limiter=None,
        session: requests.Session | None = None,
        timeout: float | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.limiter = limiter
        self.session = session or Session()
        self.timeout = timeout or settings.HTTP_TIMEOUT_SECONDS
        self.sleep = sleep

    def request(
        self, method: str, url: str, *, cost: int = 1, read: bool | None = None, **kwargs
    ) -> requests.Response:
        """Send one request; wait out short rate limits, retry reads on 5xx and timeouts.

        `read`: the call changes nothing, so repeating it is safe (GETs by default; some
        vendors read with POST)."""
        read = method.upper() == "GET" if read is None else read
        transient_left = TRANSIENT_RETRIES if read else 0
        burst_left = BURST_RETRIES
        while True:
            try:
                return self._send_once(method, url, cost=cost, **kwargs)
            except RateLimited as exc:
                if exc.daily or burst_left == 0:
                    raise
                burst_left -= 1
                self.sleep(min(exc.retry_after, 30))
            except TransientError:
                if transient_left == 0:
                    raise
                transient_left -= 1
                self.sleep(2 ** (TRANSIENT_RETRIES - transient_left))

    def _send_once(self, method: str, url: str, *, cost: int, **kwargs) -> requests.Response:
        if self.limiter:
            self.limiter.acquire(cost)
        try:
            response = self.session.request(method, url, timeout=self.timeout, **kwargs)
        except requests.Timeout as exc:
            raise TransientError(gettext_noop("the request timed out"), app=self.app) from exc
        except requests.ConnectionError as exc:
            raise TransientError(gettext_noop("could not connect"), app=self.app) from exc
        if self.limiter:
            self.limiter.observe(response.status_code, response.headers)
        if response.status_code >= 400:
            raise self.error_for(response)
        return response

    def error_for(self, response: requests.Response) -> ApiError:
        if response.status_code == 429:
            error = self.rate_limit_error(response)
            if error.daily and hasattr(self.limiter, "block_daily"):
                self.limiter.block_daily(error.retry_after)
            elif not error.daily and hasattr(self.limiter, "block_burst"):
                self.limiter.block_burst(error.retry_after)
            return error
        cls = error_for_status(response.status_code)
        message = self.error_message(response)
        logger.info("%s answered %s: %s", self.app, response.status_code, message[:300])
        return cls(message, status=response.status_code, app=self.app)

    def error_message(self, response: requests.Response) -> str:
        try:
            body = response.json()
        except ValueError:
            return response.text[:500] or response.reason or "no details"
        return extract_error_text(body) or response.reason or "no details"

    def rate_limit_error(self, response: requests.Response) -> RateLimited:
        retry_after = _float_or(response.headers.get("Retry-After"), 2.0)
        return RateLimited(
            self.error_message(response), retry_after=retry_after, status=429, app=self.app
        )


def extract_error_text(body) -> str:
    """Find a human message in the many error shapes both vendors use."""
    if isinstance(body, str):
        return body
    if isinstance(body, list):
        return "; ".join(filter(None, (extract_error_text(item) for item in body)))
    if not isinstance(body, dict):
        return ""
    for key in ("error_description", "error", "message", "title", "errors"):
        value = body.get(key)
        if isinstance(value, dict) and key == "errors":
            return "; ".join(
                f"{field}: {extract_error_text(text)}" for field, text in value.items()
            )
        if value:
            return extract_error_text(value)
    return ""


def _float_or(value, default: float) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return default
