"""SupplyOrders with the real IPRegistry and DataLicensing: the design gate.

Supplier A owns a registered design; supplier B holds (or not) a MANUFACTURING licence for
it; supplier C holds nothing. An order naming the design needs a supplier entitled to it
(its owner, or a licensee for manufacturing) when placed or reallocated, and again when
the supplier confirms, starts production and ships."""

import pytest
from brownie import DataLicensing, IPRegistry, SupplyOrders, chain
from eth_utils import keccak

from tests.support.supply import (
    DAY,
    ZERO_ADDRESS,
    State,
    as_bytes,
    doc,
    order_dict,
    reverts_with,
    step,
    terms,
    to_noon,
    today,
)
from valuechain.contract_types import Kind, Purpose, RevocationReason

DESIGN_KIND = int(Kind.DESIGN)
QA, MF = int(Purpose.CX_QUALITY_BASE_1), int(Purpose.MANUFACTURING)
BREACH = int(RevocationReason.BREACH)


@pytest.fixture(scope="module")
def ip(members, council):
    return IPRegistry.deploy(members, {"from": council})


@pytest.fixture(scope="module")
def design(ip, supplier_a_op):
    """Supplier A's registered design of the part."""
    commitment = keccak(b"salt" + keccak(text="bracket design rev C"))
    tx = ip.register(commitment, b"\x4d" * 32, DESIGN_KIND, {"from": supplier_a_op})
    return bytes.fromhex(str(tx.return_value)[2:])


@pytest.fixture(scope="module")
def licensing(members, ip, design, council):
    return DataLicensing.deploy(members, ip, {"from": council})


@pytest.fixture(scope="module")
def std_terms(licensing, supplier_a_op):
    """QA | MANUFACTURING, sublicensable, up to 365 days."""
    terms_ = (QA | MF, False, True, 365 * DAY, keccak(b"manufacturing licence v1"))
    return licensing.publishTerms(terms_, {"from": supplier_a_op}).return_value


@pytest.fixture(scope="module")
def gated(members, licensing, std_terms, signals, council):
    """SupplyOrders checking design assets against DataLicensing."""
    return SupplyOrders.deploy(members, licensing, signals, ZERO_ADDRESS, {"from": council})


def grant(licensing, design, std_terms, owner_op, licensee, purposes=MF, days=90):
    """A licence of `licensee` for the design from now; returns its id."""
    end = chain[-1].timestamp + days * DAY
    return licensing.grant(design, licensee, std_terms, purposes, 0, end, {"from": owner_op}).return_value


def revoke(licensing, design, licence, owner_op):
    licensing.revoke(design, licence, BREACH, doc(0x99), {"from": owner_op})


def place(gated, oem_op, supplier, design, qty=10_000):
    return gated.placeOrder(terms(supplier, qty, asset=design), doc(1), {"from": oem_op}).return_value


# ------------------------------------------------------------------ placement


@pytest.mark.parametrize("supplier", ["supplier_b", "supplier_c"])
def test_placement_refused_without_licence(request, gated, design, oem_op, supplier):
    org = request.getfixturevalue(supplier)
    with reverts_with("SupplierNotLicensed", design, org):
        gated.placeOrder(terms(org, asset=design), doc(1), {"from": oem_op})
    assert gated.orderCount() == 0


def test_placement_refused_with_licence_for_another_purpose(gated, licensing, design, std_terms, oem_op,
                                                            supplier_a_op, supplier_b):
    grant(licensing, design, std_terms, supplier_a_op, supplier_b, purposes=QA)
    with reverts_with("SupplierNotLicensed", design, supplier_b):
        gated.placeOrder(terms(supplier_b, asset=design), doc(1), {"from": oem_op})


def test_unregistered_design_refused(gated, oem_op, supplier_a):
    unknown = keccak(text="never registered")
    with reverts_with("SupplierNotLicensed", unknown, supplier_a):
        gated.placeOrder(terms(supplier_a, asset=unknown), doc(1), {"from": oem_op})


