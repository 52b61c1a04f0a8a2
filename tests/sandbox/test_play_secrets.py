"""The play pages show a webhook URL, token or secret in full only to the account whose
integration uses it; everyone else sees it masked (B14). The emulators are shared by every
account of a deployment, so these are what another account's connection authenticates with."""

import pytest
from django.urls import reverse

from integrations.models import AuthMethod, PipedriveConnection, RealtimeState, SnovioConnection
from sandbox.pipedrive.models import AccessToken
from sandbox.pipedrive.models import Webhook as PipedriveWebhook
from sandbox.pipedrive.models import WebhookDelivery as PipedriveDelivery
from sandbox.pipedrive.seed import seed_sandbox as seed_pipedrive
from sandbox.snovio.models import Account
from sandbox.snovio.models import Webhook as SnovioWebhook
from sandbox.snovio.models import WebhookDelivery as SnovioDelivery
from tests.factories import make_integration, make_user

OWN_TOKEN = "own-snovio-webhook-token-0123456789abcdefghij"
FOREIGN_TOKEN = "foreign-snovio-webhook-token-0123456789abcdefg"


@pytest.fixture
def foreign(db):
    return make_integration(make_user("stranger@example.org"))


@pytest.fixture
def webhook_secrets(integration, foreign):
    RealtimeState.objects.create(integration=integration, snovio_token=OWN_TOKEN)
    RealtimeState.objects.create(integration=foreign, snovio_token=FOREIGN_TOKEN)


@pytest.fixture
def account(db):
    return Account.objects.create(
        client_id="api-user-1", client_secret="api-secret-0123456789", user_id=7
    )


def snovio_hook(account, token):
    return SnovioWebhook.objects.create(
        account=account, event_object="campaign_email", event_action="sent",
        end_point=f"http://testserver/webhooks/snovio/{token}/",
    )  # fmt: skip


def test_snovio_webhooks_page_shows_only_the_viewers_own_webhook_url(
    owner_client, account, webhook_secrets
):
    snovio_hook(account, OWN_TOKEN)
    foreign = snovio_hook(account, FOREIGN_TOKEN)
    SnovioDelivery.objects.create(
        webhook=foreign, payload={}, last_error=f"HTTP 404: /webhooks/snovio/{FOREIGN_TOKEN}/"
    )
    page = owner_client.get(reverse("sandbox-snovio-play-webhooks")).content.decode()
    assert f"http://testserver/webhooks/snovio/{OWN_TOKEN}/" in page
    assert FOREIGN_TOKEN not in page
    assert f"/webhooks/snovio/••••{FOREIGN_TOKEN[-4:]}/" in page


def test_snovio_webhook_urls_are_all_masked_for_a_user_without_an_integration(
    client, account, webhook_secrets
):
    snovio_hook(account, OWN_TOKEN)
    client.force_login(make_user("nobody@example.org"))
    page = client.get(reverse("sandbox-snovio-play-webhooks")).content.decode()
    assert OWN_TOKEN not in page


def test_a_url_that_is_not_one_of_ours_shows_only_its_origin(owner_client, account):
    SnovioWebhook.objects.create(
        account=account, event_object="campaign_email", event_action="sent",
        end_point="https://hooks.example.net/in?key=s3cr3t-value",
    )  # fmt: skip
    page = owner_client.get(reverse("sandbox-snovio-play-webhooks")).content.decode()
    assert "https://hooks.example.net/••••" in page
    assert "s3cr3t" not in page


def test_snovio_api_secret_shows_in_full_once_the_viewers_integration_uses_it(
    owner_client, integration, account
):
    url = reverse("sandbox-snovio-play")
    assert account.client_secret not in owner_client.get(url).content.decode()
    SnovioConnection.objects.create(
        integration=integration, client_id=account.client_id, client_secret=account.client_secret
    )
    assert account.client_secret in owner_client.get(url).content.decode()


@pytest.fixture
def company(db):
    return seed_pipedrive(persons=1)


def pipedrive_hook(company, integration):
    return PipedriveWebhook.objects.create(
        company=company, user=company.users.first(), event_action="*", event_object="person",
        subscription_url=f"http://testserver/webhooks/pipedrive/{integration.uuid}/",
    )  # fmt: skip


def test_pipedrive_webhooks_page_shows_only_the_viewers_own_subscription_url(
    owner_client, company, integration, foreign
):
    pipedrive_hook(company, integration)
    theirs = pipedrive_hook(company, foreign)
    error = f"ConnectionError: Max retries exceeded with url: /webhooks/pipedrive/{foreign.uuid}/"
    PipedriveDelivery.objects.create(webhook=theirs, payload={"meta": {}}, last_error=error)
    page = owner_client.get(reverse("sandbox-pipedrive-play-webhooks")).content.decode()
    assert f"/webhooks/pipedrive/{integration.uuid}/" in page
    assert str(foreign.uuid) not in page
    assert "Max retries exceeded" in page


def legacy_connection(integration, token):
    return PipedriveConnection.objects.create(
        integration=integration, auth_method=AuthMethod.API_TOKEN, api_token=token,
        api_domain="http://testserver/sandbox/pipedrive",
    )  # fmt: skip


def test_a_pipedrive_users_api_token_shows_in_full_only_to_the_account_connecting_with_it(
    owner_client, company, integration, foreign
):
    ana = company.users.get(email="ana@demo-company.example")
    bob = company.users.get(email="bob@demo-company.example")
    legacy_connection(integration, bob.api_token)
    legacy_connection(foreign, ana.api_token)
    bobs = owner_client.get(reverse("sandbox-pipedrive-play-user", args=[bob.id]))
    anas = owner_client.get(reverse("sandbox-pipedrive-play-user", args=[ana.id]))
    assert bob.api_token in bobs.content.decode()
    assert ana.api_token not in anas.content.decode()
    assert f"••••{ana.api_token[-4:]}" in anas.content.decode()


def test_the_pipedrive_emulators_admin_masks_tokens_and_passwords(admin_client, company):
    ana = company.users.get(email="ana@demo-company.example")
    token = AccessToken.objects.create(user=ana, company=company, scope="base")
    hook = PipedriveWebhook.objects.create(
        company=company, user=ana, event_action="*", event_object="*",
        subscription_url="http://testserver/hooks/", http_auth_user="pd-user",
        http_auth_password="hook-password-0123456789",
    )  # fmt: skip
    pages = [
        ("user", ana.pk, [ana.api_token]),
        ("accesstoken", token.pk, [token.access_token, token.refresh_token]),
        ("webhook", hook.pk, [hook.http_auth_password]),
    ]
    for model, pk, secrets in pages:
        listing = admin_client.get(reverse(f"admin:sandbox_pipedrive_{model}_changelist"))
        detail = admin_client.get(reverse(f"admin:sandbox_pipedrive_{model}_change", args=[pk]))
        assert listing.status_code == detail.status_code == 200
        for secret in secrets:
            assert secret not in listing.content.decode() + detail.content.decode()
            assert f"••••{secret[-4:]}" in detail.content.decode()
    user_page = admin_client.get(reverse("admin:sandbox_pipedrive_user_change", args=[ana.pk]))
    assert ana.password not in user_page.content.decode()  # not even the hash
