import pytest

from integrations.webhook_registration import ensure_realtime_state


@pytest.fixture
def state(integration):
    return ensure_realtime_state(integration)[0]
