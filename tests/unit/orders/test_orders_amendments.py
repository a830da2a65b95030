"""SupplyOrders: quantity and due-day amendments, proposed by one side and accepted by the
other, versioned, optionally citing an OEM signal."""

import pytest
from brownie import chain

from tests.supply_support import (
    MATERIAL,
    MAX_UINT32,
    NO_AMENDMENT,
    SITE,
    ZERO_ORG,
    DisruptionStatus,
    Effect,
    RootCause,
    Side,
    SignalKind,
    State,
    amendment_dict,
    as_bytes,
    doc,
    event_orgs,
    iso_week,
    new_uuid,
    order_dict,
    order_in,
    reverts_with,
    step,
    today,
)

NO_SIGNAL = b"\x00" * 16


@pytest.fixture(scope="module")
def confirmed(orders, oem_op, supplier_a_op, supplier_a):
    return order_in(orders, State.CONFIRMED, oem_op, supplier_a_op, supplier_a)


@pytest.fixture(scope="module")
def downtime(signals, oem_op, supplier_a):
    """A machine downtime the OEM notified supplier A of: its notification id."""
    nid = new_uuid()
    now = chain.time()
    signals.signalDisruption(
        (nid, RootCause.PRODUCTION_INCIDENT, Effect.CAPACITY_REDUCTION, DisruptionStatus.OPEN, now, now + 86400, doc(0xD1)),
        [supplier_a],
        {"from": oem_op},
    )
    return nid


def test_supplier_proposes_citing_downtime_oem_accepts(orders, confirmed, downtime, oem_op, supplier_a_op, oem,
                                                       supplier_a):
    due = today() + 37
    tx = orders.proposeAmendment(confirmed, 8_000, due, SignalKind.DISRUPTION, downtime, doc(0xC1),
                                 {"from": supplier_a_op})
    ev = tx.events["AmendmentProposed"]
    assert ev["orderId"] == confirmed and event_orgs(ev) == (oem, supplier_a)
    assert (ev["version"], ev["proposer"], ev["quantity"], ev["dueDay"]) == (1, Side.SUPPLIER, 8_000, due)
    assert ev["signalKind"] == SignalKind.DISRUPTION and as_bytes(ev["signalId"]) == downtime
    assert as_bytes(ev["documentHash"]) == doc(0xC1)
    assert amendment_dict(orders, confirmed) == {
        "quantity": 8_000,
        "dueDay": due,
        "proposer": Side.SUPPLIER,
        "signalKind": SignalKind.DISRUPTION,
        "signalId": downtime,
    }
    assert order_dict(orders, confirmed)["quantity"] == 10_000  # nothing changes before acceptance

    tx = orders.acceptAmendment(confirmed, 8_000, due, doc(0xC2), {"from": oem_op})
    ev = tx.events["AmendmentAccepted"]
    assert ev["orderId"] == confirmed and event_orgs(ev) == (oem, supplier_a)
    assert (ev["version"], ev["quantity"], ev["dueDay"]) == (1, 8_000, due)
    assert ev["signalKind"] == SignalKind.DISRUPTION and as_bytes(ev["signalId"]) == downtime
    assert as_bytes(ev["documentHash"]) == doc(0xC2)
    o = order_dict(orders, confirmed)
    assert (o["quantity"], o["dueDay"], o["version"], o["state"]) == (8_000, due, 1, State.CONFIRMED)
    assert amendment_dict(orders, confirmed) == NO_AMENDMENT


def test_oem_proposes_supplier_accepts_in_production(orders, confirmed, oem_op, supplier_a_op):
    step(orders, confirmed, "start", oem_op, supplier_a_op)
    due = today() + 20
    orders.proposeAmendment(confirmed, 12_000, due, SignalKind.NONE, NO_SIGNAL, doc(0xC3), {"from": oem_op})
    assert amendment_dict(orders, confirmed)["proposer"] == Side.OEM
    orders.acceptAmendment(confirmed, 12_000, due, doc(0xC4), {"from": supplier_a_op})
    o = order_dict(orders, confirmed)
    assert (o["quantity"], o["dueDay"], o["version"], o["state"]) == (12_000, due, 1, State.IN_PRODUCTION)


def test_versions_count_up(orders, confirmed, oem_op, supplier_a_op):
    base_due = order_dict(orders, confirmed)["dueDay"]
    for version, (proposer, acceptor, qty) in enumerate(
        [(supplier_a_op, oem_op, 9_000), (oem_op, supplier_a_op, 9_500), (supplier_a_op, oem_op, 9_500)], start=1
    ):
        due = base_due + version  # the third changes the due day only
        tx = orders.proposeAmendment(confirmed, qty, due, SignalKind.NONE, NO_SIGNAL, doc(version), {"from": proposer})
        assert tx.events["AmendmentProposed"]["version"] == version
        tx = orders.acceptAmendment(confirmed, qty, due, doc(version), {"from": acceptor})
        assert tx.events["AmendmentAccepted"]["version"] == version
        assert order_dict(orders, confirmed)["version"] == version


