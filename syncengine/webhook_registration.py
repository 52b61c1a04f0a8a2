"""Register exactly the webhooks an integration's settings need, and remove the rest.

Ours are recognised by the ids we stored and by our URL (which carries the integration's uuid
or secret token), so a lost id is recovered and webhooks of other apps are never touched.
Running it twice leaves the same set."""

import contextlib
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from automations.models import Automation
from automations.registry import TRIGGER_EVENTS, Trigger
from config import lanes
from integrations import connections
from integrations.clients.errors import ApiError, NotFound
from integrations.guards import guard_pipedrive
from integrations.models import (
    Direction,
    Integration,
    RealtimeState,
    Status,
    new_secret,
    pipedrive_auth_hash,
    snovio_token_hash,
)
from syncengine.exchange import Exchange

logger = logging.getLogger(__name__)

LIVE_STATUSES = (Status.ACTIVE, Status.SYNCING)  # Syncing: changes wait, but are received
PIPEDRIVE_EVENTS = frozenset(("person", action) for action in ("create", "change", "delete"))
# What the email history (R3.5) shows: the email and its status, not the campaign's end.
EMAIL_HISTORY_TRIGGERS = (
    Trigger.EMAIL_SENT,
    Trigger.EMAIL_OPENED,
    Trigger.LINK_CLICKED,
    Trigger.REPLIED,
    Trigger.BOUNCED,
)
WEBHOOK_NAME = "Snov.io sync"


@dataclass(frozen=True)
class WebhookNeeds:
    pipedrive: frozenset[tuple[str, str]] = frozenset()
    snovio: frozenset[tuple[str, str]] = frozenset()


def needed_webhooks(
    *, live: bool, direction: str, email_history: bool, enabled_triggers: frozenset[str]
) -> WebhookNeeds:
    """(event_object, event_action) pairs each app must send us."""
    if not live:
        return WebhookNeeds()
    pipedrive = PIPEDRIVE_EVENTS if direction in (Direction.BOTH, Direction.TO_SNOVIO) else set()
    snovio = set()
    if direction in (Direction.BOTH, Direction.TO_PIPEDRIVE):
        triggers = set(enabled_triggers)
        if email_history:
            triggers |= set(EMAIL_HISTORY_TRIGGERS)
        snovio = {TRIGGER_EVENTS[t] for t in triggers if t in TRIGGER_EVENTS}
    return WebhookNeeds(frozenset(pipedrive), frozenset(snovio))


def needs_of(integration: Integration) -> WebhookNeeds:
    enabled = Automation.objects.filter(integration=integration, enabled=True)
    exchange = Exchange.of(integration)
    return needed_webhooks(
        live=integration.status in LIVE_STATUSES,
        direction=exchange.direction,
        email_history=exchange.include_email_history,
        enabled_triggers=frozenset(enabled.values_list("trigger", flat=True)),
    )


def ensure_realtime_state(integration: Integration) -> tuple[RealtimeState, bool]:
    """The integration's state row with its webhook secrets; True when they were just made."""
    with transaction.atomic():
        state, created = RealtimeState.objects.get_or_create(integration=integration)
        if state.pipedrive_auth_password and state.snovio_token:
            return state, False
        state.pipedrive_auth_user = f"pd-{integration.uuid.hex[:12]}"
        state.pipedrive_auth_password = new_secret()
        state.snovio_token = new_secret()
        RealtimeState.objects.filter(pk=state.pk).update(
            pipedrive_auth_user=state.pipedrive_auth_user,
            pipedrive_auth_password=state.pipedrive_auth_password,
            pipedrive_auth_hash=pipedrive_auth_hash(
                state.pipedrive_auth_user.encode(), state.pipedrive_auth_password.encode()
            ),
            snovio_token=state.snovio_token,
            snovio_token_hash=snovio_token_hash(state.snovio_token),
        )
    return state, True


def pipedrive_webhook_url(integration: Integration) -> str:
    return settings.SITE_URL + reverse("integrations-pipedrive-webhook", args=[integration.uuid])


def snovio_webhook_url(state: RealtimeState) -> str:
    return settings.SITE_URL + reverse("integrations-snovio-webhook", args=[state.snovio_token])


def sync_webhooks(*, integration: Integration) -> None:
    """Make both apps send us exactly what the settings need (nothing unless Active/Syncing).

    Raises ApiError; Pipedrive auth/billing errors first mark Connection failed (R8)."""
    integration.refresh_from_db()
    state, fresh = ensure_realtime_state(integration)
    needs = needs_of(integration)
    RealtimeState.objects.filter(pk=state.pk).update(webhooks_checked_at=timezone.now())
    pd = integration.pipedrive
    if pd is not None and not pd.is_broken:
        with guard_pipedrive(integration):
            ids = sync_pipedrive_webhooks(
                connections.pipedrive_client(pd),
                wanted=needs.pipedrive,
                url=pipedrive_webhook_url(integration),
                state=state,
                replace_all=fresh,
            )
        RealtimeState.objects.filter(pk=state.pk).update(pipedrive_webhook_ids=ids)
    if integration.snovio is not None:
        ids = sync_snovio_webhooks(
            connections.snovio_client(integration.snovio),
            wanted=needs.snovio,
            url=snovio_webhook_url(state),
            known_ids=state.snovio_webhook_ids,
        )
        RealtimeState.objects.filter(pk=state.pk).update(snovio_webhook_ids=ids)


