import datetime as dt
from decimal import Decimal

import pytest
import requests
import responses
from django.utils import timezone

from integrations.clients.errors import (
    AuthError,
    NotFound,
    RateLimited,
    TransientError,
    ValidationFailed,
)
from integrations.clients.snovio import InMemoryTokenStore, SnovioClient, parse_datetime
from integrations.limits.snovio import make_limiter, snovio_limiter_key
from sandbox.snovio import services
from sandbox.snovio.faults import add_fault
from sandbox.snovio.models import AccessToken, ListMembership, Prospect
from sandbox.snovio.ratelimit import set_rate_limit
from sandbox.snovio.seed import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, seed_sandbox

pytestmark = pytest.mark.django_db
TOKEN_PATH = "/sandbox/snovio/v1/oauth/access_token"


class Sleeps(list):
    def __call__(self, seconds):
        self.append(seconds)


@pytest.fixture
def account(db):
    return seed_sandbox(prospects=30)


@pytest.fixture
def sleeps():
    return Sleeps()


@pytest.fixture
def snovio(account, sandbox_http, sleeps):
    return SnovioClient(client_id=DEMO_CLIENT_ID, client_secret=DEMO_CLIENT_SECRET, sleep=sleeps)


def paths(sandbox_http) -> list[str]:
    return [call.request.path_url.split("?")[0] for call in sandbox_http.calls]


def token_calls(sandbox_http) -> int:
    return paths(sandbox_http).count(TOKEN_PATH)


# -- token --------------------------------------------------------------------------------------


def test_get_access_token_returns_a_working_token(snovio):
    token = snovio.get_access_token()
    assert AccessToken.objects.filter(token=token).exists()


def test_token_is_fetched_once_for_many_calls(snovio, sandbox_http):
    snovio.get_balance()
    snovio.get_user_lists()
    snovio.get_user_campaigns()
    assert token_calls(sandbox_http) == 1


def test_token_is_saved_in_the_token_store_with_its_expiry(account, sandbox_http):
    store = InMemoryTokenStore()
    now = timezone.now()
    client = SnovioClient(
        client_id=DEMO_CLIENT_ID,
        client_secret=DEMO_CLIENT_SECRET,
        token_store=store,
        now=lambda: now,
    )
    token = client.get_access_token()
    saved, expires_at = store.load()
    assert saved == token
    assert expires_at == now + dt.timedelta(seconds=3600)  # the answer's expires_in


def test_token_is_renewed_a_minute_before_it_expires(account, sandbox_http):
    store = InMemoryTokenStore()
    store.save("old-token", timezone.now() + dt.timedelta(seconds=50))
    client = SnovioClient(
        client_id=DEMO_CLIENT_ID, client_secret=DEMO_CLIENT_SECRET, token_store=store
    )
    client.get_balance()
    assert store.load()[0] != "old-token"
    assert token_calls(sandbox_http) == 1


def test_a_token_with_time_left_is_reused_from_the_store(account, sandbox_http):
    token = SnovioClient(
        client_id=DEMO_CLIENT_ID, client_secret=DEMO_CLIENT_SECRET
    ).get_access_token()
    store = InMemoryTokenStore()
    store.save(token, timezone.now() + dt.timedelta(minutes=10))
    client = SnovioClient(
        client_id=DEMO_CLIENT_ID, client_secret=DEMO_CLIENT_SECRET, token_store=store
    )
    client.get_balance()
    assert token_calls(sandbox_http) == 1  # only the first client's


def test_a_401_renews_the_token_once_and_retries(snovio, sandbox_http):
    snovio.get_balance()
    AccessToken.objects.all().delete()  # Snov.io forgot the token (e.g. keys regenerated)
    assert snovio.get_balance().balance == Decimal("25000.00")
    assert token_calls(sandbox_http) == 2


