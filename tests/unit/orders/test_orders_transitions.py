"""SupplyOrders: every transition, and every wrong state, side and party."""

import brownie
import pytest
from brownie import ConsortiumRegistry

from tests.support.supply import (
    ENFORCED_PAUSE,
    PATHS,
    STALLED_ONLY,
    TRANSITIONS,
    ZERO_ORG,
    Side,
    State,
    as_bytes,
    attempt,
    doc,
    event_orgs,
    order_dict,
    order_in,
    place,
    reverts_with,
    step,
    terms,
    to_noon,
    today,
)
from valuechain.identity import Role


@pytest.fixture(scope="module")
def in_state(orders, oem_op, supplier_a_op, supplier_a):
    """One order of supplier A in every state (built once; tests revert their changes)."""
    return {state: order_in(orders, state, oem_op, supplier_a_op, supplier_a) for state in PATHS}


# ------------------------------------------------------------------ each transition


def _check_event(tx, name, oid, oem, supplier, **fields):
    ev = tx.events[name]
    assert ev["orderId"] == oid
    assert event_orgs(ev) == (oem, supplier)
    for key, value in fields.items():
        actual = ev[key]
        assert (as_bytes(actual) if isinstance(value, bytes) else actual) == value, key
    return ev


def test_confirm(orders, oem_op, supplier_a_op, oem, supplier_a):
    oid = place(orders, oem_op, supplier_a)
    tx = orders.confirmOrder(oid, doc(2), {"from": supplier_a_op})
    _check_event(tx, "OrderConfirmed", oid, oem, supplier_a, documentHash=doc(2))
    assert order_dict(orders, oid)["state"] == State.CONFIRMED


def test_any_operator_of_the_supplier_acts(orders, oem_op, supplier_a_op2, supplier_a):
    oid = place(orders, oem_op, supplier_a)
    orders.confirmOrder(oid, doc(2), {"from": supplier_a_op2})
    assert order_dict(orders, oid)["state"] == State.CONFIRMED


def test_reject(orders, oem_op, supplier_a_op, oem, supplier_a):
    oid = place(orders, oem_op, supplier_a)
    tx = orders.rejectOrder(oid, doc(3), {"from": supplier_a_op})
    _check_event(tx, "OrderRejected", oid, oem, supplier_a, reasonHash=doc(3))
    assert order_dict(orders, oid)["state"] == State.REJECTED


def test_start_production(orders, in_state, supplier_a_op, oem, supplier_a):
    oid = in_state[State.CONFIRMED]
    tx = orders.startProduction(oid, doc(4), {"from": supplier_a_op})
    _check_event(tx, "ProductionStarted", oid, oem, supplier_a, documentHash=doc(4))
    assert order_dict(orders, oid)["state"] == State.IN_PRODUCTION


def test_interim_assessments_stay_in_production(orders, in_state, supplier_a_op, oem, supplier_a):
    oid = in_state[State.IN_PRODUCTION]  # threshold 9,500
    first = orders.assessQuality(oid, 9_600, 100, 4, False, doc(0x51), {"from": supplier_a_op})
    second = orders.assessQuality(oid, 9_500, 300, 15, False, doc(0x52), {"from": supplier_a_op})

    assert first.return_value == State.IN_PRODUCTION
    _check_event(first, "QualityAssessed", oid, oem, supplier_a, score=9_600, sampleSize=100, defects=4,
                 isFinal=False, state=State.IN_PRODUCTION, reportHash=doc(0x51))
    _check_event(second, "QualityAssessed", oid, oem, supplier_a, score=9_500, sampleSize=300, defects=15,
                 isFinal=False, state=State.IN_PRODUCTION, reportHash=doc(0x52))
    o = order_dict(orders, oid)
    assert o["state"] == State.IN_PRODUCTION
    assert (o["lastScore"], o["lastSampleSize"], o["lastDefects"]) == (9_500, 300, 15)


def test_final_assessment_at_threshold_ready_to_ship(orders, in_state, supplier_a_op, oem, supplier_a):
    oid = in_state[State.IN_PRODUCTION]
    tx = orders.assessQuality(oid, 9_500, 500, 25, True, doc(0x53), {"from": supplier_a_op})
    assert tx.return_value == State.READY_TO_SHIP
    _check_event(tx, "QualityAssessed", oid, oem, supplier_a, isFinal=True, state=State.READY_TO_SHIP)
    assert order_dict(orders, oid)["state"] == State.READY_TO_SHIP


