"""Forced failures: the next N API calls under a path answer with a chosen HTTP status."""

from django.db import transaction

from sandbox.snovio.models import Fault


def add_fault(path_prefix: str, *, status: int = 500, remaining: int = 1) -> Fault:
    """E.g. add_fault("/v1/get-balance", status=500, remaining=3). Paths are relative to
    the sandbox base (/sandbox/snovio)."""
    prefix = "/" + path_prefix.strip().lstrip("/")
    return Fault.objects.create(path_prefix=prefix, status=status, remaining=remaining)


def take_fault(api_path: str) -> Fault | None:
    """Consume one use of the first fault matching `api_path`, if any."""
    with transaction.atomic():
        for fault in Fault.objects.select_for_update().filter(remaining__gt=0):
            if api_path.startswith(fault.path_prefix):
                fault.remaining -= 1
                if fault.remaining:
                    fault.save(update_fields=["remaining"])
                else:
                    fault.delete()
                return fault
    return None


def clear_faults() -> None:
    Fault.objects.all().delete()