def test_licensee_supplies_the_whole_way(gated, licensing, design, std_terms, oem_op, supplier_a_op, supplier_b_op,
                                         oem, supplier_b):
    grant(licensing, design, std_terms, supplier_a_op, supplier_b)
    tx = gated.placeOrder(terms(supplier_b, asset=design), doc(1), {"from": oem_op})
    oid = tx.return_value
    assert as_bytes(tx.events["OrderPlaced"]["designAsset"]) == design
    o = order_dict(gated, oid)
    assert (o["oem"], o["supplier"], o["state"], o["hasDesignAsset"]) == (oem, supplier_b, State.ISSUED, True)
    assert as_bytes(gated.designAssetOf(oid)) == design
    for name in ("confirm", "start", "pass", "ship"):
        step(gated, oid, name, oem_op, supplier_b_op)
    assert order_dict(gated, oid)["state"] == State.SHIPPED


def test_owner_supplies_its_own_design(gated, design, oem_op, supplier_a_op, supplier_a):
    """Finding 5: the design's owner holds no licence of its own design, yet may make it."""
    oid = place(gated, oem_op, supplier_a, design)
    for name in ("confirm", "start", "pass", "ship", "receive", "close"):
        step(gated, oid, name, oem_op, supplier_a_op)
    assert order_dict(gated, oid)["state"] == State.CLOSED


def test_sublicensee_for_manufacturing_accepted(gated, licensing, design, std_terms, oem_op, supplier_a_op,
                                                supplier_b_op, supplier_c_op, supplier_b, supplier_c):
    """B's sublicensable licence: C, sublicensed by B for manufacturing, may supply."""
    parent = grant(licensing, design, std_terms, supplier_a_op, supplier_b, purposes=QA | MF)
    end = chain[-1].timestamp + 30 * DAY
    deadline = chain[-1].timestamp + 7 * DAY

    def sublicence(purposes: int) -> None:  # offered by B, accepted by C (its consent)
        offer = licensing.sublicense(design, parent, supplier_c, purposes, 0, end, deadline, {"from": supplier_b_op})
        licensing.accept(design, offer.return_value, {"from": supplier_c_op})

    sublicence(QA)
    with reverts_with("SupplierNotLicensed", design, supplier_c):  # a sublicence without manufacturing
        gated.placeOrder(terms(supplier_c, asset=design), doc(1), {"from": oem_op})
    sublicence(MF)
    oid = place(gated, oem_op, supplier_c, design)
    step(gated, oid, "confirm", oem_op, supplier_c_op)
    assert order_dict(gated, oid)["state"] == State.CONFIRMED


# ------------------------------------------------------------------ re-checks at every step


def test_confirmation_rechecks_the_licence(gated, licensing, design, std_terms, oem_op, supplier_a_op, supplier_b_op,
                                           supplier_b):
    """Revoked between placement and confirmation: the supplier cannot confirm."""
    licence = grant(licensing, design, std_terms, supplier_a_op, supplier_b)
    oid = place(gated, oem_op, supplier_b, design)
    revoke(licensing, design, licence, supplier_a_op)
    with reverts_with("SupplierNotLicensed", design, supplier_b):
        gated.confirmOrder(oid, doc(2), {"from": supplier_b_op})
    assert order_dict(gated, oid)["state"] == State.ISSUED
    gated.rejectOrder(oid, doc(3), {"from": supplier_b_op})  # it may still decline the order


def test_start_of_production_rechecks_the_licence(gated, licensing, design, std_terms, oem_op, supplier_a_op,
                                                  supplier_b_op, supplier_b):
    licence = grant(licensing, design, std_terms, supplier_a_op, supplier_b)
    oid = place(gated, oem_op, supplier_b, design)
    step(gated, oid, "confirm", oem_op, supplier_b_op)
    revoke(licensing, design, licence, supplier_a_op)
    with reverts_with("SupplierNotLicensed", design, supplier_b):
        gated.startProduction(oid, doc(4), {"from": supplier_b_op})
    assert order_dict(gated, oid)["state"] == State.CONFIRMED


def test_shipment_rechecks_the_licence(gated, licensing, design, std_terms, oem_op, supplier_a_op, supplier_b_op,
                                       supplier_b, supplier_c):
    """Revoked once the parts passed quality: they do not ship. The supplier is still
    active, so the OEM releases the order after its due day."""
    licence = grant(licensing, design, std_terms, supplier_a_op, supplier_b)
    oid = place(gated, oem_op, supplier_b, design)
    for name in ("confirm", "start", "pass"):
        step(gated, oid, name, oem_op, supplier_b_op)
    revoke(licensing, design, licence, supplier_a_op)
    with reverts_with("SupplierNotLicensed", design, supplier_b):
        gated.ship(oid, 10_000, doc(6), {"from": supplier_b_op})
    due = order_dict(gated, oid)["dueDay"]
    with reverts_with("ShipmentNotOverdue", oid, due, today()):
        gated.cancelOrder(oid, doc(10), {"from": oem_op})
    to_noon(due + 1)
    gated.cancelOrder(oid, doc(10), {"from": oem_op})
    assert order_dict(gated, oid)["state"] == State.CANCELLED


