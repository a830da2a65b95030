"""Brownie entry point of the onboarding benchmark (see bench/tooling_onboard.py)."""

from bench import tooling_onboard


def main() -> None:
    tooling_onboard.run()