def test_cite_capacity_signal(orders, signals, confirmed, oem_op, supplier_a_op, supplier_a):
    sid = new_uuid()
    signals.signalCapacity((sid, SITE, MATERIAL, iso_week(), 600, 1_000, 900, doc(0xE1)), [supplier_a], {"from": oem_op})
    tx = orders.proposeAmendment(confirmed, 6_000, today() + 30, SignalKind.CAPACITY, sid, doc(0xC5),
                                 {"from": oem_op})
    assert tx.events["AmendmentProposed"]["signalKind"] == SignalKind.CAPACITY
    tx = orders.acceptAmendment(confirmed, 6_000, today() + 30, doc(0xC6), {"from": supplier_a_op})
    assert as_bytes(tx.events["AmendmentAccepted"]["signalId"]) == sid


def test_invalid_citations(orders, confirmed, supplier_a_op, downtime):
    with reverts_with("InvalidCitation", confirmed, SignalKind.DISRUPTION, NO_SIGNAL):
        orders.proposeAmendment(confirmed, 1, today() + 30, SignalKind.DISRUPTION, NO_SIGNAL, doc(1),
                                {"from": supplier_a_op})
    with reverts_with("InvalidCitation", confirmed, SignalKind.NONE, downtime):
        orders.proposeAmendment(confirmed, 1, today() + 30, SignalKind.NONE, downtime, doc(1), {"from": supplier_a_op})


def test_proposer_cannot_accept(orders, confirmed, oem_op, supplier_a_op, supplier_a_op2, supplier_a, oem):
    due = today() + 30
    orders.proposeAmendment(confirmed, 7_000, due, SignalKind.NONE, NO_SIGNAL, doc(1), {"from": supplier_a_op})
    for op in (supplier_a_op, supplier_a_op2):  # any operator of the proposing org
        with reverts_with("WrongSide", confirmed, State.CONFIRMED, supplier_a, Side.OEM):
            orders.acceptAmendment(confirmed, 7_000, due, doc(1), {"from": op})
    orders.proposeAmendment(confirmed, 7_500, due, SignalKind.NONE, NO_SIGNAL, doc(1), {"from": oem_op})
    with reverts_with("WrongSide", confirmed, State.CONFIRMED, oem, Side.SUPPLIER):
        orders.acceptAmendment(confirmed, 7_500, due, doc(1), {"from": oem_op})


@pytest.mark.parametrize("who", ["supplier_b_op", "oem2_op", "auditor_op", "outsider"])
def test_third_parties_cannot_accept(request, orders, confirmed, oem_op, who):
    org = ZERO_ORG if who == "outsider" else request.getfixturevalue(who.removesuffix("_op"))
    orders.proposeAmendment(confirmed, 7_000, today() + 30, SignalKind.NONE, NO_SIGNAL, doc(1), {"from": oem_op})
    with reverts_with("WrongSide", confirmed, State.CONFIRMED, org, Side.SUPPLIER):
        orders.acceptAmendment(confirmed, 7_000, today() + 30, doc(1), {"from": request.getfixturevalue(who)})


def test_accept_must_repeat_the_figures(orders, confirmed, oem_op, supplier_a_op):
    due = today() + 30
    orders.proposeAmendment(confirmed, 7_000, due + 1, SignalKind.NONE, NO_SIGNAL, doc(1), {"from": supplier_a_op})
    with reverts_with("AmendmentMismatch", confirmed, 7_000, due + 1):
        orders.acceptAmendment(confirmed, 7_001, due + 1, doc(1), {"from": oem_op})
    with reverts_with("AmendmentMismatch", confirmed, 7_000, due + 1):
        orders.acceptAmendment(confirmed, 7_000, due, doc(1), {"from": oem_op})


def test_counter_proposal_replaces_pending(orders, confirmed, oem_op, supplier_a_op):
    """The supplier asks for 7,000; the OEM counters with 8,500 which the supplier accepts;
    the first proposal can no longer be accepted."""
    due = today() + 30
    orders.proposeAmendment(confirmed, 7_000, due, SignalKind.NONE, NO_SIGNAL, doc(1), {"from": supplier_a_op})
    tx = orders.proposeAmendment(confirmed, 8_500, due, SignalKind.NONE, NO_SIGNAL, doc(2), {"from": oem_op})
    assert tx.events["AmendmentProposed"]["version"] == 1
    assert amendment_dict(orders, confirmed)["proposer"] == Side.OEM
    with reverts_with("WrongSide", confirmed, State.CONFIRMED, b"BPNL00000003AYRE", Side.SUPPLIER):
        orders.acceptAmendment(confirmed, 7_000, due, doc(3), {"from": oem_op})
    with reverts_with("AmendmentMismatch", confirmed, 8_500, due):
        orders.acceptAmendment(confirmed, 7_000, due, doc(3), {"from": supplier_a_op})
    orders.acceptAmendment(confirmed, 8_500, due, doc(3), {"from": supplier_a_op})
    assert order_dict(orders, confirmed)["quantity"] == 8_500


