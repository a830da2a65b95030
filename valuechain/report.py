"""Rich tables of what the chain holds, from the event index's views
(``valuechain.events``) and, for one order, the contract's own state."""

from __future__ import annotations

import sys
from typing import Any

import pandas as pd
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from valuechain.contract_types import Side, SignalKind, State
from valuechain.events.views import ascii_code, day
from valuechain.licensing import format_purposes
from valuechain.orders import OrderView, Proposal
from valuechain.tx import Simulation

_STATUS_STYLE = {"ACTIVE": "green", "SUSPENDED": "yellow", "OFFBOARDED": "red"}


def _when(stamp: Any, fmt: str = "%Y-%m-%d %H:%M:%S") -> str:
    """A time of a view (pandas, UTC) as text; ``-`` for none."""
    return "-" if stamp is None or pd.isna(stamp) else stamp.strftime(fmt)


def _rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows of a view as dicts by column name."""
    return [{str(k): v for k, v in row.items()} for row in frame.to_dict("records")]


def _short(hex_value: Any, digits: int = 12) -> str:
    """The start of a ``0x`` hex value of a view; ``-`` for none."""
    return "-" if not isinstance(hex_value, str) or not hex_value else hex_value[: digits + 2] + "…"


def members_table(members: pd.DataFrame, title: str = "Consortium members (read back from the chain)",
                  offers: dict[str, list[str]] | None = None) -> Table:
    """One row per member of an ``EventIndex.members()`` frame; ``offers`` (BPNL -> keys
    offered a binding, not accepted yet) are listed under the operators, marked as offered."""
    table = Table(title=title)
    for column in ("BPNL", "roles", "status", "joined (UTC)", "operators", "profile hash"):
        table.add_column(column, no_wrap=column == "BPNL")
    for m in _rows(members):
        style = _STATUS_STYLE.get(m["status"], "")
        offered = [f"[yellow]{a} (offered)[/yellow]" for a in (offers or {}).get(m["org"], [])]
        table.add_row(m["org"], m["role_names"], f"[{style}]{m['status']}[/{style}]", _when(m["joined"]),
                      "\n".join([*m["operators"], *offered]), _short(m["profile_hash"]))
    return table


def order_step_detail(event: str, a: dict[str, Any]) -> str:
    """What an event of an order's history says, in words (``a``: its index arguments)."""
    if event == "OrderPlaced":
        parent = f", reallocated from #{a['parentId']}" if a["parentId"] else ""
        return f"{a['quantity']:,} × {ascii_code(a['unit'])} from {a['supplier']}, min score {a['minScore']} bp{parent}"
    if event == "QualityAssessed":
        kind = "final" if a["isFinal"] else "interim"
        return f"{kind} score {a['score']} bp ({a['defects']}/{a['sampleSize']} defective) -> {State.name_of(a['state'])}"
    if event == "OrderReallocated":
        return (f"{a['quantity']:,} moved to {a['newSupplier']} as #{a['childId']}, {a['remaining']:,} left "
                f"-> {State.name_of(a['state'])}")
    if event == "OrderShipped":
        return f"{a['quantity']:,} shipped"
    if event == "ShipmentReceived":
        return f"{a['receivedQuantity']:,} received, short by {a['shortfall']:,}"
    if event in ("AmendmentProposed", "AmendmentAccepted"):
        cite = f", citing {SignalKind.name_of(a['signalKind']).lower()} signal {_short(a['signalId'], 8)}" if a["signalKind"] else ""
        by = f" by {Side.name_of(a['proposer'])}" if event == "AmendmentProposed" else ""
        return f"#{a['proposal']}{by}: quantity {a['quantity']:,}, due {_when(day(a['dueDay']), '%Y-%m-%d')}{cite}"
    if event == "AmendmentDeclined":
        return f"#{a['proposal']} declined by {Side.name_of(a['by'])}"
    if event == "OrderCancelled":
        return f"from {State.name_of(a['previousState'])}"
    return ""


def timeline_table(order_id: int, history: pd.DataFrame, title: str | None = None) -> Table:
    """An order's events (an ``EventIndex.order_history(order_id)`` frame): block, time,
    event, the state after it, what it says."""
    table = Table(title=title or f"Order #{order_id}: timeline")
    for column in ("block", "time (UTC)", "event", "state after", "detail"):
        table.add_column(column, justify="right" if column == "block" else "left")
    for h in _rows(history):
        table.add_row(str(h["block"]), _when(h["time"]), h["event"], h["state"] if isinstance(h["state"], str) else "",
                      order_step_detail(h["event"], h["args"]))
    return table


