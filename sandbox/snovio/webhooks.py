"""Webhook subscriptions (Snov.io API v2): at most 50 per account, active or deactivated."""

from urllib.parse import urlsplit

from django.db import transaction

from sandbox.snovio.models import Account, Webhook, WebhookStatus
from sandbox.snovio.services import SandboxValidationError

# https://snov.io/api#webhooks — the event catalogue (event_object → event_actions).
EVENT_CATALOGUE = {
    "campaign_email": ("sent", "first_sent", "opened", "bounced", "clicked"),
    "campaign_reply": ("received", "first_received", "autoreply_received"),
    "campaign_li_reply": ("received", "first_received"),
    "campaign_li": ("connection_request_accepted",),
    "prospect": (
        "campaign_finished",
        "unsubscribed",
        "found_by_li_url",
        "found_emails_by_name_by_domain",
        "found_company_by_domain",
    ),
    "company": ("found_domains_by_names", "found_company_by_domain"),
    "email_verification": ("verified",),
    "email": (
        "found_emails_by_domain",
        "found_generic_contacts_by_domain",
        "found_prospect_emails",
    ),
    "database_search": ("task_result",),
}


def _validate(event_object: str, event_action: str, endpoint_url: str) -> None:
    errors = {}
    if event_action not in EVENT_CATALOGUE.get(event_object, ()):
        errors["event_action"] = f"Unknown event {event_object}.{event_action}"
    url = urlsplit(endpoint_url)
    if url.scheme not in ("http", "https") or not url.netloc:
        errors["endpoint_url"] = "endpoint_url must be an http(s) URL"
    if errors:
        raise SandboxValidationError(errors)


def create_webhook(
    account: Account, *, event_object: str, event_action: str, endpoint_url: str
) -> Webhook:
    _validate(event_object, event_action, endpoint_url)
    with transaction.atomic():
        Account.objects.select_for_update().filter(pk=account.pk).exists()
        if account.webhooks.count() >= Webhook.MAX_PER_ACCOUNT:
            raise SandboxValidationError(
                {"webhooks_count": f"An account may have at most {Webhook.MAX_PER_ACCOUNT}"}
            )
        return Webhook.objects.create(
            account=account,
            event_object=event_object,
            event_action=event_action,
            end_point=endpoint_url,
        )


def set_webhook_status(webhook: Webhook, status: str) -> Webhook:
    if status not in WebhookStatus.values:
        raise SandboxValidationError({"status": "status must be active or deactivated"})
    webhook.status = status
    webhook.save(update_fields=["status"])
    return webhook