@pytest.mark.parametrize("final", [False, True])
def test_assessment_below_threshold_quality_hold(orders, in_state, supplier_a_op, oem, supplier_a, final):
    oid = in_state[State.IN_PRODUCTION]
    orders.assessQuality(oid, 9_800, 50, 1, False, doc(0x54), {"from": supplier_a_op})
    tx = orders.assessQuality(oid, 9_499, 1_000, 51, final, doc(0x55), {"from": supplier_a_op})
    assert tx.return_value == State.QUALITY_HOLD
    _check_event(tx, "QualityAssessed", oid, oem, supplier_a, score=9_499, sampleSize=1_000, defects=51,
                 isFinal=final, state=State.QUALITY_HOLD, reportHash=doc(0x55))
    o = order_dict(orders, oid)
    assert o["state"] == State.QUALITY_HOLD
    assert (o["lastScore"], o["lastSampleSize"], o["lastDefects"]) == (9_499, 1_000, 51)


def test_assessment_bounds(orders, oem_op, supplier_a_op, supplier_a):
    """Threshold 0 passes any score; threshold 10,000 needs a perfect one."""
    lax = place(orders, oem_op, supplier_a, min_score=0)
    strict = place(orders, oem_op, supplier_a, min_score=10_000)
    for oid in (lax, strict):
        step(orders, oid, "confirm", oem_op, supplier_a_op)
        step(orders, oid, "start", oem_op, supplier_a_op)
    orders.assessQuality(lax, 0, 10, 10, True, doc(5), {"from": supplier_a_op})
    orders.assessQuality(strict, 9_999, 10_000, 1, True, doc(5), {"from": supplier_a_op})
    assert order_dict(orders, lax)["state"] == State.READY_TO_SHIP
    assert order_dict(orders, strict)["state"] == State.QUALITY_HOLD


def test_assessment_invalid_figures(orders, in_state, supplier_a_op):
    oid = in_state[State.IN_PRODUCTION]
    with reverts_with("InvalidScore", 10_001):
        orders.assessQuality(oid, 10_001, 10, 0, True, doc(5), {"from": supplier_a_op})
    with reverts_with("InvalidSample", 0, 0):
        orders.assessQuality(oid, 9_000, 0, 0, True, doc(5), {"from": supplier_a_op})
    with reverts_with("InvalidSample", 10, 11):
        orders.assessQuality(oid, 9_000, 10, 11, True, doc(5), {"from": supplier_a_op})
    orders.assessQuality(oid, 9_000, 2**24 - 1, 2**24 - 1, False, doc(5), {"from": supplier_a_op})
    o = order_dict(orders, oid)
    assert (o["lastSampleSize"], o["lastDefects"]) == (2**24 - 1, 2**24 - 1)


def test_accept_deviation(orders, in_state, oem_op, oem, supplier_a):
    oid = in_state[State.QUALITY_HOLD]
    tx = orders.acceptDeviation(oid, doc(0x61), {"from": oem_op})
    _check_event(tx, "DeviationAccepted", oid, oem, supplier_a, reasonHash=doc(0x61))
    assert order_dict(orders, oid)["state"] == State.READY_TO_SHIP


def test_ship_full(orders, in_state, supplier_a_op, oem, supplier_a):
    oid = in_state[State.READY_TO_SHIP]
    tx = orders.ship(oid, 10_000, doc(0x71), {"from": supplier_a_op})
    _check_event(tx, "OrderShipped", oid, oem, supplier_a, quantity=10_000, shipmentHash=doc(0x71))
    o = order_dict(orders, oid)
    assert o["state"] == State.SHIPPED and o["shippedQuantity"] == 10_000


def test_ship_quantity_bounds(orders, in_state, supplier_a_op):
    oid = in_state[State.READY_TO_SHIP]
    with reverts_with("InvalidQuantity", 0, 10_000):
        orders.ship(oid, 0, doc(6), {"from": supplier_a_op})
    with reverts_with("InvalidQuantity", 10_001, 10_000):
        orders.ship(oid, 10_001, doc(6), {"from": supplier_a_op})


