"""Prepare a benchmark database (run with its DATABASE_URL); print what the load needs as JSON.

    setup_realtime.py intake              one integration and its webhook secrets
    setup_realtime.py propagation         the emulators' demo accounts connected over HTTP to
                                          the running server (SITE_URL), launched two-way with
                                          the email history, webhooks registered, a campaign on
                                          the target list
    setup_realtime.py tenant TAG N        a tenant with remote accounts of its own (N prospects
                                          in a source list), launched two-way; the Pipedrive
                                          emulator keeps no webhook for it (the benchmark posts
                                          its deliveries itself)
    setup_realtime.py tenants PREFIX K M  K such tenants with the email history on, each with
                                          M persons in Pipedrive
    setup_realtime.py transfer UUID       start that tenant's transfer of its Snov.io
                                          prospects to Pipedrive (on the bulk lane)
    setup_realtime.py unlimit             lift the Pipedrive emulator's bursts and daily budget

Called by tests/bench/, never by the product."""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_q.models import OrmQ  # noqa: E402

from integrations.models import Direction, Integration, Status  # noqa: E402
from integrations.status import set_status  # noqa: E402
from syncengine.webhook_registration import ensure_realtime_state, sync_webhooks  # noqa: E402
from tests.factories import make_integration, make_user  # noqa: E402

TARGET_LIST = "Website signups"
CAMPAIGN = "Bench campaign"


def intake() -> dict:
    integration = make_integration(make_user("bench-intake@example.org"))
    state, _ = ensure_realtime_state(integration)
    return {
        "uuid": str(integration.uuid),
        "user": state.pipedrive_auth_user,
        "password": state.pipedrive_auth_password,
    }


def connect(integration: Integration, client_id: str, secret: str, pipedrive_email: str):
    """Both connections made the way a person makes them (the connect form, OAuth consent)."""
    from tests.pipedrive_helpers import connect_pipedrive

    client = Client()
    client.force_login(integration.owner)
    client.post(
        reverse("integrations-snovio-connect", args=[integration.uuid]),
        {"client_id": client_id, "client_secret": secret},
    )
    connect_pipedrive(client, integration, email=pipedrive_email)
    integration.refresh_from_db()


def launch(integration: Integration, *, email_history: bool) -> None:
    """Two-way, target list TARGET_LIST, Active, webhooks registered."""
    from syncengine.schema_refresh import refresh_schema

    schema = refresh_schema(integration=integration)
    target = next(lst for lst in schema.snovio_lists if lst.name == TARGET_LIST)
    integration.direction = Direction.BOTH
    integration.target_list_id = target.id
    integration.owner_user_id = schema.pipedrive_users[0].id
    integration.include_email_history = email_history
    integration.launched_at = timezone.now()
    integration.save()
    set_status(integration, Status.ACTIVE)
    sync_webhooks(integration=integration)
    OrmQ.objects.all().delete()  # the connect steps' background refreshes: done above


def secrets_of(integration: Integration) -> dict:
    state, _ = ensure_realtime_state(integration)
    return {
        "uuid": str(integration.uuid),
        "pipedrive_path": reverse("integrations-pipedrive-webhook", args=[integration.uuid]),
        "user": state.pipedrive_auth_user,
        "password": state.pipedrive_auth_password,
        "snovio_path": reverse("integrations-snovio-webhook", args=[state.snovio_token]),
        "api_url": integration.pipedrive.api_domain,
        "access_token": integration.pipedrive.access_token,
        "company_id": integration.pipedrive.company_id,
    }


def propagation() -> dict:
    from sandbox.pipedrive.seed import seed_sandbox as seed_pipedrive
    from sandbox.snovio.models import Campaign, ProspectList
    from sandbox.snovio.seed import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET
    from sandbox.snovio.seed import seed_sandbox as seed_snovio
    from tests.pipedrive_helpers import ANA as ANA_EMAIL

    account = seed_snovio(prospects=10)
    seed_pipedrive(persons=5)
    target = ProspectList.objects.get(account=account, name=TARGET_LIST)
    campaign = Campaign.objects.create(account=account, name=CAMPAIGN, prospect_list=target)
    integration = make_integration(make_user("bench-propagation@example.org"))
    connect(integration, DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, ANA_EMAIL)
    launch(integration, email_history=True)
    return {**secrets_of(integration), "target_list": TARGET_LIST, "campaign_id": campaign.pk}


def tenant(tag: str, prospects: str, persons: str = "0", email_history: str = "") -> dict:
    from sandbox.pipedrive.models import Webhook
    from scripts.bench import tenant_accounts

    tenant_accounts.snovio_account(tag, int(prospects))
    company = tenant_accounts.pipedrive_company(tag, int(persons))
    integration = make_integration(make_user(f"bench-{tag}@example.org"))
    client_id, secret = tenant_accounts.snovio_credentials(tag)
    connect(integration, client_id, secret, tenant_accounts.pipedrive_admin_email(tag))
    launch(integration, email_history=bool(email_history))
    Webhook.objects.filter(company=company).delete()
    emails = [tenant_accounts.person_email(tag, n) for n in range(int(persons))]
    return {**secrets_of(integration), "target_list": TARGET_LIST, "person_emails": emails}


def tenants(prefix: str, count: str, persons: str) -> dict:
    """`count` tenants with the email history on, each with `persons` persons in Pipedrive."""
    made = [tenant(f"{prefix}{k}", "0", persons, "history") for k in range(int(count))]
    return {"tenants": made}


def transfer(uuid: str) -> dict:
    from syncengine.transfer.services import start_transfer

    integration = Integration.objects.get(uuid=uuid)
    job = start_transfer(
        integration=integration, direction="to_pipedrive", source="snovio", dry_run=False
    )
    return {"job": job.pk}


def unlimit() -> dict:
    from sandbox.pipedrive.models import RateLimitSettings

    limits = RateLimitSettings.load()
    limits.enabled, limits.daily_budget = False, 10**9
    limits.oauth_burst = limits.api_token_burst = limits.search_burst = 10**6
    limits.save()
    return {"burst": limits.oauth_burst, "daily_budget": limits.daily_budget}


COMMANDS = {
    "intake": intake,
    "propagation": propagation,
    "tenant": tenant,
    "tenants": tenants,
    "transfer": transfer,
    "unlimit": unlimit,
}

if __name__ == "__main__":
    print(json.dumps(COMMANDS[sys.argv[1]](*sys.argv[2:])))
