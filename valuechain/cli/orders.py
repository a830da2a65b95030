"""`valuechain order …`, `valuechain signal …` and `valuechain import catenax FILE`."""

from __future__ import annotations

import argparse
import uuid
from collections.abc import Callable
from datetime import date
from pathlib import Path

from eth_utils import keccak

from valuechain import catenax, orders, signals
from valuechain.catenax.capacity import WeekBasedCapacityGroup
from valuechain.catenax.demand import WeekBasedMaterialDemand
from valuechain.catenax.notification import DemandAndCapacityNotification
from valuechain.errors import InputError
from valuechain.report import console, order_tables, signals_table, timeline_tables

from .context import add_chain_options, connect

SIDECAR = Path(".valuechain") / "catenax-sidecar.json"


def _doc(text: str | None) -> bytes:
    """A document reference: a 0x hash as given, else the keccak256 of the text."""
    if not text:
        return b"\x00" * 32
    if text.startswith("0x") and len(text) == 66:
        return bytes.fromhex(text[2:])
    return keccak(text=text)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("order", help="supply orders: place, transitions, timelines")
    s = p.add_subparsers(dest="action", required=True)

    def cmd(name: str, help_: str, handler: Callable[..., int], acting: bool = True) -> argparse.ArgumentParser:
        q = s.add_parser(name, help=help_)
        add_chain_options(q, acting=acting)
        q.set_defaults(handler=handler)
        if name not in ("place", "show"):
            q.add_argument("order_id", type=int)
        return q

    q = cmd("place", "place an order with a supplier (OEM)", _place)
    q.add_argument("--supplier", required=True, help="supplier BPNL")
    q.add_argument("--part", required=True, help="part (material) number")
    q.add_argument("--quantity", type=int, required=True)
    q.add_argument("--due", type=date.fromisoformat, required=True, help="YYYY-MM-DD")
    q.add_argument("--min-score", type=int, default=9_500, help="quality threshold in basis points")
    q.add_argument("--unit", default="H87", help="UN/ECE unit code (H87 piece)")
    q.add_argument("--doc", help="order document hash (0x…) or reference text")
    q.add_argument("--sidecar", type=Path, default=SIDECAR, help="where the part number is kept in clear text (for `order show`)")
    cmd("confirm", "confirm an order (supplier)", lambda a: _simple(a, orders.confirm)).add_argument("--doc")
    cmd("start", "start production (supplier)", lambda a: _simple(a, orders.start_production)).add_argument("--doc")
    q = cmd("assess", "post a quality assessment (supplier)", _assess)
    q.add_argument("--score", type=int, required=True, help="basis points, 0-10,000")
    q.add_argument("--sample", type=int, required=True)
    q.add_argument("--defects", type=int, required=True)
    q.add_argument("--final", action="store_true")
    q.add_argument("--report", help="report hash (0x…) or reference text")
    q = cmd("reallocate", "move open quantity to another supplier (OEM)", _reallocate)
    q.add_argument("--to", required=True, help="new supplier BPNL")
    q.add_argument("--quantity", type=int, required=True)
    q.add_argument("--due", type=date.fromisoformat, required=True)
    for name, fn, help_ in (("ship", orders.ship, "ship (supplier)"), ("receive", orders.receive, "receive (OEM)")):
        q = cmd(name, help_, lambda a, fn=fn: _qty(a, fn))
        q.add_argument("--quantity", type=int, required=True)
        q.add_argument("--doc")
    cmd("close", "close a delivered order (OEM)", lambda a: _simple(a, orders.close)).add_argument("--doc")
    cmd("cancel", "cancel an order (OEM; a READY_TO_SHIP one once overdue or its supplier inactive)",
        lambda a: _simple(a, orders.cancel)).add_argument("--doc", help="reason hash (0x…) or reference text")
    q = cmd("amend", "propose a new quantity and due day (either side); prints the proposal number", _amend)
    q.add_argument("--quantity", type=int, required=True)
    q.add_argument("--due", type=date.fromisoformat, required=True, help="YYYY-MM-DD")
    cite = q.add_mutually_exclusive_group()
    cite.add_argument("--cite-disruption", metavar="UUID", help="the OEM's latest disruption notification to the supplier")
    cite.add_argument("--cite-capacity", metavar="UUID", help="a capacity signal of the OEM")
    q.add_argument("--doc", help="proposal document hash (0x…) or reference text")
    q = cmd("accept-amendment", "accept the pending proposal by its number (the other side)", _accept_amendment)
    q.add_argument("--proposal", type=int, required=True, help="the number `order amend` printed (see `order show`)")
    q.add_argument("--doc")
    cmd("decline-amendment", "decline or withdraw the pending proposal",
        lambda a: _simple(a, orders.decline_amendment)).add_argument("--doc", help="reason hash (0x…) or reference text")
    q = cmd("show", "one order: its terms and state now, quality, amendments and history (without ID: every order's timeline)",
            _show, acting=False)
    q.add_argument("order_id", metavar="ID", nargs="?", type=int, help="the order's id (as `order place` printed it)")
    q.add_argument("--sidecar", type=Path, default=SIDECAR, help="where part numbers are kept in clear text")

    p = sub.add_parser("signal", help="OEM capacity and disruption signals")
    s = p.add_subparsers(dest="action", required=True)
    for name in ("capacity", "disruption"):
        q = s.add_parser(name, help=f"post a {name} signal from a Catena-X JSON file")
        add_chain_options(q)
        q.add_argument("file", type=Path)
        q.add_argument("--to", action="append", required=True, help="recipient supplier BPNL (repeatable)")
        _catenax_options(q)
        q.set_defaults(handler=_import, expect=name)
    q = s.add_parser("list", help="signals addressed to a supplier")
    add_chain_options(q, acting=False)
    q.add_argument("--to", help="recipient BPNL (default: all)")
    q.set_defaults(handler=_list)

    p = sub.add_parser("import", help="import external documents")
    s = p.add_subparsers(dest="format", required=True)
    q = s.add_parser("catenax", help="import a Catena-X payload (model detected): notification, capacity group or material demand")
    add_chain_options(q)
    q.add_argument("file", type=Path)
    q.add_argument("--to", action="append", default=[], help="recipient/supplier BPNL (repeatable; default: the payload's supplier)")
    q.add_argument("--min-score", type=int, default=9_500, help="quality threshold of orders from a material demand")
    _catenax_options(q)
    q.set_defaults(handler=_import, expect=None)