def test_a_second_401_is_an_auth_error(snovio, sandbox_http):
    snovio.get_access_token()
    add_fault("/v1/get-balance", status=401, remaining=2)
    with pytest.raises(AuthError):
        snovio.get_balance()
    assert token_calls(sandbox_http) == 2


def test_wrong_credentials_are_an_auth_error_with_the_remote_message(account, sandbox_http):
    client = SnovioClient(client_id=DEMO_CLIENT_ID, client_secret="wrong")
    with pytest.raises(AuthError) as caught:
        client.get_balance()
    assert "wrong API User ID or API Secret" in caught.value.message
    assert caught.value.status == 401


# -- account, lists, prospects ----------------------------------------------------------------


def test_get_balance(snovio):
    balance = snovio.get_balance()
    assert balance.balance == Decimal("25000.00")
    assert balance.teamwork is False


def test_get_user_lists(snovio):
    lists = snovio.get_user_lists()
    assert [item.name for item in lists] == [
        "Conference leads",
        "Website signups",
        "Cold outreach Q4",
        "Empty list",
    ]
    assert lists[-1].contacts == 0
    assert lists[0].contacts > 0
    assert lists[0].created_at.tzinfo is not None


def test_create_list_returns_the_new_id(snovio):
    list_id = snovio.create_list("From Pipedrive")
    assert any(item.id == list_id for item in snovio.get_user_lists())


def test_get_prospect_list_returns_the_summary_and_one_page(snovio, account):
    conference = account.lists.get(name="Conference leads")
    summary, prospects = snovio.get_prospect_list(conference.pk, page=2, per_page=5)
    assert summary.name == "Conference leads"
    assert summary.contacts == conference.memberships.count()
    assert len(prospects) == 5
    assert all(conference.pk in p.list_ids for p in prospects)
    assert prospects[0].email.startswith("prospect")


def test_iter_list_prospects_pages_until_a_short_page(snovio, account, sandbox_http):
    conference = account.lists.get(name="Conference leads")
    total = conference.memberships.count()
    prospects = list(snovio.iter_list_prospects(conference.pk, per_page=4))
    assert len(prospects) == total
    assert len({p.id for p in prospects}) == total
    assert paths(sandbox_http).count("/sandbox/snovio/v1/prospect-list") == total // 4 + 1


def test_iter_list_prospects_reads_more_than_5000(snovio, account, sandbox_http):
    big = services.create_list(account, "Big")
    created = Prospect.objects.bulk_create(
        Prospect(account=account, uid=f"big-{n}", email=f"big{n}@example.com") for n in range(5001)
    )
    ListMembership.objects.bulk_create(
        ListMembership(prospect=p, prospect_list=big) for p in created
    )
    prospects = list(snovio.iter_list_prospects(big.pk))
    assert len(prospects) == 5001
    assert prospects[-1].email == "big5000@example.com"
    assert paths(sandbox_http).count("/sandbox/snovio/v1/prospect-list") == 2


def test_add_prospect_to_list_then_read_it_back(snovio, account):
    list_id = snovio.create_list("New")
    prospect_id = snovio.add_prospect_to_list(
        list_id,
        email="new.person@example.com",
        first_name="New",
        last_name="Person",
        full_name="New Person",
        position="CFO",
        company_name="Acme",
        phones=["+1 555 0100"],
        custom_fields={"Industry": "Retail", "Employees": "12"},
    )
    prospect = snovio.get_prospect_by_id(prospect_id)
    assert prospect.id == prospect_id
    assert (prospect.email, prospect.first_name, prospect.last_name) == (
        "new.person@example.com",
        "New",
        "Person",
    )
    assert (prospect.position, prospect.company_name) == ("CFO", "Acme")
    assert prospect.phones == ["+1 555 0100"]
    assert prospect.custom_fields == {"Industry": "Retail", "Employees": "12"}
    assert prospect.list_ids == [list_id]
    assert prospect.email_status == "unverified"
    assert prospect.updated_at is not None


