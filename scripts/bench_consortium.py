"""Brownie entry point of the consortium benchmark (see bench/tooling_consortium.py)."""

from bench import tooling_consortium


def main() -> None:
    tooling_consortium.run()