def _catenax_options(q: argparse.ArgumentParser) -> None:
    q.add_argument("--semantic-id", metavar="URN", help="the payload's aspect model URN as its sender gave it, or just "
                   "the version (e.g. 3.0.1); default: the model is detected and any supported version accepted")
    q.add_argument("--sidecar", type=Path, default=SIDECAR, help="where off-chain fields are kept for export")


def _place(a: argparse.Namespace) -> int:
    ctx = connect(a)
    unit = a.unit.encode().ljust(3, b"\x00")[:3]
    sidecar = catenax.Sidecar.load(a.sidecar)  # the chain holds the part number's hash only: keep its text first
    sidecar.remember_material(a.part)
    sidecar.save(a.sidecar)
    oid = orders.place(ctx.sender(), ctx.contract("SupplyOrders"), a.supplier, orders.part_number(a.part),
                       a.quantity, a.due, a.min_score, unit, document_hash=_doc(a.doc))
    console().print(f"order #{oid} placed")
    return 0


def _simple(a: argparse.Namespace, fn: Callable[..., object]) -> int:
    ctx = connect(a)
    fn(ctx.sender(), ctx.contract("SupplyOrders"), a.order_id, _doc(a.doc))
    return 0


def _qty(a: argparse.Namespace, fn: Callable[..., object]) -> int:
    ctx = connect(a)
    fn(ctx.sender(), ctx.contract("SupplyOrders"), a.order_id, a.quantity, _doc(a.doc))
    return 0


