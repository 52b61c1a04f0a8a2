from dataclasses import dataclass

import pytest

from integrations.clients.pipedrive import PipedriveClient
from sandbox.pipedrive.models import PersonField, User
from tests.contract.sandbox_accounts import TokenHolder, demo_admin, issue_code
from tests.contract.specs import load_spec

# Operations whose captured traffic passed the checks in this session (printed at the end).
COVERED: set[str] = set()


class RecordingClient(PipedriveClient):
    """Notes the token cost passed for every request, to compare with the spec's."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.costs: list[tuple[str, str, int]] = []

    def request(self, method, url, *, cost=1, **kwargs):
        self.costs.append((method, url, cost))
        return super().request(method, url, cost=cost, **kwargs)


@dataclass
class World:
    user: User
    client: RecordingClient
    lead_source_key: str


@pytest.fixture(scope="session")
def specs():
    return load_spec("v1"), load_spec("v2")


@pytest.fixture
def world(db, sandbox_http, specs) -> World:
    from integrations.clients import pipedrive_oauth

    user = demo_admin(persons=30)
    holder = TokenHolder(pipedrive_oauth.exchange_code(issue_code(user)))
    client = RecordingClient(api_domain=holder.tokens.api_domain, auth=holder.auth())
    key = PersonField.objects.get(company=user.company, name="Lead source").key
    sandbox_http.calls.reset()
    return World(user, client, key)


def pytest_terminal_summary(terminalreporter):
    if COVERED:
        terminalreporter.section("Pipedrive operations checked against the OpenAPI files")
        terminalreporter.write_line(", ".join(sorted(COVERED)))
