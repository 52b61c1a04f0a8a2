"""Transfer unsynced data (R7): the wizard, preview and start, the job page with its progress."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from integrations.access import get_integration_for
from syncengine.field_names import field_names
from syncengine.models import (
    App,
    ItemSide,
    ItemState,
    TransferDirection,
    TransferJob,
    TransferState,
)
from syncengine.transfer import budget, services
from syncengine.transfer.progress import (
    calls_line,
    failed_row,
    job_progress,
    outcome_line,
    plan_rows,
    said,
    sample_groups,
    waiting_line,
)

FAILED_SHOWN = 200


@require_GET
def transfer(request, uuid):
    integration = get_integration_for(request, uuid)
    direction = request.GET.get("direction", "")
    return render_wizard(request, integration, direction=direction)


def render_wizard(request, integration, *, direction="", source="", error="", status=200):
    if direction not in TransferDirection.values:
        direction = ""
    context = {
        "integration": integration,
        "direction": direction,
        "direction_label": TransferDirection(direction).label if direction else "",
        "directions": TransferDirection.choices,
        "source": source or (services.sender_of(direction) if direction else ""),
        "apps": App.choices,
        "active_job": services.active_job(integration),
        "recent_jobs": integration.transfer_jobs.all()[:5],
        "error": error,
    }
    return render(request, "syncengine/transfer.html", context, status=status)


@require_POST
def transfer_preview(request, uuid):
    return start(request, uuid, dry_run=True)


@require_POST
def transfer_start(request, uuid):
    return start(request, uuid, dry_run=False)


def start(request, uuid, *, dry_run: bool):
    integration = get_integration_for(request, uuid)
    direction, source = request.POST.get("direction", ""), request.POST.get("source", "")
    try:
        job = services.start_transfer(
            integration=integration, direction=direction, source=source, dry_run=dry_run
        )
    except services.TransferRefused as exc:
        return render_wizard(
            request, integration, direction=direction, source=source, error=str(exc), status=400
        )
    return redirect("syncengine-transfer-job", uuid=integration.uuid, job_id=job.pk)


@require_GET
def transfer_job(request, uuid, job_id):
    integration = get_integration_for(request, uuid)
    job = get_object_or_404(TransferJob, pk=job_id, integration=integration)
    failed = job.items.filter(side=ItemSide.SENDER, state=ItemState.FAILED).order_by("pk")
    job.error = said(job.error, job.error_words)  # shown, never saved: in the reader's language
    context = {
        "integration": integration,
        "job": job,
        **progress_context(integration, job, timezone.now()),
        "outcome": outcome_line(
            state=job.state, dry_run=job.dry_run, done=job.counts.get("done", {})
        ),
        "plan_rows": plan_rows(job.counts.get("plan", {})),
        "calls": calls_line(
            pages_read=job.pages_read,
            read_by_id=job.counts.get("read_by_id", 0),
            plan=job.counts.get("plan", {}),
            dry_run=job.dry_run,
        ),
        "sample_groups": sample_groups(job.samples, field_names(integration)),
        "failed_rows": [failed_row(item) for item in failed[:FAILED_SHOWN]],
        "receiver_label": App(job.receiver).label,
    }
    template = "syncengine/transfer_job.html"
    if request.htmx:
        template += "#progress"
    return render(request, template, context)


def progress_context(integration, job, now) -> dict:
    """Progress, its time left at the rate limit of the app written to, and why it waits."""
    limit = budget.snovio_limit(integration, now) if job.receiver == App.SNOVIO else None
    waiting = ""
    if job.state == TransferState.WAITING and job.waiting_until:
        block = budget.pipedrive_block(integration, now)
        zone = timezone.get_current_timezone()
        waiting = waiting_line(until=job.waiting_until, limit=limit, block=block, zone=zone)
    return {"progress": job_progress(job, now, limit=limit), "waiting": waiting, "limit": limit}


@require_POST
def transfer_cancel(request, uuid, job_id):
    integration = get_integration_for(request, uuid)
    job = get_object_or_404(TransferJob, pk=job_id, integration=integration)
    services.cancel_transfer(job=job)
    messages.info(request, _("Cancelling: the transfer stops after the batch it is writing."))
    return redirect("syncengine-transfer-job", uuid=integration.uuid, job_id=job.pk)


@require_POST
def transfer_retry(request, uuid, job_id):
    """B12: write the failed records of this transfer again."""
    integration = get_integration_for(request, uuid)
    job = get_object_or_404(TransferJob, pk=job_id, integration=integration)
    try:
        count = services.retry_failed_items(job=job)
    except services.TransferRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Retrying %(count)s failed record(s).") % {"count": count})
    return redirect("syncengine-transfer-job", uuid=integration.uuid, job_id=job.pk)
