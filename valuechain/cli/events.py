"""`valuechain events sync` and `valuechain report`: the event index for analysts."""

from __future__ import annotations

import argparse
from pathlib import Path

from valuechain.events.commands import report_command, sync_command
from valuechain.report import console

from . import args as types
from .context import add_chain_options, connect


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("events", help="the local event index")
    s = p.add_subparsers(dest="action", required=True)
    q = s.add_parser("sync", help="index new events (reorg-safe, incremental)")
    add_chain_options(q, acting=False)
    _index_options(q)
    q.set_defaults(handler=_sync)
    q = sub.add_parser("report", help="sync, print the supplier scorecard and write PNG charts")
    add_chain_options(q, acting=False)
    _index_options(q)
    q.add_argument("--out", type=types.folder, default=Path("reports"), help="folder for the charts")
    q.set_defaults(handler=_report)


def _index_options(q: argparse.ArgumentParser) -> None:
    q.add_argument("--reorg-depth", type=types.blocks, default=12, help="blocks re-checked for reorgs (0 for QBFT)")


def _sync(a: argparse.Namespace) -> int:
    ctx = connect(a)
    sync_command(ctx.w3, ctx.manifest(), a.index, a.reorg_depth, console=console())
    return 0


def _report(a: argparse.Namespace) -> int:
    ctx = connect(a)
    report_command(ctx.manifest(), ctx.w3, a.index, a.out, reorg_depth=a.reorg_depth, console=console())
    return 0
