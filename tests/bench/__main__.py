"""`python -m tests.bench`: run the benchmarks and print a table (see docs/benchmarks.md).

BENCH_PIPELINE=2000 (records through the sandboxes; 0 skips it), BENCH_SIZES=10000,100000."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.test_settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from tests.bench import bench_classify, bench_pipeline  # noqa: E402


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


def pipeline_table(n: int) -> None:
    from tests.bench.setup import connected_integration

    setup_test_environment()
    name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        r = bench_pipeline.run(connected_integration(), n)
    finally:
        connection.creation.destroy_test_db(name, verbosity=0)
    print(row("records", "API calls", "floor", "over floor", "seconds", "peak MB", "state"))
    print(row(*["---"] * 7))
    over = (r["calls"] - r["floor"]) / r["floor"] * 100
    print(
        row(
            n,
            r["calls"],
            r["floor"],
            f"{over:.2f}%",
            f"{r['seconds']:.1f}",
            f"{r['peak_mb']:.1f}",
            r["state"],
        )
    )


if __name__ == "__main__":
    sizes = [int(s) for s in os.environ.get("BENCH_SIZES", "10000,100000").split(",") if s]
    classify_table(sizes)
    print()
    pipeline = int(os.environ.get("BENCH_PIPELINE", "2000"))
    if pipeline:
        pipeline_table(pipeline)
