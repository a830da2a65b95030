"""Brownie entry point of `make bench`'s event index throughput (see bench/tooling_events.py)
and the index at a million events (bench/events_scale.py: a few minutes).

The benchmark starts an Anvil of its own: the development network Brownie launched runs
with step tracing, which cannot hold 100,000 admissions' worth of traces."""

from bench import tooling_events


def main() -> None:
    tooling_events.run()
