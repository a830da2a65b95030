"""`valuechain members`: the consortium as the chain holds it."""

from __future__ import annotations

import argparse

from valuechain import members
from valuechain.report import console, members_table

from .context import add_chain_options, connect


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("members", help="list member organisations read back from the chain (with operator keys offered, not accepted yet)")
    add_chain_options(p, acting=False)
    p.set_defaults(handler=_members)


def _members(args: argparse.Namespace) -> int:
    ctx = connect(args)
    registry = ctx.contract("ConsortiumRegistry")
    with ctx.index() as index:
        console().print(members_table(index.members(), offers=members.pending_offers(registry, index)))
    return 0