def timeline_tables(history: pd.DataFrame) -> list[Table]:
    """One timeline table per order of an ``EventIndex.order_history()`` frame, by order id."""
    return [timeline_table(int(oid), history[history["order_id"] == oid]) for oid in sorted(set(history["order_id"]))]


def order_tables(order: OrderView, history: pd.DataFrame, part: str | None = None,
                 pending: Proposal | None = None) -> list[Table]:
    """`valuechain order show ID`: the order as the contract holds it now (``order``,
    ``pending`` amendment), its quality assessments, amendments and every transition
    from the event index (``history``); ``part`` is the clear text of the part number
    when known (the sidecar)."""
    placed = history[history["event"] == "OrderPlaced"]
    assessed = history[history["event"] == "QualityAssessed"]
    parent = int(placed["args"].iloc[0]["parentId"]) if not placed.empty else 0
    children = [a["childId"] for a in history.loc[history["event"] == "OrderReallocated", "args"]]
    summary = Table(title=f"Order #{order.order_id}", show_header=False, title_justify="left")
    summary.add_column("field", style="bold", no_wrap=True)
    summary.add_column("value")
    ids = f"#{order.order_id}" + (f", reallocated from #{parent}" if parent else "")
    ids += f"; moved on as {', '.join(f'#{c}' for c in children)}" if children else ""
    part_hash = "0x" + order.part_number.hex()
    ordered = placed["args"].iloc[0]["quantity"] if not placed.empty else order.quantity
    rows = [
        ("order", ids),
        ("OEM", order.oem),
        ("supplier", order.supplier),
        ("part number", f"{escape(part)} (keccak256 {_short(part_hash)})" if part else
         f"{part_hash} (keccak256 of the part number; its text is not in the sidecar)"),
        ("quantity", f"{order.quantity:,} {order.unit}" + (f" (ordered {ordered:,})" if ordered != order.quantity else "")
         + f"; shipped {order.shipped_quantity:,}, received {order.received_quantity:,}"),
        ("due", order.due.isoformat()),
        ("state", f"[bold]{order.state.name}[/bold]"),
        ("quality", f"minimum {order.min_score:,} bp" + (f", last score {order.last_score:,} bp" if len(assessed) else "")),
        ("amendments", f"{order.version} accepted" + (
            f"; #{pending.number} by {pending.proposer.name} pending: quantity {pending.quantity:,}, due {pending.due}" if pending else "")),
    ]
    if order.design_asset:
        rows.append(("design asset", "0x" + order.design_asset.hex()))
    if not placed.empty:
        rows.append(("placed", f"{_when(placed['time'].iloc[0])} UTC, block {placed['block'].iloc[0]}"))
    for name, value in rows:
        summary.add_row(name, value)
    quality = Table(title="Quality assessments", title_justify="left")
    for column in ("block", "time (UTC)", "score (bp)", "sample", "defects", "final", "state after"):
        quality.add_column(column, justify="left" if column in ("time (UTC)", "state after") else "right")
    for h in _rows(assessed):
        a = h["args"]
        quality.add_row(str(h["block"]), _when(h["time"]), f"{a['score']:,}", f"{a['sampleSize']:,}", f"{a['defects']:,}",
                        "yes" if a["isFinal"] else "no", h["state"])
    amendments = timeline_table(order.order_id, history[history["event"].str.startswith("Amendment")], "Amendments")
    return [summary, quality, amendments, timeline_table(order.order_id, history, "History")]


def _code(name: str | None) -> str:
    return (name or "-").lower().replace("_", "-")


def signals_table(signals: pd.DataFrame, title: str = "Signals addressed to suppliers") -> Table:
    """One row per signal of an ``EventIndex.signals()`` frame."""
    table = Table(title=title)
    for column in ("block", "kind", "from", "to", "id", "content"):
        table.add_column(column)
    for s in _rows(signals):
        if s["kind"] == "DISRUPTION":
            content = f"{_code(s['cause'])} / {_code(s['effect'])} ({s['status'].lower()})"
        else:
            occupancy = f", occupancy {s['occupancy']:.0%}" if s["occupancy"] is not None and not pd.isna(s["occupancy"]) else ""
            week = _when(s["week"], "%G-W%V")
            content = f"week {week}: actual {s['actual_capacity']:,} of max {s['maximum_capacity']:,}{occupancy}"
        table.add_row(str(s["block"]), s["kind"].lower(), s["oem"], "\n".join(s["recipients"]), _short(s["signal_id"], 8), content)
    return table


