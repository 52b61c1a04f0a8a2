"""Drive the Pipedrive sandbox's consent page like a person would, from a test client."""

from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.urls import reverse

from integrations.views import OAUTH_SESSION_KEY
from sandbox.pipedrive.models import User as SandboxUser
from sandbox.pipedrive.seed import SANDBOX_USER_PASSWORD

AUTHORIZE = "/sandbox/pipedrive/oauth/authorize"
CALLBACK = "/integration/pipedrive/callback/"
ANA = "ana@demo-company.example"


def start_connect(client, integration) -> str:
    client.post(reverse("integrations-pipedrive-connect", args=[integration.uuid]))
    return client.session[OAUTH_SESSION_KEY]["state"]


def consent(client, state: str, email: str = ANA) -> str:
    """Log in at the sandbox, choose the company, press Connect app; return the code."""
    form = {
        "client_id": settings.PIPEDRIVE_CLIENT_ID,
        "redirect_uri": settings.PIPEDRIVE_REDIRECT_URI,
        "state": state,
    }
    client.post(
        AUTHORIZE, {**form, "action": "login", "email": email, "password": SANDBOX_USER_PASSWORD}
    )
    account = SandboxUser.objects.get(email=email).pk
    response = client.post(AUTHORIZE, {**form, "action": "connect", "account": account})
    query = parse_qs(urlsplit(response["Location"]).query)
    assert query["state"] == [state]
    return query["code"][0]


def connect_pipedrive(client, integration, email: str = ANA):
    """The whole OAuth round trip (needs the `sandbox_http` fixture active)."""
    state = start_connect(client, integration)
    code = consent(client, state, email)
    return client.get(CALLBACK, {"code": code, "state": state}), code
