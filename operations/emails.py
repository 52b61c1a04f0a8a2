"""The notification emails, written in the recipient's language (every string goes through
gettext: a new catalog translates them without code changes), each with its one-click
unsubscribe link."""

import datetime as dt

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from integrations.models import Integration, StatusCause
from operations.models import Notification, NotificationKind
from operations.preferences import email_language, preference_of, unsubscribe_token
from syncengine.log_sentences import explain
from syncengine.models import Outcome, SyncEntry, TransferDirection

DIGEST_SAMPLES = 10
RECONNECT_CAUSES = (
    StatusCause.PIPEDRIVE_AUTH_LOST,
    StatusCause.PIPEDRIVE_UNPAID,
    StatusCause.PIPEDRIVE_FORBIDDEN,
    StatusCause.PIPEDRIVE_DISCONNECTED,
    StatusCause.APP_UNINSTALLED,
)


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def build_email(notification: Notification) -> EmailMessage:
    recipient = notification.recipient
    with translation.override(email_language(preference_of(recipient))):
        token = unsubscribe_token(recipient, notification.kind)
        unsubscribe_url = absolute(reverse("operations-unsubscribe", args=[token]))
        context = {
            "integration": notification.integration,
            "unsubscribe_url": unsubscribe_url,
            "preferences_url": absolute(reverse("operations-preferences")),
            **KIND_CONTEXT[NotificationKind(notification.kind)](notification),
        }
        template = f"operations/email/{notification.kind}"
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}.txt", context)
        language = translation.get_language()
    headers = {
        "List-Unsubscribe": f"<{unsubscribe_url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "Content-Language": language,
    }
    return EmailMessage(subject, body, to=[recipient.email], headers=headers)


def connection_failed_context(notification: Notification) -> dict:
    """The reason in plain words (the sentence the pages show for that cause) and the link
    that fixes it."""
    cause = notification.context.get("cause", StatusCause.OTHER)
    detail = notification.context.get("detail", "")
    then = Integration(status_cause=cause, status_detail=detail)
    label, url = fix_link(cause, notification.integration)
    return {"reason": then.status_message, "fix_label": label, "fix_url": url}


def fix_link(cause: str, integration: Integration) -> tuple[str, str]:
    uuid = integration.uuid
    if cause in RECONNECT_CAUSES:
        return _("Reconnect Pipedrive"), absolute(reverse("integrations-detail", args=[uuid]))
    if cause in (StatusCause.SNOVIO_ACCESS_LOST, StatusCause.SNOVIO_DISCONNECTED):
        url = reverse("integrations-snovio-connect", args=[uuid])
        return _("Check the Snov.io API credentials"), absolute(url)
    return _("Fix the settings"), absolute(reverse("integrations-settings", args=[uuid]))


def transfer_failures_context(notification: Notification) -> dict:
    facts = notification.context
    url = reverse("syncengine-transfer-job", args=[notification.integration.uuid, facts["job_id"]])
    return {
        "direction": TransferDirection(facts["direction"]).label,
        "written": facts["written"],
        "failed": facts["failed"],
        "job_url": absolute(url),
    }


def daily_digest_context(notification: Notification) -> dict:
    facts = notification.context
    since = dt.datetime.fromisoformat(facts["since"])
    until = dt.datetime.fromisoformat(facts["until"])
    log_url = absolute(reverse("syncengine-log", args=[notification.integration.uuid]))
    return {
        "since": since,
        "until": until,
        "failed": facts["failed"],
        "ambiguous": facts["ambiguous"],
        "samples": digest_samples(notification.integration_id, since, until),
        "failed_url": f"{log_url}?outcome={Outcome.FAILED}",
        "ambiguous_url": f"{log_url}?outcome={Outcome.AMBIGUOUS}",
    }


def digest_samples(integration_id: int, since: dt.datetime, until: dt.datetime) -> list:
    """The latest failed and parked entries, each `message` replaced (in memory, never saved)
    by the sentence the sync log shows, in the active language: the recipient's."""
    entries = list(
        SyncEntry.objects.filter(
            integration_id=integration_id,
            outcome__in=[Outcome.FAILED, Outcome.AMBIGUOUS],
            retried_at__isnull=True,
            created_at__gte=since,
            created_at__lt=until,
        ).order_by("-created_at", "-id")[:DIGEST_SAMPLES]
    )
    for entry in entries:
        entry.message = explain(entry)
    return entries


KIND_CONTEXT = {
    NotificationKind.CONNECTION_FAILED: connection_failed_context,
    NotificationKind.TRANSFER_FAILURES: transfer_failures_context,
    NotificationKind.DAILY_DIGEST: daily_digest_context,
}
