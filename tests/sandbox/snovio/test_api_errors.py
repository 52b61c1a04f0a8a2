import pytest

from sandbox.snovio.faults import add_fault, take_fault
from sandbox.snovio.models import Fault
from sandbox.snovio.ratelimit import set_rate_limit, take_request_slot

pytestmark = pytest.mark.django_db
NOT_FOUND = {"errors": {"code": 404, "title": "Sorry, but url or entity not found", "source": ""}}


def test_unknown_urls_answer_the_404_envelope(api):
    response = api.get("/v1/no-such-method")
    assert response.status_code == 404
    assert response.json() == NOT_FOUND


def test_a_wrong_method_is_refused_in_json(api):
    response = api.post_json("/v1/get-balance", {})
    assert response.status_code == 405
    assert response.json()["errors"]["code"] == 405


def test_rate_limit_is_off_by_default(api):
    for _ in range(70):
        assert api.get("/v1/get-balance").status_code == 200


def test_rate_limit_answers_429_with_retry_after_beyond_the_budget(
    api, account, clock_stands_still
):
    set_rate_limit(account, enabled=True, per_minute=60)
    for _ in range(60):
        assert api.get("/v1/get-balance").status_code == 200
    response = api.get("/v1/get-balance")
    assert response.status_code == 429
    assert response.json()["errors"]["code"] == 429
    assert response["Retry-After"] == "60"  # the whole minute is still ahead


def test_the_window_frees_a_slot_sixty_seconds_after_the_oldest_call(account):
    set_rate_limit(account, enabled=True, per_minute=2)
    assert take_request_slot(account.pk, now=1000.0) == 0
    assert take_request_slot(account.pk, now=1010.0) == 0
    assert take_request_slot(account.pk, now=1030.0) == pytest.approx(30.0)
    assert take_request_slot(account.pk, now=1060.5) == 0


def test_switching_the_limit_off_lets_calls_through_again(api, account, clock_stands_still):
    set_rate_limit(account, enabled=True, per_minute=1)
    api.get("/v1/get-balance")
    assert api.get("/v1/get-balance").status_code == 429
    set_rate_limit(account, enabled=False)
    assert api.get("/v1/get-balance").status_code == 200


def test_a_fault_forces_its_status_for_the_given_number_of_calls(api):
    add_fault("/v1/get-balance", status=503, remaining=2)
    assert api.get("/v1/get-balance").status_code == 503
    assert api.get("/v1/get-balance").json()["errors"]["code"] == 503
    assert api.get("/v1/get-balance").status_code == 200
    assert not Fault.objects.exists()


def test_a_fault_matches_by_path_prefix_only(api):
    add_fault("/v1/get-user", status=500)
    assert api.get("/v1/get-balance").status_code == 200
    assert api.get("/v1/get-user-lists").status_code == 500


def test_a_forced_429_carries_retry_after(api):
    add_fault("/v1/", status=429)
    response = api.get("/v1/get-balance")
    assert response.status_code == 429
    assert response["Retry-After"] == "1"


def test_a_forced_401_looks_like_a_token_rejection(api):
    add_fault("/v1/get-balance", status=401)
    assert api.get("/v1/get-balance").json()["error"] == "invalid_token"


def test_faults_apply_to_the_token_endpoint_too(client, account):
    add_fault("v1/oauth", status=500)
    response = client.post("/sandbox/snovio/v1/oauth/access_token", {})
    assert response.status_code == 500


def test_take_fault_ignores_other_paths(db):
    add_fault("/v2/webhooks", status=500)
    assert take_fault("/v1/lists") is None
    assert take_fault("/v2/webhooks/3").status == 500
