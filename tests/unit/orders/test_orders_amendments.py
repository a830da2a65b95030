"""SupplyOrders: quantity and due-day amendments, proposed by one side and accepted by the
other by proposal number, versioned, optionally citing an OEM signal."""

import pytest

from tests.support.supply import (
    MATERIAL,
    MAX_UINT32,
    NO_AMENDMENT,
    SITE,
    ZERO_ORG,
    Side,
    SignalKind,
    State,
    amendment_dict,
    as_bytes,
    doc,
    event_orgs,
    iso_week,
    new_uuid,
    notify,
    order_dict,
    order_in,
    proposal_of,
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
    """A machine downtime the OEM notified supplier A of (A's latest): its notification id."""
    return notify(signals, oem_op, supplier_a)


PROPOSAL_DOC = doc(1)


def propose(orders, oid, actor, qty, due, cite=(SignalKind.NONE, NO_SIGNAL), document=PROPOSAL_DOC) -> int:
    """Propose an amendment; returns its proposal number."""
    return proposal_of(orders.proposeAmendment(oid, qty, due, cite[0], cite[1], document, {"from": actor}))


def test_supplier_proposes_citing_downtime_oem_accepts(orders, confirmed, downtime, oem_op, supplier_a_op, oem,
                                                       supplier_a):
    due = today() + 37
    tx = orders.proposeAmendment(confirmed, 8_000, due, SignalKind.DISRUPTION, downtime, doc(0xC1),
                                 {"from": supplier_a_op})
    ev = tx.events["AmendmentProposed"]
    assert ev["orderId"] == confirmed and event_orgs(ev) == (oem, supplier_a)
    assert (ev["proposal"], ev["version"], ev["proposer"], ev["quantity"], ev["dueDay"]) == (
        1, 1, Side.SUPPLIER, 8_000, due)
    assert ev["signalKind"] == SignalKind.DISRUPTION and as_bytes(ev["signalId"]) == downtime
    assert as_bytes(ev["documentHash"]) == doc(0xC1)
    assert amendment_dict(orders, confirmed) == {
        "proposal": 1,
        "quantity": 8_000,
        "dueDay": due,
        "proposer": Side.SUPPLIER,
        "signalKind": SignalKind.DISRUPTION,
        "signalId": downtime,
    }
    assert order_dict(orders, confirmed)["quantity"] == 10_000  # nothing changes before acceptance

    tx = orders.acceptAmendment(confirmed, 1, doc(0xC2), {"from": oem_op})
    ev = tx.events["AmendmentAccepted"]
    assert ev["orderId"] == confirmed and event_orgs(ev) == (oem, supplier_a)
    assert (ev["proposal"], ev["version"], ev["quantity"], ev["dueDay"]) == (1, 1, 8_000, due)
    assert ev["signalKind"] == SignalKind.DISRUPTION and as_bytes(ev["signalId"]) == downtime
    assert as_bytes(ev["documentHash"]) == doc(0xC2)
    o = order_dict(orders, confirmed)
    assert (o["quantity"], o["dueDay"], o["version"], o["state"]) == (8_000, due, 1, State.CONFIRMED)
    assert amendment_dict(orders, confirmed) == NO_AMENDMENT


def test_oem_proposes_supplier_accepts_in_production(orders, confirmed, oem_op, supplier_a_op):
    step(orders, confirmed, "start", oem_op, supplier_a_op)
    due = today() + 20
    number = propose(orders, confirmed, oem_op, 12_000, due)
    assert amendment_dict(orders, confirmed)["proposer"] == Side.OEM
    orders.acceptAmendment(confirmed, number, doc(0xC4), {"from": supplier_a_op})
    o = order_dict(orders, confirmed)
    assert (o["quantity"], o["dueDay"], o["version"], o["state"]) == (12_000, due, 1, State.IN_PRODUCTION)


def test_versions_and_proposal_numbers_count_up(orders, confirmed, oem_op, supplier_a_op):
    """Versions count accepted amendments; proposal numbers count every proposal, also the
    declined and replaced ones, and are never reused."""
    base_due = order_dict(orders, confirmed)["dueDay"]
    number = 0
    for version, (proposer, acceptor, qty) in enumerate(
        [(supplier_a_op, oem_op, 9_000), (oem_op, supplier_a_op, 9_500), (supplier_a_op, oem_op, 9_500)], start=1
    ):
        due = base_due + version  # the third changes the due day only
        propose(orders, confirmed, proposer, qty + 1, due)  # replaced by the next one
        number += 2
        tx = orders.proposeAmendment(confirmed, qty, due, SignalKind.NONE, NO_SIGNAL, doc(version), {"from": proposer})
        assert (tx.events["AmendmentProposed"]["proposal"], tx.events["AmendmentProposed"]["version"]) == (number, version)
        tx = orders.acceptAmendment(confirmed, number, doc(version), {"from": acceptor})
        assert (tx.events["AmendmentAccepted"]["proposal"], tx.events["AmendmentAccepted"]["version"]) == (number, version)
        assert order_dict(orders, confirmed)["version"] == version
    assert propose(orders, confirmed, oem_op, 1, base_due) == number + 1
    orders.declineAmendment(confirmed, doc(1), {"from": supplier_a_op})
    assert propose(orders, confirmed, oem_op, 2, base_due) == number + 2


def test_numbers_are_per_order(orders, confirmed, oem_op, supplier_a_op, supplier_a):
    other = order_in(orders, State.CONFIRMED, oem_op, supplier_a_op, supplier_a)
    assert propose(orders, confirmed, oem_op, 1, today() + 30) == 1
    assert propose(orders, confirmed, oem_op, 2, today() + 30) == 2
    assert propose(orders, other, oem_op, 1, today() + 30) == 1


# ------------------------------------------------------------------ acceptance binds the whole proposal


def test_swapped_proposal_is_not_accepted(orders, signals, confirmed, downtime, oem_op, supplier_a_op, supplier_a):
    """The attack of finding 9: the OEM reads proposal 1 (8,000, citing the downtime, with
    document C1) and sends its acceptance; before it is mined the supplier re-proposes the
    same figures with another citation and document. The acceptance names proposal 1 and
    fails; nothing changes; proposal 2 must be read and accepted by its own number."""
    due = today() + 37
    seen = propose(orders, confirmed, supplier_a_op, 8_000, due, (SignalKind.DISRUPTION, downtime), doc(0xC1))
    sid = new_uuid()
    signals.signalCapacity((sid, SITE, MATERIAL, iso_week(), 600, 1_000, 900, doc(0xE1)), [supplier_a],
                           {"from": oem_op})
    swapped = propose(orders, confirmed, supplier_a_op, 8_000, due, (SignalKind.CAPACITY, sid), doc(0xBAD))
    assert swapped != seen

    with reverts_with("AmendmentMismatch", confirmed, seen, swapped):
        orders.acceptAmendment(confirmed, seen, doc(0xC2), {"from": oem_op})
    o = order_dict(orders, confirmed)
    assert (o["quantity"], o["version"]) == (10_000, 0)
    assert amendment_dict(orders, confirmed)["signalKind"] == SignalKind.CAPACITY

    tx = orders.acceptAmendment(confirmed, swapped, doc(0xC2), {"from": oem_op})
    ev = tx.events["AmendmentAccepted"]
    assert ev["proposal"] == swapped and ev["signalKind"] == SignalKind.CAPACITY and as_bytes(ev["signalId"]) == sid


def test_same_proposal_again_gets_a_new_number(orders, confirmed, oem_op, supplier_a_op):
    """Even a re-proposal identical in every field replaces the number the OEM read."""
    due = today() + 30
    first = propose(orders, confirmed, supplier_a_op, 7_000, due)
    second = propose(orders, confirmed, supplier_a_op, 7_000, due)
    assert second == first + 1
    with reverts_with("AmendmentMismatch", confirmed, first, second):
        orders.acceptAmendment(confirmed, first, doc(1), {"from": oem_op})


def test_accept_names_the_pending_proposal(orders, confirmed, oem_op, supplier_a_op):
    number = propose(orders, confirmed, supplier_a_op, 7_000, today() + 31)
    for wrong in (0, number + 1, MAX_UINT32):
        with reverts_with("AmendmentMismatch", confirmed, wrong, number):
            orders.acceptAmendment(confirmed, wrong, doc(1), {"from": oem_op})
    orders.acceptAmendment(confirmed, number, doc(1), {"from": oem_op})
    with reverts_with("NoPendingAmendment", confirmed):  # accepted once only
        orders.acceptAmendment(confirmed, number, doc(1), {"from": oem_op})


def test_counter_proposal_replaces_pending(orders, confirmed, oem_op, supplier_a_op, oem):
    """The supplier asks for 7,000; the OEM counters with 8,500 which the supplier accepts;
    the first proposal can no longer be accepted."""
    due = today() + 30
    first = propose(orders, confirmed, supplier_a_op, 7_000, due)
    tx = orders.proposeAmendment(confirmed, 8_500, due, SignalKind.NONE, NO_SIGNAL, doc(2), {"from": oem_op})
    counter = proposal_of(tx)
    assert tx.events["AmendmentProposed"]["version"] == 1
    assert amendment_dict(orders, confirmed)["proposer"] == Side.OEM
    with reverts_with("WrongSide", confirmed, State.CONFIRMED, oem, Side.SUPPLIER):
        orders.acceptAmendment(confirmed, first, doc(3), {"from": oem_op})
    with reverts_with("AmendmentMismatch", confirmed, first, counter):
        orders.acceptAmendment(confirmed, first, doc(3), {"from": supplier_a_op})
    orders.acceptAmendment(confirmed, counter, doc(3), {"from": supplier_a_op})
    assert order_dict(orders, confirmed)["quantity"] == 8_500


# ------------------------------------------------------------------ citations


def test_cite_capacity_signal(orders, signals, confirmed, oem_op, supplier_a_op, supplier_a):
    """Capacity citations are recorded as given (not checked on chain, see ISupplyOrders)."""
    sid = new_uuid()
    signals.signalCapacity((sid, SITE, MATERIAL, iso_week(), 600, 1_000, 900, doc(0xE1)), [supplier_a], {"from": oem_op})
    tx = orders.proposeAmendment(confirmed, 6_000, today() + 30, SignalKind.CAPACITY, sid, doc(0xC5),
                                 {"from": oem_op})
    assert tx.events["AmendmentProposed"]["signalKind"] == SignalKind.CAPACITY
    tx = orders.acceptAmendment(confirmed, proposal_of(tx), doc(0xC6), {"from": supplier_a_op})
    assert as_bytes(tx.events["AmendmentAccepted"]["signalId"]) == sid


def test_oem_cites_its_own_disruption(orders, confirmed, downtime, oem_op):
    tx = orders.proposeAmendment(confirmed, 6_000, today() + 30, SignalKind.DISRUPTION, downtime, doc(1),
                                 {"from": oem_op})
    assert as_bytes(tx.events["AmendmentProposed"]["signalId"]) == downtime


def test_resolved_disruption_is_citable(orders, signals, confirmed, downtime, oem_op, supplier_a_op, supplier_a):
    """A downtime over by the time the supplier amends still caused the delay."""
    signals.resolveDisruption(downtime, supplier_a, doc(0xD2), {"from": oem_op})
    propose(orders, confirmed, supplier_a_op, 9_000, today() + 40, (SignalKind.DISRUPTION, downtime))
    assert amendment_dict(orders, confirmed)["signalId"] == downtime


def test_invalid_citations(orders, confirmed, supplier_a_op, downtime):
    with reverts_with("InvalidCitation", confirmed, SignalKind.DISRUPTION, NO_SIGNAL):
        orders.proposeAmendment(confirmed, 1, today() + 30, SignalKind.DISRUPTION, NO_SIGNAL, doc(1),
                                {"from": supplier_a_op})
    with reverts_with("InvalidCitation", confirmed, SignalKind.NONE, downtime):
        orders.proposeAmendment(confirmed, 1, today() + 30, SignalKind.NONE, downtime, doc(1), {"from": supplier_a_op})


def test_disruption_never_signalled_refused(orders, confirmed, supplier_a_op, oem_op):
    made_up = new_uuid()
    for actor in (supplier_a_op, oem_op):
        with reverts_with("UncitableSignal", confirmed, SignalKind.DISRUPTION, made_up):
            orders.proposeAmendment(confirmed, 9_000, today() + 30, SignalKind.DISRUPTION, made_up, doc(1),
                                    {"from": actor})
    assert amendment_dict(orders, confirmed) == NO_AMENDMENT


def test_disruption_of_another_oem_refused(orders, signals, confirmed, oem2_op, supplier_a_op, supplier_a):
    """The second OEM's downtime, sent to supplier A: not the order's OEM's signal."""
    foreign = notify(signals, oem2_op, supplier_a)
    with reverts_with("UncitableSignal", confirmed, SignalKind.DISRUPTION, foreign):
        orders.proposeAmendment(confirmed, 9_000, today() + 30, SignalKind.DISRUPTION, foreign, doc(1),
                                {"from": supplier_a_op})


def test_disruption_sent_to_another_supplier_refused(orders, signals, confirmed, downtime, oem_op, supplier_a_op,
                                                     supplier_b, supplier_c):
    """The OEM's downtime for suppliers B and C: supplier A was not told of it."""
    others = notify(signals, oem_op, supplier_b, supplier_c)
    with reverts_with("UncitableSignal", confirmed, SignalKind.DISRUPTION, others):
        orders.proposeAmendment(confirmed, 9_000, today() + 30, SignalKind.DISRUPTION, others, doc(1),
                                {"from": supplier_a_op})
    propose(orders, confirmed, supplier_a_op, 9_000, today() + 30, (SignalKind.DISRUPTION, downtime))


def test_superseded_disruption_refused(orders, signals, confirmed, downtime, oem_op, supplier_a_op, supplier_a):
    """SupplySignals keeps only the latest disruption per (OEM, supplier): once the OEM
    sent a newer one, the older one can no longer be cited."""
    newer = notify(signals, oem_op, supplier_a)
    with reverts_with("UncitableSignal", confirmed, SignalKind.DISRUPTION, downtime):
        orders.proposeAmendment(confirmed, 9_000, today() + 30, SignalKind.DISRUPTION, downtime, doc(1),
                                {"from": supplier_a_op})
    propose(orders, confirmed, supplier_a_op, 9_000, today() + 30, (SignalKind.DISRUPTION, newer))


# ------------------------------------------------------------------ who accepts, declines


def test_proposer_cannot_accept(orders, confirmed, oem_op, supplier_a_op, supplier_a_op2, supplier_a, oem):
    due = today() + 30
    number = propose(orders, confirmed, supplier_a_op, 7_000, due)
    for op in (supplier_a_op, supplier_a_op2):  # any operator of the proposing org
        with reverts_with("WrongSide", confirmed, State.CONFIRMED, supplier_a, Side.OEM):
            orders.acceptAmendment(confirmed, number, doc(1), {"from": op})
    number = propose(orders, confirmed, oem_op, 7_500, due)
    with reverts_with("WrongSide", confirmed, State.CONFIRMED, oem, Side.SUPPLIER):
        orders.acceptAmendment(confirmed, number, doc(1), {"from": oem_op})


@pytest.mark.parametrize("who", ["supplier_b_op", "oem2_op", "auditor_op", "outsider"])
def test_third_parties_cannot_accept(request, orders, confirmed, oem_op, who):
    org = ZERO_ORG if who == "outsider" else request.getfixturevalue(who.removesuffix("_op"))
    number = propose(orders, confirmed, oem_op, 7_000, today() + 30)
    with reverts_with("WrongSide", confirmed, State.CONFIRMED, org, Side.SUPPLIER):
        orders.acceptAmendment(confirmed, number, doc(1), {"from": request.getfixturevalue(who)})


@pytest.mark.parametrize("decliner, side", [("oem_op", Side.OEM), ("supplier_a_op", Side.SUPPLIER)])
def test_decline_or_withdraw(request, orders, confirmed, supplier_a_op, oem, supplier_a, decliner, side):
    """The OEM declines the supplier's proposal, or the supplier withdraws it."""
    number = propose(orders, confirmed, supplier_a_op, 7_000, today() + 30)
    tx = orders.declineAmendment(confirmed, doc(0xC9), {"from": request.getfixturevalue(decliner)})
    ev = tx.events["AmendmentDeclined"]
    assert ev["orderId"] == confirmed and event_orgs(ev) == (oem, supplier_a)
    assert (ev["proposal"], ev["by"]) == (number, side) and as_bytes(ev["reasonHash"]) == doc(0xC9)
    assert amendment_dict(orders, confirmed) == NO_AMENDMENT
    with reverts_with("NoPendingAmendment", confirmed):
        orders.acceptAmendment(confirmed, number, doc(1), {"from": request.getfixturevalue("oem_op")})


def test_nothing_pending(orders, confirmed, oem_op, supplier_a_op):
    with reverts_with("NoPendingAmendment", confirmed):
        orders.acceptAmendment(confirmed, 1, doc(1), {"from": oem_op})
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


def test_pending_proposal_lapses_on_quality_hold(orders, confirmed, oem_op, supplier_a_op, supplier_a):
    step(orders, confirmed, "start", oem_op, supplier_a_op)
    number = propose(orders, confirmed, oem_op, 7_000, today() + 30)
    step(orders, confirmed, "fail", oem_op, supplier_a_op)
    assert amendment_dict(orders, confirmed) == NO_AMENDMENT
    with reverts_with("WrongState", confirmed, State.QUALITY_HOLD, supplier_a):
        orders.acceptAmendment(confirmed, number, doc(1), {"from": supplier_a_op})
    assert order_dict(orders, confirmed)["quantity"] == 10_000


def test_proposal_survives_start_of_production(orders, confirmed, oem_op, supplier_a_op):
    number = propose(orders, confirmed, oem_op, 7_000, today() + 30)
    step(orders, confirmed, "start", oem_op, supplier_a_op)
    assert amendment_dict(orders, confirmed)["quantity"] == 7_000
    orders.acceptAmendment(confirmed, number, doc(1), {"from": supplier_a_op})
    assert order_dict(orders, confirmed)["quantity"] == 7_000


def test_suspended_acceptor(members, council, orders, confirmed, oem_op, supplier_a_op, oem):
    number = propose(orders, confirmed, supplier_a_op, 7_000, today() + 30)
    members.suspend(oem, doc(0x66), {"from": council})
    with reverts_with("InactiveParty", confirmed, State.CONFIRMED, oem):
        orders.acceptAmendment(confirmed, number, doc(1), {"from": oem_op})