def test_list_pages_carry_the_location(snovio, account):
    conference = account.lists.get(name="Conference leads")
    _, prospects = snovio.get_prospect_list(conference.pk, per_page=1)
    first = prospects[0]
    assert (first.locality, first.country) == ("Woodbridge, New Jersey", "United States")


def test_add_prospect_to_list_updates_an_existing_email(snovio, account):
    list_id = account.lists.get(name="Conference leads").pk
    existing = Prospect.objects.get(email="prospect0@example.com")
    prospect_id = snovio.add_prospect_to_list(
        list_id, email="prospect0@example.com", position="Chief Everything"
    )
    assert prospect_id == existing.uid
    existing.refresh_from_db()
    assert existing.position == "Chief Everything"


def test_get_prospects_by_email(snovio):
    (prospect,) = snovio.get_prospects_by_email("PROSPECT3@example.com")
    assert prospect.email == "prospect3@example.com"
    assert prospect.custom_fields["Industry"]
    assert snovio.get_prospects_by_email("nobody@example.com") == []


def test_get_prospect_custom_fields(snovio):
    fields = snovio.get_prospect_custom_fields()
    assert [(f.label, f.type) for f in fields] == [
        ("Industry", "string"),
        ("Employees", "number"),
        ("Last event", "date"),
    ]
    assert fields[0].key == "customFields['Industry']"


def test_get_user_campaigns(snovio, account):
    campaigns = snovio.get_user_campaigns()
    assert [c.name for c in campaigns] == ["Conference follow-up", "Q4 cold outreach"]
    assert campaigns[0].list_id == account.lists.get(name="Conference leads").pk
    assert campaigns[0].status == "Active"


# -- webhooks ---------------------------------------------------------------------------------


def test_webhook_lifecycle(snovio):
    created = snovio.create_webhook(
        event_object="campaign_email",
        event_action="sent",
        endpoint_url="https://sync.example.com/webhooks/snovio/abc",
    )
    assert created.end_point == "https://sync.example.com/webhooks/snovio/abc"
    assert created.status == "active"
    assert snovio.list_webhooks() == [created]
    updated = snovio.update_webhook(created.id, status="deactivated")
    assert updated.status == "deactivated"
    snovio.delete_webhook(created.id)
    assert snovio.list_webhooks() == []


def test_an_unknown_webhook_event_is_a_validation_failure(snovio):
    with pytest.raises(ValidationFailed):
        snovio.create_webhook(
            event_object="deal", event_action="won", endpoint_url="https://x.example.com"
        )


# -- errors -------------------------------------------------------------------------------------


def test_a_refused_prospect_is_a_validation_failure(snovio, account):
    list_id = account.lists.get(name="Website signups").pk
    with pytest.raises(ValidationFailed) as caught:
        snovio.add_prospect_to_list(list_id, first_name="No", last_name="Email")
    assert "email" in caught.value.message


def test_a_missing_prospect_is_not_found(snovio):
    with pytest.raises(NotFound):
        snovio.get_prospect_by_id("does-not-exist")


def test_server_errors_are_retried_then_transient(snovio, sleeps, sandbox_http):
    snovio.get_access_token()
    add_fault("/v1/get-balance", status=500, remaining=3)
    with pytest.raises(TransientError):
        snovio.get_balance()
    assert paths(sandbox_http).count("/sandbox/snovio/v1/get-balance") == 3
    assert sleeps == [2, 4]


def test_a_passing_server_error_on_a_read_is_retried_to_success(snovio, sleeps):
    prospect = Prospect.objects.get(email="prospect1@example.com")
    snovio.get_access_token()
    add_fault("/v1/get-prospect-by-id", status=503, remaining=1)
    assert snovio.get_prospect_by_id(prospect.uid).email == "prospect1@example.com"
    assert sleeps == [2]


