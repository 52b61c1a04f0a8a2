"""Real time's tables: intake against its floor, deployments per broker (idle cost,
propagation, fairness, scale-out) and the tick with many tenants."""

import statistics

from tests.bench import (
    bench_fairness,
    bench_idle,
    bench_intake,
    bench_propagation,
    bench_scaleout,
    bench_tenants,
)
from tests.bench.deployment import Deployment
from tests.bench.report import Goals, header, ms, ms_unit, num, ratio, table, timed

GOAL_INTAKE_RATIO, GOAL_INTAKE_P99 = 0.8, 50
GOAL_P95 = {"Redis": 300, "database": 500}
GOAL_FAIR_P95, GOAL_TICK_P95 = 2000, 10


def intake_table(n: int, rounds: int, concurrency: int, goals: Goals) -> None:
    header(f"Webhook intake against the floor ({concurrency} concurrent)")
    results = list(bench_intake.run(n, rounds, concurrency))
    head = ("round", "app", "requests", "accepted/s", "p50 ms", "p99 ms", "worker CPU ms/req")
    head += ("errors", "lost", "bells queued", "re-sent → duplicate", "load 1/5/15")
    rows = [
        (
            r["round"],
            r["app"],
            r["requests"],
            num(r["accepted_per_s"], 0),
            num(r["p50_ms"]),
            num(r["p99_ms"]),
            num(r["worker_cpu_ms"]),
            r["errors"],
            r["lost"],
            "—" if r["bells"] is None else r["bells"],
            f"{r['resent']} → {r['resent_duplicate']}",
            r["load"],
        )
        for r in results
    ]
    pairs = [
        (o, f)
        for o in results
        for f in results
        if o["app"] == "ours" and f["app"] == "floor" and o["round"] == f["round"]
    ]
    for o, f in pairs:
        rows.append(
            (
                o["round"],
                "ours / floor",
                "",
                ratio(o["accepted_per_s"], f["accepted_per_s"]),
                ratio(o["p50_ms"], f["p50_ms"]),
                ratio(o["p99_ms"], f["p99_ms"]),
                ratio(o["worker_cpu_ms"], f["worker_cpu_ms"]),
                "",
                "",
                "",
                "",
                "",
            )
        )
    table(head, rows)
    # A round's ratio moves by a tenth or more with what else the machine does in those
    # seconds (the floor's own rate varies as much): the goal is the middle round's, and
    # every round is shown beside it.
    rates = [o["accepted_per_s"] / f["accepted_per_s"] for o, f in pairs]
    p99s = [o["p99_ms"] for o, _ in pairs]
    goals.add(
        f"Intake: ours / floor, accepted/s (median of {len(rates)} rounds; each round)",
        f"{statistics.median(rates):.2f}× ({spread(rates, '×')})",
        f"≥ {GOAL_INTAKE_RATIO}×",
        statistics.median(rates) >= GOAL_INTAKE_RATIO,
    )
    p99_ratios = [o["p99_ms"] / f["p99_ms"] for o, f in pairs]
    goals.add(
        "Intake: our p99 (each round), ours / floor",
        f"{spread(p99s, ' ms')}, {spread(p99_ratios, '×')}",
        f"< {GOAL_INTAKE_P99} ms",
        max(p99s) < GOAL_INTAKE_P99,
    )


def spread(values: list[float], unit: str) -> str:
    low, high = min(values), max(values)
    digits = 2 if unit == "×" else 0
    if f"{low:.{digits}f}" == f"{high:.{digits}f}":
        return f"{low:.{digits}f}{unit}"
    return f"{low:.{digits}f}–{high:.{digits}f}{unit}"


PROPAGATION_HEAD = ("broker", "phase", "changes", "one every s", "arrived", "p50 ms", "p95 ms")
PROPAGATION_HEAD += ("max ms", "change → our intake p50 ms", "our intake → written p50 / p95 ms")


def propagation_cells(label: str, r: dict) -> tuple:
    cells = (label, r["phase"], r["changes"], r["interval_s"], r["arrived"])
    times = (r["p50_ms"], r["p95_ms"], r["max_ms"], r["delivery_p50_ms"])
    ours = f"{ms(r['processing_p50_ms'])} / {ms(r['processing_p95_ms'])}"
    return (*cells, *map(ms, times), ours)


def deployment_tables(brokers: list[str], options: dict, goals: Goals) -> None:
    idle, propagation, fairness, scaleout = [], [], [], []
    for broker in brokers:
        with timed(f"deployment {broker}"), Deployment(broker) as deployment:
            label = deployment.label
            idle.append(bench_idle.measure(deployment, options["idle_s"]))
            rows, tenant = bench_propagation.run(
                deployment, options["changes"], options["interval"]
            )
            propagation += [(label, r) for r in rows]
            if broker in options["fairness_brokers"]:
                quiet = next(r for r in rows if r["phase"] == "edit")
                loaded = bench_fairness.run(
                    deployment,
                    tenant,
                    options["fair_records"],
                    options["fair_burst"],
                    options["interval"],
                )
                fairness.append((label, quiet, loaded))
            if broker in options["scaleout_brokers"] and options["scaleout"]:
                scaleout += [
                    (label, r) for r in bench_scaleout.run(deployment, options["scaleout"])
                ]
    idle_table(idle)
    propagation_table(propagation, goals)
    fairness_table(fairness, goals)
    scaleout_table(scaleout, goals)