def console(stderr: bool = False) -> Console:
    """A rich console; wide when writing to a file or pipe so tables are not folded."""
    stream = sys.stderr if stderr else sys.stdout
    return Console(stderr=stderr, width=None if stream.isatty() else 160)


_IP_EVENTS = {"AssetRegistered": "registered", "AssetRevised": "revised", "AssetTransferred": "transferred"}


def ip_history_table(asset: str, history: pd.DataFrame) -> Table:
    """The lineage of ``asset`` from an ``EventIndex.ip_history(asset)`` frame."""
    table = Table(title=f"IP history of lineage {asset[:18]}…")
    for column in ("time (UTC)", "block", "event", "asset", "owner", "detail"):
        table.add_column(column, no_wrap=column == "asset")
    for h in _rows(history):
        event = _IP_EVENTS.get(h["event"], h["event"])
        if h["event"] == "AssetTransferred":
            detail = f"from {h['previous_owner']}"
        else:
            detail = f"{h['kind'].lower()}, version {h['version']}" if h["kind"] else f"version {h['version']}"
        table.add_row(_when(h["time"]), str(h["block"]), event, _short(h["asset"], 16), h["owner"], detail)
    return table


_LICENCE_STYLE = {"ACTIVE": "green", "REVOKED": "red", "EXPIRED": "yellow", "RENOUNCED": "yellow"}


def licences_table(licences: pd.DataFrame, title: str = "Data licences") -> Table:
    """One row per licence of an ``EventIndex.licences()`` frame."""
    table = Table(title=title)
    for column in ("licence", "asset", "licensor", "licensee", "purposes", "from", "until", "status"):
        table.add_column(column, no_wrap=column in ("licence", "asset"))
    for v in _rows(licences):
        style = _LICENCE_STYLE.get(v["status"], "")
        status = f"[{style}]{v['status']}[/{style}]" if style else v["status"]
        sub = " (sub)" if v["parent"] else ""
        start = "on acceptance" if pd.isna(v["start"]) else _when(v["start"], "%Y-%m-%d")
        table.add_row(_short(v["licence"], 10) + sub, _short(v["asset"], 10), v["licensor"], v["licensee"],
                      format_purposes(v["purposes"]), start, _when(v["end"], "%Y-%m-%d"), status)
    return table


def access_table(entries: pd.DataFrame, title: str = "Access trail (recorded data accesses)") -> Table:
    """One row per access receipt of an ``EventIndex.access_log()`` frame."""
    table = Table(title=title)
    for column in ("block", "time (UTC)", "licence", "licensee", "recorded by", "purpose", "what (hash)"):
        table.add_column(column)
    for e in _rows(entries):
        table.add_row(str(e["block"]), _when(e["time"]), _short(e["licence"], 10), e["licensee"], e["recorder"],
                      format_purposes(e["purpose"]), _short(e["access_hash"]))
    return table


def dry_run_table(sim: Simulation, contract: str, notes: dict[str, str] | None = None) -> Table:
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


def _hours(delta: Any) -> str:
    return "-" if delta is None or pd.isna(delta) else f"{pd.Timedelta(delta).total_seconds() / 3600:.1f} h"


def notifications_table(notes: pd.DataFrame, title: str = "Quality notifications (CX-0125)") -> Table:
    """One row per notification of an ``EventIndex.notifications()`` (or
    ``notification_tree``) frame; a tree's rows are indented by their depth."""
    table = Table(title=title)
    for column in ("id", "kind", "from", "to", "severity", "status", "target", "to ack", "to close", "orders"):
        table.add_column(column, no_wrap=column in ("id", "from", "to"))
    for n in _rows(notes):
        indent = "  " * int(n.get("depth") or 0) + ("└ " if n.get("depth") else "")
        status = n["status"] + (" [red](past target)[/red]" if n.get("past_target") else "")
        if n.get("unanswered"):
            status += " [yellow](not answered)[/yellow]"
        table.add_row(indent + _short(n["notification_id"], 8), n["kind"].lower(), n["sender"], n["receiver"],
                      n["severity"], status, _when(n["target_date"], "%Y-%m-%d"), _hours(n["time_to_acknowledge"]),
                      _hours(n["time_to_close"]), ", ".join(f"#{o}" for o in n["order_ids"]) or "-")
    return table
