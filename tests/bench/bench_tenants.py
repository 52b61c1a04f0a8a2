"""Many tenants on one machine: the tick's cost with 250 … 1,000 Active integrations.

`scripts/bench/tick_cycles.py` runs in a process of its own with production settings and the
database broker, on a throwaway PostgreSQL database: it seeds the integrations in bulk, then
times several tick cycles per size (every integration due each time: the worst case)."""

import json

from tests.bench import processes


def run(sizes: list[int], cycles: int) -> list[dict]:
    name = processes.database_name("tenants")
    db_url = processes.fresh_database(name)
    try:
        env = processes.server_env(db_url, processes.free_port())
        for command in ("migrate", "createcachetable"):
            processes.run(env, "manage.py", command)
        sizes_arg = ",".join(str(s) for s in sizes)
        out = processes.run(env, "scripts/bench/tick_cycles.py", sizes_arg, str(cycles))
        return json.loads(out.strip().splitlines()[-1])
    finally:
        processes.drop_database(name)