def idle_table(results: list[dict]) -> None:
    header("Idle deployment: three clusters and the web server, no work")
    head = ("broker", "window s", "transactions", "transactions/s", "load 1/5/15")
    table(
        head,
        [
            (r["broker"], num(r["seconds"], 0), r["transactions"], num(r["per_s"]), r["load"])
            for r in results
        ],
    )


def propagation_table(results: list, goals: Goals) -> None:
    header("Propagation at default settings")
    table(PROPAGATION_HEAD, [propagation_cells(label, r) for label, r in results])
    names = {"edit": "Pipedrive edit → Snov.io", "campaign": "Snov.io campaign → Pipedrive"}
    for label, r in results:
        if r["phase"] in names:
            target = GOAL_P95[label]
            goals.add(
                f"Propagation p95, {names[r['phase']]}, {label} broker",
                f"{ms_unit(r['p95_ms'])} ({r['arrived']}/{r['changes']} arrived; "
                f"our intake → written p95 {ms_unit(r['processing_p95_ms'])})",
                f"< {target} ms",
                r["p95_ms"] < target and r["arrived"] == r["changes"],
            )


def fairness_table(results: list, goals: Goals) -> None:
    if not results:
        return
    header("Fairness: tenant B's edits while tenant A transfers and takes a webhook burst")
    head = (*PROPAGATION_HEAD, "A: records", "A: transfer", "A: items/s meanwhile")
    head += ("A: burst", "A: accepted/s", "A: events by state")
    rows = []
    for label, quiet, loaded in results:
        rows.append(propagation_cells(label, quiet) + ("", "", "", "", "", ""))
        rows.append(
            propagation_cells(label, loaded)
            + (
                loaded["a_records"],
                loaded["a_transfer"],
                num(loaded["a_written_per_s"]),
                f"{loaded['a_accepted']}/{loaded['a_burst']}",
                num(loaded["a_burst_per_s"], 0),
                loaded["a_events"],
            )
        )
        p95 = loaded["p95_ms"]
        goals.add(
            f"Fairness: B's p95 while A is loaded, {label} broker (loaded / quiet)",
            f"{ms_unit(p95)} ({loaded['arrived']}/{loaded['changes']} arrived within "
            f"{loaded['timeout_s']:.0f} s; {ratio(p95, quiet['p95_ms'])} of quiet)",
            f"< {GOAL_FAIR_P95} ms",
            p95 < GOAL_FAIR_P95 and loaded["arrived"] == loaded["changes"],
        )
    table(head, rows)


def scaleout_table(results: list, goals: Goals) -> None:
    if not results:
        return
    header("Realtime throughput: one and two realtime clusters, same PostgreSQL")
    head = ("broker", "realtime clusters", "tenants", "events", "done", "span s", "events/s")
    head += ("states",)
    head += ("load 1/5/15",)
    table(
        head,
        [
            (
                label,
                r["clusters"],
                r["tenants"],
                r["events"],
                r["done"],
                num(r["span_s"]),
                num(r["per_s"]),
                r["states"],
                r["load"],
            )
            for label, r in results
        ],
    )
    by = {r["clusters"]: r["per_s"] for _, r in results}
    if by.get(1) and by.get(2):
        goals.add(
            "Scale-out: events/s with two realtime clusters / one",
            f"{ratio(by[2], by[1])} ({by[1]:.1f} → {by[2]:.1f}/s)",
            "recorded",
            None,
        )


def tenants_table(sizes: list[int], cycles: int, goals: Goals) -> None:
    header("The tick with many Active integrations")
    results = bench_tenants.run(sizes, cycles)
    head = ("integrations", "POLLS_PER_TICK", "cycles", "p50 s", "p95 s", "max s")
    head += ("statements", "polls", "events duty", "webhook checks", "failed duties", "load")
    head += ("seed s",)
    table(
        head,
        [
            (
                r["integrations"],
                r["polls_per_tick"],
                r["cycles"],
                num(r["p50_s"], 2),
                num(r["p95_s"], 2),
                num(r["max_s"], 2),
                r["statements"],
                r["polls"],
                r["events"],
                r["webhooks"],
                ", ".join(r["failed_duties"]) or "none",
                num(r["load"]),
                num(r["seed_s"]),
            )
            for r in results
        ],
    )
    names = {"product": "POLLS_PER_TICK as shipped", "keep-up": "cap polling all every 5 min"}
    for name, what in names.items():
        series = [r for r in results if name in r["series"]]
        if len(series) < 2:
            continue
        low, high = series[0], series[-1]
        goals.add(
            f"Tick p95 at {high['integrations']:,} ({what}); growth from {low['integrations']:,}",
            f"{high['p95_s']:.2f} s ({ratio(high['p95_s'], low['p95_s'])} for "
            f"{high['integrations'] / low['integrations']:.0f}× tenants)",
            f"< {GOAL_TICK_P95} s, ≤ linear",
            high["p95_s"] < GOAL_TICK_P95,
        )