def test_short_delivery_recorded(orders, in_state, oem_op, supplier_a_op, oem, supplier_a):
    """Shipped 9,980 of 10,000, received 9,950: the shortfall of 50 against the shipment
    and 50 in all stays on record."""
    oid = in_state[State.READY_TO_SHIP]
    orders.ship(oid, 9_980, doc(6), {"from": supplier_a_op})
    with reverts_with("InvalidQuantity", 9_981, 9_980):
        orders.receiveShipment(oid, 9_981, doc(7), {"from": oem_op})
    tx = orders.receiveShipment(oid, 9_950, doc(0x81), {"from": oem_op})
    _check_event(tx, "ShipmentReceived", oid, oem, supplier_a, receivedQuantity=9_950, shortfall=50,
                 documentHash=doc(0x81))
    o = order_dict(orders, oid)
    assert o["state"] == State.DELIVERED
    assert (o["quantity"], o["shippedQuantity"], o["receivedQuantity"]) == (10_000, 9_980, 9_950)


def test_nothing_received(orders, in_state, oem_op):
    oid = in_state[State.SHIPPED]
    tx = orders.receiveShipment(oid, 0, doc(7), {"from": oem_op})
    assert tx.events["ShipmentReceived"]["shortfall"] == 10_000
    assert order_dict(orders, oid)["receivedQuantity"] == 0


def test_close(orders, in_state, oem_op, oem, supplier_a):
    oid = in_state[State.DELIVERED]
    tx = orders.closeOrder(oid, doc(0x91), {"from": oem_op})
    _check_event(tx, "OrderClosed", oid, oem, supplier_a, documentHash=doc(0x91))
    assert order_dict(orders, oid)["state"] == State.CLOSED


def test_dispute(orders, in_state, oem_op, oem, supplier_a):
    oid = in_state[State.DELIVERED]
    tx = orders.disputeOrder(oid, doc(0x92), {"from": oem_op})
    _check_event(tx, "OrderDisputed", oid, oem, supplier_a, reasonHash=doc(0x92))
    assert order_dict(orders, oid)["state"] == State.DISPUTED


@pytest.mark.parametrize(
    "state", [State.ISSUED, State.CONFIRMED, State.IN_PRODUCTION, State.QUALITY_HOLD], ids=lambda s: s.name
)
def test_cancel(orders, in_state, oem_op, oem, supplier_a, state):
    oid = in_state[state]
    tx = orders.cancelOrder(oid, doc(0xA1), {"from": oem_op})
    _check_event(tx, "OrderCancelled", oid, oem, supplier_a, previousState=state, reasonHash=doc(0xA1))
    o = order_dict(orders, oid)
    assert o["state"] == State.CANCELLED and o["quantity"] == 10_000


def test_full_lifecycle_event_sequence(orders, oem_op, supplier_a_op, supplier_a):
    oid = place(orders, oem_op, supplier_a)
    names = []
    for name in PATHS[State.CLOSED]:
        tx = step(orders, oid, name, oem_op, supplier_a_op)
        names += [e.name for e in tx.events]
    assert names == ["OrderConfirmed", "ProductionStarted", "QualityAssessed", "OrderShipped", "ShipmentReceived",
                     "OrderClosed"]


# ------------------------------------------------------------------ wrong state

WRONG_STATE = [
    (name, state)
    for name, (_, allowed) in TRANSITIONS.items()
    for state in PATHS
    if state not in allowed
]


@pytest.mark.parametrize("name, state", WRONG_STATE, ids=[f"{n}-{s.name}" for n, s in WRONG_STATE])
def test_wrong_state(orders, in_state, oem_op, supplier_a_op, supplier_c, oem, supplier_a, name, state):
    side, _ = TRANSITIONS[name]
    actor, org = (supplier_a_op, supplier_a) if side == Side.SUPPLIER else (oem_op, oem)
    oid = in_state[state]
    with reverts_with("WrongState", oid, state, org):
        attempt(orders, name, oid, actor, supplier_c, call=True)


def test_unknown_order(orders, oem_op, supplier_a_op, supplier_c):
    for name, (side, _) in TRANSITIONS.items():
        actor = supplier_a_op if side == Side.SUPPLIER else oem_op
        with reverts_with("UnknownOrder", 77):
            attempt(orders, name, 77, actor, supplier_c, call=True)


