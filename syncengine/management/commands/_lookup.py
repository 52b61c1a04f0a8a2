"""Find an integration from what support staff type: its id or its uuid."""

import uuid

from django.core.management.base import CommandError

from integrations.models import Integration


def find_integration(value: str) -> Integration:
    try:
        key = {"pk": int(value)} if value.isdigit() else {"uuid": uuid.UUID(value)}
        return Integration.objects.get(**key)
    except (ValueError, Integration.DoesNotExist):
        raise CommandError(f"No integration {value!r} (give its id or uuid).") from None
