"""Benchmarks (not tests): `make bench` → `python -m tests.bench`. Files are bench_*.py."""
