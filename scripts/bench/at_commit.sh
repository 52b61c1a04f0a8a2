#!/bin/sh
# Run the benchmarks on a snapshot of one commit (default HEAD), not on the working tree:
#   scripts/bench/at_commit.sh [COMMIT]        (BENCH_* variables pass through)
# The snapshot is extracted with `git archive` into a temporary directory, run with this
# checkout's .venv, and removed afterwards; the tables name the commit measured.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
commit=$(git -C "$root" rev-parse --short "${1:-HEAD}")
snapshot=$(mktemp -d "${TMPDIR:-/tmp}/snovsync-bench-$commit-XXXXXX")
trap 'rm -rf "$snapshot"' EXIT
git -C "$root" archive "$commit" | tar -x -C "$snapshot"
echo "$commit" > "$snapshot/.bench-commit"
cd "$snapshot"
"$root/.venv/bin/python" -m tests.bench
