"""One error hierarchy for both outside apps. `permanent` decides retry vs give up."""


class ApiError(Exception):
    reason_code = "api_error"
    permanent = True

    def __init__(self, message: str, *, status: int | None = None, app: str = ""):
        super().__init__(message)
        self.message = message
        self.status = status
        self.app = app

    def __str__(self) -> str:
        prefix = f"{self.app} " if self.app else ""
        code = f"HTTP {self.status}: " if self.status else ""
        return f"{prefix}{code}{self.message}"


class AuthError(ApiError):
    """Credentials rejected (401, invalid_grant): the connection must be re-made."""

    reason_code = "auth"


class BillingError(ApiError):
    """The remote account is not paid up (Pipedrive 402)."""

    reason_code = "billing"


class ForbiddenError(ApiError):
    """Permission or scope missing, or a plan limit reached (403)."""

    reason_code = "forbidden"


class ValidationFailed(ApiError):
    """The remote app refused the data (400, 422). Retrying the same request won't help."""

    reason_code = "validation"


class NotFound(ApiError):
    """The record is gone (404, 410)."""

    reason_code = "not_found"


class RateLimited(ApiError):
    """Too many requests. `daily` means the day's budget is spent, not a short burst."""

    reason_code = "rate_limited"
    permanent = False

    def __init__(self, message: str, *, retry_after: float, daily: bool = False, **kwargs):
        super().__init__(message, **kwargs)
        self.retry_after = retry_after
        self.daily = daily


class TransientError(ApiError):
    """Server error, timeout or connection failure: worth retrying later."""

    reason_code = "transient"
    permanent = False


def error_for_status(status: int) -> type[ApiError]:
    if status == 401:
        return AuthError
    if status == 402:
        return BillingError
    if status == 403:
        return ForbiddenError
    if status in (404, 410):
        return NotFound
    if status == 429:
        return RateLimited
    if status >= 500:
        return TransientError
    return ValidationFailed
