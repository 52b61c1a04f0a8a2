"""The Snov.io client and answers the reference does not show: what a prospect carried is
known (an attribute not carried is unknown, not empty), and an error body of an unknown shape
becomes a clear error quoting the raw text."""

import pytest
import responses

from integrations.clients.errors import AuthError, RateLimited, TransientError, ValidationFailed
from integrations.clients.snovio import SnovioClient
from integrations.clients.snovio.parsing import parse_prospect
from sandbox.snovio.models import Account, Prospect
from sandbox.snovio.seed import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, seed_sandbox

pytestmark = pytest.mark.django_db
BASE = "http://testserver/sandbox/snovio"


class Sleeps(list):
    def __call__(self, seconds):
        self.append(seconds)


@pytest.fixture
def account(db):
    return seed_sandbox(prospects=5)


@pytest.fixture
def snovio(account, sandbox_http):
    return SnovioClient(client_id=DEMO_CLIENT_ID, client_secret=DEMO_CLIENT_SECRET, sleep=Sleeps())


def first_list(snovio):
    return next(lst for lst in snovio.get_user_lists() if lst.contacts)


def test_a_documented_list_page_carries_names_and_emails_only(snovio, account):
    Account.objects.filter(pk=account.pk).update(documented_only=True)
    _, prospects = snovio.get_prospect_list(first_list(snovio).id)
    prospect = prospects[0]
    assert set(prospect.carried) == {"email", "first_name", "last_name", "name"}
    assert not prospect.carries("position") and prospect.position == ""


def test_a_documented_prospect_by_id_carries_the_job_but_no_email(snovio, account):
    Account.objects.filter(pk=account.pk).update(documented_only=True)
    stored = Prospect.objects.exclude(position="").first()
    prospect = snovio.get_prospect_by_id(stored.uid)
    assert prospect.carries("position") and prospect.position == stored.position
    assert prospect.carries("updated_at") and prospect.updated_at is not None
    assert not prospect.carries("email") and not prospect.carries("phones")


def test_a_list_item_completed_by_its_read_by_id_has_both_parts(snovio, account):
    Account.objects.filter(pk=account.pk).update(documented_only=True)
    _, prospects = snovio.get_prospect_list(first_list(snovio).id)
    page = prospects[0]
    full = page.completed_with(snovio.get_prospect_by_id(page.id))
    stored = Prospect.objects.get(uid=page.id)
    assert (full.email, full.position, full.company_name) == (
        stored.email,
        stored.position,
        stored.company_name,
    )
    assert full.list_ids == page.list_ids + [i for i in full.list_ids if i not in page.list_ids]
    assert {"email", "position", "company_name", "updated_at"} <= set(full.carried)


def test_completing_keeps_what_the_first_answer_carried():
    page = parse_prospect({"id": "a", "firstName": "Ann", "emails": [{"email": "a@x.io"}]})
    detail = parse_prospect({"id": "a", "firstName": "Other", "currentJob": []})
    full = page.completed_with(detail)
    assert (full.first_name, full.email, full.position) == ("Ann", "a@x.io", "")
    assert full.carries("position")


def test_the_fuller_list_page_carries_phones_and_custom_fields(snovio):
    _, prospects = snovio.get_prospect_list(first_list(snovio).id)
    assert {"phones", "custom_fields", "position", "updated_at"} <= set(prospects[0].carried)


@pytest.mark.parametrize(
    ("status", "error"),
    [(400, ValidationFailed), (401, AuthError), (502, TransientError)],
)
def test_an_error_body_of_unknown_shape_is_quoted_in_the_error(snovio, status, error):
    snovio.get_access_token()
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        for _ in range(3):  # a 401 renews the token once; reads are retried after a 5xx
            mock.add(responses.GET, f"{BASE}/v1/get-balance", body="<html>Bad  gateway</html>",
                     status=status)  # fmt: skip
        mock.add(responses.POST, f"{BASE}/v1/oauth/access_token",
                 json={"access_token": "renewed", "expires_in": 3600})  # fmt: skip
        with pytest.raises(error) as raised:
            snovio.get_balance()
    assert "«<html>Bad gateway</html>»" in str(raised.value)


def test_a_json_error_of_unknown_shape_is_quoted_too(snovio):
    snovio.get_access_token()
    with responses.RequestsMock() as mock:
        mock.add(responses.POST, f"{BASE}/v1/add-prospect-to-list", json={"oops": 1}, status=422)
        with pytest.raises(ValidationFailed) as raised:
            snovio.add_prospect_to_list(1, email="a@example.com")
    assert 'unexpected answer «{"oops": 1}»' in str(raised.value)


def test_a_rate_limit_answer_of_unknown_shape_is_still_a_rate_limit(snovio):
    snovio.get_access_token()
    with responses.RequestsMock() as mock:
        for _ in range(4):
            mock.add(responses.GET, f"{BASE}/v1/get-user-lists", body="slow down", status=429)
        with pytest.raises(RateLimited) as raised:
            snovio.get_user_lists()
    assert "«slow down»" in str(raised.value)


def test_a_success_status_without_json_is_an_error_not_an_empty_answer(snovio):
    snovio.get_access_token()
    with responses.RequestsMock() as mock:
        mock.add(responses.GET, f"{BASE}/v1/get-user-lists", body="<html>maintenance</html>")
        with pytest.raises(TransientError) as raised:
            snovio.get_user_lists()
    assert "answered without JSON: «<html>maintenance</html>»" in str(raised.value)


def test_a_known_error_shape_keeps_its_own_words(snovio, sandbox_http):
    with pytest.raises(ValidationFailed) as raised:
        snovio.get_prospect_list(None)
    assert "listId is required" in str(raised.value)
