"""`valuechain emergency pause|resume|status`: the consortium's emergency stop.

While paused, every state-changing business operation of the suite is refused
(`requireOperator` reverts `EnforcedPause()`), views keep working and the council's
recovery (suspend, revoke, assign, reinstate) still works."""

from __future__ import annotations

import argparse

from valuechain import members
from valuechain.report import console

from .context import act, command, connect


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("emergency", help="pause / resume the whole suite (council or guardian), or show whether it is paused")
    s = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    command(s, "pause", "stop every state-changing business operation of the suite (council or guardian)", _pause, dry_run=True)
    command(s, "resume", "resume the suite after a pause (council or guardian)", _resume, dry_run=True)
    command(s, "status", "whether the suite is paused, since when and by whom; the guardians", _status, acting=False)


def _switch(a: argparse.Namespace, pause: bool) -> int:
    ctx = connect(a)
    registry = ctx.contract("ConsortiumRegistry")
    with ctx.index() as index:
        state = members.pause_state(registry, index)
    if state.paused == pause:
        console().print(f"the suite is {'already paused' if pause else 'not paused'}{_since(state)}; nothing to send")
        return 0
    if pause:
        return act(ctx, lambda s: members.pause(s, registry),
                   "[bold red]the suite is paused[/bold red]: business operations are refused until "
                   "`valuechain emergency resume`")
    return act(ctx, lambda s: members.unpause(s, registry), "[green]the suite is running again[/green]")


def _pause(a: argparse.Namespace) -> int:
    return _switch(a, True)


def _resume(a: argparse.Namespace) -> int:
    return _switch(a, False)


def _since(state: members.PauseState) -> str:
    if state.since_block is None:
        return ""
    return f" (since block {state.since_block}, {state.since:%Y-%m-%d %H:%M:%S} UTC, by {state.by})"


def _status(a: argparse.Namespace) -> int:
    ctx = connect(a)
    registry = ctx.contract("ConsortiumRegistry")
    with ctx.index() as index:
        state = members.pause_state(registry, index)
        guardians = members.role_holders(registry, index, "guardian")
    out = console()
    if state.paused:
        out.print(f"[bold red]PAUSED[/bold red]{_since(state)}: business operations are refused; views and the "
                  "council's recovery work", soft_wrap=True)
    else:
        out.print(f"[green]running[/green]{_since(state).replace(' (since', ' (resumed at') if state.since_block else ''}")
    out.print(f"council: {members.governance(registry).council}")
    out.print("guardians: " + (", ".join(guardians) or "none (only the council can pause)"))
    return 0
