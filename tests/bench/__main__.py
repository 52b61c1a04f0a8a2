"""`python -m tests.bench`: run the benchmarks and print a table (see docs/benchmarks.md).

BENCH_SIZES=10000,100000. BENCH_PIPELINE=10000 (records through the whole transfer against the
in-process sandboxes, on BENCH_PG_URL's PostgreSQL in a database bench_transfer; comma list;
0 skips), BENCH_PREVIEW=100000 (the same, read and classify only; 0 skips),
BENCH_RATELIMIT=2000 (records per direction with the real limits in rescaled time, database
bench_transfer_rl; 0 skips), BENCH_SNOVIO_WINDOW=12 (seconds Snov.io's 60 requests are counted
over; 60 in real life), BENCH_PIPEDRIVE_WINDOW=16 (seconds of Pipedrive's burst of 80; 2 in
real life).
Real time, on PostgreSQL (BENCH_PG_URL=postgres://postgres@127.0.0.1:5432, a throwaway database
each): BENCH_INTAKE=5000 (webhooks per concurrency level; 0 skips), BENCH_INTAKE_CONCURRENCY=8,32,
BENCH_INTAKE_CONN_MAX_AGE=0,600 (one gunicorn per value); BENCH_PROPAGATION=50 (persons created
then edited; 0 skips), BENCH_PROPAGATION_INTERVAL=1.25 (seconds between edits),
BENCH_PROPAGATION_POLL=1,0.1 (the ORM broker's poll interval; one run each)."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.test_settings")

import django  # noqa: E402

django.setup()

from tests.bench import (  # noqa: E402
    bench_classify,
    bench_intake,
    bench_propagation,
)
from tests.bench.transfer_main import transfer_run  # noqa: E402


def row(*cells) -> str:
    return "| " + " | ".join(str(c) for c in cells) + " |"


def classify_table(sizes) -> None:
    print(row("records", "classify s", "records/s", "peak MB (tracemalloc)", "plan"))
    print(row(*["---"] * 5))
    for n in sizes:
        r = bench_classify.run(n)
        print(
            row(
                n,
                f"{r['seconds']:.2f}",
                f"{r['records_per_s']:,.0f}",
                f"{r['peak_mb']:.1f}",
                r["plan"],
            )
        )


def pipeline_table(sizes, kind: str = "pipeline") -> None:
    head = ("records", "API calls", "floor", "over floor", "wall s", "records/s")
    head += ("sandbox s", "our CPU s", "our CPU records/s", "peak RSS MB", "state")
    print(row(*head))
    print(row(*["---"] * len(head)))
    for n in sizes:
        r = transfer_run(kind, n)
        over = (r["calls"] - r["floor"]) / r["floor"] * 100
        cells = (n, r["calls"], r["floor"], f"{over:.2f}%", f"{r['seconds']:.0f}")
        cells += (f"{r['records_per_s']:.1f}", f"{r['sandbox_s']:.0f}", f"{r['ours_cpu_s']:.0f}")
        cells += (f"{r['ours_cpu_records_per_s']:.0f}", f"{r['peak_mb']:.0f}", r["state"])
        print(row(*cells), flush=True)


def ratelimit_table(n: int) -> None:
    snovio = int(os.environ.get("BENCH_SNOVIO_WINDOW", "12"))
    pipedrive = int(os.environ.get("BENCH_PIPEDRIVE_WINDOW", "16"))
    head = ("direction", "records", "app", "limit", "calls", "span s", "calls/s")
    head += ("allowed/s", "limit used", "429s", "state")
    print(row(*head))
    print(row(*["---"] * len(head)))
    for direction, app in (("to_snovio", "snovio"), ("to_pipedrive", "pipedrive")):
        r = transfer_run("ratelimit", n, direction, snovio, pipedrive)
        a = r["apps"][app]
        cells = (direction, n, app, a["limit"], a["calls"], f"{a['span_s']:.0f}")
        cells += (f"{a['calls_per_s']:.2f}", f"{a['allowed_per_s']:.2f}", f"{a['used']:.1%}")
        print(row(*cells, a["429s"], r["state"]), flush=True)


def ints(name: str, default: str) -> list[int]:
    return [int(s) for s in os.environ.get(name, default).split(",") if s]


def ms(value) -> str:
    return "—" if value is None else f"{value:.1f}"


def intake_table(n: int) -> None:
    levels = ints("BENCH_INTAKE_CONCURRENCY", "8,32")
    ages = ints("BENCH_INTAKE_CONN_MAX_AGE", "0,600")
    head = ("DB_CONN_MAX_AGE", "requests", "concurrency", "accepted/s", "p50 ms", "p99 ms")
    head += ("max ms", "worker CPU ms/request", "errors", "lost", "tasks queued")
    head += ("re-sent → duplicate",)
    print(row(*head))
    print(row(*["---"] * len(head)))
    for r in bench_intake.run(n, levels, ages):
        print(
            row(
                r["conn_max_age"],
                r["requests"],
                r["concurrency"],
                f"{r['accepted_per_s']:,.0f}",
                ms(r["p50_ms"]),
                ms(r["p99_ms"]),
                ms(r["max_ms"]),
                ms(r["worker_cpu_ms"]),
                r["errors"],
                r["lost"],
                r["tasks_queued"],
                f"{r['resent']} → {r['resent_duplicate']}",
            )
        )


def propagation_table(n: int) -> None:
    interval = float(os.environ.get("BENCH_PROPAGATION_INTERVAL", "1.25"))
    polls = [float(p) for p in os.environ.get("BENCH_PROPAGATION_POLL", "1,0.1").split(",") if p]
    head = ("ORM broker poll s", "phase", "changes", "one every s", "arrived")
    head += ("p50 ms", "p95 ms", "max ms")
    head += ("edit → our intake, p50 ms", "our intake → written, p50 ms")
    print(row(*head))
    print(row(*["---"] * len(head)))
    results = [r for poll in polls for r in bench_propagation.run(n, interval, poll)]
    for r in results:
        cells = (r["poll_s"], r["phase"], r["changes"], r["interval_s"], r["arrived"])
        times = (r["p50_ms"], r["p95_ms"], r["max_ms"], r["delivery_p50_ms"])
        print(row(*cells, *map(ms, times), ms(r["processing_p50_ms"])))


def machine() -> str:
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return f"nproc {os.cpu_count()}, load average {load}"


if __name__ == "__main__":
    sizes = [int(s) for s in os.environ.get("BENCH_SIZES", "10000,100000").split(",") if s]
    classify_table(sizes)
    print()
    pipeline = ints("BENCH_PIPELINE", "10000")
    if pipeline and pipeline != [0]:
        print(f"Transfer pipeline ({machine()})")
        pipeline_table(pipeline)
        print()
    preview = ints("BENCH_PREVIEW", "100000")
    if preview and preview != [0]:
        print(f"Transfer preview: read + classify, no writes ({machine()})")
        pipeline_table(preview, "preview")
        print()
    ratelimit = int(os.environ.get("BENCH_RATELIMIT", "2000"))
    if ratelimit:
        print(f"Transfer under rate limits ({machine()})")
        ratelimit_table(ratelimit)
        print()
    intake = int(os.environ.get("BENCH_INTAKE", "5000"))
    if intake:
        print(f"Webhook intake ({machine()})")
        intake_table(intake)
        print()
    propagation = int(os.environ.get("BENCH_PROPAGATION", "50"))
    if propagation:
        print(f"Propagation ({machine()})")
        propagation_table(propagation)
