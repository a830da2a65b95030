"""Gas of SupplyOrders and SupplySignals operations.

Every figure is a steady-state receipt: the order counter already exists (the very first
order of a deployment pays 17,100 once to create it). A capacity signal is measured as the
weekly update of an existing (oem, site, material) series, a disruption as one to a
supplier that had one from this OEM before; the ``*_new_*`` keys (no budget) show the
first signal on a fresh key, which creates that key's slot.

Orders naming a design asset (``*_design_*``, no budget) run against the real IPRegistry
and DataLicensing: placed with a licensed supplier and with the design's owner, and
``licence.is_entitled_view_*`` is ``DataLicensing.isEntitled`` as a consuming contract pays
it (cold, through GasProbe) for a licensee, the owner and an org that is neither.
"""

from __future__ import annotations

import time
import uuid
from datetime import date, timedelta

from brownie import (
    DataLicensing,
    GasProbe,
    IPRegistry,
    QualityNotifications,
    SupplyOrders,
    SupplySignals,
    accounts,
    chain,
)
from eth_utils import keccak

from bench import gas_registry
from valuechain.documents import asset_id
from valuechain.identity import Role

ZERO_ADDRESS = "0x" + "00" * 20
DOC = b"\x42" * 32
UNIT_PIECE = b"H87"
OEM, SUP_A, SUP_B = b"BPNL00000003AYRE", b"BPNL00000003B2OM", b"BPNL00000003CRHK"
SITE = b"BPNS7588787849VQ"
MATERIAL = keccak(text="MNR-7307-AU340474.002")
NOTIFICATION = bytes.fromhex("d9452f243bf34134b3eb68858f1b2362")  # the CX-0146 sample's UUID
PRODUCTION_INCIDENT, CAPACITY_REDUCTION, OPEN, DISRUPTION = 2, 2, 0, 2
DESIGN_KIND, MANUFACTURING, DAY = 0, 1 << 30, 86_400  # valuechain.manufacturing:1


def _today() -> int:
    return int(time.time()) // 86400


def _iso_week(offset_weeks: int = 1) -> int:
    year, week, _ = (date(1970, 1, 1) + timedelta(days=_today() + 7 * offset_weeks)).isocalendar()
    return year * 100 + week


def measure() -> dict[str, int]:
    council, oem_op, a_op, b_op = accounts[0], accounts[1], accounts[2], accounts[3]
    registry = gas_registry.deploy(council)
    admitted = registry.admitBatch(
        [
            (OEM, Role.OEM, DOC, oem_op),
            (SUP_A, Role.SUPPLIER, DOC, a_op),
            (SUP_B, Role.SUPPLIER, DOC, b_op),
        ],
        {"from": council},
    )
    gas_registry.accept(registry, admitted)
    signals = SupplySignals.deploy(registry, {"from": council})
    notifications = QualityNotifications.deploy(registry, {"from": council})  # ship asks it for holds
    orders = SupplyOrders.deploy(registry, ZERO_ADDRESS, signals, notifications, {"from": council})
    due = _today() + 30
    now = int(time.time())
    # the disruption supplier B's amendment cites (B's latest from the OEM)
    signals.signalDisruption((NOTIFICATION, PRODUCTION_INCIDENT, CAPACITY_REDUCTION, OPEN, now, now + 3 * DAY, DOC),
                             [SUP_B], {"from": oem_op})

    def terms(qty: int) -> tuple:
        return (SUP_A, keccak(text="MNR-7307-AU340474.002"), qty, UNIT_PIECE, due, 9500, b"\x00" * 32)

    orders.placeOrder(terms(100), DOC, {"from": oem_op})  # creates the order counter
    place = orders.placeOrder(terms(10_000), DOC, {"from": oem_op})
    oid = place.return_value
    confirm = orders.confirmOrder(oid, DOC, {"from": a_op})
    start = orders.startProduction(oid, DOC, {"from": a_op})
    interim = orders.assessQuality(oid, 9700, 200, 6, False, DOC, {"from": a_op})
    assess = orders.assessQuality(oid, 9100, 500, 45, False, DOC, {"from": a_op})
    reallocate = orders.reallocate(oid, SUP_B, 4_000, due + 7, DOC, {"from": oem_op})
    child = reallocate.return_value
    accept_dev = orders.acceptDeviation(oid, DOC, {"from": oem_op})
    ship = orders.ship(oid, 6_000, DOC, {"from": a_op})
    receive = orders.receiveShipment(oid, 5_950, DOC, {"from": oem_op})
    close = orders.closeOrder(oid, DOC, {"from": oem_op})

    # the child through production, an amendment and a full reallocation back to A
    orders.confirmOrder(child, DOC, {"from": b_op})
    orders.startProduction(child, DOC, {"from": b_op})
    propose = orders.proposeAmendment(child, 3_800, due + 9, DISRUPTION, NOTIFICATION, DOC, {"from": b_op})
    accept_am = orders.acceptAmendment(child, propose.events["AmendmentProposed"]["proposal"], DOC, {"from": oem_op})
    orders.assessQuality(child, 9000, 100, 10, True, DOC, {"from": b_op})
    reallocate_all = orders.reallocate(child, SUP_A, 3_800, due + 14, DOC, {"from": oem_op})
    cancel = orders.cancelOrder(reallocate_all.return_value, DOC, {"from": oem_op})

    def capacity(material: bytes, week: int, actual: int) -> tuple:
        return (uuid.uuid4().bytes, SITE, material, week, actual, 2_000, 1_100, DOC)

    new_series = signals.signalCapacity(capacity(MATERIAL, _iso_week(1), 1_000), [SUP_A], {"from": oem_op})
    cap = signals.signalCapacity(capacity(MATERIAL, _iso_week(2), 800), [SUP_A], {"from": oem_op})

    def notice(status: int = OPEN) -> tuple:
        return (uuid.uuid4().bytes, PRODUCTION_INCIDENT, CAPACITY_REDUCTION, status, now, now + 3 * 86400, DOC)

    new_recipient = signals.signalDisruption(notice(), [SUP_A], {"from": oem_op})
    downtime = notice()
    disruption = signals.signalDisruption(downtime, [SUP_A], {"from": oem_op})
    resolve = signals.resolveDisruption(downtime[0], SUP_A, DOC, {"from": oem_op})
    design = _design_orders(council, registry, signals, oem_op, a_op)

    return {
        "order.place": place.gas_used,
        "order.confirm": confirm.gas_used,
        "order.start_production": start.gas_used,
        "order.assess_quality": assess.gas_used,
        "order.assess_quality_interim": interim.gas_used,
        "order.reallocate": reallocate.gas_used,
        "order.reallocate_all": reallocate_all.gas_used,
        "order.accept_deviation": accept_dev.gas_used,
        "order.ship": ship.gas_used,
        "order.receive": receive.gas_used,
        "order.close": close.gas_used,
        "order.cancel": cancel.gas_used,
        "order.propose_amendment": propose.gas_used,
        "order.accept_amendment": accept_am.gas_used,
        "signal.capacity": cap.gas_used,
        "signal.capacity_new_series": new_series.gas_used,
        "signal.disruption": disruption.gas_used,
        "signal.disruption_new_recipient": new_recipient.gas_used,
        "signal.resolve": resolve.gas_used,
        **design,
    }


