"""Prepare a benchmark database (run with its DATABASE_URL); print what the load needs as JSON.

    python scripts/bench/setup_realtime.py intake       one integration and its webhook secrets
    python scripts/bench/setup_realtime.py propagation  both sandboxes connected over HTTP to
                                                        the running server (SITE_URL), launched
                                                        two-way, webhooks registered

Called by tests/bench/bench_intake.py and bench_propagation.py, never by the product."""

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

from integrations.models import Direction, Status  # noqa: E402
from integrations.status import set_status  # noqa: E402
from syncengine.webhook_registration import ensure_realtime_state, sync_webhooks  # noqa: E402
from tests.factories import make_integration, make_user  # noqa: E402


def intake() -> dict:
    integration = make_integration(make_user("bench-intake@example.org"))
    state, _ = ensure_realtime_state(integration)
    return {
        "uuid": str(integration.uuid),
        "user": state.pipedrive_auth_user,
        "password": state.pipedrive_auth_password,
    }


def propagation() -> dict:
    from sandbox.pipedrive.seed import seed_sandbox as seed_pipedrive
    from sandbox.snovio.seed import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET
    from sandbox.snovio.seed import seed_sandbox as seed_snovio
    from syncengine.schema_refresh import refresh_schema
    from tests.pipedrive_helpers import connect_pipedrive

    seed_snovio(prospects=10)
    seed_pipedrive(persons=5)
    integration = make_integration(make_user("bench-propagation@example.org"))
    client = Client()
    client.force_login(integration.owner)
    client.post(
        reverse("integrations-snovio-connect", args=[integration.uuid]),
        {"client_id": DEMO_CLIENT_ID, "client_secret": DEMO_CLIENT_SECRET},
    )
    connect_pipedrive(client, integration)
    integration.refresh_from_db()
    schema = refresh_schema(integration=integration)
    target = next(lst for lst in schema.snovio_lists if lst.name == "Website signups")
    integration.direction = Direction.BOTH
    integration.target_list_id = target.id
    integration.owner_user_id = schema.pipedrive_users[0].id
    integration.launched_at = timezone.now()
    integration.save()
    set_status(integration, Status.ACTIVE)
    sync_webhooks(integration=integration)
    OrmQ.objects.all().delete()  # the connect steps' background refreshes: done above
    return {
        "uuid": str(integration.uuid),
        "api_url": integration.pipedrive.api_domain,
        "access_token": integration.pipedrive.access_token,
        "target_list": target.name,
    }


if __name__ == "__main__":
    print(json.dumps({"intake": intake, "propagation": propagation}[sys.argv[1]]()))
