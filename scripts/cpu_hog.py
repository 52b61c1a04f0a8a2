"""Keep the machine busy: N processes spinning until stopped (N defaults to the cores).

Run the test suite beside it to find tests that assume a fast machine:
    .venv/bin/python scripts/cpu_hog.py & .venv/bin/pytest -q; kill %1
SIGTERM or Ctrl-C stops the spinners too.
"""

import argparse
import multiprocessing
import os
import signal
import sys


def spin():
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    while True:
        pass


def main():
    parser = argparse.ArgumentParser(description="Keep N cores busy until stopped.")
    parser.add_argument("processes", nargs="?", type=int, default=os.cpu_count() or 1)
    count = parser.parse_args().processes
    spinners = [multiprocessing.Process(target=spin) for _ in range(count)]
    for spinner in spinners:
        spinner.start()

    def stop(*_):
        for spinner in spinners:
            spinner.terminate()
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print(f"cpu_hog: {count} spinning processes (pid {os.getpid()})", file=sys.stderr)
    for spinner in spinners:
        spinner.join()


if __name__ == "__main__":
    main()
