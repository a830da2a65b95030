"""Rich tables of what the chain holds."""

from __future__ import annotations

import sys

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from valuechain.contract_types import DisruptionStatus, Effect, RootCause
from valuechain.identity import Status, format_roles
from valuechain.members import Member
from valuechain.orders import Step
from valuechain.signals import SignalEvent

_STATUS_STYLE = {Status.ACTIVE: "green", Status.SUSPENDED: "yellow", Status.OFFBOARDED: "red"}


def members_table(members: list[Member], title: str = "Consortium members (read back from the chain)",
                  offers: dict[str, list[str]] | None = None) -> Table:
    """One row per member; ``offers`` (BPNL -> keys offered a binding, not accepted yet)
    are listed under the operators, marked as offered."""
    table = Table(title=title)
    table.add_column("BPNL", no_wrap=True)
    table.add_column("roles")
    table.add_column("status")
    table.add_column("joined (UTC)")
    table.add_column("operators")
    table.add_column("profile hash")
    for m in members:
        style = _STATUS_STYLE.get(m.status, "")
        table.add_row(
            m.bpnl,
            format_roles(m.roles),
            f"[{style}]{m.status.name}[/{style}]",
            m.joined_at.strftime("%Y-%m-%d %H:%M:%S"),
            "\n".join([*m.operators, *(f"[yellow]{a} (offered)[/yellow]" for a in (offers or {}).get(m.bpnl, []))]),
            "0x" + m.profile_hash.hex()[:12] + "…",
        )
    return table


def timeline_table(order_id: int, steps: list[Step]) -> Table:
    table = Table(title=f"Order #{order_id}: timeline")
    table.add_column("block", justify="right")
    table.add_column("time (UTC)")
    table.add_column("event")
    table.add_column("detail")
    for st in steps:
        table.add_row(str(st.block), st.time.strftime("%Y-%m-%d %H:%M:%S"), st.event, st.detail)
    return table


def signals_table(events: list[SignalEvent], title: str = "Signals addressed to suppliers") -> Table:
    table = Table(title=title)
    for col in ("block", "kind", "from", "to", "id", "content"):
        table.add_column(col)
    for e in events:
        a = e.args
        if e.kind == "disruption":
            cause, effect, status = (enum.name_of(a[key]).lower().replace("_", "-") for enum, key in
                                     ((RootCause, "cause"), (Effect, "effect"), (DisruptionStatus, "status")))
            content = f"{cause} / {effect} ({status})"
        else:
            occupancy = f", occupancy {a['demand'] / a['actualCapacity']:.0%}" if a["actualCapacity"] else ""
            content = f"week {a['week']}: actual {a['actualCapacity']:,} of max {a['maximumCapacity']:,}{occupancy}"
        table.add_row(str(e.block), e.kind, e.oem, e.recipient, "0x" + e.signal_id.hex()[:8] + "…", content)
    return table


def console(stderr: bool = False) -> Console:
    """A rich console; wide when writing to a file or pipe so tables are not folded."""
    stream = sys.stderr if stderr else sys.stdout
    return Console(stderr=stderr, width=None if stream.isatty() else 160)


def ip_history_table(asset: str, entries: list) -> Table:
    table = Table(title=f"IP history of lineage {asset[:18]}…")
    for col in ("time (UTC)", "event", "asset", "owner", "detail"):
        table.add_column(col, no_wrap=col == "asset")
    for e in entries:
        table.add_row(e.time.strftime("%Y-%m-%d %H:%M:%S"), e.event, e.asset[:18] + "…", e.owner, e.detail)
    return table


def licences_table(views: list, title: str = "Data licences") -> Table:
    from valuechain.licensing import format_purposes

    table = Table(title=title)
    for col in ("licence", "asset", "licensor", "licensee", "purposes", "from", "until", "status"):
        table.add_column(col, no_wrap=col in ("licence", "asset"))
    styles = {"ACTIVE": "green", "REVOKED": "red", "EXPIRED": "yellow", "RENOUNCED": "yellow"}
    for v in views:
        style = styles.get(v.status.name, "")
        status = f"[{style}]{v.status.name}[/{style}]" if style else v.status.name
        sub = " (sub)" if any(v.parent) else ""
        table.add_row("0x" + v.licence.hex()[:10] + "…" + sub, "0x" + v.asset.hex()[:10] + "…", v.licensor, v.licensee,
                      format_purposes(v.purposes), v.start.strftime("%Y-%m-%d") if v.start else "on acceptance",
                      v.end.strftime("%Y-%m-%d"), status)
    return table


def access_table(entries: list, title: str = "Access trail (recorded data accesses)") -> Table:
    from valuechain.licensing import format_purposes

    table = Table(title=title)
    for col in ("block", "time (UTC)", "licence", "licensee", "recorded by", "purpose", "what (hash)"):
        table.add_column(col)
    for e in entries:
        table.add_row(str(e.block), e.time.strftime("%Y-%m-%d %H:%M:%S"), "0x" + e.licence.hex()[:10] + "…", e.licensee,
                      e.recorder, format_purposes(e.purpose), "0x" + e.access_hash.hex()[:12] + "…")
    return table


def dry_run_table(sim, contract: str, notes: dict[str, str] | None = None) -> Table:
    """What a dry run would send (a ``valuechain.tx.Simulation``) and what the chain answered."""
    table = Table(title="Dry run: nothing sent", show_header=False)
    table.add_column("field", style="bold", no_wrap=True)
    table.add_column("value", overflow="fold")
    table.add_row("contract", f"{contract} {sim.address}")
    table.add_row("function", sim.function)
    for name, abi_type, value in sim.arguments:
        table.add_row(f"  {name}", f"{escape(value)}  [dim]({abi_type})[/dim]")
    for name, value in (notes or {}).items():
        table.add_row(f"  {name}", f"[dim]{escape(value)}[/dim]")
    table.add_row("from", sim.sender)
    style = "green" if sim.ok else "red"
    table.add_row("simulation", f"[{style}]{escape(sim.verdict)}[/{style}]")
    if sim.ok and sim.outcome:
        table.add_row("would return", escape(sim.outcome))
    return table
