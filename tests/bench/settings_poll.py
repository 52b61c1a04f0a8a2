"""Production settings with the ORM broker's poll interval from BENCH_Q_POLL (seconds); used
only by the propagation benchmark to show what the interval costs (config.settings: 1 s)."""

import os

from config.settings import *  # noqa: F403
from config.settings import Q_CLUSTER

Q_CLUSTER = {**Q_CLUSTER, "poll": float(os.environ.get("BENCH_Q_POLL", "1"))}
