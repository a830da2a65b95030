"""Supply orders (SupplyOrders): placing, every transition, and one order's state now
(each order's history is in the event index: ``EventIndex.order_history``)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from eth_utils import keccak
from web3.contract import Contract
from web3.contract.contract import ContractFunction
from web3.logs import DISCARD
from web3.types import TxReceipt

from valuechain import abi, catenax, members
from valuechain.abi import ZERO16, ZERO32, day_number, from_day_number
from valuechain.catenax.demand import WeekBasedMaterialDemand
from valuechain.contract_types import Side, SignalKind, State
from valuechain.errors import InputError
from valuechain.identity import bpnl_to_bytes16, bytes16_to_bpnl
from valuechain.signals import whole_units
from valuechain.tx import Sender

if TYPE_CHECKING:
    from valuechain.events import EventIndex

log = logging.getLogger(__name__)

# UN/ECE Recommendation 20 codes (bytes3 on chain) of the Catena-X units we order in
UNIT_CODES = {"unit:piece": b"H87", "unit:kilogram": b"KGM", "unit:metre": b"MTR", "unit:litre": b"LTR",
              "unit:set": b"SET", "unit:pair": b"PR\x00", "unit:gram": b"GRM"}


def part_number(text: str) -> bytes:
    """A part (material) number goes on chain as its keccak256."""
    if not text:
        raise InputError("part number: empty", what="part number", expected="a part number", found="")
    return keccak(text=text)


def place(sender: Sender, orders: Contract, supplier: str, part: bytes, quantity: int, due: date,
          min_score_bp: int, unit: bytes = b"H87", design_asset: bytes = ZERO32, document_hash: bytes = ZERO32) -> int:
    """Place an order; returns its id (from the OrderPlaced event)."""
    if not 0 < quantity < 2**32:
        expected = f"1 to {2**32 - 1} whole units"
        raise InputError(f"quantity: {quantity} (expected {expected})", what="quantity", expected=expected,
                         found=quantity)
    if not 0 <= min_score_bp <= 10_000:
        expected = "0 to 10,000 basis points"
        raise InputError(f"minimum score: {min_score_bp} (expected {expected})", what="minimum score",
                         expected=expected, found=min_score_bp)
    terms = (bpnl_to_bytes16(supplier), part, quantity, unit, day_number(due), min_score_bp, design_asset)
    receipt = sender.transact(orders.functions.placeOrder(terms, document_hash), label="placeOrder")
    return orders.events.OrderPlaced().process_receipt(receipt, errors=DISCARD)[0]["args"]["orderId"]


def place_from_demand(sender: Sender, orders: Contract, demand: WeekBasedMaterialDemand, min_score_bp: int,
                      supplier: str | None = None, skip: frozenset[int] = frozenset()) -> list[int]:
    """One order per week of a WeekBasedMaterialDemand with a demand above zero, but the
    ISO weeks in ``skip``."""
    sig = catenax.to_chain(demand)
    unit = UNIT_CODES.get(demand.unit_of_measure or "unit:piece")
    if unit is None:
        raise InputError(f"$.unitOfMeasure: {demand.unit_of_measure} has no order unit code here "
                         f"(known: {', '.join(UNIT_CODES)})", what="WeekBasedMaterialDemand", where="$.unitOfMeasure",
                         expected=list(UNIT_CODES), found=demand.unit_of_measure)
    ids = []
    for week in sig.demands:
        qty = whole_units(week.demand, f"demand week {week.week}")
        if qty == 0 or week.week in skip:
            continue
        monday = catenax.week_monday(week.week, f"$.demandSeries demand week {week.week}")
        ids.append(place(sender, orders, supplier or demand.supplier, sig.material, qty, monday, min_score_bp, unit,
                         document_hash=sig.payload_hash))
    return ids


@dataclass(frozen=True)
class DemandImport:
    """What importing a material demand did: the orders ``placed`` now, and those the
    chain already had from this payload (``already``: ISO week -> order id)."""

    placed: tuple[int, ...]
    already: dict[int, int]


def import_demand(sender: Sender, index: EventIndex, demand: WeekBasedMaterialDemand, min_score_bp: int,
                  supplier: str | None = None) -> DemandImport:
    """Place the orders of ``demand`` exactly once: a week whose order the sender's org
    already placed with the supplier from this very payload (same document hash, part and
    due day) is not placed again, so a rerun after a crash places only what is missing.
    Refused while a transaction of the sender is pending (it may be one of these orders)."""
    to = bytes16_to_bpnl(bpnl_to_bytes16(supplier or demand.supplier))
    contract = index.manifest.contract(sender.w3, "SupplyOrders")
    oem = members.caught_up_org(sender, index, "demand's orders")
    sig = catenax.to_chain(demand)
    placed: dict[tuple[str, int], int] = {}
    frame = index.events("SupplyOrders", "OrderPlaced")
    for a in frame["args"]:
        if (a["oem"], a["supplier"], int(a["parentId"])) == (oem, to, 0) \
                and str(a["documentHash"]).lower() == "0x" + sig.payload_hash.hex():
            placed[(str(a["partNumber"]).lower(), int(a["dueDay"]))] = int(a["orderId"])
    already = {}
    for week in sig.demands:
        monday = catenax.week_monday(week.week, f"$.demandSeries demand week {week.week}")
        order_id = placed.get(("0x" + sig.material.hex(), day_number(monday)))
        if order_id is not None:
            already[week.week] = order_id
    ids = place_from_demand(sender, contract, demand, min_score_bp, to, skip=frozenset(already))
    return DemandImport(tuple(ids), already)


def _tx(sender: Sender, fn: ContractFunction, label: str) -> TxReceipt:
    return sender.transact(fn, label=label)


def confirm(s: Sender, o: Contract, order_id: int, doc: bytes = ZERO32) -> TxReceipt:
    return _tx(s, o.functions.confirmOrder(order_id, doc), f"confirm order {order_id}")


def start_production(s: Sender, o: Contract, order_id: int, doc: bytes = ZERO32) -> TxReceipt:
    return _tx(s, o.functions.startProduction(order_id, doc), f"start production of order {order_id}")


def assess(s: Sender, o: Contract, order_id: int, score_bp: int, sample: int, defects: int, final: bool,
           report_hash: bytes = ZERO32) -> State:
    receipt = _tx(s, o.functions.assessQuality(order_id, score_bp, sample, defects, final, report_hash), f"assess order {order_id}")
    return State(o.events.QualityAssessed().process_receipt(receipt, errors=DISCARD)[0]["args"]["state"])


def accept_deviation(s: Sender, o: Contract, order_id: int, reason: bytes = ZERO32) -> TxReceipt:
    return _tx(s, o.functions.acceptDeviation(order_id, reason), f"accept deviation on order {order_id}")


def reallocate(s: Sender, o: Contract, order_id: int, new_supplier: str, quantity: int, due: date, doc: bytes = ZERO32) -> int:
    receipt = _tx(s, o.functions.reallocate(order_id, bpnl_to_bytes16(new_supplier), quantity, day_number(due), doc),
                  f"reallocate order {order_id}")
    return o.events.OrderReallocated().process_receipt(receipt, errors=DISCARD)[0]["args"]["childId"]


def ship(s: Sender, o: Contract, order_id: int, quantity: int, shipment_hash: bytes = ZERO32) -> TxReceipt:
    return _tx(s, o.functions.ship(order_id, quantity, shipment_hash), f"ship order {order_id}")


def receive(s: Sender, o: Contract, order_id: int, quantity: int, doc: bytes = ZERO32) -> TxReceipt:
    return _tx(s, o.functions.receiveShipment(order_id, quantity, doc), f"receive order {order_id}")


def close(s: Sender, o: Contract, order_id: int, doc: bytes = ZERO32) -> TxReceipt:
    return _tx(s, o.functions.closeOrder(order_id, doc), f"close order {order_id}")


def cancel(s: Sender, o: Contract, order_id: int, reason: bytes = ZERO32) -> TxReceipt:
    """Cancel an order (OEM): before shipment, and a READY_TO_SHIP one once its due day has
    passed or its supplier is inactive."""
    return _tx(s, o.functions.cancelOrder(order_id, reason), f"cancel order {order_id}")


def propose_amendment(s: Sender, o: Contract, order_id: int, quantity: int, due: date,
                      signal: tuple[SignalKind, bytes] = (SignalKind.NONE, ZERO16), doc: bytes = ZERO32) -> int:
    """Propose a new quantity and due day, optionally citing an OEM signal (a disruption
    must be the latest the OEM sent to the order's supplier). Returns the proposal number
    the other side accepts it by."""
    kind, signal_id = SignalKind(signal[0]), bytes(signal[1])
    if (kind == SignalKind.NONE) != (signal_id == ZERO16):
        raise InputError(f"citation: kind {kind.name} with signal id 0x{signal_id.hex()} (give both or neither)")
    receipt = _tx(s, o.functions.proposeAmendment(order_id, quantity, day_number(due), int(kind), signal_id, doc),
                  f"propose amendment of order {order_id}")
    number = o.events.AmendmentProposed().process_receipt(receipt, errors=DISCARD)[0]["args"]["proposal"]
    log.info("order %s: amendment proposal #%s (%s, due %s)", order_id, number, quantity, due)
    return number


def accept_amendment(s: Sender, o: Contract, order_id: int, proposal: int, doc: bytes = ZERO32) -> TxReceipt:
    """Accept proposal number ``proposal`` of an order; reverts AmendmentMismatch when
    another proposal replaced it since (read it again with ``pending_amendment``)."""
    return _tx(s, o.functions.acceptAmendment(order_id, proposal, doc), f"accept amendment #{proposal} of order {order_id}")


def decline_amendment(s: Sender, o: Contract, order_id: int, reason: bytes = ZERO32) -> TxReceipt:
    """Decline (the other side) or withdraw (the proposer) the pending proposal."""
    return _tx(s, o.functions.declineAmendment(order_id, reason), f"decline amendment of order {order_id}")


@dataclass(frozen=True)
class Proposal:
    """An order's pending amendment proposal, as ``pendingAmendment`` returns it."""

    number: int
    quantity: int
    due: date
    proposer: Side
    signal_kind: SignalKind
    signal_id: bytes


def pending_amendment(o: Contract, order_id: int) -> Proposal | None:
    """The order's pending proposal, or None."""
    number, quantity, due, proposer, kind, signal_id = o.functions.pendingAmendment(order_id).call()
    if Side(proposer) == Side.NONE:
        return None
    return Proposal(number, quantity, from_day_number(due), Side(proposer), SignalKind(kind), bytes(signal_id))


@dataclass(frozen=True)
class OrderView:
    """One order as ``getOrder`` holds it now: the truth of its current state (its
    history is in the event index: ``EventIndex.order_history``)."""

    order_id: int
    oem: str
    supplier: str
    part_number: bytes  # keccak256 of the part number (``part_number``)
    quantity: int
    shipped_quantity: int
    received_quantity: int
    due: date
    unit: str
    min_score: int
    last_score: int
    version: int  # accepted amendments
    state: State
    design_asset: bytes | None


def get_order(o: Contract, order_id: int) -> OrderView:
    """Order ``order_id`` as the contract holds it now; InputError when no order has that id."""
    count = o.functions.orderCount().call()
    if not 1 <= order_id <= count:
        expected = f"an order id from 1 to {count}" if count else "none: no order was placed yet"
        raise InputError(f"order ID: there is no order #{order_id} at {o.address} (expected {expected})",
                         what="order ID", where=o.address, expected=expected, found=order_id)
    f = abi.read(o.functions.getOrder(order_id))
    return OrderView(
        order_id=order_id, oem=bytes16_to_bpnl(f.oem), supplier=bytes16_to_bpnl(f.supplier),
        part_number=bytes(f.partNumber), quantity=f.quantity, shipped_quantity=f.shippedQuantity,
        received_quantity=f.receivedQuantity, due=from_day_number(f.dueDay),
        unit=bytes(f.unit).rstrip(b"\x00").decode("ascii", "replace"), min_score=f.minScore,
        last_score=f.lastScore, version=f.version, state=State(f.state),
        design_asset=bytes(o.functions.designAssetOf(order_id).call()) if f.hasDesignAsset else None,
    )
