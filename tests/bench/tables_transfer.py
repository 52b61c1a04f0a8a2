"""The transfer's tables: classification, the whole transfer, its write phase, rate limits."""

import os

from tests.bench import bench_classify
from tests.bench.report import Goals, header, num, table
from tests.bench.transfer_main import transfer_run

GOAL_QUERIES, GOAL_CPU_MS = 5, 2.0


def classify_table(sizes: list[int]) -> None:
    header("Classification, no HTTP")
    rows = []
    for n in sizes:
        r = bench_classify.run(n)
        rows.append(
            (
                n,
                f"{r['seconds']:.2f}",
                f"{r['records_per_s']:,.0f}",
                f"{r['peak_mb']:.1f}",
                r["plan"],
            )
        )
    table(("records", "classify s", "records/s", "peak MB (tracemalloc)", "plan"), rows)


def pipeline_table(sizes: list[int], kind: str = "pipeline") -> list[dict]:
    title = "Transfer, in-process sandboxes" if kind == "pipeline" else "Transfer preview"
    header(title)
    head = ("records", "API calls", "floor", "over floor", "wall s", "records/s")
    head += ("sandbox s", "our CPU s", "our CPU records/s", "peak RSS MB", "state")
    rows, results = [], []
    for n in sizes:
        r = transfer_run(kind, n)
        results.append(r)
        over = (r["calls"] - r["floor"]) / r["floor"] * 100
        cells = (n, r["calls"], r["floor"], f"{over:.2f}%", f"{r['seconds']:.0f}")
        cells += (f"{r['records_per_s']:.1f}", f"{r['sandbox_s']:.0f}", f"{r['ours_cpu_s']:.0f}")
        cells += (f"{r['ours_cpu_records_per_s']:.0f}", f"{r['peak_mb']:.0f}", r["state"])
        rows.append(cells)
    table(head, rows)
    return results


def write_table(results: list[dict], goals: Goals) -> None:
    """The write phase per written record, from the transfers just run."""
    header("Transfer write phase, per written record")
    head = ("records", "written", "steps", "our statements", "of them savepoints")
    head += (
        "our commits",
        "our CPU ms",
        "wall ms",
        "sandbox statements",
        "our statements by kind",
    )
    rows = []
    for r in results:
        w = r.get("write") or {}
        if not w:
            continue
        cells = (r["records"], w["written"], w["steps"], num(w["queries_per_record"]))
        cells += (num(w["savepoints_per_record"]), num(w["commits_per_record"]))
        cells += (num(w["cpu_ms_per_record"], 2), num(w["wall_ms_per_record"]))
        cells += (num(w["sandbox_queries_per_record"]), w["queries"])
        rows.append(cells)
    table(head, rows)
    if results and results[-1].get("write"):
        w, n = results[-1]["write"], results[-1]["records"]
        queries, cpu = w["queries_per_record"], w["cpu_ms_per_record"]
        goals.add(
            f"Transfer write: SQL statements per written record ({n:,})",
            f"{queries:.1f}",
            f"≤ {GOAL_QUERIES}",
            queries <= GOAL_QUERIES,
        )
        goals.add(
            f"Transfer write: our CPU per written record ({n:,})",
            f"{cpu:.2f} ms",
            f"≤ {GOAL_CPU_MS:.0f} ms",
            cpu <= GOAL_CPU_MS,
        )


def ratelimit_table(n: int) -> None:
    snovio = int(os.environ.get("BENCH_SNOVIO_WINDOW", "12"))
    pipedrive = int(os.environ.get("BENCH_PIPEDRIVE_WINDOW", "16"))
    header("Transfer under the rate limits, rescaled time")
    head = ("direction", "records", "app", "limit", "calls", "span s", "calls/s")
    head += ("allowed/s", "limit used", "429s", "state")
    rows = []
    for direction, app in (("to_snovio", "snovio"), ("to_pipedrive", "pipedrive")):
        r = transfer_run("ratelimit", n, direction, snovio, pipedrive)
        a = r["apps"][app]
        cells = (direction, n, app, a["limit"], a["calls"], f"{a['span_s']:.0f}")
        cells += (f"{a['calls_per_s']:.2f}", f"{a['allowed_per_s']:.2f}", f"{a['used']:.1%}")
        rows.append((*cells, a["429s"], r["state"]))
    table(head, rows)
