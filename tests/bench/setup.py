"""A connected integration outside pytest, made the way the `connected_integration` fixture
makes it (seeded sandboxes, Snov.io pair, Pipedrive consent, schema loaded)."""

import responses
from django.test import Client
from django.urls import reverse

from sandbox.pipedrive.seed import seed_sandbox as seed_pipedrive
from sandbox.snovio.seed import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET
from sandbox.snovio.seed import seed_sandbox as seed_snovio
from syncengine.schema_refresh import load_schema
from tests.conftest import METHODS, TESTSERVER, _forward_to_django
from tests.factories import make_integration, make_user
from tests.pipedrive_helpers import connect_pipedrive


def connected_integration():
    seed_snovio(prospects=10)
    seed_pipedrive(persons=5)
    integration = make_integration(make_user("bench@example.org"))
    client = Client()
    client.force_login(integration.owner)
    with responses.RequestsMock(assert_all_requests_are_fired=False) as http:
        for method in METHODS:
            http.add_callback(method, TESTSERVER, callback=_forward_to_django())
        client.post(
            reverse("integrations-snovio-connect", args=[integration.uuid]),
            {"client_id": DEMO_CLIENT_ID, "client_secret": DEMO_CLIENT_SECRET},
        )
        connect_pipedrive(client, integration)
    integration.refresh_from_db()
    schema = load_schema(integration)
    integration.target_list_id = schema.snovio_lists[0].id
    integration.owner_user_id = schema.pipedrive_users[0].id
    integration.save()
    return integration
