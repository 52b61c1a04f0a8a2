"""Containment at the unit of work (B13): whatever goes wrong while one event is processed —
a bug of ours, a payload nobody foresaw, a worker that died — ends that event, never the lane.

An unexpected error is retried with the same capped back-off as a server error; after
`decide.MAX_ATTEMPTS` the event is failed with the error's class and message in the sync log,
where it is counted and can be retried (B12)."""

import logging

from django.utils import timezone

from operations import counters
from syncengine.models import App, EventState, InboundEvent, Outcome, SyncEntry
from syncengine.wording import Text, _

logger = logging.getLogger(__name__)


class MalformedEvent(ValueError):
    """A stored event that cannot be applied whatever is retried (e.g. names no record)."""

    reason_code = "malformed_event"


INTERNAL_ERROR = "internal_error"
WORKER_LOST = "worker_lost"
WORKER_LOST_TEXT = _(
    "Processing stopped %(attempts)s times without finishing (the worker was stopped or ran "
    "out of time)."
)


def describe(exc: BaseException) -> str:
    """The error's class and message, storable whatever it contains."""
    text = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    return storable(text)[:2000]


def storable(text: str) -> str:
    """Without NUL and lone surrogates, which PostgreSQL refuses in text."""
    return text.encode("utf-8", "replace").decode("utf-8").replace("\x00", "")


def receiver_of(event: InboundEvent) -> str:
    return App.SNOVIO if event.source == App.PIPEDRIVE else App.PIPEDRIVE


def log_failure(event: InboundEvent, *, reason_code: str, message: str, who=None) -> SyncEntry:
    """The failed event's entry, written without the engine's context (which may be what
    failed). `who` is the event's subject (a `links.Result`) when it could be read. A message
    that is a Text keeps its words (the log says it in the reader's language)."""
    return SyncEntry.objects.create(
        integration_id=event.integration_id,
        receiver=getattr(who, "receiver", "") or receiver_of(event),
        origin="realtime",
        outcome=Outcome.FAILED,
        reason_code=reason_code,
        message=storable(message)[:2000],
        words=message.as_data() if isinstance(message, Text) else {},
        email=storable(getattr(who, "email", "") or "")[:320],
        snovio_id=storable(str(getattr(who, "snovio_id", "") or ""))[:100],
        pipedrive_id=getattr(who, "pipedrive_id", None),
        event=event,
    )


def fail_lost_events(event_ids: list[int], *, attempts_limit: int) -> list[int]:
    """Running events whose worker never came back, `attempts_limit` times: failed with a
    reason instead of being taken back again (a payload that kills its worker every time
    must not loop). Returns the ids failed."""
    lost = InboundEvent.objects.filter(
        pk__in=event_ids, state=EventState.RUNNING, attempts__gte=attempts_limit
    )
    failed = []
    for event in lost:
        message = Text(WORKER_LOST_TEXT, attempts=event.attempts)
        updated = InboundEvent.objects.filter(pk=event.pk, state=EventState.RUNNING).update(
            state=EventState.FAILED,
            last_error=message,
            next_attempt_at=None,
            processed_at=timezone.now(),
        )
        if updated:
            log_failure(event, reason_code=WORKER_LOST, message=message)
            count_finished(event, EventState.FAILED, reason=WORKER_LOST)
            logger.warning(
                "event %s failed: worker lost integration=%s", event.pk, event.integration_id
            )
            failed.append(event.pk)
    return failed


def count_finished(event: InboundEvent, state: str, *, reason: str = "") -> None:
    """Metrics: an event finished (done, ignored or failed, with its reason)."""
    counters.count("events_processed", app=event.source, state=state)
    if state == EventState.FAILED:
        counters.count("events_failed", app=event.source, reason=reason or "unknown")
