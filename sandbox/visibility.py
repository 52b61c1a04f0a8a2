"""How much of a secret the play pages show (B14).

The emulators are shared by every account of a deployment, and what they hold (webhook URLs
with their tokens, API tokens and secrets) is what the accounts' connections authenticate with.
A play page shows such a value in full only to the account whose integration uses it; everyone
else sees it masked."""

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.urls import reverse

from integrations.crypto import mask
from integrations.models import Integration

# Our webhook endpoints end in the integration's uuid (Pipedrive) or secret token (Snov.io).
WEBHOOK_PATH = re.compile(r"(/webhooks/(?:pipedrive|snovio)/)([^/\s]+)/")


@dataclass(frozen=True)
class Viewer:
    """The secrets and webhook paths of the signed-in user's own integration."""

    secrets: frozenset[str] = frozenset()
    webhook_paths: frozenset[str] = frozenset()

    def owns(self, secret: str) -> bool:
        return bool(secret) and secret in self.secrets

    def secret(self, value: str) -> str:
        return value if self.owns(value) else mask(value)

    def url(self, url: str) -> str:
        """In full when it is one of the viewer's webhook URLs; else only its origin shows."""
        if any(path in url for path in self.webhook_paths):
            return url
        if WEBHOOK_PATH.search(url):
            return self.text(url)
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""
        return f"{origin}/{mask(url)}"

    def text(self, text: str) -> str:
        """Free text (a delivery error) with other integrations' webhook paths masked."""
        return WEBHOOK_PATH.sub(self._webhook_path, text or "")

    def _webhook_path(self, match: re.Match) -> str:
        if match[0] in self.webhook_paths:
            return match[0]
        return f"{match[1]}{mask(match[2])}/"


def viewer_of(user) -> Viewer:
    integration = None
    if user.is_authenticated:
        integration = (
            Integration.objects.filter(owner=user)
            .select_related("snovio_connection", "pipedrive_connection", "realtime")
            .first()
        )
    if integration is None:
        return Viewer()
    secrets, paths = _connection_secrets(integration), set()
    paths.add(reverse("integrations-pipedrive-webhook", args=[integration.uuid]))
    state = getattr(integration, "realtime", None)
    if state is not None:
        secrets.add(state.pipedrive_auth_password)
        if state.snovio_token:
            paths.add(reverse("integrations-snovio-webhook", args=[state.snovio_token]))
    return Viewer(secrets=frozenset(filter(None, secrets)), webhook_paths=frozenset(paths))


def _connection_secrets(integration: Integration) -> set[str]:
    secrets = set()
    if integration.snovio is not None:
        secrets |= {integration.snovio.client_secret, integration.snovio.access_token}
    if integration.pipedrive is not None:
        pipedrive = integration.pipedrive
        secrets |= {pipedrive.access_token, pipedrive.refresh_token, pipedrive.api_token}
    return secrets