def sync_pipedrive_webhooks(client, *, wanted, url, state, replace_all=False) -> list[int]:
    """`replace_all`: the secrets are new, so webhooks made with the old ones must go.

    Pipedrive bans a webhook whose deliveries fail (its events are dropped meanwhile) and
    deletes one failing for 3 days: a webhook of ours gone, inactive or last answered with an
    error means events were missed, so the next tick polls Pipedrive for them (B8); an
    inactive one is replaced."""
    known = set(state.pipedrive_webhook_ids)
    ours = [h for h in client.list_webhooks() if h.id in known or h.subscription_url == url]
    if wanted and missed_events(ours, known):
        catch_up_soon(state)
    kept, ids = set(), []
    for hook in ours:
        key = (hook.event_object, hook.event_action)
        usable = hook.subscription_url == url and hook.version in ("2.0", "") and not replace_all
        usable = usable and hook.is_active
        if usable and key in wanted and key not in kept:
            kept.add(key)
            ids.append(hook.id)
        else:
            _delete_quietly(client, hook.id)
    for event_object, event_action in sorted(wanted - kept):
        hook = client.create_webhook(
            subscription_url=url,
            event_object=event_object,
            event_action=event_action,
            http_auth_user=state.pipedrive_auth_user,
            http_auth_password=state.pipedrive_auth_password,
            name=WEBHOOK_NAME,
        )
        ids.append(hook.id)
    return sorted(ids)


def missed_events(ours, known: set[int]) -> bool:
    """Whether Pipedrive dropped events for us: a webhook we registered is gone (deleted),
    inactive (banned) or its last delivery failed."""
    gone = known - {hook.id for hook in ours}
    failed = any(
        not hook.is_active or not 200 <= (hook.last_http_status or 200) < 300 for hook in ours
    )
    return bool(gone) or failed


def catch_up_soon(state: RealtimeState) -> None:
    """Poll Pipedrive's `updated_since` at the next tick instead of at the usual interval."""
    logger.info("pipedrive webhooks missed events integration=%s", state.integration_id)
    RealtimeState.objects.filter(pk=state.pk).update(next_poll_at=timezone.now())


def sync_snovio_webhooks(client, *, wanted, url, known_ids) -> list[int]:
    known = set(known_ids)
    ours = [h for h in client.list_webhooks() if h.id in known or h.end_point == url]
    kept, ids = set(), []
    for hook in ours:
        key = (hook.event_object, hook.event_action)
        if hook.end_point == url and key in wanted and key not in kept:
            if hook.status != "active":  # deactivated by Snov.io after failed deliveries
                client.update_webhook(hook.id, status="active")
            kept.add(key)
            ids.append(hook.id)
        else:
            _delete_quietly(client, hook.id)
    for event_object, event_action in sorted(wanted - kept):
        hook = client.create_webhook(
            event_object=event_object, event_action=event_action, endpoint_url=url
        )
        ids.append(hook.id)
    return sorted(ids)


def remove_webhooks(*, integration: Integration) -> None:
    """Best effort, before a connection's credentials are deleted (R1.6): errors are logged."""
    state = RealtimeState.objects.filter(integration=integration).first()
    if state is None:
        return
    pd, snovio = integration.pipedrive, integration.snovio
    if pd is not None and not pd.is_broken and state.pipedrive_webhook_ids:
        _remove_with(integration, "pipedrive", lambda: _remove_pipedrive(pd, state))
    if snovio is not None and state.snovio_webhook_ids:
        _remove_with(integration, "snovio", lambda: _remove_snovio(snovio, state))


def _remove_pipedrive(pd, state) -> None:
    url = pipedrive_webhook_url(state.integration)
    client = connections.pipedrive_client(pd)
    sync_pipedrive_webhooks(client, wanted=frozenset(), url=url, state=state)
    RealtimeState.objects.filter(pk=state.pk).update(pipedrive_webhook_ids=[])


def _remove_snovio(snovio, state) -> None:
    client = connections.snovio_client(snovio)
    url = snovio_webhook_url(state)
    sync_snovio_webhooks(client, wanted=frozenset(), url=url, known_ids=state.snovio_webhook_ids)
    RealtimeState.objects.filter(pk=state.pk).update(snovio_webhook_ids=[])


def _remove_with(integration, app: str, remove) -> None:
    try:
        remove()
    except ApiError as exc:
        logger.warning(
            "webhook removal failed integration=%s app=%s reason=%s",
            integration.pk,
            app,
            exc.reason_code,
        )


def _delete_quietly(client, webhook_id: int) -> None:
    with contextlib.suppress(NotFound):  # already gone: that is what we wanted
        client.delete_webhook(webhook_id)


def enqueue_webhook_sync(integration: Integration) -> None:
    """Called where the settings or the status change: the APIs are called by a worker."""
    lanes.enqueue_on_commit(lanes.SYNC_WEBHOOKS, integration.pk)
