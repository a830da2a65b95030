"""Brownie entry point of `make bench`'s gas table (see bench/gas.py)."""

from bench import gas


def main() -> None:
    gas.run()
