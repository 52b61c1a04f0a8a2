"""Operations tests share the real-time fixtures (an Active integration on both sandboxes)."""

import pytest

from tests.realtime.conftest import active  # noqa: F401 (a fixture)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what waits for the commit (enqueued tasks, counters) as the code under test does it:
    `with committed(): …`. Tasks run in this process (Q_SYNC)."""

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run
