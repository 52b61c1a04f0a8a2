"""Process one stored InboundEvent: claim it, check the integration, apply it, log every
outcome, and turn errors into waiting, retrying or failing (DESIGN "Rate limits and errors").

Delivery is at-least-once: only the task that moves the row to RUNNING works on it, and a
finished row is never claimed again."""

import datetime as dt
import logging

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from integrations.clients.errors import (
    ApiError,
    AuthError,
    BillingError,
    ForbiddenError,
    RateLimited,
    TransientError,
)
from integrations.guards import SnovioConnectionLost, guard_pipedrive, guard_snovio
from integrations.models import StatusCause
from operations.logcontext import log_context
from syncengine import writers
from syncengine.models import App, EventState, InboundEvent, Outcome
from syncengine.realtime import decide, failures
from syncengine.realtime.campaigns import handle_campaign_event
from syncengine.realtime.contacts import (
    apply_person_change,
    apply_person_delete,
    apply_prospect_change,
)
from syncengine.realtime.email_history import ActivityBeingCreated
from syncengine.realtime.events import (
    parse_campaign_event,
    parse_person_event,
    parse_prospect_event,
)
from syncengine.realtime.links import LinkBusy, LinkConflict, Result
from syncengine.wording import Text, _

logger = logging.getLogger(__name__)

LOST_ACCESS = (AuthError, BillingError, ForbiddenError, SnovioConnectionLost)
# The integration's status in a skipped record's message (the labels of integrations.Status).
STATUS_WORDS = {
    "setup": _("Not connected"),
    "paused": _("Paused"),
    "active": _("Active"),
    "syncing": _("Syncing"),
    "failed": _("Connection failed"),
}
BUSY_WAIT = dt.timedelta(seconds=5)


def claim_event(event_id: int, now: dt.datetime | None = None) -> bool:
    """PENDING (or WAITING and due) → RUNNING; True for exactly one caller.

    The claim time goes into next_attempt_at: the tick takes a running event back only
    EVENT_STUCK_MINUTES after its claim, not after its arrival (a backlog's old events)."""
    now = now or timezone.now()
    due = Q(state=EventState.PENDING) | Q(state=EventState.WAITING) & (
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    )
    running = {"state": EventState.RUNNING, "next_attempt_at": now}
    claimed = InboundEvent.objects.filter(due, id=event_id).update(**running)
    return claimed == 1


def process_event(*, event_id: int) -> str | None:
    """Returns the event's new state, or None if another task has it (or it is finished).

    Nothing escapes: any error ends this event (waiting for a retry, then failed with a
    reason), never the worker's task, so a claimed event never stays running (B13)."""
    if not claim_event(event_id):
        return None
    event = InboundEvent.objects.select_related("integration").get(pk=event_id)
    with log_context(integration=event.integration.uuid, event=event.pk):
        try:
            return process_claimed(event)
        except Exception as exc:
            return contain(event, exc)


def process_claimed(event: InboundEvent) -> str:
    integration = event.integration
    verdict = decide.gate(
        integration.status,
        settings_problem=integration.status_cause == StatusCause.SETTINGS_PROBLEM,
    )
    if verdict.verdict == decide.WAIT:
        return park(event, verdict.wait or decide.SYNCING_WAIT, verdict.reason)
    ctx = writers.load_context(integration)
    if verdict.verdict == decide.SKIP:
        skipped = subject_of(event)
        skipped.outcome, skipped.reason = Outcome.SKIPPED, verdict.reason
        status = Text(STATUS_WORDS.get(integration.status, integration.get_status_display()))
        skipped.message = Text(_("Not synced: the integration is %(status)s."), status=status)
        return finish(ctx, event, [skipped])
    return run_event(ctx, event)


def run_event(ctx, event: InboundEvent) -> str:
    try:
        with guard_pipedrive(ctx.integration), guard_snovio(ctx.integration):
            results = handle(ctx, event)
    except LOST_ACCESS as exc:
        return park(event, decide.CONNECTION_WAIT, str(exc))
    except RateLimited as exc:
        return park(event, dt.timedelta(seconds=max(exc.retry_after, 1)), str(exc))
    except TransientError as exc:
        return retry_later(ctx, event, exc)
    except (ActivityBeingCreated, LinkBusy):
        return park(event, BUSY_WAIT, "another task is creating this record right now")
    except LinkConflict as exc:
        conflict = subject_of(event)
        conflict.outcome, conflict.reason, conflict.message = (
            Outcome.AMBIGUOUS,
            "linked_elsewhere",
            said(exc),
        )
        return finish(ctx, event, [conflict])
    except ApiError as exc:  # permanent: validation, not found, anything else refused
        return fail(ctx, event, exc)
    return finish(ctx, event, results)


def handle(ctx, event: InboundEvent) -> list[Result]:
    entity = event.kind.partition(".")[0]
    if event.source == App.PIPEDRIVE:
        if entity != "person":
            return []
        change = readable(parse_person_event, event)
        if change.person_id is None:
            raise failures.MalformedEvent(Text(_("The Pipedrive event names no person id.")))
        if change.action == "delete":
            return [apply_person_delete(ctx, change)]
        return [apply_person_change(ctx, change)]
    if event.kind == "prospect.change":
        return [apply_prospect_change(ctx, readable(parse_prospect_event, event))]
    return handle_campaign_event(ctx, event, readable(parse_campaign_event, event))