def _design_orders(council, registry, signals, oem_op, a_op) -> dict[str, int]:
    """Orders naming a design: supplier B licensed for MANUFACTURING by the owner A, and A
    supplying its own design; isEntitled as a consuming contract pays it."""
    ip = IPRegistry.deploy(registry, {"from": council})
    licensing = DataLicensing.deploy(registry, ip, {"from": council})
    orders = SupplyOrders.deploy(registry, licensing, signals, ZERO_ADDRESS, {"from": council})
    probe = GasProbe.deploy({"from": council})
    commitment = keccak(b"bench-salt" + keccak(text="bracket design"))
    ip.register(commitment, b"\x4d" * 32, DESIGN_KIND, {"from": a_op})
    design = asset_id(SUP_A, commitment)
    terms = licensing.publishTerms((MANUFACTURING, False, False, 365 * DAY, keccak(b"terms")), {"from": a_op}).return_value
    licensing.grant(design, SUP_B, terms, MANUFACTURING, 0, chain.time() + 90 * DAY, {"from": a_op})

    def terms_for(supplier: bytes) -> tuple:
        return (supplier, keccak(text="MNR-7307-AU340474.002"), 1_000, UNIT_PIECE, _today() + 30, 9500, design)

    orders.placeOrder(terms_for(SUP_B), DOC, {"from": oem_op})  # creates the order counter
    licensed = orders.placeOrder(terms_for(SUP_B), DOC, {"from": oem_op})
    owned = orders.placeOrder(terms_for(SUP_A), DOC, {"from": oem_op})
    chain.mine()

    def entitled(org: bytes) -> int:
        return probe.measure.call(licensing, licensing.isEntitled.encode_input(design, org, MANUFACTURING))

    assert licensing.isEntitled(design, SUP_B, MANUFACTURING) and licensing.isEntitled(design, SUP_A, MANUFACTURING)
    assert not licensing.isEntitled(design, OEM, MANUFACTURING)
    return {
        "order.place_design_licensed": licensed.gas_used,
        "order.place_design_owner": owned.gas_used,
        "licence.is_entitled_view_licensee": entitled(SUP_B),
        "licence.is_entitled_view_owner": entitled(SUP_A),
        "licence.is_entitled_view_no": entitled(OEM),
    }
