"""`valuechain order …`, `valuechain signal …` and `valuechain import catenax FILE`."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Mapping
from functools import partial
from pathlib import Path
from typing import Any

from valuechain import catenax, orders, signals
from valuechain.catenax.capacity import WeekBasedCapacityGroup
from valuechain.catenax.demand import WeekBasedMaterialDemand
from valuechain.catenax.notification import DemandAndCapacityNotification
from valuechain.errors import InputError
from valuechain.report import console, order_tables, signals_table, timeline_tables

from . import args as types
from .context import act, add_chain_options, command, connect, where

SIDECAR = Path(".valuechain") / "catenax-sidecar.json"
ID = "the order's id (as `order place` printed it)"
DOC = "document hash (0x + 64 hex digits) or reference text (its keccak256 goes on chain)"


def _doc(value: bytes | None) -> bytes:
    return value or orders.ZERO32


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("order", help="supply orders: place, transitions, timelines")
    s = p.add_subparsers(dest="action", required=True)

    def cmd(name: str, help_: str, handler: Callable[[argparse.Namespace], int], acting: bool = True
            ) -> argparse.ArgumentParser:
        q = command(s, name, help_, handler, acting=acting)
        if name not in ("place", "show"):
            q.add_argument("order_id", metavar="ID", type=types.order_id, help=ID)
        return q

    def doc(q: argparse.ArgumentParser, help_: str = DOC) -> None:
        q.add_argument("--doc", type=types.document, help=help_)

    q = cmd("place", "place an order with a supplier (OEM)", _place)
    q.add_argument("--supplier", required=True, type=types.bpnl, help="supplier BPNL")
    q.add_argument("--part", required=True, type=types.nonempty("the part (material) number"),
                   help="part (material) number")
    q.add_argument("--quantity", type=types.quantity, required=True, help="whole units")
    q.add_argument("--due", type=types.day, required=True, help="due day, YYYY-MM-DD (UTC), today or later")
    q.add_argument("--min-score", type=types.score, default=9_500, help="quality threshold in basis points (0-10,000)")
    q.add_argument("--unit", type=types.unit, default=b"H87",
                   help="UN/ECE unit code of at most 3 characters (H87 piece)")
    doc(q, "order " + DOC)
    q.add_argument("--sidecar", type=types.file_path, default=SIDECAR,
                   help="where the part number is kept in clear text (for `order show`)")
    transition: Callable[..., Any]
    for name, transition, help_, did in (
        ("confirm", orders.confirm, "confirm an order (supplier)", "confirmed"),
        ("start", orders.start_production, "start production (supplier)", "in production"),
        ("close", orders.close, "close a delivered order (OEM)", "closed"),
        ("cancel", orders.cancel, "cancel an order (OEM; a READY_TO_SHIP one once overdue or its supplier inactive)",
         "cancelled"),
    ):
        q = cmd(name, help_, partial(_simple, fn=transition, did=did))
        doc(q, ("reason " if name == "cancel" else "") + DOC)
    q = cmd("assess", "post a quality assessment (supplier)", _assess)
    q.add_argument("--score", type=types.score, required=True, help="basis points, 0-10,000")
    q.add_argument("--sample", type=types.sample, required=True, help="parts inspected")
    q.add_argument("--defects", type=types.defects, required=True, help="defective parts in the sample")
    q.add_argument("--final", action="store_true")
    q.add_argument("--report", type=types.document, help="report " + DOC)
    q = cmd("reallocate", "move open quantity to another supplier (OEM)", _reallocate)
    q.add_argument("--to", required=True, type=types.bpnl, help="new supplier BPNL")
    q.add_argument("--quantity", type=types.quantity, required=True, help="whole units")
    q.add_argument("--due", type=types.day, required=True, help="due day, YYYY-MM-DD (UTC), today or later")
    for name, transition, help_, did in (("ship", orders.ship, "ship (supplier)", "shipped"),
                                         ("receive", orders.receive, "receive (OEM)", "received")):
        q = cmd(name, help_, partial(_qty, fn=transition, did=did))
        q.add_argument("--quantity", type=types.quantity, required=True, help="whole units")
        doc(q)
    q = cmd("amend", "propose a new quantity and due day (either side); prints the proposal number", _amend)
    q.add_argument("--quantity", type=types.quantity, required=True, help="whole units")
    q.add_argument("--due", type=types.day, required=True, help="due day, YYYY-MM-DD (UTC), today or later")
    cite = q.add_mutually_exclusive_group()
    cite.add_argument("--cite-disruption", metavar="UUID", type=types.uuid,
                      help="the OEM's latest disruption notification to the supplier")
    cite.add_argument("--cite-capacity", metavar="UUID", type=types.uuid, help="a capacity signal of the OEM")
    doc(q, "proposal " + DOC)
    q = cmd("accept-amendment", "accept the pending proposal by its number (the other side)", _accept_amendment)
    q.add_argument("--proposal", type=types.proposal, required=True,
                   help="the number `order amend` printed (see `order show`)")
    doc(q)
    doc(cmd("decline-amendment", "decline or withdraw the pending proposal",
            partial(_simple, fn=orders.decline_amendment, did="amendment declined")), "reason " + DOC)
    q = cmd("show", "one order: its terms and state now, quality, amendments and history (without ID: every order's timeline)",
            _show, acting=False)
    q.add_argument("order_id", metavar="ID", nargs="?", type=types.order_id, help=ID)
    q.add_argument("--sidecar", type=types.file_path, default=SIDECAR, help="where part numbers are kept in clear text")

    p = sub.add_parser("signal", help="OEM capacity and disruption signals")
    s = p.add_subparsers(dest="action", required=True)
    for name in ("capacity", "disruption"):
        q = s.add_parser(name, help=f"post a {name} signal from a Catena-X JSON file")
        add_chain_options(q)
        q.add_argument("file", metavar="FILE", type=types.file, help="the Catena-X JSON payload")
        q.add_argument("--to", action="append", required=True, type=types.bpnl,
                       help="recipient supplier BPNL (repeatable)")
        _catenax_options(q)
        q.set_defaults(handler=_import, expect=name)
    q = s.add_parser("list", help="signals addressed to a supplier")
    add_chain_options(q, acting=False)
    q.add_argument("--to", type=types.bpnl, help="recipient BPNL (default: all)")
    q.set_defaults(handler=_list)

    p = sub.add_parser("import", help="import external documents")
    s = p.add_subparsers(dest="format", required=True)
    q = s.add_parser("catenax", help="import a Catena-X payload (model detected): notification, capacity group or material demand")
    add_chain_options(q)
    q.add_argument("file", metavar="FILE", type=types.file, help="the Catena-X JSON payload")
    q.add_argument("--to", action="append", default=[], type=types.bpnl,
                   help="recipient/supplier BPNL (repeatable; default: the payload's supplier)")
    q.add_argument("--min-score", type=types.score, default=9_500,
                   help="quality threshold of orders from a material demand (basis points, 0-10,000)")
    _catenax_options(q)
    q.set_defaults(handler=_import, expect=None)


def _catenax_options(q: argparse.ArgumentParser) -> None:
    q.add_argument("--semantic-id", metavar="URN", help="the payload's aspect model URN as its sender gave it, or just "
                   "the version (e.g. 3.0.1); default: the model is detected and any supported version accepted")
    q.add_argument("--sidecar", type=types.file_path, default=SIDECAR,
                   help="where off-chain fields are kept for export")


def _place(a: argparse.Namespace) -> int:
    ctx = connect(a)
    contract = ctx.contract("SupplyOrders")
    sidecar = catenax.Sidecar.load(a.sidecar)  # the chain holds the part number's hash only: keep its text first
    sidecar.remember_material(a.part)
    sidecar.save(a.sidecar)
    unit = a.unit.rstrip(b"\x00").decode()
    return act(ctx, lambda s: orders.place(s, contract, a.supplier, orders.part_number(a.part), a.quantity, a.due,
                                           a.min_score, a.unit, document_hash=_doc(a.doc)),
               lambda oid: f"order #{oid} placed with {a.supplier}: {a.quantity:,} {unit} of {a.part}, due {a.due}")


def _simple(a: argparse.Namespace, fn: Callable[..., Any], did: str) -> int:
    ctx = connect(a)
    contract = ctx.contract("SupplyOrders")
    return act(ctx, lambda s: fn(s, contract, a.order_id, _doc(a.doc)), f"order #{a.order_id} {did}")


def _qty(a: argparse.Namespace, fn: Callable[..., Any], did: str) -> int:
    ctx = connect(a)
    contract = ctx.contract("SupplyOrders")
    return act(ctx, lambda s: fn(s, contract, a.order_id, a.quantity, _doc(a.doc)),
               f"order #{a.order_id}: {a.quantity:,} {did}")


def _assess(a: argparse.Namespace) -> int:
    if a.defects > a.sample:
        raise InputError(f"--defects {a.defects:,}: more than the --sample of {a.sample:,} parts (expected at most "
                         "the sample size)", what="defects", where="--defects", expected=f"0 to {a.sample}",
                         found=a.defects)
    ctx = connect(a)
    contract = ctx.contract("SupplyOrders")
    return act(ctx, lambda s: orders.assess(s, contract, a.order_id, a.score, a.sample, a.defects, a.final,
                                            _doc(a.report)),
               lambda state: f"order #{a.order_id} assessed ({a.score:,} bp, {a.defects:,} defects in {a.sample:,}"
                             f"{', final' if a.final else ''}): now {state.name}")


def _reallocate(a: argparse.Namespace) -> int:
    ctx = connect(a)
    contract = ctx.contract("SupplyOrders")
    return act(ctx, lambda s: orders.reallocate(s, contract, a.order_id, a.to, a.quantity, a.due),
               lambda child: f"{a.quantity:,} of order #{a.order_id} moved to {a.to} as order #{child}, due {a.due}")


def _citation(a: argparse.Namespace) -> tuple[orders.SignalKind, bytes]:
    if a.cite_disruption:
        return orders.SignalKind.DISRUPTION, a.cite_disruption
    if a.cite_capacity:
        return orders.SignalKind.CAPACITY, a.cite_capacity
    return orders.SignalKind.NONE, orders.ZERO16


def _amend(a: argparse.Namespace) -> int:
    ctx = connect(a)
    contract = ctx.contract("SupplyOrders")
    return act(ctx, lambda s: orders.propose_amendment(s, contract, a.order_id, a.quantity, a.due, _citation(a),
                                                       _doc(a.doc)),
               lambda number: f"order #{a.order_id}: amendment proposal #{number} ({a.quantity:,} due {a.due}; the "
                              f"other side accepts it with --proposal {number})")


def _accept_amendment(a: argparse.Namespace) -> int:
    ctx = connect(a)
    contract = ctx.contract("SupplyOrders")
    return act(ctx, lambda s: orders.accept_amendment(s, contract, a.order_id, a.proposal, _doc(a.doc)),
               f"order #{a.order_id}: amendment proposal #{a.proposal} accepted")


def _show(a: argparse.Namespace) -> int:
    ctx = connect(a)
    contract, out = ctx.contract("SupplyOrders"), console()
    if a.order_id is None:
        with ctx.index() as index:
            history = index.order_history()
        for table in timeline_tables(history):
            out.print(table)
        if history.empty:
            out.print("no order was placed yet")
        return 0
    order = orders.get_order(contract, a.order_id)  # the state now, from the contract; refuses an unknown id
    with ctx.index() as index:
        history = index.order_history(a.order_id)
    part = catenax.Sidecar.load(a.sidecar).material_number(order.part_number)
    for table in order_tables(order, history, part, orders.pending_amendment(contract, a.order_id)):
        out.print(table)
    return 0


def _list(a: argparse.Namespace) -> int:
    ctx = connect(a)
    with ctx.index() as index:
        console().print(signals_table(index.signals(recipient=a.to)))
    return 0


def _already(what: str, already: Mapping[int, str]) -> str:
    """`` (…already on chain …)`` for the weeks of an import that a run before sent."""
    if not already:
        return ""
    weeks = ", ".join(f"week {w}: {where_}" for w, where_ in sorted(already.items()))
    return f"; {len(already)} {what} of this file already on chain, not sent again ({weeks})"


def _import(a: argparse.Namespace) -> int:
    payload = catenax.load(a.file, a.semantic_id)  # validation first: nothing is sent for a bad file
    wanted = {"capacity": WeekBasedCapacityGroup, "disruption": DemandAndCapacityNotification}.get(a.expect)
    if wanted and not isinstance(payload, wanted):
        raise InputError(f"{a.file}: a {type(payload).__name__}, expected a {wanted.__name__}", what=str(a.file),
                         where="FILE", expected=wanted.__name__, found=type(payload).__name__)
    ctx = connect(a)
    sender, out = ctx.sender(), console()
    if isinstance(payload, DemandAndCapacityNotification):
        with ctx.index() as index:
            done = signals.import_disruption(sender, index, payload, a.to)
        if done.action == "nothing":
            out.print(done.note, soft_wrap=True)
        else:
            what = "posted to " + ", ".join(done.recipients) if done.action == "signalled" else "resolved"
            out.print(f"disruption {payload.notification_id} {what}{where(sender.receipts)}", soft_wrap=True)
    elif isinstance(payload, WeekBasedCapacityGroup):
        with ctx.index() as index:
            capacity = signals.import_capacity(sender, index, payload, a.to or [payload.supplier])
        out.print(f"{len(capacity.posted)} weekly capacity signal(s) posted{where(sender.receipts)}"
                  + _already("week(s)", capacity.already), soft_wrap=True)
    elif isinstance(payload, WeekBasedMaterialDemand):
        supplier = a.to[0] if a.to else None
        with ctx.index() as index:
            demand = orders.import_demand(sender, index, payload, getattr(a, "min_score", 9_500), supplier)
        placed = ", ".join(f"#{i}" for i in demand.placed)
        out.print(f"{len(demand.placed)} order(s) placed: {placed or '-'}{where(sender.receipts)}"
                  + _already("order(s)", {w: f"#{i}" for w, i in demand.already.items()}), soft_wrap=True)
    sidecar_path = a.sidecar  # also when nothing was sent: a crash after sending may have missed it
    sidecar = catenax.Sidecar.load(sidecar_path)
    sidecar.remember(payload)
    sidecar.save(sidecar_path)
    return 0