def _assess(a: argparse.Namespace) -> int:
    ctx = connect(a)
    state = orders.assess(ctx.sender(), ctx.contract("SupplyOrders"), a.order_id, a.score, a.sample, a.defects, a.final, _doc(a.report))
    console().print(f"order #{a.order_id} is now {state.name}")
    return 0


def _reallocate(a: argparse.Namespace) -> int:
    ctx = connect(a)
    child = orders.reallocate(ctx.sender(), ctx.contract("SupplyOrders"), a.order_id, a.to, a.quantity, a.due)
    console().print(f"{a.quantity:,} moved to {a.to} as order #{child}")
    return 0


def _citation(a: argparse.Namespace) -> tuple[orders.SignalKind, bytes]:
    for kind, text in ((orders.SignalKind.DISRUPTION, a.cite_disruption), (orders.SignalKind.CAPACITY, a.cite_capacity)):
        if text:
            try:
                return kind, uuid.UUID(text).bytes
            except ValueError:
                raise InputError(f"--cite-{kind.name.lower()}: {text!r} is not a UUID") from None
    return orders.SignalKind.NONE, orders.ZERO16


def _amend(a: argparse.Namespace) -> int:
    cite = _citation(a)  # a bad UUID is refused before connecting
    ctx = connect(a)
    number = orders.propose_amendment(ctx.sender(), ctx.contract("SupplyOrders"), a.order_id, a.quantity, a.due, cite, _doc(a.doc))
    console().print(f"order #{a.order_id}: amendment proposal #{number} (the other side accepts it with --proposal {number})")
    return 0


def _accept_amendment(a: argparse.Namespace) -> int:
    ctx = connect(a)
    orders.accept_amendment(ctx.sender(), ctx.contract("SupplyOrders"), a.order_id, a.proposal, _doc(a.doc))
    console().print(f"order #{a.order_id}: amendment proposal #{a.proposal} accepted")
    return 0


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


def _import(a: argparse.Namespace) -> int:
    payload = catenax.load(a.file, a.semantic_id)  # validation first: nothing is sent for a bad file
    wanted = {"capacity": WeekBasedCapacityGroup, "disruption": DemandAndCapacityNotification}.get(a.expect)
    if wanted and not isinstance(payload, wanted):
        raise InputError(f"{a.file}: a {type(payload).__name__}, expected a {wanted.__name__}")
    ctx = connect(a)
    sender, out = ctx.sender(), console()
    if isinstance(payload, DemandAndCapacityNotification):
        with ctx.index() as index:
            done = signals.import_disruption(sender, index, payload, a.to)
        if done.action == "nothing":
            out.print(done.note, soft_wrap=True)
        else:
            what = "posted to " + ", ".join(done.recipients) if done.action == "signalled" else "resolved"
            block = done.receipt["blockNumber"] if done.receipt else "?"
            out.print(f"disruption {payload.notification_id} {what} (block {block})")
    elif isinstance(payload, WeekBasedCapacityGroup):
        ids = signals.post_capacity(sender, ctx.contract("SupplySignals"), payload, a.to or [payload.supplier])
        out.print(f"{len(ids)} weekly capacity signal(s) posted")
    elif isinstance(payload, WeekBasedMaterialDemand):
        supplier = a.to[0] if a.to else None
        placed = orders.place_from_demand(sender, ctx.contract("SupplyOrders"), payload, getattr(a, "min_score", 9_500), supplier)
        out.print(f"{len(placed)} order(s) placed: {', '.join(f'#{i}' for i in placed)}")
    sidecar_path = a.sidecar  # also when nothing was sent: a crash after sending may have missed it
    sidecar = catenax.Sidecar.load(sidecar_path)
    sidecar.remember(payload)
    sidecar.save(sidecar_path)
    return 0
