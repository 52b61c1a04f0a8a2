"""What a running deployment costs the database while there is no work: transactions per
second in its database (pg_stat_database xact_commit + xact_rollback, read from another
database so the reading is not counted), all three lanes' clusters and the web server up.

PostgreSQL has no statement counter without pg_stat_statements; an idle worker's statements
run in autocommit or one short transaction each, so transactions ≈ statements here. A
backend reports its counts when it goes idle, at most once a second: a window of tens of
seconds is accurate to a few transactions."""

import time

import psycopg

from tests.bench import processes

XACTS = "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = %s"


def transactions(name: str) -> int:
    with psycopg.connect(f"{processes.PG_URL}/postgres", autocommit=True) as conn:
        return conn.execute(XACTS, (name,)).fetchone()[0]


def measure(deployment, seconds: float, settle: float = 5.0) -> dict:
    """Transactions per second over `seconds`, after `settle` seconds of quiet."""
    time.sleep(settle)
    load = processes.load_average()
    before, started = transactions(deployment.name), time.monotonic()
    time.sleep(seconds)
    after, elapsed = transactions(deployment.name), time.monotonic() - started
    return {
        "broker": deployment.label,
        "seconds": elapsed,
        "transactions": after - before,
        "per_s": (after - before) / elapsed,
        "load": load,
    }
