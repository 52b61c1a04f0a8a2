"""Run a transfer as short steps: read a page, decide a batch, or write a batch (R7, B7).

A step claims the job with a lease, so two deliveries of one task never work at once; it saves
its checkpoint, releases the lease and enqueues the next step in one transaction. A worker
killed mid-step leaves the lease to expire; django-q delivers the task again and the step
starts over from the checkpoint. A spent API budget puts the job to sleep until the reset
with a one-off schedule.

Failures are contained at the record (writing.py, failures.py); what reaches this module
concerns the whole job: lost access (Connection failed, the job fails), a spent budget or a
server error (the job waits), or an unexpected error outside any one record (retried with
back-off, then the job fails with the error's class and message)."""

import datetime as dt
import logging

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from config import lanes
from integrations.clients.errors import ApiError, RateLimited, TransientError
from integrations.guards import guard_pipedrive, guard_snovio
from integrations.models import Integration, Status
from operations.logcontext import log_context
from operations.notify import record_transfer_failures
from syncengine.models import EventState, InboundEvent, TransferJob, TransferPhase, TransferState
from syncengine.realtime import drain
from syncengine.transfer import failures, planning, reading, writing
from syncengine.wording import Text, _
from syncengine.writers import load_context

logger = logging.getLogger(__name__)

LEASE = dt.timedelta(seconds=240)  # longer than a step, shorter than django-q's retry (420 s)
TRANSIENT_WAIT = 60.0

MORE, WAITING, FINISHED, BUSY = "more", "waiting", "finished", "busy"


def run_step(job_id: int, *, now=timezone.now) -> str:
    """Do the next piece of work of a job; says whether more is to come."""
    job = claim(job_id, now())
    if job is None:
        return BUSY
    with log_context(integration=job.integration.uuid, transfer=job.pk):
        return run_claimed(job)


def run_claimed(job: TransferJob) -> str:
    try:
        if job.cancel_requested:
            return finish(job, TransferState.CANCELLED)
        with guard_pipedrive(job.integration), guard_snovio(job.integration):
            return advance(job)
    except RateLimited as exc:
        return wait(job, exc.retry_after, str(exc))
    except failures.RetryLater as exc:  # one record met a server error: back-off, then again
        return wait(job, failures.backoff_seconds(exc.attempts), str(exc))
    except TransientError as exc:
        return wait(job, TRANSIENT_WAIT, str(exc))
    except ApiError as exc:
        return finish(job, TransferState.FAILED, error=str(exc))
    except Exception as exc:
        return stumble(job, exc)


def stumble(job: TransferJob, exc: Exception) -> str:
    """An unexpected error outside any one record: the step is tried again after a back-off,
    MAX_STEP_FAILURES times in a row at most, then the job fails saying what went wrong."""
    logger.exception("transfer %s step failed integration=%s", job.pk, job.integration_id)
    failed = job.step_failures + 1
    TransferJob.objects.filter(pk=job.pk).update(step_failures=failed)
    reason = failures.describe(exc).reason
    if failed >= failures.MAX_STEP_FAILURES:
        message = _("The transfer stopped after %(attempts)s attempts: %(reason)s")
        error = Text(message, attempts=failed, reason=reason)
        return finish(job, TransferState.FAILED, error=error)
    waiting = Text(_("Trying again after an error: %(reason)s"), reason=reason)
    return wait(job, failures.backoff_seconds(failed), waiting)


def claim(job_id: int, now: dt.datetime) -> TransferJob | None:
    free = Q(lease_until__isnull=True) | Q(lease_until__lt=now)
    awake = Q(waiting_until__isnull=True) | Q(waiting_until__lte=now)
    active = TransferJob.objects.filter(free, awake, pk=job_id, state__in=ACTIVE)
    fields = {"lease_until": now + LEASE, "heartbeat_at": now, "state": TransferState.RUNNING}
    if active.update(**fields, waiting_until=None) != 1:
        return None
    job = TransferJob.objects.select_related("integration").get(pk=job_id)
    if job.started_at is None:
        TransferJob.objects.filter(pk=job.pk).update(started_at=now, phase_started_at=now)
        job.started_at = job.phase_started_at = now
    return job


ACTIVE = (TransferState.QUEUED, TransferState.RUNNING, TransferState.WAITING)


