"""`valuechain …`: the command line. Each submodule registers one command group."""

from __future__ import annotations

import argparse
import sys

from rich.console import Console

from valuechain.errors import ValueChainError

from valuechain.cli import account, deploy, events, ip, licence, members, onboard, orders

GROUPS = [account, deploy, events, ip, licence, members, onboard, orders]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="valuechain", description="Trusted production-data sharing on a consortium chain")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for group in GROUPS:
        group.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    console = Console(stderr=True)
    try:
        return args.handler(args) or 0
    except ValueChainError as exc:
        console.print(f"[bold red]error:[/bold red] {exc}", highlight=False, soft_wrap=True)
        return 2
    except KeyboardInterrupt:
        console.print("[yellow]interrupted[/yellow]: rerun the same command to finish the job")
        return 130


if __name__ == "__main__":
    sys.exit(main())