# ------------------------------------------------------------------ wrong side or party

SIDED = [(name, side, min(allowed)) for name, (side, allowed) in TRANSITIONS.items() if side != Side.NONE]
WRONG_PARTIES = ["other_side", "supplier_b_op", "oem2_op", "auditor_op", "outsider"]


@pytest.mark.parametrize("who", WRONG_PARTIES)
@pytest.mark.parametrize("name, side, state", SIDED, ids=[n for n, _, _ in SIDED])
def test_wrong_side(request, orders, in_state, oem_op, supplier_a_op, supplier_c, oem, supplier_a, name, side, state,
                    who):
    orgs = {
        "supplier_b_op": request.getfixturevalue("supplier_b"),
        "oem2_op": request.getfixturevalue("oem2"),
        "auditor_op": request.getfixturevalue("auditor"),
        "outsider": ZERO_ORG,
    }
    if who == "other_side":
        actor, org = (oem_op, oem) if side == Side.SUPPLIER else (supplier_a_op, supplier_a)
    else:
        actor, org = request.getfixturevalue(who), orgs[who]
    oid = in_state[state]
    with reverts_with("WrongSide", oid, state, org, side):
        attempt(orders, name, oid, actor, supplier_c, call=True)


EITHER = [name for name, (side, _) in TRANSITIONS.items() if side == Side.NONE]


@pytest.mark.parametrize("who", WRONG_PARTIES[1:])
@pytest.mark.parametrize("name", EITHER)
def test_amendment_steps_by_third_parties(request, orders, in_state, supplier_c, name, who):
    org = ZERO_ORG if who == "outsider" else request.getfixturevalue(who.removesuffix("_op"))
    oid = in_state[State.CONFIRMED]
    with reverts_with("WrongSide", oid, State.CONFIRMED, org, Side.NONE):
        attempt(orders, name, oid, request.getfixturevalue(who), supplier_c, call=True)


# ------------------------------------------------------------------ inactive party


@pytest.mark.parametrize("action", ["suspend", "offboard", "lose_role"])
@pytest.mark.parametrize("name, side, state", SIDED + [(n, Side.SUPPLIER, State.CONFIRMED) for n in EITHER],
                         ids=[n for n, _, _ in SIDED] + [f"{n}-by-supplier" for n in EITHER])
def test_inactive_party(members, council, orders, in_state, oem_op, supplier_a_op, supplier_c, oem, supplier_a, name,
                        side, state, action):
    actor, org, role = (supplier_a_op, supplier_a, Role.AUDITOR) if side == Side.SUPPLIER else (oem_op, oem, Role.AUDITOR)
    if action == "lose_role":
        members.changeRoles(org, role, {"from": council})
    else:
        getattr(members, action)(org, doc(0x66), {"from": council})
    oid = in_state[state]
    with reverts_with("InactiveParty", oid, state, org):
        attempt(orders, name, oid, actor, supplier_c, call=True)


def test_reinstated_party_acts_again(members, council, orders, in_state, supplier_a_op, supplier_a):
    oid = in_state[State.ISSUED]
    members.suspend(supplier_a, doc(0x66), {"from": council})
    with reverts_with("InactiveParty", oid, State.ISSUED, supplier_a):
        orders.confirmOrder(oid, doc(2), {"from": supplier_a_op})
    members.reinstate(supplier_a, {"from": council})
    orders.confirmOrder(oid, doc(2), {"from": supplier_a_op})
    assert order_dict(orders, oid)["state"] == State.CONFIRMED


def test_counterparty_suspension_does_not_block(members, council, orders, in_state, oem_op, supplier_a):
    """Only the acting org must be active: the OEM may still cancel an order of a
    suspended supplier."""
    oid = in_state[State.IN_PRODUCTION]
    members.suspend(supplier_a, doc(0x66), {"from": council})
    orders.cancelOrder(oid, doc(10), {"from": oem_op})
    assert order_dict(orders, oid)["state"] == State.CANCELLED


# ------------------------------------------------------------------ READY_TO_SHIP: the OEM's way out