@pytest.mark.parametrize("decliner, side", [("oem_op", Side.OEM), ("supplier_a_op", Side.SUPPLIER)])
def test_decline_or_withdraw(request, orders, confirmed, supplier_a_op, oem, supplier_a, decliner, side):
    """The OEM declines the supplier's proposal, or the supplier withdraws it."""
    orders.proposeAmendment(confirmed, 7_000, today() + 30, SignalKind.NONE, NO_SIGNAL, doc(1),
                            {"from": supplier_a_op})
    tx = orders.declineAmendment(confirmed, doc(0xC9), {"from": request.getfixturevalue(decliner)})
    ev = tx.events["AmendmentDeclined"]
    assert ev["orderId"] == confirmed and event_orgs(ev) == (oem, supplier_a)
    assert ev["by"] == side and as_bytes(ev["reasonHash"]) == doc(0xC9)
    assert amendment_dict(orders, confirmed) == NO_AMENDMENT
    with reverts_with("NoPendingAmendment", confirmed):
        orders.acceptAmendment(confirmed, 7_000, today() + 30, doc(1), {"from": request.getfixturevalue("oem_op")})


def test_nothing_pending(orders, confirmed, oem_op, supplier_a_op):
    with reverts_with("NoPendingAmendment", confirmed):
        orders.acceptAmendment(confirmed, 1, today() + 30, doc(1), {"from": oem_op})
    with reverts_with("NoPendingAmendment", confirmed):
        orders.declineAmendment(confirmed, doc(1), {"from": supplier_a_op})


def test_invalid_proposals(orders, confirmed, supplier_a_op):
    o = order_dict(orders, confirmed)
    day = today()
    with reverts_with("InvalidQuantity", 0, MAX_UINT32):
        orders.proposeAmendment(confirmed, 0, day + 30, SignalKind.NONE, NO_SIGNAL, doc(1), {"from": supplier_a_op})
    with reverts_with("DueDayInPast", day - 1, day):
        orders.proposeAmendment(confirmed, 5, day - 1, SignalKind.NONE, NO_SIGNAL, doc(1), {"from": supplier_a_op})
    with reverts_with("EmptyAmendment", confirmed):
        orders.proposeAmendment(confirmed, o["quantity"], o["dueDay"], SignalKind.NONE, NO_SIGNAL, doc(1),
                                {"from": supplier_a_op})


def test_pending_proposal_lapses_on_quality_hold(orders, confirmed, oem_op, supplier_a_op):
    step(orders, confirmed, "start", oem_op, supplier_a_op)
    orders.proposeAmendment(confirmed, 7_000, today() + 30, SignalKind.NONE, NO_SIGNAL, doc(1), {"from": oem_op})
    step(orders, confirmed, "fail", oem_op, supplier_a_op)
    assert amendment_dict(orders, confirmed) == NO_AMENDMENT
    with reverts_with("WrongState", confirmed, State.QUALITY_HOLD, b"BPNL00000003B2OM"):
        orders.acceptAmendment(confirmed, 7_000, today() + 30, doc(1), {"from": supplier_a_op})
    assert order_dict(orders, confirmed)["quantity"] == 10_000


def test_proposal_survives_start_of_production(orders, confirmed, oem_op, supplier_a_op):
    orders.proposeAmendment(confirmed, 7_000, today() + 30, SignalKind.NONE, NO_SIGNAL, doc(1), {"from": oem_op})
    step(orders, confirmed, "start", oem_op, supplier_a_op)
    assert amendment_dict(orders, confirmed)["quantity"] == 7_000
    orders.acceptAmendment(confirmed, 7_000, today() + 30, doc(1), {"from": supplier_a_op})
    assert order_dict(orders, confirmed)["quantity"] == 7_000


def test_suspended_acceptor(members, council, orders, confirmed, oem_op, supplier_a_op, oem):
    orders.proposeAmendment(confirmed, 7_000, today() + 30, SignalKind.NONE, NO_SIGNAL, doc(1), {"from": supplier_a_op})
    members.suspend(oem, doc(0x66), {"from": council})
    with reverts_with("InactiveParty", confirmed, State.CONFIRMED, oem):
        orders.acceptAmendment(confirmed, 7_000, today() + 30, doc(1), {"from": oem_op})