def advance(job: TransferJob) -> str:
    ctx = load_context(job.integration)
    if job.phase == TransferPhase.WRITE:  # every organization was read: no search per name
        ctx.org_ids = {name.strip().lower(): int(i) for i, name in job.organizations.items()}
        ctx.org_ids_complete = True
    if job.phase == TransferPhase.READ:
        more = reading.read_next_page(job, ctx)
    elif job.phase == TransferPhase.CLASSIFY:
        more = planning.classify_batch(job, planning.rules_for(job, ctx)) > 0
    else:
        more = writing.write_batch(job, ctx) > 0
        remember_organizations(job, ctx)
    if not more:
        return next_phase(job)
    return release(job)


def remember_organizations(job: TransferJob, ctx) -> None:
    """Organizations the writer created: the next batch must find them, not create them again."""
    known = {int(i) for i in job.organizations}
    new = {str(i): name for name, i in ctx.org_ids.items() if i not in known}
    if new:
        job.organizations = {**job.organizations, **new}
        job.save(update_fields=["organizations"])


def next_phase(job: TransferJob) -> str:
    if job.phase == TransferPhase.WRITE or (job.phase == TransferPhase.CLASSIFY and job.dry_run):
        return finish(job, TransferState.DONE)
    job.phase = TransferPhase.CLASSIFY if job.phase == TransferPhase.READ else TransferPhase.WRITE
    job.total = job.items.filter(side="sender").count()
    job.processed = 0
    job.phase_started_at = timezone.now()
    job.save(update_fields=["phase", "total", "processed", "phase_started_at"])
    return release(job)


@transaction.atomic
def release(job: TransferJob) -> str:
    """Checkpoint saved: free the job and ring for the next step, in one transaction."""
    TransferJob.objects.filter(pk=job.pk).update(
        lease_until=None, heartbeat_at=timezone.now(), step_failures=0
    )
    enqueue_step(job.pk)
    return MORE


def enqueue_step(job_id: int) -> None:
    lanes.enqueue(lanes.TRANSFER_STEP, job_id, task_name=f"transfer-{job_id}")


@transaction.atomic
def wait(job: TransferJob, seconds: float, reason: str) -> str:
    """B7: sleep until the budget resets, then carry on by itself."""
    until = timezone.now() + dt.timedelta(seconds=max(seconds, 1.0))
    TransferJob.objects.filter(pk=job.pk).update(
        state=TransferState.WAITING,
        waiting_until=until,
        lease_until=None,
        error=reason[:500],
        error_words=words_of(reason),
    )
    name = f"transfer-{job.pk}-wait-{until.timestamp():.0f}"
    lanes.schedule_once(lanes.TRANSFER_STEP, job.pk, name=name, at=until)
    return WAITING


def finish(job: TransferJob, state: str, *, error: str = "") -> str:
    """The end of a job: its state, and the integration's status back to what it was."""
    with transaction.atomic():
        if not job.dry_run:
            writing.record_progress(job)
        TransferJob.objects.filter(pk=job.pk).update(
            state=state,
            phase=TransferPhase.FINISHED,
            error=error[:2000],
            error_words=words_of(error),
            finished_at=timezone.now(),
            lease_until=None,
            waiting_until=None,
        )
        if not job.dry_run:
            restore_status(job)
        if state == TransferState.DONE and not job.dry_run:
            record_transfer_failures(job)  # the owner hears of failed records, if any
    if not job.dry_run:
        kick_waiting_events(job.integration_id)
    return FINISHED


def words_of(text: str) -> dict:
    """A Text's words, kept so the page says it in the reader's language ({} otherwise)."""
    return text.as_data() if isinstance(text, Text) else {}


def restore_status(job: TransferJob) -> None:
    """Syncing → the status before the transfer; a status set meanwhile (e.g. Connection
    failed) is left alone."""
    syncing = Integration.objects.filter(pk=job.integration_id, status=Status.SYNCING)
    syncing.update(status=job.previous_status or Status.PAUSED)


def kick_waiting_events(integration_id: int) -> int:
    """Events that arrived while Syncing waited in the inbox: run them now."""
    waiting = InboundEvent.objects.filter(integration_id=integration_id, state=EventState.WAITING)
    count = waiting.update(next_attempt_at=timezone.now())
    if count:
        drain.ring(integration_id)
    return count
