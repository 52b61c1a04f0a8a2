"""The clients' session reads proxy and CA settings from the environment once per host, and
ends up with what requests itself would use; a call it prepares its own lean way is sent as
requests would send it, except that no cookie goes back to a vendor."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests

from integrations.clients.http import Session

URLS = (
    "https://api.pipedrive.com/api/v2/persons",
    "https://oauth.pipedrive.com/oauth/token",
    "https://api.snov.io/v1/get-user-lists",
    "http://127.0.0.1:8000/sandbox/snovio/v1/get-user-lists",
)


@pytest.fixture
def proxy_environment(monkeypatch):
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.internal:3128")
    monkeypatch.setenv("HTTP_PROXY", "http://proxy.internal:3128")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,api.snov.io")
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", "/etc/ssl/certs/company.pem")


@pytest.mark.parametrize("url", URLS)
def test_the_settings_are_those_requests_would_use(proxy_environment, url):
    ours, theirs = Session(), requests.Session()
    expected = theirs.merge_environment_settings(url, {}, None, None, None)
    assert ours.merge_environment_settings(url, {}, None, None, None) == expected
    assert ours.merge_environment_settings(url, {}, None, None, None) == expected  # cached


def test_the_environment_is_read_once_per_host(proxy_environment, monkeypatch):
    reads = []
    read = requests.utils.get_environ_proxies
    monkeypatch.setattr(
        "integrations.clients.http.get_environ_proxies",
        lambda url, **kw: reads.append(url) or read(url, **kw),
    )
    session = Session()
    for _ in range(3):
        for url in URLS[:2]:
            session.merge_environment_settings(url, {}, None, None, None)
    assert len(reads) == 2


def test_a_call_with_its_own_proxies_is_merged_as_usual(proxy_environment):
    own = {"https": "http://other:8080"}
    settings = Session().merge_environment_settings(URLS[0], dict(own), None, None, None)
    assert settings["proxies"]["https"] == "http://other:8080"


def test_a_changed_answer_does_not_change_the_cache(proxy_environment):
    session = Session()
    first = session.merge_environment_settings(URLS[0], {}, None, None, None)
    first["proxies"]["https"] = "http://tampered"
    again = session.merge_environment_settings(URLS[0], {}, None, None, None)
    assert again["proxies"]["https"] == "http://proxy.internal:3128"


def test_a_netrc_password_never_reaches_a_vendor(tmp_path, monkeypatch):
    netrc = tmp_path / "netrc"
    netrc.write_text("machine api.pipedrive.com login someone password from-a-file\n")
    netrc.chmod(0o600)
    monkeypatch.setenv("NETRC", str(netrc))
    request = requests.Request("GET", URLS[0])
    assert "Authorization" in requests.Session().prepare_request(request).headers  # requests'
    assert "Authorization" not in Session().prepare_request(request).headers


class Recording(requests.adapters.HTTPAdapter):
    """Keeps what would have been sent and answers 200 with a cookie, sending nothing."""

    def __init__(self):
        super().__init__()
        self.sent: list = []

    def send(self, request, **kwargs):
        self.sent.append((request, kwargs))
        response = requests.Response()
        response.status_code, response._content = 200, b"{}"
        response.request, response.url = request, request.url
        return response


def sent_by(session, *args, **kwargs):
    adapter = Recording()
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    session.request(*args, **kwargs)
    ((request, settings),) = adapter.sent
    return {
        "method": request.method,
        "url": request.url,
        "headers": dict(request.headers),
        "body": request.body,
        "settings": settings,
    }


CALLS = [
    ("GET", URLS[0], {"params": {"term": "ana+1@x.com", "exact_match": True, "cursor": None}}),
    ("GET", URLS[0] + "?fields=email", {"params": {"ids": [1, 2], "name": "Zoë Ó"}}),
    ("GET", URLS[0], {"params": [("a", "1"), ("a", "2")], "timeout": 7.5}),
    ("POST", URLS[2], {"json": {"name": "Zoë", "emails": ["z@x.com"]}, "headers": {"X": "1"}}),
    ("patch", URLS[0] + "/12", {"json": {"name": None}, "headers": {"Accept": None}}),
    ("POST", URLS[1], {"data": {"grant_type": "refresh_token", "refresh_token": "r/t+1"}}),
    ("DELETE", URLS[3] + "/ü", {"headers": {"Authorization": "Bearer t"}}),
    ("GET", "http://127.0.0.1:8000", {"params": {"q": "a b&c=d/é", "empty": ""}}),
    ("GET", URLS[0] + "?a=%7Ex y#top", {"params": {"b": "1"}}),
    ("GET", URLS[0], {"params": "raw=1&x=%41"}),
    ("GET", URLS[0], {"params": {"only": None}}),
    ("GET", URLS[0] + "?", {"params": {"b": "1"}}),
]


@pytest.mark.parametrize("method,url,kwargs", CALLS)
def test_a_call_is_sent_as_requests_would_send_it(
    proxy_environment, tmp_path, monkeypatch, method, url, kwargs
):
    monkeypatch.setenv("NETRC", str(tmp_path / "none"))
    theirs = sent_by(requests.Session(), method, url, **kwargs)
    assert sent_by(Session(), method, url, **kwargs) == theirs
    again = Session()
    sent_by(again, method, url, **kwargs)
    assert sent_by(again, method, url, **kwargs) == theirs  # the host's settings remembered


def test_no_cookie_a_vendor_set_is_sent_back():
    session = Session()
    session.cookies.set("__cf_bm", "tracking", domain="api.pipedrive.com")
    assert "Cookie" not in sent_by(session, "GET", URLS[0])["headers"]


def test_a_session_with_its_own_auth_prepares_the_usual_way():
    session = Session()
    session.auth = ("user", "secret")
    assert sent_by(session, "GET", URLS[0])["headers"]["Authorization"].startswith("Basic ")


class Recorder(BaseHTTPRequestHandler):
    """Answers every call 200 and keeps what arrived (request line, headers, body)."""

    seen: list = []

    def _any(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        headers = sorted((k.lower(), v) for k, v in self.headers.items())
        type(self).seen.append((self.command, self.path, headers, body))
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Set-Cookie", "session=abc; Path=/")
        self.end_headers()
        self.wfile.write(b'{"ok": true}')

    do_GET = do_POST = do_PATCH = do_DELETE = _any

    def log_message(self, *args):
        pass


@pytest.fixture
def local_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    Recorder.seen = []
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_over_a_real_connection_the_server_receives_what_requests_sends(local_server, monkeypatch):
    for name in ("no_proxy", "NO_PROXY"):  # requests reads the lower-case one first
        monkeypatch.setenv(name, "127.0.0.1")
    calls = [
        ("GET", "/api/v2/persons", {"params": {"term": "ana+1@x.com", "ids": [1, 2]}}),
        ("POST", "/api/v2/persons", {"json": {"name": "Zoë"}, "headers": {"Accept": None}}),
        ("POST", "/oauth/token", {"data": {"grant_type": "refresh_token"}}),
    ]
    arrived = {}
    for name, session in (("requests", requests.Session()), ("ours", Session())):
        Recorder.seen = []
        for _ in range(2):  # the second time after the server set a cookie
            for method, path, kwargs in calls:
                response = session.request(method, local_server + path, timeout=5, **kwargs)
                assert response.json() == {"ok": True}
        arrived[name] = list(Recorder.seen)
    cookie = ("cookie", "session=abc")
    # requests sends the server's cookie back; ours never does, and differs in nothing else
    assert any(cookie in headers for _, _, headers, _ in arrived["requests"])
    assert arrived["ours"] == [
        (method, path, [h for h in headers if h != cookie], body)
        for method, path, headers, body in arrived["requests"]
    ]