def test_writes_are_not_retried_after_a_server_error(snovio, sandbox_http):
    snovio.get_access_token()
    add_fault("/v1/lists", status=500, remaining=1)
    with pytest.raises(TransientError):
        snovio.create_list("Once")
    assert paths(sandbox_http).count("/sandbox/snovio/v1/lists") == 1


def test_a_429_waits_retry_after_then_succeeds(snovio, sleeps):
    snovio.get_access_token()
    add_fault("/v1/get-user-lists", status=429, remaining=1)
    assert len(snovio.get_user_lists()) == 4
    assert sleeps == [1]


def test_a_429_that_persists_becomes_rate_limited(snovio, account, sleeps):
    snovio.get_access_token()
    set_rate_limit(account, enabled=True, per_minute=1)
    snovio.get_balance()
    with pytest.raises(RateLimited):
        snovio.get_balance()
    assert len(sleeps) == 3
    assert sleeps == [30, 30, 30]  # Retry-After (60 s) capped by the base client


def test_a_timeout_is_transient(account, sleeps):
    store = InMemoryTokenStore()
    store.save("a" * 40, timezone.now() + dt.timedelta(hours=1))
    client = SnovioClient(
        client_id=DEMO_CLIENT_ID, client_secret="x", token_store=store, sleep=sleeps
    )
    with responses.RequestsMock() as mock:
        url = "http://testserver/sandbox/snovio/v1/get-balance"
        mock.add(responses.GET, url, body=requests.ConnectTimeout())
        with pytest.raises(TransientError, match="timed out"):
            client.get_balance()
        assert len(mock.calls) == 3


def test_a_connection_error_is_transient(account):
    store = InMemoryTokenStore()
    store.save("a" * 40, timezone.now() + dt.timedelta(hours=1))
    client = SnovioClient(client_id=DEMO_CLIENT_ID, client_secret="x", token_store=store)
    with responses.RequestsMock() as mock:
        url = "http://testserver/sandbox/snovio/v1/lists"
        mock.add(responses.POST, url, body=requests.ConnectionError())
        with pytest.raises(TransientError, match="could not connect"):
            client.create_list("x")


# -- limiter ----------------------------------------------------------------------------------


class FakeClock:
    def __init__(self):
        self.now = 1_000_000.0
        self.waits: list[float] = []

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.waits.append(seconds)
        self.now += seconds


def test_the_61st_call_within_a_minute_waits(account, sandbox_http):
    clock = FakeClock()
    limiter = make_limiter(DEMO_CLIENT_ID, clock=clock, sleep=clock.sleep)
    client = SnovioClient(
        client_id=DEMO_CLIENT_ID, client_secret=DEMO_CLIENT_SECRET, limiter=limiter
    )
    client.get_access_token()  # request 1
    for _ in range(59):  # requests 2..60
        client.get_balance()
    assert clock.waits == []
    client.get_balance()  # request 61
    assert clock.waits == [pytest.approx(60.0)]


def test_the_limiter_key_hides_the_client_id():
    key = snovio_limiter_key("my-secret-user-id")
    assert "my-secret-user-id" not in key
    assert key == snovio_limiter_key("my-secret-user-id")
    assert key != snovio_limiter_key("another-user-id")


def test_make_limiter_uses_the_configured_budget(settings):
    settings.SNOVIO_REQUESTS_PER_MINUTE = 42
    limiter = make_limiter("id")
    assert (limiter.limit, limiter.window) == (42, 60)


# -- parsing ----------------------------------------------------------------------------------


def test_php_datetime_objects_are_read_as_utc():
    value = {"date": "2020-04-07 08:25:44.000000", "timezone_type": 3, "timezone": "UTC"}
    assert parse_datetime(value) == dt.datetime(2020, 4, 7, 8, 25, 44, tzinfo=dt.UTC)
    assert parse_datetime(1639469976) == dt.datetime(2021, 12, 14, 8, 19, 36, tzinfo=dt.UTC)
    assert parse_datetime(None) is None
    assert parse_datetime("garbage") is None
