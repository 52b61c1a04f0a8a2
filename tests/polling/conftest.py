import datetime as dt

import pytest
from django.utils import timezone

from integrations.models import Status
from integrations.status import set_status


@pytest.fixture
def active(connected_integration):
    """Launched an hour ago: the seeded records are older than that."""
    integration = connected_integration
    integration.launched_at = timezone.now() - dt.timedelta(hours=1)
    integration.save()
    set_status(integration, Status.ACTIVE)
    return integration
