"""Brownie entry point of `make bench`'s simulator figures (see bench/tooling_simulate.py):
the demo's quarter (`simulate_quarter_12_s`) and the capacity-planning report."""

from bench import tooling_simulate


def main() -> None:
    tooling_simulate.run()
