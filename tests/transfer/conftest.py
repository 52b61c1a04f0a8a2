import pytest

from syncengine.transfer import runner


@pytest.fixture
def manual_steps(monkeypatch):
    """Steps are not chained: the test runs them one by one (`run_all`)."""
    enqueued = []
    monkeypatch.setattr(runner, "enqueue_step", enqueued.append)
    return enqueued


def run_all(job, *, limit=500):
    """Run a job's steps in this process until it finishes or waits; returns the step count."""
    for count in range(1, limit + 1):
        if runner.run_step(job.pk) != runner.MORE:
            job.refresh_from_db()
            return count
    raise AssertionError("the transfer did not finish")