def test_ready_to_ship_not_cancellable_before_due_day_passes(orders, oem_op, supplier_a_op, supplier_a, supplier_b):
    """While the supplier can ship and its due day has not passed, the OEM may neither
    cancel nor reallocate (the supplier passed quality and may still ship); on the due day
    itself neither."""
    to_noon(today() + 1)  # a whole day before the next midnight, whatever the time of the run
    oid = order_in(orders, State.READY_TO_SHIP, oem_op, supplier_a_op, supplier_a)
    due = order_dict(orders, oid)["dueDay"]
    for day in (today(), due):
        to_noon(day)
        with reverts_with("ShipmentNotOverdue", oid, due, day):
            orders.cancelOrder(oid, doc(10), {"from": oem_op})
        with reverts_with("ShipmentNotOverdue", oid, due, day):
            orders.reallocate(oid, supplier_b, 1, day + 10, doc(11), {"from": oem_op})
    assert order_dict(orders, oid)["state"] == State.READY_TO_SHIP


def test_ready_to_ship_cancelled_once_overdue(orders, oem_op, supplier_a_op, oem, supplier_a):
    oid = order_in(orders, State.READY_TO_SHIP, oem_op, supplier_a_op, supplier_a)
    to_noon(order_dict(orders, oid)["dueDay"] + 1)
    tx = orders.cancelOrder(oid, doc(0xA2), {"from": oem_op})
    _check_event(tx, "OrderCancelled", oid, oem, supplier_a, previousState=State.READY_TO_SHIP, reasonHash=doc(0xA2))
    o = order_dict(orders, oid)
    assert o["state"] == State.CANCELLED and o["quantity"] == 10_000
    with reverts_with("WrongState", oid, State.CANCELLED, supplier_a):
        orders.ship(oid, 1, doc(6), {"from": supplier_a_op})


def test_overdue_supplier_may_still_ship_until_the_oem_acts(orders, oem_op, supplier_a_op, oem, supplier_a):
    """Overdue only opens the OEM's way out; a late shipment is still a shipment."""
    oid = order_in(orders, State.READY_TO_SHIP, oem_op, supplier_a_op, supplier_a)
    to_noon(order_dict(orders, oid)["dueDay"] + 3)
    orders.ship(oid, 10_000, doc(6), {"from": supplier_a_op})
    with reverts_with("WrongState", oid, State.SHIPPED, oem):
        orders.cancelOrder(oid, doc(10), {"from": oem_op})


def test_ready_to_ship_partly_reallocated_once_overdue(orders, oem_op, supplier_a_op, oem, supplier_a, supplier_b):
    """Part of an overdue order moves to supplier B; A keeps the rest, still READY_TO_SHIP,
    and may ship it; moving the rest too cancels A's order."""
    oid = order_in(orders, State.READY_TO_SHIP, oem_op, supplier_a_op, supplier_a)
    to_noon(order_dict(orders, oid)["dueDay"] + 1)
    tx = orders.reallocate(oid, supplier_b, 4_000, today() + 10, doc(0xB5), {"from": oem_op})
    ev = _check_event(tx, "OrderReallocated", oid, oem, supplier_a, quantity=4_000, remaining=6_000,
                      state=State.READY_TO_SHIP, documentHash=doc(0xB5))
    child = order_dict(orders, ev["childId"])
    assert (child["supplier"], child["quantity"], child["state"]) == (supplier_b, 4_000, State.ISSUED)
    assert order_dict(orders, oid)["state"] == State.READY_TO_SHIP
    with reverts_with("InvalidQuantity", 6_001, 6_000):
        orders.ship(oid, 6_001, doc(6), {"from": supplier_a_op})

    tx = orders.reallocate(oid, supplier_b, 6_000, today() + 10, doc(0xB6), {"from": oem_op})
    assert (tx.events["OrderReallocated"]["remaining"], tx.events["OrderReallocated"]["state"]) == (0, State.CANCELLED)
    o = order_dict(orders, oid)
    assert (o["state"], o["quantity"]) == (State.CANCELLED, 0)


