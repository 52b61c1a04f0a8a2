"""Start, cancel, resume and retry transfers: the functions views, commands and the admin call."""

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from integrations.models import Integration, Status
from integrations.status import set_status
from syncengine.models import (
    App,
    ItemSide,
    ItemState,
    TransferDirection,
    TransferJob,
    TransferPhase,
    TransferState,
)
from syncengine.transfer import runner, writing


class TransferRefused(Exception):
    """A transfer that cannot start; the message says why, in the user's words (and language)."""


SENDERS: dict[str, str] = {
    TransferDirection.TO_PIPEDRIVE: App.SNOVIO,
    TransferDirection.TO_SNOVIO: App.PIPEDRIVE,
}


def sender_of(direction: str) -> str:
    return SENDERS[direction]


def transfer_problems(integration: Integration, direction: str, source: str) -> list[str]:
    """Why a transfer with these choices cannot start (empty: it can)."""
    if direction not in TransferDirection.values:
        return [_("Choose the direction of the transfer.")]
    if source not in App.values:
        return [_("Choose the app whose values win a conflict.")]
    problems = []
    if integration.snovio is None:
        problems.append(_("Connect Snov.io first."))
    if integration.pipedrive is None or integration.needs_reconnect:
        problems.append(_("Connect (or reconnect) Pipedrive first."))
    if integration.status == Status.FAILED:
        problems.append(_("The connection failed: fix it on the settings page first."))
    if direction == TransferDirection.TO_SNOVIO and not integration.target_list_id:
        problems.append(_("Choose the Snov.io list that receives Pipedrive contacts."))
    if direction == TransferDirection.TO_PIPEDRIVE and not integration.owner_user_id:
        problems.append(_("Choose the Pipedrive user who owns new persons."))
    return problems


def active_job(integration: Integration) -> TransferJob | None:
    return integration.transfer_jobs.filter(state__in=runner.ACTIVE).first()


def start_transfer(
    *, integration: Integration, direction: str, source: str, dry_run: bool, enqueue=True
) -> TransferJob:
    """A new transfer (or preview). Only one runs per integration at a time."""
    problems = transfer_problems(integration, direction, source)
    if problems:
        raise TransferRefused(" ".join(problems))
    try:
        with transaction.atomic():
            integration = Integration.objects.select_for_update().get(pk=integration.pk)
            job = TransferJob.objects.create(
                integration=integration,
                direction=direction,
                source_app=source,
                dry_run=dry_run,
                previous_status=integration.status,
            )
            if not dry_run:
                set_status(integration, Status.SYNCING)
            if enqueue:  # the ORM broker's row commits with the job (transactional outbox)
                runner.enqueue_step(job.pk)
    except IntegrityError:
        raise TransferRefused(str(ALREADY_RUNNING)) from None
    return job


ALREADY_RUNNING = gettext_lazy("A transfer or preview is already running for this integration.")


def retry_failed_items(*, job: TransferJob, enqueue=True) -> int:
    """B12: write a finished transfer's failed records again, and only those, in a new run of
    its steps (Syncing meanwhile, one active transfer per integration). Returns how many."""
    refuse_retry(job)
    try:
        with transaction.atomic():
            integration = Integration.objects.select_for_update().get(pk=job.integration_id)
            job = TransferJob.objects.select_for_update().get(pk=job.pk)
            refuse_retry(job)
            count = writing.reopen_failed_items(job)
            reopen_job(job, previous_status=integration.status)
            set_status(integration, Status.SYNCING)
            if enqueue:
                runner.enqueue_step(job.pk)
    except IntegrityError:
        raise TransferRefused(str(ALREADY_RUNNING)) from None
    return count


def refuse_retry(job: TransferJob) -> None:
    if job.dry_run:
        raise TransferRefused(_("A preview writes nothing, so it has nothing to retry."))
    if job.is_active:
        raise TransferRefused(_("This transfer is still running."))
    if job.state != TransferState.DONE:  # its unwritten records would be written too
        raise TransferRefused(
            _(
                "Only a finished transfer's failed records can be retried; "
                "start a new transfer to carry on one that stopped."
            )
        )
    failed = job.items.filter(side=ItemSide.SENDER, state=ItemState.FAILED)
    if not failed.exists():
        raise TransferRefused(_("This transfer has no failed records to retry."))
    problems = transfer_problems(job.integration, job.direction, job.source_app)
    if problems:
        raise TransferRefused(" ".join(problems))


def reopen_job(job: TransferJob, *, previous_status: str) -> None:
    """Back to the write phase, as a queued job; its checkpoint and plan are kept."""
    now = timezone.now()
    TransferJob.objects.filter(pk=job.pk).update(
        state=TransferState.QUEUED,
        phase=TransferPhase.WRITE,
        previous_status=previous_status,
        error="",
        error_words={},
        cancel_requested=False,
        lease_until=None,
        waiting_until=None,
        step_failures=0,
        finished_at=None,
        phase_started_at=now,
        heartbeat_at=now,
    )
    job.refresh_from_db()
    writing.record_progress(job)


def cancel_transfer(*, job: TransferJob) -> None:
    """Ask a running job to stop after its current step; a sleeping one stops at once."""
    if not job.is_active:
        return
    TransferJob.objects.filter(pk=job.pk).update(cancel_requested=True)
    job.cancel_requested = True
    idle = TransferJob.objects.filter(pk=job.pk, lease_until__isnull=True)
    if job.state in (TransferState.WAITING, TransferState.QUEUED) and idle.exists():
        runner.finish(job, TransferState.CANCELLED)


def resume_transfer(*, job: TransferJob) -> bool:
    """Ring for a job again (support staff, stalled jobs): the lease keeps it single."""
    if not job.is_active:
        return False
    TransferJob.objects.filter(pk=job.pk).update(waiting_until=None)
    runner.enqueue_step(job.pk)
    return True


def stalled_jobs(*, now: dt.datetime | None = None, older_than: dt.timedelta = runner.LEASE):
    """Active jobs nobody worked on for a while: the cluster restarted, or the message that
    rings for the next step was lost (the Redis broker keeps no receipts)."""
    cutoff = (now or timezone.now()) - older_than
    running = Q(state=TransferState.RUNNING, heartbeat_at__lt=cutoff)
    # Queued when created, or again (retry of failed items) at its last heartbeat.
    queued = Q(state=TransferState.QUEUED) & (
        Q(heartbeat_at__isnull=True, created_at__lt=cutoff) | Q(heartbeat_at__lt=cutoff)
    )
    overdue = Q(state=TransferState.WAITING, waiting_until__lt=cutoff)
    return TransferJob.objects.filter(running | queued | overdue)
