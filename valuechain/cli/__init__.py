"""`valuechain …`: the command line. Each submodule registers one command group."""

from __future__ import annotations

import argparse
import logging
import os
import re
import sys

import requests
from rich.console import Console
from rich.markup import escape
from web3.exceptions import ContractLogicError

from valuechain import network, revert
from valuechain.cli import (
    account,
    args,
    context,
    deploy,
    emergency,
    events,
    governance,
    ip,
    licence,
    member,
    members,
    notify,
    onboard,
    orders,
    simulate,
)
from valuechain.errors import InputError, Refused, SuitePaused, ValueChainError

GROUPS = [account, deploy, emergency, events, governance, ip, licence, member, members, notify, onboard, orders, simulate]


log = logging.getLogger(__name__)


class UsageError(InputError):
    """The command line itself is wrong (argument missing or malformed)."""


class Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line naming the command, the argument and what
    was expected (no usage dump); `--help` still prints the full usage."""

    def error(self, message: str) -> None:  # type: ignore[override]
        failing = sys.exc_info()[1]  # argparse calls error() while handling the ArgumentError
        where = failing.argument_name if isinstance(failing, argparse.ArgumentError) else None
        refused = failing.__context__ if failing is not None else None  # the type's own refusal
        expected, found = (refused.expected, refused.found) if isinstance(refused, args.BadValue) else (None, None)
        missing = re.fullmatch(r"the following arguments are required: (.*)", message)
        if missing:
            names = missing.group(1).split(", ")
            message = "missing " + "; ".join(f"{n} (expected {h})" if h else n for n, h in map(self._help, names))
            where, expected = ", ".join(names), "; ".join(h or n for n, h in map(self._help, names))
        choice = re.fullmatch(r"(argument .*?): invalid choice: (.*?) \(choose from (.*)\)", message)
        if choice:
            message = f"{choice.group(1)}: {choice.group(2)} is not one of them (expected one of {choice.group(3)})"
            expected, found = f"one of {choice.group(3)}", choice.group(2).strip("'")
        raise UsageError(f"{self.prog}: {message} (see `{self.prog} --help`)", what=self.prog, where=where,
                         expected=expected, found=found)

    def _help(self, name: str) -> tuple[str, str | None]:
        """``name`` and its help text (what it is)."""
        for action in self._actions:
            if name in action.option_strings or name in (action.metavar, action.dest):
                return name, action.help
        return name, None


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="valuechain", description="Trusted production-data sharing on a consortium chain")
    context.add_global_chain_options(parser)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for group in GROUPS:
        group.register(sub)
    return parser


def command_parser(parser: argparse.ArgumentParser, args: argparse.Namespace) -> argparse.ArgumentParser:
    """The parser of the command ``args`` were parsed for (``valuechain order confirm``)."""
    while True:
        subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        if not subs or getattr(args, subs[0].dest, None) is None:
            return parser
        parser = subs[0].choices[getattr(args, subs[0].dest)]


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line, checked: every argument has its type; the chain options given
    before the command are handed to it."""
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    command = command_parser(parser, args)
    if extra:
        expected = f"only the options of `{command.prog} --help`"
        raise UsageError(f"{command.prog}: unrecognized arguments: {' '.join(extra)} (expected {expected})",
                         what=command.prog, where=extra[0], expected=expected, found=" ".join(extra))
    context.merge_chain_options(args, command)
    return args


def main(argv: list[str] | None = None) -> int:
    console = Console(stderr=True)
    try:
        args = parse(argv)
        return args.handler(args) or 0
    except Refused as exc:
        # refused while paused, by a contract that names its own error: the pause is the reason
        _error(console, str(SuitePaused(exc.label, exc.reason) if context.paused_business_call(exc.contract) else exc))
        return 2
    except ValueChainError as exc:
        _error(console, str(exc))
        return 2
    except ContractLogicError as exc:  # a view the command called refused: say why, in words
        _error(console, str(revert.explain(exc, "a call to the chain")))
        return 2
    except requests.exceptions.RequestException as exc:  # the node went away during the command
        _error(console, f"lost the node: {network.unreachable(exc)}; rerun the command once it is back")
        return 2
    except KeyboardInterrupt:
        console.print("[yellow]interrupted[/yellow]: rerun the same command to finish the job")
        return 130
    except Exception as exc:
        if os.environ.get("VALUECHAIN_TRACEBACK"):
            raise
        log.debug("internal error", exc_info=True)
        _error(console, f"internal error (a bug in valuechain, please report it): {type(exc).__name__}: {exc}; "
                        "rerun with VALUECHAIN_TRACEBACK=1 to see where")
        return 70  # EX_SOFTWARE


def _error(console: Console, message: str) -> None:
    console.print(f"[bold red]error:[/bold red] {escape(message)}", highlight=False, soft_wrap=True)


if __name__ == "__main__":
    sys.exit(main())
