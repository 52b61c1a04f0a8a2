"""`python -m tests.bench` (`make bench`): run the benchmarks, print Markdown tables and, at the
end, every goal's measurement (docs/benchmarks.md). `BENCH_QUICK=1` (`make bench
BENCH_QUICK=1`): every goal's ratio with smaller loads, in minutes; the full run is the record.

Knobs (full / quick default; 0 skips):
- transfer: BENCH_SIZES=10000,100000 / 10000 (classification only); BENCH_PIPELINE=10000 / 1000
  (records through the whole transfer in-process: API calls against the floor, the write
  phase's statements and CPU per written record); BENCH_PREVIEW=100000 / 0;
  BENCH_RATELIMIT=2000 / 0 (BENCH_SNOVIO_WINDOW=12, BENCH_PIPEDRIVE_WINDOW=16);
- intake: BENCH_INTAKE=3000 / 2000 webhooks per round against the floor (a round of fewer
  lasts under a second: one busy moment of the machine moves its ratio by a tenth),
  BENCH_INTAKE_ROUNDS=4 (the goal is the median round's), BENCH_INTAKE_CONCURRENCY=8;
- deployments: BENCH_BROKERS=orm,redis (one running deployment each); BENCH_IDLE=60 / 20
  seconds idle; BENCH_PROPAGATION=30 / 8 changes per phase, BENCH_PROPAGATION_INTERVAL=1.25
  s, BENCH_PROPAGATION_TIMEOUT=60 / 30 s (a change not arrived this long after the last was
  sent counts as later than all); BENCH_FAIRNESS=orm (its brokers; empty skips),
  BENCH_FAIRNESS_RECORDS=10000 / 1000, BENCH_FAIRNESS_BURST=5000 / 1000;
  BENCH_SCALEOUT=1000 / 160 events per run, on BENCH_SCALEOUT_BROKERS=redis;
- many tenants: BENCH_TENANTS=250,500,1000, BENCH_TICK_CYCLES=10 / 3;
- servers: BENCH_PG_URL (postgres://postgres@127.0.0.1:5432); BENCH_REDIS_URL (else the first
  empty database from 15 down to 8 of BENCH_REDIS, redis://127.0.0.1:6379)."""

import os
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.test_settings")

import django  # noqa: E402

django.setup()

from tests.bench import bench_propagation, tables_realtime, tables_transfer  # noqa: E402
from tests.bench.report import Goals, describe_machine, load, speed, timed  # noqa: E402

QUICK = os.environ.get("BENCH_QUICK", "") not in ("", "0")


def knob(name: str, full: str, quick: str) -> str:
    return os.environ.get(name, quick if QUICK else full)


def ints(name: str, full: str, quick: str | None = None) -> list[int]:
    value = knob(name, full, full if quick is None else quick)
    return [int(s) for s in value.split(",") if s and int(s)]


def names(name: str, default: str) -> list[str]:
    return [s for s in os.environ.get(name, default).split(",") if s]


def transfer(goals: Goals) -> None:
    with timed("classification"):
        tables_transfer.classify_table(ints("BENCH_SIZES", "10000,100000", "10000"))
    pipeline = ints("BENCH_PIPELINE", "10000", "1000")
    if pipeline:
        with timed("transfer"):
            results = tables_transfer.pipeline_table(pipeline)
            tables_transfer.write_table(results, goals)
    preview = ints("BENCH_PREVIEW", "100000", "0")
    if preview:
        with timed("preview"):
            tables_transfer.pipeline_table(preview, "preview")
    ratelimit = ints("BENCH_RATELIMIT", "2000", "0")
    if ratelimit:
        with timed("rate limits"):
            tables_transfer.ratelimit_table(ratelimit[0])


def realtime(goals: Goals) -> None:
    intake = ints("BENCH_INTAKE", "3000", "2000")
    if intake:
        rounds = int(os.environ.get("BENCH_INTAKE_ROUNDS", "4"))
        concurrency = int(os.environ.get("BENCH_INTAKE_CONCURRENCY", "8"))
        with timed("intake"):
            tables_realtime.intake_table(intake[0], rounds, concurrency, goals)
    brokers = names("BENCH_BROKERS", "orm,redis")
    if brokers:
        bench_propagation.TIMEOUT = float(knob("BENCH_PROPAGATION_TIMEOUT", "60", "30"))
        options = {
            "idle_s": float(knob("BENCH_IDLE", "60", "20")),
            "changes": int(knob("BENCH_PROPAGATION", "30", "8")),
            "interval": float(os.environ.get("BENCH_PROPAGATION_INTERVAL", "1.25")),
            "fairness_brokers": names("BENCH_FAIRNESS", "orm"),
            "fair_records": int(knob("BENCH_FAIRNESS_RECORDS", "10000", "1000")),
            "fair_burst": int(knob("BENCH_FAIRNESS_BURST", "5000", "1000")),
            "scaleout": int(knob("BENCH_SCALEOUT", "1000", "160")),
            "scaleout_brokers": names("BENCH_SCALEOUT_BROKERS", "redis"),
        }
        tables_realtime.deployment_tables(brokers, options, goals)
    tenants = ints("BENCH_TENANTS", "250,500,1000")
    if tenants:
        cycles = int(knob("BENCH_TICK_CYCLES", "10", "3"))
        with timed("tenants"):
            tables_realtime.tenants_table(tenants, cycles, goals)


if __name__ == "__main__":
    started = time.monotonic()
    print(f"## {'Quick' if QUICK else 'Full'} benchmark, {time.strftime('%Y-%m-%d %H:%M %Z')}")
    print()
    print(describe_machine())
    print()
    goals = Goals()
    transfer(goals)
    realtime(goals)
    goals.print()
    print(f"Took {(time.monotonic() - started) / 60:.1f} minutes; {goals.timings()}.")
    print(f"At the end: load average {load()}, {speed()}.")
