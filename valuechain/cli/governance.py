"""`valuechain governance status|transfer|accept|cancel`: moving the council role.

The council role (the registry's DEFAULT_ADMIN_ROLE, OpenZeppelin
AccessControlDefaultAdminRules) moves in two steps: the council starts the handover to
a new address, which can accept only after the registry's delay; until then the
council can cancel. One wrong transaction cannot end governance."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime

from rich.table import Table

from valuechain import members
from valuechain.errors import ChainError
from valuechain.report import console

from . import args as types
from .context import act, command, connect


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("governance", help="who governs the registry; hand the council role over in two steps")
    s = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    command(s, "status", "the council, the handover delay, a handover under way, onboarders and guardians", _status, acting=False)
    q = command(s, "transfer", "start handing the council role to ADDRESS (council); it accepts after the delay", _transfer, dry_run=True)
    q.add_argument("new_council", metavar="ADDRESS", type=types.address, help="the new council (ideally a multisig)")
    command(s, "accept", "the new council takes the role, once the delay has passed", _accept, dry_run=True)
    command(s, "cancel", "cancel a handover under way (council)", _cancel, dry_run=True)


def _hours(seconds: int) -> str:
    return f"{seconds / 3600:g} h" if seconds >= 3600 else f"{seconds} s"


def _status(a: argparse.Namespace) -> int:
    ctx = connect(a)
    registry = ctx.contract("ConsortiumRegistry")
    g = members.governance(registry)
    table = Table(title=f"Governance of the registry {registry.address}", show_header=False)
    table.add_column("what", style="bold")
    table.add_column("value")
    table.add_row("council", g.council)
    table.add_row("handover delay", _hours(g.delay_s))
    if g.pending:
        table.add_row("handover under way", f"to {g.pending}, acceptable from {g.pending_from:%Y-%m-%d %H:%M:%S} UTC")
    if g.pending_delay_s is not None:
        table.add_row("delay change", f"to {_hours(g.pending_delay_s)} from {g.pending_delay_from:%Y-%m-%d %H:%M:%S} UTC")
    with ctx.index() as index:
        for role in members.ROLE_GETTERS:
            table.add_row(f"{role}s", "\n".join(members.role_holders(registry, index, role)) or "none")
        table.add_row("paused", "yes" if members.pause_state(registry, index).paused else "no")
    console().print(table)
    return 0


def _transfer(a: argparse.Namespace) -> int:
    ctx = connect(a)
    registry = ctx.contract("ConsortiumRegistry")
    delay = members.governance(registry).delay_s
    return act(ctx, lambda s: members.begin_handover(s, registry, a.new_council),
               f"handover started: {a.new_council} can take the council role with `valuechain governance accept` "
               f"in {_hours(delay)}; until then the council can `valuechain governance cancel`",
               {"delay": _hours(delay)})


def _accept(a: argparse.Namespace) -> int:
    ctx = connect(a)
    registry = ctx.contract("ConsortiumRegistry")
    g = members.governance(registry)
    if g.pending is None:
        raise ChainError("no council handover is under way (the council starts one with `valuechain governance transfer ADDRESS`)")
    now = datetime.fromtimestamp(ctx.w3.eth.get_block("latest")["timestamp"], tz=UTC)
    if not getattr(a, "dry_run", False) and g.pending_from and now < g.pending_from:
        wait = int((g.pending_from - now).total_seconds())
        raise ChainError(f"the handover to {g.pending} can be accepted from {g.pending_from:%Y-%m-%d %H:%M:%S} UTC "
                         f"(in {_hours(wait)}); nothing was sent")
    return act(ctx, lambda s: members.accept_handover(s, registry), "the acting account is now the council")


def _cancel(a: argparse.Namespace) -> int:
    ctx = connect(a)
    registry = ctx.contract("ConsortiumRegistry")
    if members.governance(registry).pending is None:
        console().print("no council handover is under way; nothing to send")
        return 0
    return act(ctx, lambda s: members.cancel_handover(s, registry), "council handover cancelled")
