"""The clients' session reads proxy and CA settings from the environment once per host, and
ends up with what requests itself would use."""

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
