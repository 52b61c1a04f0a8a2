import pytest

from tests.e2e.conftest import live_site  # noqa: F401  (the browser test's live server)


@pytest.fixture
def retry_calls(monkeypatch):
    """Stands in for syncengine.retry.retry_failed so the buttons are checked for what they
    ask for. Returns the list of calls; each returns the number of ids asked for, or 7 for
    "all". One test (test_retry.py) goes through the real function."""
    calls = []

    def retry_failed(*, integration, entry_ids=None):
        calls.append({"integration": integration, "entry_ids": entry_ids})
        return 7 if entry_ids is None else len(entry_ids)

    monkeypatch.setattr("syncengine.retry.retry_failed", retry_failed)
    return calls
