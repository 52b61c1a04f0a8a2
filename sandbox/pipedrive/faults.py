"""Forced failures for reliability tests: `inject_fault("/api/v2/persons", status=503)`."""

from django.db.models import F

from .models import Fault

BASE_PATH = "/sandbox/pipedrive"


def relative_path(path: str) -> str:
    """The request path below the sandbox base ("/api/v2/persons/7")."""
    index = path.find(BASE_PATH)
    return path[index + len(BASE_PATH) :] if index >= 0 else path


def inject_fault(
    path_prefix: str,
    *,
    status: int = 503,
    times: int = 1,
    retry_after: int | None = None,
    method: str = "",
) -> Fault:
    return Fault.objects.create(
        path_prefix=relative_path(path_prefix),
        http_status=status,
        remaining=times,
        retry_after=retry_after,
        method=method.upper(),
    )


def take_fault(path: str, method: str) -> Fault | None:
    """The first armed fault matching this request, with one use consumed."""
    path = relative_path(path)
    for fault in Fault.objects.filter(remaining__gt=0):
        if not path.startswith(fault.path_prefix):
            continue
        if fault.method and fault.method != method.upper():
            continue
        if Fault.objects.filter(pk=fault.pk, remaining__gt=0).update(remaining=F("remaining") - 1):
            return fault
    return None
