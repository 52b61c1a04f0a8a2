"""Our own processing of a transfer without HTTP: index the receiver by email and classify every
sender record (the pure core of syncengine.transfer), with peak memory."""

import time
import tracemalloc

from syncengine.mapping import mapping_pairs
from syncengine.matching import index_by_email
from syncengine.transfer.classify import Record, Rules, classify, tally

POSITIONS = ("CEO", "CTO", "Head of Sales", "Buyer")


def prospects(n: int) -> list[Record]:
    return [
        Record(
            f"p{i}",
            f"person{i}@example.com",
            {
                "email": f"person{i}@example.com",
                "first_name": f"First{i}",
                "last_name": "Last",
                "full_name": f"First{i} Last",
                "phones": [f"+1 555 {i:06d}"] if i % 2 else [],
                "position": POSITIONS[i % 4],
                "company_name": f"Company {i % 50}",
            },
        )
        for i in range(n)
    ]


def persons(n: int, duplicates: float = 0.2) -> list[Record]:
    shared = int(n * duplicates)
    out = []
    for i in range(n):
        email = f"person{i}@example.com" if i < shared else f"other{i}@example.org"
        values = {"email": email, "first_name": f"First{i}", "last_name": "Last"}
        values |= {"name": f"First{i} Last", "job_title": POSITIONS[(i + i % 3) % 4]}
        out.append(Record(str(i), email, values))
    return out


def run(n: int) -> dict:
    senders, receivers = prospects(n), persons(n)
    rules = Rules(sender="snovio", source="snovio", pairs=tuple(mapping_pairs([])))
    tracemalloc.start()
    started = time.perf_counter()
    index = index_by_email((r.id, r.email) for r in receivers)
    by_id = {r.id: r for r in receivers}
    decisions = [classify(s, [by_id[i] for i in index.get(s.email, [])], rules) for s in senders]
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "records": n,
        "seconds": elapsed,
        "records_per_s": n / elapsed,
        "peak_mb": peak / 2**20,
        "plan": dict(tally(decisions)),
    }
