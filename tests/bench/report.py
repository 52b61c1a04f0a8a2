"""Tables of `python -m tests.bench` (Markdown, pasted into docs/benchmarks.md as they are)."""

import contextlib
import math
import os
import platform
import subprocess
import time
from pathlib import Path


def row(*cells) -> str:
    return "| " + " | ".join(str(c) for c in cells) + " |"


def table(head: tuple, rows: list[tuple]) -> None:
    print(row(*head))
    print(row(*["---"] * len(head)))
    for cells in rows:
        print(row(*cells), flush=True)
    print()


def ms(value) -> str:
    if value is None:
        return "—"
    return "not arrived" if math.isinf(value) else f"{value:,.0f}"


def ms_unit(value) -> str:
    text = ms(value)
    return text if text in ("—", "not arrived") else f"{text} ms"


def num(value, digits: int = 1) -> str:
    return "—" if value is None else f"{value:,.{digits}f}"


def ratio(a, b) -> str:
    if not a or not b or math.isinf(a) or math.isinf(b):
        return "—"
    return f"{a / b:.2f}×"


def load() -> str:
    return " / ".join(f"{x:.1f}" for x in os.getloadavg())


def machine() -> str:
    return f"nproc {os.cpu_count()}, load average {load()}"


TIMINGS: dict[str, float] = {}  # seconds each part of the run took


@contextlib.contextmanager
def timed(name: str):
    started = time.monotonic()
    try:
        yield
    finally:
        TIMINGS[name] = TIMINGS.get(name, 0.0) + time.monotonic() - started


def header(title: str) -> None:
    print(f"### {title} ({machine()})", flush=True)
    print()


def describe_machine() -> str:
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{platform.node()}: {os.cpu_count()} CPUs, {memory:.0f} GiB RAM, "
        f"Python {platform.python_version()}, load average {load()}, {speed()}; "
        f"code: {code_version()}"
    )


def speed() -> str:
    """The CPU time of a fixed piece of Python work: on a shared host the same code takes a
    third more CPU at some hours than at others, which moves every CPU-per-item figure (the
    ratios against the floor are measured in the same minutes and move less)."""
    started = time.process_time()
    total, seen = 0, {}
    for i in range(300_000):
        total += i * i
        seen[i & 1023] = total
    return f"speed probe {(time.process_time() - started) * 1000:.0f} ms of CPU"


def code_version() -> str:
    """The commit measured, and how many files of the working tree differ from it."""
    root = Path(__file__).resolve().parents[2]
    if (root / ".bench-commit").exists():  # a snapshot made with `git archive`
        return f"{(root / '.bench-commit').read_text().strip()} (a snapshot of that commit)"
    git = ["git", "-C", str(root)]
    try:
        head = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True, check=True).stdout.strip()  # fmt: skip
        changed = subprocess.run([*git, "status", "--porcelain", "--untracked-files=no"],
                                 capture_output=True, text=True, check=True).stdout  # fmt: skip
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    count = len(changed.splitlines())
    return f"{head}" + (f" with {count} files changed in the working tree" if count else "")


class Goals:
    """Every goal's measurement, printed together at the end (ratios in one run)."""

    def __init__(self):
        self.rows: list[tuple] = []

    def add(self, goal: str, measured: str, target: str, met: bool | None) -> None:
        verdict = "—" if met is None else ("met" if met else "not met")
        self.rows.append((goal, measured, target, verdict))

    @staticmethod
    def timings() -> str:
        return ", ".join(f"{name} {seconds:.0f} s" for name, seconds in TIMINGS.items())

    def print(self) -> None:
        header("Goals")
        table(("goal", "measured", "target", ""), self.rows)
