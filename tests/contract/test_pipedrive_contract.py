"""The client's traffic with the sandbox, checked against Pipedrive's official OpenAPI files.

Requests and responses are validated with openapi-core (v2 spec for /api/v2, v1 for /api/v1),
after moving the sandbox URL onto the spec's server. Allowed deviations live in relaxations.py.
"""

import copy
import json
import re
from pathlib import Path

import pytest
import requests
from openapi_core.exceptions import OpenAPIError

from integrations.clients.errors import ApiError
from integrations.clients.pipedrive import ApiTokenAuth, PipedriveClient
from tests.contract.conftest import COVERED
from tests.contract.scenarios import SCENARIOS
from tests.contract.specs import documents, find_operation, validate_pair

pytestmark = [
    pytest.mark.django_db,
    # openapi-core cannot check oauth2 schemes and says so with a warning on every request.
    pytest.mark.filterwarnings("ignore:Unsupported scheme type"),
]
CLIENT_PACKAGE = Path(__file__).resolve().parents[2] / "integrations/clients/pipedrive"


def api_calls(calls):
    return [call for call in calls if "/api/v" in call.request.url]


def check(call) -> str:
    """Validate one captured exchange; fail with openapi-core's reasons spelled out."""
    try:
        return validate_pair(call.request, call.response).name
    except OpenAPIError as error:
        pytest.fail(f"{call.request.method} {call.request.url}: {_explain(error)}")


def _explain(error: Exception) -> str:
    cause = error.__cause__ or error
    errors = getattr(cause, "schema_errors", ())
    details = [f"{'/'.join(map(str, e.path))}: {e.message}" for e in errors]
    return f"{type(error).__name__}: {error}" + "".join(f"\n  {d}" for d in details)


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda scenario: scenario.name)
def test_client_traffic_matches_the_official_spec(scenario, world, sandbox_http):
    scenario.run(world.client, world)
    calls = api_calls(sandbox_http.calls)
    assert calls, "the scenario made no API call"
    seen = {check(call) for call in calls}
    assert seen == set(scenario.operations)
    COVERED.update(seen)


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda scenario: scenario.name)
def test_each_request_pays_the_token_cost_the_spec_states(scenario, world):
    scenario.run(world.client, world)
    for method, url, cost in world.client.costs:
        operation = find_operation(method, url)
        assert cost == operation.token_cost, f"{operation.name} costs {operation.token_cost}"


def test_every_client_operation_has_a_contract_scenario():
    source = "".join(path.read_text() for path in CLIENT_PACKAGE.glob("*.py"))
    referenced = set(re.findall(r"# Reference: \S+#(\w+)", source))
    exercised = {name.split()[1] for scenario in SCENARIOS for name in scenario.operations}
    assert referenced == exercised


def test_personal_api_token_requests_satisfy_the_spec_security(world, sandbox_http):
    client = PipedriveClient(
        api_domain=world.client.api_domain, auth=ApiTokenAuth(world.user.api_token)
    )
    client.get_current_user()
    client.list_persons(limit=1)
    assert {check(call) for call in api_calls(sandbox_http.calls)} == {
        "v1 getCurrentUser",
        "v2 getPersons",
    }


def _unknown_webhook(world):
    world.client.delete_webhook(987654)


def _webhook_of_another_app(world):
    token_client = PipedriveClient(
        api_domain=world.client.api_domain, auth=ApiTokenAuth(world.user.api_token)
    )
    hook = token_client.create_webhook(
        subscription_url="https://elsewhere.test/hook",
        event_action="*",
        event_object="*",
        http_auth_user="u",
        http_auth_password="p",
        name="not ours",
    )
    world.client.delete_webhook(hook.id)


def _revoked_token(world):
    PipedriveClient(
        api_domain=world.client.api_domain, auth=ApiTokenAuth("revoked-token")
    ).get_current_user()


@pytest.mark.parametrize(
    "provoke, status",
    [(_unknown_webhook, 404), (_webhook_of_another_app, 403), (_revoked_token, 401)],
    ids=["deleteWebhook 404", "deleteWebhook 403", "getCurrentUser 401"],
)
def test_documented_error_answers_match_their_spec_shape(world, sandbox_http, provoke, status):
    with pytest.raises(ApiError):
        provoke(world)
    call = api_calls(sandbox_http.calls)[-1]
    assert call.response.status_code == status
    assert documents(find_operation(call.request.method, call.request.url), status)
    check(call)


# -- the checks can fail -------------------------------------------------------------------


def _drifted(call, change) -> requests.Response:
    body = json.loads(call.response.content)
    change(body)
    response = copy.copy(call.response)
    response._content = json.dumps(body).encode()
    return response


@pytest.mark.parametrize(
    "change",
    [
        lambda body: body["data"].update(id=str(body["data"]["id"])),
        lambda body: body["data"].update(emails=["ana@example.test"]),
        lambda body: body["data"].update(org_id="12"),
        lambda body: body["data"].update(is_deleted=None),
        lambda body: body.update(data=[body["data"]]),
    ],
    ids=["id as text", "emails as strings", "org_id as text", "is_deleted null", "data as list"],
)
def test_a_response_drifting_from_the_spec_is_caught(world, sandbox_http, change):
    person = world.client.create_person(name="Drift", emails=["drift@example.test"])
    world.client.get_person(person.id)
    call = api_calls(sandbox_http.calls)[-1]
    check(call)  # the real answer passes
    with pytest.raises(OpenAPIError):
        validate_pair(call.request, _drifted(call, change))


def test_a_request_drifting_from_the_spec_is_caught(world, sandbox_http):
    world.client.list_persons(limit=2)
    call = api_calls(sandbox_http.calls)[-1]
    request = call.request.copy()
    request.url = request.url.replace("limit=2", "limit=many")
    with pytest.raises(OpenAPIError):
        validate_pair(request, call.response)


def test_a_request_body_field_unknown_to_the_spec_is_caught(world, sandbox_http):
    world.client.create_person(name="Body")
    call = api_calls(sandbox_http.calls)[-1]
    request = call.request.copy()
    request.prepare_body(None, None, json={**json.loads(request.body), "emial": "x@y.test"})
    with pytest.raises(OpenAPIError):
        validate_pair(request, call.response)
