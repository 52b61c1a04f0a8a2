"""One transfer benchmark in a process of its own, on its own throwaway database; prints JSON.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_transfer \\
        python -m tests.bench.transfer_main pipeline 10000 [to_pipedrive]
    DATABASE_URL=… python -m tests.bench.transfer_main preview 100000  (read + classify only)
    DATABASE_URL=… python -m tests.bench.transfer_main ratelimit 2000 to_snovio [12] [16]
        (the Snov.io window and the Pipedrive burst window, in seconds)

`python -m tests.bench` starts it (see `transfer_run`) with BENCH_PG_URL's server; the database
(bench_transfer / bench_transfer_rl) is created, migrated and dropped here. A process per run
keeps the peak memory figure the transfer's own."""

import json
import logging
import os
import sys
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.test_settings")

import django  # noqa: E402

django.setup()
logging.getLogger("django-q").setLevel(logging.WARNING)

ROOT = Path(__file__).resolve().parents[2]
DATABASES = {
    "pipeline": "bench_transfer",
    "preview": "bench_transfer",
    "ratelimit": "bench_transfer_rl",
}


def main(kind: str, n: int, direction: str = "to_pipedrive", *extra: str) -> dict:
    from tests.bench import bench_pipeline, bench_ratelimit
    from tests.bench.inprocess import throwaway_database
    from tests.bench.setup import connected_integration

    with throwaway_database(os.environ.get("BENCH_DB_NAME", DATABASES[kind])):
        integration = connected_integration()
        if kind in ("pipeline", "preview"):
            dry_run = kind == "preview"
            return bench_pipeline.run(integration, n, direction=direction, dry_run=dry_run)
        snovio, pipedrive = (int(x) for x in (*extra, 12, 16)[:2])
        return bench_ratelimit.run(
            integration, n, direction=direction, snovio_window=snovio, pipedrive_window=pipedrive
        )


def transfer_run(kind: str, *args, timeout: float = 1800) -> dict:
    """Run `main` in a child process on BENCH_PG_URL's PostgreSQL (bounded by `timeout`)."""
    import subprocess

    from tests.bench.processes import PG_URL, database_name

    name = database_name(DATABASES[kind].removeprefix("bench_"))
    env = {**os.environ, "DATABASE_URL": f"{PG_URL}/{name}", "LOG_LEVEL": "WARNING"}
    env["BENCH_DB_NAME"] = name
    env.pop("DJANGO_SETTINGS_MODULE", None)
    cmd = [sys.executable, "-m", "tests.bench.transfer_main", kind, *map(str, args)]
    done = subprocess.run(
        cmd, cwd=ROOT, env=env, check=True, capture_output=True, text=True, timeout=timeout
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    kind, n, *rest = sys.argv[1:]
    print(json.dumps(main(kind, int(n), *rest), default=str))
