"""Failure containment in a transfer (B13): what ends one record, what stops the whole job.

- A record the receiver refuses (400/422, 404, any other answer that is not about the
  connection or the budget) or that raises anything in our own code while it is prepared or
  written ends as one failed item, with its reason in the sync log; the job goes on.
  Our own errors are not retried automatically: the same code on the same data fails the
  same way, so the item fails at once and "Retry failed items" runs it again after a fix.
- A server error or timeout for one record makes the job wait and try that record again, with
  back-off, up to MAX_ITEM_ATTEMPTS writes; then the item fails and the job moves on.
- Only job-level causes stop the job: lost authorisation (Connection failed), a spent budget
  (the job waits), or an unexpected error outside any one record, retried MAX_STEP_FAILURES
  times with back-off before the job fails with the error's class and message."""

from dataclasses import dataclass

from integrations.clients.errors import (
    ApiError,
    AuthError,
    BillingError,
    ForbiddenError,
    RateLimited,
    TransientError,
)
from syncengine.wording import Text, _

MAX_ITEM_ATTEMPTS = 3
MAX_STEP_FAILURES = 3
BACKOFF_BASE_SECONDS = 60.0
BACKOFF_CAP_SECONDS = 900.0

# Causes that concern the connection or the budget, never one record.
JOB_LEVEL = (AuthError, BillingError, ForbiddenError, RateLimited)

INTERNAL_ERROR = "internal_error"
RETRIES_EXHAUSTED = "retries_exhausted"
WORKER_LOST = "worker_lost"


@dataclass(frozen=True)
class Failure:
    """Why one record failed: a reason code, the error's class and message, the remote text."""

    code: str
    reason: str
    remote: str = ""


class RetryLater(Exception):
    """One record met a server error or timeout: the job waits, then writes it again."""

    def __init__(self, cause: TransientError, attempts: int):
        super().__init__(str(cause))
        self.cause, self.attempts = cause, attempts


def describe(exc: BaseException) -> Failure:
    """An API error keeps the remote app's own words apart; anything else is class: message."""
    name = type(exc).__name__
    if isinstance(exc, ApiError):
        where = " ".join(part for part in (exc.app, f"HTTP {exc.status}" if exc.status else ""))
        reason = f"{name}: {where.strip()}" if where.strip() else name
        return Failure(exc.reason_code, storable(reason), storable(exc.message))
    return Failure(INTERNAL_ERROR, storable(f"{name}: {exc}" if str(exc) else name))


def gave_up(exc: TransientError, attempts: int) -> Failure:
    failure = describe(exc)
    message = _("%(error)s, still failing after %(attempts)s attempts")
    reason = Text(message, error=failure.reason, attempts=attempts)
    return Failure(RETRIES_EXHAUSTED, reason, failure.remote)


def lost(attempts: int) -> Failure:
    reason = Text(
        _("Writing this record stopped %(attempts)s times without finishing."), attempts=attempts
    )
    return Failure(WORKER_LOST, reason)


def backoff_seconds(attempts: int) -> float:
    """Capped exponential back-off after `attempts` failures (1-based)."""
    return min(BACKOFF_BASE_SECONDS * 2 ** max(attempts - 1, 0), BACKOFF_CAP_SECONDS)


def storable(text: str) -> str:
    """Without NUL and lone surrogates (which PostgreSQL refuses in text), at most 2000 chars."""
    return text.encode("utf-8", "replace").decode("utf-8").replace("\x00", "")[:2000]