@pytest.mark.parametrize("action", ["suspend", "offboard", "lose_role"])
def test_ready_to_ship_of_inactive_supplier_released_at_once(members, council, orders, oem_op, supplier_a_op, oem,
                                                             supplier_a, supplier_b, action):
    """A suspended or offboarded supplier (or one without the SUPPLIER role) cannot ship:
    the OEM need not wait for the due day."""
    cancel = order_in(orders, State.READY_TO_SHIP, oem_op, supplier_a_op, supplier_a)
    move = order_in(orders, State.READY_TO_SHIP, oem_op, supplier_a_op, supplier_a)
    if action == "lose_role":
        members.changeRoles(supplier_a, Role.AUDITOR, {"from": council})
    else:
        getattr(members, action)(supplier_a, doc(0x66), {"from": council})
    assert order_dict(orders, cancel)["dueDay"] > today()
    tx = orders.cancelOrder(cancel, doc(10), {"from": oem_op})
    assert tx.events["OrderCancelled"]["previousState"] == State.READY_TO_SHIP
    tx = orders.reallocate(move, supplier_b, 10_000, today() + 10, doc(11), {"from": oem_op})
    assert tx.events["OrderReallocated"]["state"] == State.CANCELLED


def test_reinstated_supplier_holds_its_order_again(members, council, orders, oem_op, supplier_a_op, supplier_a):
    oid = order_in(orders, State.READY_TO_SHIP, oem_op, supplier_a_op, supplier_a)
    members.suspend(supplier_a, doc(0x66), {"from": council})
    members.reinstate(supplier_a, {"from": council})
    due = order_dict(orders, oid)["dueDay"]
    with reverts_with("ShipmentNotOverdue", oid, due, today()):
        orders.cancelOrder(oid, doc(10), {"from": oem_op})


@pytest.mark.parametrize("name", sorted(STALLED_ONLY))
def test_only_the_oem_releases_a_stalled_order(orders, oem_op, supplier_a_op, supplier_b_op, supplier_a, supplier_b,
                                               supplier_c, name):
    oid = order_in(orders, State.READY_TO_SHIP, oem_op, supplier_a_op, supplier_a)
    to_noon(order_dict(orders, oid)["dueDay"] + 1)
    with reverts_with("WrongSide", oid, State.READY_TO_SHIP, supplier_a, Side.OEM):
        attempt(orders, name, oid, supplier_a_op, supplier_c, call=True)
    with reverts_with("WrongSide", oid, State.READY_TO_SHIP, supplier_b, Side.OEM):
        attempt(orders, name, oid, supplier_b_op, supplier_c, call=True)
    attempt(orders, name, oid, oem_op, supplier_c, call=True)  # the OEM may


# ------------------------------------------------------------------ a paused suite

PAUSABLE = any(item.get("name") == "pause" for item in ConsortiumRegistry.abi)


def pause_suite(registry, council) -> None:
    """The council pauses the suite (granting itself the guardian role first if the
    registry has one)."""
    if hasattr(registry, "GUARDIAN_ROLE"):
        registry.grantRole(registry.GUARDIAN_ROLE(), council, {"from": council})
    registry.pause({"from": council})


@pytest.mark.skipif(not PAUSABLE, reason="ConsortiumRegistry has no pause() yet (lands with the registry branch)")
@pytest.mark.parametrize("name, side, state", SIDED + [(n, Side.SUPPLIER, State.CONFIRMED) for n in EITHER],
                         ids=[n for n, _, _ in SIDED] + [f"{n}-by-supplier" for n in EITHER])
def test_paused_suite_refuses_with_enforced_pause(members, council, orders, in_state, oem_op, supplier_a_op,
                                                  supplier_b_op, outsider, supplier_c, name, side, state):
    """requireOperator reverts EnforcedPause() while paused; SupplyOrders passes it on
    unchanged to the right party and to anybody else (never WrongSide/InactiveParty)."""
    oid = in_state[state]
    pause_suite(members, council)
    right = supplier_a_op if side == Side.SUPPLIER else oem_op
    for actor in (right, supplier_b_op, outsider):
        with brownie.reverts(revert_pattern=f"(EnforcedPause.*|.*{ENFORCED_PAUSE[2:]}.*)"):
            attempt(orders, name, oid, actor, supplier_c, call=True)


@pytest.mark.skipif(not PAUSABLE, reason="ConsortiumRegistry has no pause() yet (lands with the registry branch)")
def test_paused_suite_refuses_placement(members, council, orders, oem_op, supplier_a):
    pause_suite(members, council)
    with brownie.reverts(revert_pattern=f"(EnforcedPause.*|.*{ENFORCED_PAUSE[2:]}.*)"):
        orders.placeOrder.call(terms(supplier_a), doc(1), {"from": oem_op})