def readable(parse, event: InboundEvent):
    """The parsed payload; one that cannot be parsed never will be (no retry)."""
    try:
        return parse(event.payload)
    except (AttributeError, KeyError, TypeError, ValueError, OverflowError) as exc:
        reason = Text(_("The event could not be read: %(error)s"), error=failures.describe(exc))
        raise failures.MalformedEvent(reason) from exc


def subject_of(event: InboundEvent) -> Result:
    """Who an event is about, for its log entry when it cannot be applied."""
    if event.source == App.PIPEDRIVE:
        change = parse_person_event(event.payload)
        return Result(App.SNOVIO, "", email=change.email, pipedrive_id=change.person_id)
    if event.kind == "prospect.change":
        prospect = parse_prospect_event(event.payload)
        return Result(App.PIPEDRIVE, "", email=prospect.email, snovio_id=prospect.prospect.id)
    campaign = parse_campaign_event(event.payload)
    return Result(App.PIPEDRIVE, "", email=campaign.email, snovio_id=campaign.prospect_id)


def origin_of(event: InboundEvent) -> str:
    if event.kind == "prospect.change":
        return "poll"
    meta = event.payload.get("meta") if isinstance(event.payload, dict) else None
    return "poll" if isinstance(meta, dict) and meta.get("change_source") == "poll" else "realtime"


def finish(ctx, event: InboundEvent, results: list[Result]) -> str:
    for result in results:
        log_result(ctx, event, result)
    failed = [r.reason for r in results if r.outcome == Outcome.FAILED]
    state = EventState.FAILED if failed else EventState.DONE if results else EventState.IGNORED
    return set_state(event, state, reason=failed[0] if failed else "")


def log_result(ctx, event: InboundEvent, result: Result) -> None:
    writers.log_entry(
        ctx,
        receiver=result.receiver,
        origin=result.origin or origin_of(event),
        outcome=result.outcome,
        reason_code=result.reason,
        message=result.message,
        remote_error=result.remote_error,
        email=result.email,
        snovio_id=result.snovio_id,
        pipedrive_id=result.pipedrive_id,
        changes=result.changes,
        candidates=result.candidates,
        event=event,
    )


def fail(ctx, event: InboundEvent, exc: ApiError) -> str:
    who = subject_of(event)
    writers.record_failure(
        ctx,
        receiver=who.receiver,
        origin=origin_of(event),
        exc=exc,
        email=who.email,
        snovio_id=who.snovio_id,
        pipedrive_id=who.pipedrive_id,
        event=event,
    )
    return set_state(event, EventState.FAILED, error=str(exc), reason=exc.reason_code)


def contain(event: InboundEvent, exc: Exception) -> str:
    """An error nobody planned for: retried with back-off, then failed with its class and
    message in the sync log (retryable, B12)."""
    if isinstance(exc, failures.MalformedEvent):
        logger.warning("event %s malformed integration=%s", event.pk, event.integration_id)
    else:
        logger.exception("event %s raised integration=%s", event.pk, event.integration_id)
    malformed = isinstance(exc, failures.MalformedEvent)  # retrying cannot mend a payload
    reason = failures.storable(str(exc)) if malformed else failures.describe(exc)
    event.attempts += 1
    InboundEvent.objects.filter(pk=event.pk).update(attempts=event.attempts)
    if not malformed and not decide.gives_up(event.attempts):
        return park(event, retry_wait(event.attempts), reason)
    code = failures.MalformedEvent.reason_code if malformed else failures.INTERNAL_ERROR
    who = readable_subject(event)
    message = said(exc) if malformed else reason  # a Text keeps its words for the log
    failures.log_failure(event, reason_code=code, message=message, who=who)
    return set_state(event, EventState.FAILED, error=reason, reason=code)


def said(exc: Exception) -> str:
    """The error's message; a Text as it is (the log says it in the reader's language)."""
    message = exc.args[0] if len(exc.args) == 1 else None
    return message if isinstance(message, Text) else str(exc)


def readable_subject(event: InboundEvent) -> Result | None:
    """Who the event is about, if its payload can say (a poison payload may not)."""
    try:
        return subject_of(event)
    except Exception:
        return None


def retry_later(ctx, event: InboundEvent, exc: TransientError) -> str:
    """Capped exponential backoff; after MAX_ATTEMPTS the record is failed (B12)."""
    event.attempts += 1
    InboundEvent.objects.filter(pk=event.pk).update(attempts=event.attempts)
    if decide.gives_up(event.attempts):
        return fail(ctx, event, exc)
    return park(event, retry_wait(event.attempts), str(exc))


def retry_wait(attempts: int) -> dt.timedelta:
    return decide.backoff(attempts, base_seconds=settings.EVENT_RETRY_BASE_SECONDS)


def park(event: InboundEvent, wait: dt.timedelta, reason: str) -> str:
    """Waiting: the scheduler's tick enqueues the event again once it is due."""
    return set_state(event, EventState.WAITING, error=reason, next_at=timezone.now() + wait)


def set_state(
    event: InboundEvent, state: str, *, error: str = "", next_at=None, reason: str = ""
) -> str:
    """`reason`: why a failed event failed (its sync-log reason code), for the metrics."""
    done = state in (EventState.DONE, EventState.IGNORED, EventState.FAILED)
    InboundEvent.objects.filter(pk=event.pk).update(
        state=state,
        last_error=failures.storable(error)[:2000],
        next_attempt_at=next_at,
        processed_at=timezone.now() if done else None,
    )
    event.state = state
    if done:
        failures.count_finished(event, state, reason=reason)
    return state