def test_expired_licence_refused(gated, licensing, design, std_terms, oem_op, supplier_a_op, supplier_b_op,
                                 supplier_b):
    grant(licensing, design, std_terms, supplier_a_op, supplier_b, days=10)
    oid = place(gated, oem_op, supplier_b, design)
    chain.sleep(11 * DAY)
    chain.mine()
    with reverts_with("SupplierNotLicensed", design, supplier_b):
        gated.confirmOrder(oid, doc(2), {"from": supplier_b_op})
    with reverts_with("SupplierNotLicensed", design, supplier_b):
        gated.placeOrder(terms(supplier_b, asset=design), doc(1), {"from": oem_op})


def test_sold_design_no_longer_entitles_its_former_owner(gated, ip, design, oem_op, supplier_a_op, oem, supplier_a):
    """Supplier A sells the design to the OEM: its open order stops at the next step."""
    oid = place(gated, oem_op, supplier_a, design)
    ip.transfer(design, oem, doc(0x5A), {"from": supplier_a_op})
    with reverts_with("SupplierNotLicensed", design, supplier_a):
        gated.confirmOrder(oid, doc(2), {"from": supplier_a_op})


# ------------------------------------------------------------------ reallocation and child orders


def _on_hold(gated, licensing, design, std_terms, oem_op, supplier_a_op, supplier_b_op, supplier_b):
    grant(licensing, design, std_terms, supplier_a_op, supplier_b)
    oid = place(gated, oem_op, supplier_b, design)
    for name in ("confirm", "start", "fail"):
        step(gated, oid, name, oem_op, supplier_b_op)
    return oid


def test_reallocation_to_unlicensed_supplier_refused(gated, licensing, design, std_terms, oem_op, supplier_a_op,
                                                     supplier_b_op, supplier_b, supplier_c):
    held = _on_hold(gated, licensing, design, std_terms, oem_op, supplier_a_op, supplier_b_op, supplier_b)
    count = gated.orderCount()
    with reverts_with("SupplierNotLicensed", design, supplier_c):
        gated.reallocate(held, supplier_c, 4_000, today() + 40, doc(11), {"from": oem_op})
    assert gated.orderCount() == count and order_dict(gated, held)["quantity"] == 10_000


def test_child_order_inherits_the_design(gated, licensing, design, std_terms, oem_op, supplier_a_op, supplier_b_op,
                                         supplier_a, supplier_b):
    """Reallocated to the design's owner: the child names the same design."""
    held = _on_hold(gated, licensing, design, std_terms, oem_op, supplier_a_op, supplier_b_op, supplier_b)
    tx = gated.reallocate(held, supplier_a, 4_000, today() + 40, doc(11), {"from": oem_op})
    child = tx.return_value
    placed = tx.events["OrderPlaced"]
    assert placed["orderId"] == child and placed["parentId"] == held
    assert as_bytes(placed["designAsset"]) == design
    assert as_bytes(gated.designAssetOf(child)) == design
    o = order_dict(gated, child)
    assert (o["supplier"], o["quantity"], o["hasDesignAsset"]) == (supplier_a, 4_000, True)
    step(gated, child, "confirm", oem_op, supplier_a_op)


def test_child_order_is_gated_like_its_parent(gated, licensing, design, std_terms, oem_op, supplier_a_op,
                                              supplier_b_op, supplier_c_op, supplier_b, supplier_c):
    """C is licensed when the OEM moves quantity to it; its licence is revoked before it
    confirms the child order."""
    held = _on_hold(gated, licensing, design, std_terms, oem_op, supplier_a_op, supplier_b_op, supplier_b)
    licence = grant(licensing, design, std_terms, supplier_a_op, supplier_c)
    child = gated.reallocate(held, supplier_c, 10_000, today() + 40, doc(11), {"from": oem_op}).return_value
    assert order_dict(gated, held)["state"] == State.CANCELLED
    revoke(licensing, design, licence, supplier_a_op)
    with reverts_with("SupplierNotLicensed", design, supplier_c):
        gated.confirmOrder(child, doc(2), {"from": supplier_c_op})
