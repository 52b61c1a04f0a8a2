"""A user removes the app in Pipedrive (Tools and apps → Marketplace apps → Uninstall).

Pipedrive then revokes the app's tokens for that user, removes the webhooks the app made, and
sends `DELETE` to the app's callback URL (the OAuth redirect URI registered in Developer Hub)
with a JSON body `{client_id, company_id, user_id, timestamp}` and HTTP Basic auth made of the
app's client id and secret; the answer is not read
(https://pipedrive.readme.io/docs/app-uninstallation). The notice is sent in the background,
like webhooks."""

import datetime as dt
import logging

import requests
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import AccessToken, User, Webhook

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 10


def has_app_installed(user: User) -> bool:
    return AccessToken.objects.filter(user=user, refresh_revoked=False).exists()


@transaction.atomic
def uninstall_app(user: User) -> dict:
    """End every grant of the app for this user and queue the notice; returns its body."""
    AccessToken.objects.filter(user=user, company=user.company).update(
        revoked=True, refresh_revoked=True
    )
    Webhook.objects.filter(company=user.company, user=user, type="application").delete()
    now = timezone.now().astimezone(dt.UTC)
    body = {
        "client_id": settings.PIPEDRIVE_CLIENT_ID,
        "company_id": user.company_id,
        "user_id": user.id,
        "timestamp": now.isoformat(timespec="seconds").replace("+00:00", "Z"),
    }
    transaction.on_commit(lambda: enqueue_notice(body))
    return body


def enqueue_notice(body: dict) -> None:
    from django_q.tasks import async_task

    from config.lanes import HOUSEKEEPING

    async_task("sandbox.pipedrive.uninstall.send_notice", body, cluster=HOUSEKEEPING)


def send_notice(body: dict) -> int | None:
    """DELETE the callback URL; the status (None when unreachable) is only logged."""
    auth = (settings.PIPEDRIVE_CLIENT_ID, settings.PIPEDRIVE_CLIENT_SECRET)
    try:
        response = requests.delete(
            settings.PIPEDRIVE_REDIRECT_URI, json=body, auth=auth, timeout=TIMEOUT_SECONDS
        )
    except requests.RequestException as exc:
        logger.info("sandbox uninstall notice not delivered: %s", type(exc).__name__)
        return None
    logger.info("sandbox uninstall notice answered %s", response.status_code)
    return response.status_code
