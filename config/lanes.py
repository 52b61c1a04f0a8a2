"""Lanes of work: the one way background work is enqueued (DESIGN "Lanes of work").

Each class of work runs on its own django-q2 cluster, so a backlog in one never delays another:
- realtime: stored events, drained a few seconds per integration at a time (latency-bound,
  fair between accounts: syncengine/realtime/drain.py);
- bulk: transfer steps (long, paced by the vendors' limits);
- housekeeping: the minute tick and what it fans out (polls, webhook checks, schema loads).

A cluster serves one lane: `Q_CLUSTER_NAME=<lane> manage.py qcluster`. Every task name is written
once, here, with its lane; callers say `enqueue(TRANSFER_STEP, job_id)`."""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django_q.models import Schedule
from django_q.tasks import async_task

REALTIME, BULK, HOUSEKEEPING = "realtime", "bulk", "housekeeping"
LANES = (REALTIME, BULK, HOUSEKEEPING)


@dataclass(frozen=True)
class Task:
    func: str
    lane: str


DRAIN = Task("syncengine.tasks.drain_integration", REALTIME)
RETRY_FAILED = Task("syncengine.tasks.retry_failed", REALTIME)
TRANSFER_STEP = Task("syncengine.transfer.tasks.run_transfer_step", BULK)
TICK = Task("syncengine.scheduler.tick", HOUSEKEEPING)
POLL_INTEGRATION = Task("syncengine.scheduler.poll_integration", HOUSEKEEPING)
SYNC_WEBHOOKS = Task("integrations.tasks.sync_webhooks_task", HOUSEKEEPING)
REFRESH_SCHEMA = Task("integrations.tasks.refresh_schema_task", HOUSEKEEPING)
NOTIFY_CONNECTION_FAILURE = Task("operations.tasks.notify_connection_failure", HOUSEKEEPING)
SEND_NOTIFICATION = Task("operations.tasks.send_notification", HOUSEKEEPING)


def enqueue(task: Task, *args, **options) -> str:
    """Ring the bell for one unit of work on its lane (the work itself is a row already)."""
    return async_task(task.func, *args, cluster=task.lane, **options)


def enqueue_on_commit(task: Task, *args, **options) -> None:
    """After the surrounding transaction commits. `robust`: a broker that is down must not
    fail the caller; the tick rings again for every unit of work still waiting."""
    transaction.on_commit(lambda: enqueue(task, *args, **options), robust=True)


def schedule_once(task: Task, *args, name: str, at: dt.datetime) -> Schedule:
    """A one-off run at `at`, served by the task's own lane."""
    return Schedule.objects.create(
        func=task.func,
        args=",".join(str(arg) for arg in args) or None,
        name=name,
        schedule_type=Schedule.ONCE,
        repeats=-1,
        next_run=at,
        cluster=task.lane,
    )
