"""Shared by the SupplyOrders / SupplySignals tests (unit and stateful): the contract
enums (from valuechain.contract_types), custom-error expectations as Brownie renders them,
extra members, and helpers that drive an order into a given state.

Its fixtures load for the whole chain suite through ``pytest_plugins`` (tests/conftest.py).
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest
from brownie import QualityNotifications, SupplyOrders, SupplySignals, accounts, chain
from eth_utils import keccak

from tests.support.errors import error, reverts_with  # noqa: F401  (the order and signal tests import them from here)
from tests.support.registry import admission, admit_accepted
from valuechain import revert
from valuechain.contract_types import (
    DisruptionStatus,
    Effect,
    OrderTerms,
    Role,
    RootCause,
    Side,
    SignalKind,
    State,
)  # fmt: skip
from valuechain.identity import bpnl_to_bytes16

ZERO_ADDRESS = "0x" + "00" * 20
ZERO_ORG = b"\x00" * 16
ZERO32 = b"\x00" * 32
SUPPLIER_C_BPNL = "BPNL00000003CCCC"
OEM2_BPNL = "BPNL0000000OEM02"
UNIT_PIECE = b"H87"
PART = keccak(text="MNR-7307-AU340474.002")
SITE = b"BPNS7588787849VQ"
MATERIAL = keccak(text="MNR-7307-AU340474.002")
MAX_UINT32 = 2**32 - 1
DAY = 86_400
# OpenZeppelin's Pausable error, which the registry's requireOperator raises while paused
ENFORCED_PAUSE = "0x" + revert.ENFORCED_PAUSE.hex()


# ------------------------------------------------------------------ values


def doc(n: int) -> bytes:
    """A recognisable document hash."""
    return bytes([n % 256]) * 32


def today() -> int:
    """The day number of the next block (days since 1970-01-01)."""
    return chain.time() // DAY


def to_noon(day: int) -> None:
    """Move the chain's time to noon (UTC) of day number `day` and mine a block, so
    `today()` stays `day` for the rest of a test. Time only moves forward: a chain a few
    seconds past that noon already (the transactions since the last call) stays where it is."""
    ahead = day * DAY + DAY // 2 - chain.time()
    if ahead > 0:
        chain.sleep(ahead)
    chain.mine()


def iso_week(weeks_ahead: int = 1) -> int:
    """The ISO week `weeks_ahead` weeks from now as year * 100 + week."""
    year, week, _ = (date(1970, 1, 1) + timedelta(days=today() + 7 * weeks_ahead)).isocalendar()
    return year * 100 + week


def new_uuid() -> bytes:
    return uuid.uuid4().bytes


def as_bytes(value) -> bytes:
    """Raw bytes of a bytesN value as Brownie returns it (HexString) or passes it."""
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    return bytes.fromhex(str(value)[2:])


def order_dict(orders, oid: int) -> dict:
    """``getOrder`` as a dict with raw bytes for the bytesN fields."""
    (
        oem,
        supplier,
        part,
        qty,
        shipped,
        received,
        due,
        unit,
        min_score,
        last_score,
        last_sample,
        last_defects,
        version,
        state,
        has_asset,
    ) = orders.getOrder(oid)
    return {
        "oem": as_bytes(oem),
        "supplier": as_bytes(supplier),
        "partNumber": as_bytes(part),
        "quantity": qty,
        "shippedQuantity": shipped,
        "receivedQuantity": received,
        "dueDay": due,
        "unit": as_bytes(unit),
        "minScore": min_score,
        "lastScore": last_score,
        "lastSampleSize": last_sample,
        "lastDefects": last_defects,
        "version": version,
        "state": State(state),
        "hasDesignAsset": has_asset,
    }


def amendment_dict(orders, oid: int) -> dict:
    """``pendingAmendment`` as a dict."""
    proposal, qty, due, proposer, kind, signal = orders.pendingAmendment(oid)
    return {
        "proposal": proposal,
        "quantity": qty,
        "dueDay": due,
        "proposer": Side(proposer),
        "signalKind": SignalKind(kind),
        "signalId": as_bytes(signal),
    }


NO_AMENDMENT = {
    "proposal": 0,
    "quantity": 0,
    "dueDay": 0,
    "proposer": Side.NONE,
    "signalKind": SignalKind.NONE,
    "signalId": b"\x00" * 16,
}


def event_orgs(ev) -> tuple[bytes, bytes]:
    return as_bytes(ev["oem"]), as_bytes(ev["supplier"])


# ------------------------------------------------------------------ fixtures


@pytest.fixture(scope="module")
def supplier_c_op():
    return accounts[6]


@pytest.fixture(scope="module")
def oem2_op():
    return accounts[7]


@pytest.fixture(scope="module")
def supplier_a_op2():
    """A second operator of supplier A."""
    return accounts[8]


@pytest.fixture(scope="module")
def supplier_c():
    return bpnl_to_bytes16(SUPPLIER_C_BPNL)


@pytest.fixture(scope="module")
def oem2():
    return bpnl_to_bytes16(OEM2_BPNL)


@pytest.fixture(scope="module")
def members(registry, onboarder, supplier_c_op, oem2_op, supplier_a_op, supplier_a_op2):
    """The conftest registry plus supplier C, a second OEM and a second operator of A."""
    admit_accepted(
        registry,
        [admission(SUPPLIER_C_BPNL, Role.SUPPLIER, supplier_c_op), admission(OEM2_BPNL, Role.OEM, oem2_op)],
        onboarder,
    )
    registry.addOperator(supplier_a_op2, {"from": supplier_a_op})
    registry.acceptOperator(registry.orgOf(supplier_a_op), {"from": supplier_a_op2})
    return registry


@pytest.fixture(scope="module")
def signals(members, council):
    return SupplySignals.deploy(members, {"from": council})


@pytest.fixture(scope="module")
def notifications(members, council):
    """QualityNotifications (its open notifications hold the orders they name)."""
    return QualityNotifications.deploy(members, {"from": council})


@pytest.fixture(scope="module")
def orders(members, signals, notifications, council):
    """SupplyOrders without a licence contract (orders naming a design are refused; the
    design gate is tested with DataLicensing in tests/unit/orders/test_orders_design.py)."""
    return SupplyOrders.deploy(members, ZERO_ADDRESS, signals, notifications, {"from": council})


def disruption(nid: bytes, start: int | None = None) -> tuple:
    """An ISupplySignals.DisruptionNotice of a machine downtime (open, two days)."""
    start = chain.time() if start is None else start
    return (nid, RootCause.PRODUCTION_INCIDENT, Effect.CAPACITY_REDUCTION, DisruptionStatus.OPEN, start,
            start + 2 * DAY, doc(0xD1))


def notify(signals, oem_op, *recipients: bytes) -> bytes:
    """The OEM of `oem_op` notifies `recipients` of a new downtime; returns its id."""
    nid = new_uuid()
    signals.signalDisruption(disruption(nid), sorted(recipients), {"from": oem_op})
    return nid


def proposal_of(tx) -> int:
    """The proposal number of a proposeAmendment transaction."""
    return tx.events["AmendmentProposed"]["proposal"]


# ------------------------------------------------------------------ driving orders


def terms(supplier: bytes, qty: int = 10_000, due: int | None = None, min_score: int = 9_500, part: bytes = PART,
          unit: bytes = UNIT_PIECE, asset: bytes = ZERO32) -> tuple:
    """An ISupplyOrders.OrderTerms tuple."""
    return OrderTerms(supplier=supplier, partNumber=part, quantity=qty, unit=unit,
                      dueDay=today() + 30 if due is None else due, minScore=min_score, designAsset=asset)


def place(orders, oem_op, supplier: bytes, qty: int = 10_000, **kw) -> int:
    """Place an order; returns its id."""
    tx = orders.placeOrder(terms(supplier, qty, **kw), doc(1), {"from": oem_op})
    return tx.events["OrderPlaced"]["orderId"]


# The steps that bring a fresh order into each state (pass: final assessment at or above
# the threshold; fail: one below it).
PATHS: dict[State, list[str]] = {
    State.ISSUED: [],
    State.CONFIRMED: ["confirm"],
    State.REJECTED: ["reject"],
    State.IN_PRODUCTION: ["confirm", "start"],
    State.QUALITY_HOLD: ["confirm", "start", "fail"],
    State.READY_TO_SHIP: ["confirm", "start", "pass"],
    State.SHIPPED: ["confirm", "start", "pass", "ship"],
    State.DELIVERED: ["confirm", "start", "pass", "ship", "receive"],
    State.CLOSED: ["confirm", "start", "pass", "ship", "receive", "close"],
    State.DISPUTED: ["confirm", "start", "pass", "ship", "receive", "dispute"],
    State.CANCELLED: ["cancel"],
}


def step(orders, oid: int, name: str, oem_op, sup_op):
    f = {"from": sup_op}
    g = {"from": oem_op}
    if name == "confirm":
        return orders.confirmOrder(oid, doc(2), f)
    if name == "reject":
        return orders.rejectOrder(oid, doc(3), f)
    if name == "start":
        return orders.startProduction(oid, doc(4), f)
    if name == "fail":
        return orders.assessQuality(oid, 9_000, 200, 20, False, doc(5), f)
    if name == "pass":
        return orders.assessQuality(oid, 9_800, 200, 4, True, doc(5), f)
    if name == "ship":
        return orders.ship(oid, orders.getOrder(oid)[3], doc(6), f)
    if name == "receive":
        return orders.receiveShipment(oid, orders.getOrder(oid)[4], doc(7), g)
    if name == "close":
        return orders.closeOrder(oid, doc(8), g)
    if name == "dispute":
        return orders.disputeOrder(oid, doc(9), g)
    if name == "cancel":
        return orders.cancelOrder(oid, doc(10), g)
    raise ValueError(name)


def order_in(orders, state: State, oem_op, sup_op, supplier: bytes, qty: int = 10_000) -> int:
    """A new order of `supplier` brought into `state`."""
    oid = place(orders, oem_op, supplier, qty)
    for name in PATHS[state]:
        step(orders, oid, name, oem_op, sup_op)
    return oid


# ------------------------------------------------------------------ every transition

# From READY_TO_SHIP, these only once the order is stalled (due day passed or supplier
# inactive); before, they revert ShipmentNotOverdue.
STALLED_ONLY = frozenset({"cancelOrder", "reallocate"})
# name -> (side allowed to act (NONE: either side), states it may start from)
TRANSITIONS: dict[str, tuple[Side, frozenset]] = {
    "confirmOrder": (Side.SUPPLIER, frozenset({State.ISSUED})),
    "rejectOrder": (Side.SUPPLIER, frozenset({State.ISSUED})),
    "startProduction": (Side.SUPPLIER, frozenset({State.CONFIRMED})),
    "assessQuality": (Side.SUPPLIER, frozenset({State.IN_PRODUCTION})),
    "ship": (Side.SUPPLIER, frozenset({State.READY_TO_SHIP})),
    "acceptDeviation": (Side.OEM, frozenset({State.QUALITY_HOLD})),
    "reallocate": (Side.OEM, frozenset({State.QUALITY_HOLD, State.READY_TO_SHIP})),
    "receiveShipment": (Side.OEM, frozenset({State.SHIPPED})),
    "closeOrder": (Side.OEM, frozenset({State.DELIVERED})),
    "disputeOrder": (Side.OEM, frozenset({State.DELIVERED})),
    "cancelOrder": (
        Side.OEM,
        frozenset({State.ISSUED, State.CONFIRMED, State.IN_PRODUCTION, State.QUALITY_HOLD, State.READY_TO_SHIP}),
    ),
    "proposeAmendment": (Side.NONE, frozenset({State.CONFIRMED, State.IN_PRODUCTION})),
    "acceptAmendment": (Side.NONE, frozenset({State.CONFIRMED, State.IN_PRODUCTION})),
    "declineAmendment": (Side.NONE, frozenset({State.CONFIRMED, State.IN_PRODUCTION})),
}


def attempt(orders, name: str, oid: int, actor, new_supplier: bytes, call: bool = False):
    """Call transition `name` on order `oid` from `actor` with arguments that are valid
    whenever the order is in a state the transition starts from (as a call when `call`)."""
    fn = getattr(orders, name)
    if call:
        fn = fn.call
    tx = {"from": actor}
    if name == "assessQuality":
        return fn(oid, 9_000, 100, 10, False, doc(5), tx)
    if name == "ship":
        return fn(oid, 1, doc(6), tx)
    if name == "reallocate":
        return fn(oid, new_supplier, 1, today() + 40, doc(11), tx)
    if name == "receiveShipment":
        return fn(oid, 0, doc(7), tx)
    if name == "proposeAmendment":
        return fn(oid, 5, today() + 31, SignalKind.NONE, b"\x00" * 16, doc(12), tx)
    if name == "acceptAmendment":
        return fn(oid, 1, doc(13), tx)
    return fn(oid, doc(14), tx)
