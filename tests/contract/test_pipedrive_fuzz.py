"""Contract fuzzing (slow): schemathesis generates requests from Pipedrive's official v2
OpenAPI file for every v2 operation the product uses and sends them to the Pipedrive sandbox
in-process; every answer must be what the spec allows (no server error, a documented status
and content type, a body of the documented shape) and invalid input must be refused. Bounded:
MAX_EXAMPLES per operation, no deadline. The examples are the same on every run, so a red run
is a change's doing; FUZZ_EXPLORE=1 draws new ones (and FUZZ_EXAMPLES sets how many) to look
for what the fixed set misses."""

import os

import pytest
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode

from sandbox.pipedrive.models import AccessToken
from tests.contract.fuzzing import CHECKS, PRODUCT_V2_OPERATIONS, SANDBOX_V2, fuzzed_spec
from tests.contract.sandbox_accounts import demo_admin

EXPLORE = bool(os.environ.get("FUZZ_EXPLORE"))
MAX_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "20"))

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


@pytest.fixture
def bearer(sandbox_http) -> dict:
    user = demo_admin(persons=20)
    token = AccessToken.objects.create(user=user, company=user.company, scope="base")
    return {"Authorization": f"Bearer {token.access_token}"}


def test_the_product_uses_v2_operations_the_fuzzing_covers():
    assert {"getPersons", "addPerson", "updatePerson", "searchPersons", "addDeal"} <= set(
        PRODUCT_V2_OPERATIONS
    )


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=str)
@pytest.mark.parametrize("operation_id", PRODUCT_V2_OPERATIONS)
def test_the_sandbox_answers_generated_requests_as_the_spec_says(operation_id, mode, bearer):
    """Valid requests get a documented answer; invalid ones are refused (negative mode)."""
    operation = fuzzed_spec().find_operation_by_id(operation_id)

    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        database=None,
        derandomize=not EXPLORE,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def answers_as_documented(case):
        response = case.call(base_url=SANDBOX_V2, headers=bearer)
        case.validate_response(response, checks=CHECKS)

    answers_as_documented()
