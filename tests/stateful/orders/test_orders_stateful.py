"""Random supply order lifecycles against a plain-Python model of the state machine.

Rules place orders, drive them along the diagram (reallocation chains included), try
random transitions by random parties, suspend and reinstate members, let days pass (so
READY_TO_SHIP orders become overdue and the OEM may cancel or reallocate them), and probe
every transition from an order's current state. Amendments are accepted by proposal
number, now and then a stale one. Every call the model refuses must revert with
the error the model predicts; every call it allows must succeed. After each step every
order's stored figures must match the model, and every split must conserve quantity:
a parent's quantity plus what it moved to children equals its quantity before the first
reallocation.

Brownie 1.22.2's `state_machine` fixture cannot run here (see tests/support/chain_machine.py): the
machine runs on plain hypothesis, every example starting from a chain snapshot.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from typing import ClassVar

import brownie
import pytest
from brownie import chain
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import initialize, invariant, precondition, rule, run_state_machine_as_test

from tests.support.chain_machine import ChainStateMachine
from tests.support.supply import (
    DAY,
    STALLED_ONLY,
    TRANSITIONS,
    ZERO_ORG,
    Side,
    SignalKind,
    State,
    amendment_dict,
    doc,
    error,
    order_dict,
    terms,
    today,
)

AMENDABLE = {State.CONFIRMED, State.IN_PRODUCTION}
# Hypothesis begins with (and shrinks towards) all-zero draws, and runs few steps at this
# number of examples: the strategies map zero to long, rich behaviour instead.
QTY = st.integers(0, 9_999).map(lambda q: 10_000 - q)
STEPS = st.integers(0, 9).map(lambda k: 10 - k)
# Transactions one run may send; the rules stop acting after that (keeps the test's time
# bounded whatever hypothesis draws).
TX_BUDGET = 26
# What `advance` picks from in each state, weighted towards long lifecycles and chains.
PROGRESS: dict[State, list[str]] = {
    State.ISSUED: ["confirmOrder"] * 6 + ["rejectOrder", "cancelOrder"],
    State.CONFIRMED: ["startProduction"] * 4 + ["proposeAmendment"] * 2 + ["cancelOrder"],
    State.IN_PRODUCTION: ["assessQuality"] * 6 + ["proposeAmendment", "cancelOrder"],
    State.QUALITY_HOLD: ["reallocate"] * 4 + ["acceptDeviation"] * 2 + ["cancelOrder"],
    State.READY_TO_SHIP: ["ship"] * 4 + ["cancelOrder", "reallocate"],
    State.SHIPPED: ["receiveShipment"],
    State.DELIVERED: ["closeOrder"] * 2 + ["disputeOrder"],
}
NO_SIGNAL = b"\x00" * 16


@dataclass
class Proposal:
    proposer: Side
    quantity: int
    due: int
    number: int


@dataclass
class OrderModel:
    supplier: bytes
    quantity: int
    due: int
    parent: int = 0
    state: State = State.ISSUED
    shipped: int = 0
    received: int = 0
    version: int = 0
    last: tuple = (0, 0, 0)
    proposal: Proposal | None = None  # as stored (it lapses, but stays, outside AMENDABLE)
    proposals: int = 0  # proposals made so far (numbers count from 1)
    base: int | None = None  # quantity before the first reallocation
    moved: list = field(default_factory=list)  # (child id, quantity) per reallocation


class Refused(Exception):
    """The model expects the call to revert with this error (Brownie's rendering)."""

    def __init__(self, message: str, pattern: bool = False):
        super().__init__(message)
        self.message, self.pattern = message, pattern


class OrdersMachine(ChainStateMachine):
    # set by the test before the run
    orders = registry = council = None
    oem = oem_op = None
    suppliers: ClassVar[list[bytes]] = []
    operator: ClassVar[dict[bytes, object]] = {}
    strangers: ClassVar[list[tuple[object, bytes]]] = []  # (account, org or zero) of third parties
    stats: ClassVar[Counter] = Counter()

    def __init__(self):
        super().__init__()  # back to the snapshot
        self.stats["runs"] += 1
        self.model: dict[int, OrderModel] = {}
        self.inactive: set[bytes] = set()
        self.dirty: set[int] = set()  # orders a step changed, checked after it
        self.sent = 0
        self.noon(today() + 1)  # no midnight in the middle of a run

    # ------------------------------------------------------------ the model's verdicts

    def party(self, o: OrderModel, side: Side) -> bytes:
        return self.oem if side == Side.OEM else o.supplier

    def verdict(self, oid: int, name: str, org: bytes, args: dict) -> None:
        """Raise Refused with the predicted error unless `org`'s operator may call `name`
        on order `oid` with `args` now."""
        o = self.model[oid]
        st_ = o.state
        side, allowed = TRANSITIONS[name]
        if name == "acceptAmendment" and o.proposal is not None:
            side = Side.SUPPLIER if o.proposal.proposer == Side.OEM else Side.OEM
        if side == Side.NONE:
            if org == ZERO_ORG or org not in (self.oem, o.supplier):
                raise Refused(error("WrongSide", oid, st_, org, Side.NONE))
        elif org != self.party(o, side):
            raise Refused(error("WrongSide", oid, st_, org, side))
        if org in self.inactive:
            raise Refused(error("InactiveParty", oid, st_, org))
        if st_ not in allowed:
            raise Refused(error("WrongState", oid, st_, org))
        if name in STALLED_ONLY and st_ == State.READY_TO_SHIP:
            day = today()
            if o.due >= day and o.supplier not in self.inactive:
                raise Refused(error("ShipmentNotOverdue", oid, o.due, day))

        if name == "assessQuality":
            if args["sample"] == 0 or args["defects"] > args["sample"]:
                raise Refused(error("InvalidSample", args["sample"], args["defects"]))
        elif name == "ship":
            if not 0 < args["qty"] <= o.quantity:
                raise Refused(error("InvalidQuantity", args["qty"], o.quantity))
        elif name == "receiveShipment":
            if args["qty"] > o.shipped:
                raise Refused(error("InvalidQuantity", args["qty"], o.shipped))
        elif name == "reallocate":
            to = args["to"]
            if to == o.supplier:
                raise Refused(error("InvalidSupplier", to))
            if to in self.inactive:
                raise Refused(error("OrgNotActive", to, 2))
            if not 0 < args["qty"] <= o.quantity:
                raise Refused(error("InvalidQuantity", args["qty"], o.quantity))
        elif name == "proposeAmendment":
            if (args["qty"], args["due"]) == (o.quantity, o.due):
                raise Refused(error("EmptyAmendment", oid))
        elif name in ("acceptAmendment", "declineAmendment"):
            if o.proposal is None:
                raise Refused(error("NoPendingAmendment", oid))
            if name == "acceptAmendment" and args["proposal"] != o.proposal.number:
                raise Refused(error("AmendmentMismatch", oid, args["proposal"], o.proposal.number))

    def apply(self, oid: int, name: str, org: bytes, args: dict) -> None:
        """The model's effect of an allowed call."""
        o = self.model[oid]
        if name == "confirmOrder":
            o.state = State.CONFIRMED
        elif name == "rejectOrder":
            o.state = State.REJECTED
        elif name == "startProduction":
            o.state = State.IN_PRODUCTION
        elif name == "assessQuality":
            o.last = (args["score"], args["sample"], args["defects"])
            if args["score"] < 9_500:
                o.state = State.QUALITY_HOLD
            elif args["final"]:
                o.state = State.READY_TO_SHIP
        elif name == "acceptDeviation":
            o.state = State.READY_TO_SHIP
        elif name == "reallocate":
            child = len(self.model) + 1
            if o.base is None:
                o.base = o.quantity
            o.moved.append((child, args["qty"]))
            o.quantity -= args["qty"]
            if not o.quantity:
                o.state = State.CANCELLED  # else it stays on QUALITY_HOLD or READY_TO_SHIP
            self.model[child] = OrderModel(args["to"], args["qty"], args["due"], parent=oid)
        elif name == "ship":
            o.shipped, o.state = args["qty"], State.SHIPPED
        elif name == "receiveShipment":
            o.received, o.state = args["qty"], State.DELIVERED
        elif name == "closeOrder":
            o.state = State.CLOSED
        elif name == "disputeOrder":
            o.state = State.DISPUTED
        elif name == "cancelOrder":
            o.state = State.CANCELLED
        elif name == "proposeAmendment":
            o.proposals += 1
            o.proposal = Proposal(Side.OEM if org == self.oem else Side.SUPPLIER, args["qty"], args["due"], o.proposals)
        elif name == "acceptAmendment":
            o.quantity, o.due = o.proposal.quantity, o.proposal.due
            o.version += 1
            o.proposal = None
        elif name == "declineAmendment":
            o.proposal = None

    # ------------------------------------------------------------ calling the chain

    def send(self, oid: int, name: str, account, org: bytes, args: dict, probe: bool = False) -> bool:
        """Check the model's verdict against the chain; apply it when the call was sent.
        Returns whether the model allowed the call."""
        try:
            self.verdict(oid, name, org, args)
        except Refused as refused:
            with brownie.reverts(refused.message):
                self.invoke(oid, name, account, args, call=True)
            self.stats["refused " + refused.message.split(":")[0]] += 1
            return False
        if probe:
            self.invoke(oid, name, account, args, call=True)  # must not revert
            return True
        if self.sent >= TX_BUDGET:
            return False
        self.sent += 1
        tx = self.invoke(oid, name, account, args, call=False)
        assert tx.status == 1
        self.apply(oid, name, org, args)
        self.dirty.update((oid, len(self.model)))
        self.stats["sent " + name] += 1
        if name == "reallocate":
            depth, node = 1, self.model[oid]
            while node.parent:
                depth, node = depth + 1, self.model[node.parent]
            self.stats[f"reallocation at depth {depth}"] += 1
        return True

    def invoke(self, oid: int, name: str, account, args: dict, call: bool):
        fn = getattr(self.orders, name)
        if call:
            fn = fn.call
        tx = {"from": account}
        if name == "assessQuality":
            return fn(oid, args["score"], args["sample"], args["defects"], args["final"], doc(5), tx)
        if name in ("ship", "receiveShipment"):
            return fn(oid, args["qty"], doc(6), tx)
        if name == "reallocate":
            return fn(oid, args["to"], args["qty"], args["due"], doc(11), tx)
        if name == "proposeAmendment":
            return fn(oid, args["qty"], args["due"], SignalKind.NONE, NO_SIGNAL, doc(12), tx)
        if name == "acceptAmendment":
            return fn(oid, args["proposal"], doc(13), tx)
        return fn(oid, doc(14), tx)

    def args_for(self, oid: int, name: str, a: int, flag: bool) -> dict:
        """Arguments of `name` derived from the random `a` and `flag`, valid as far as the
        order allows (an order with nothing to ship gets an invalid quantity, on purpose)."""
        o = self.model[oid]
        if name == "assessQuality":
            sample = 1 + a % 400
            return {"score": a % 10_001, "sample": sample, "defects": a % (sample + 1), "final": flag}
        if name == "ship":
            return {"qty": o.quantity if flag else 1 + a % max(o.quantity, 1)}
        if name == "receiveShipment":
            return {"qty": o.shipped if flag else a % (o.shipped + 1)}
        if name == "reallocate":
            others = [s for s in self.suppliers if s != o.supplier]
            qty = o.quantity if flag else 1 + a % max(o.quantity, 1)
            return {"to": others[a % len(others)], "qty": qty, "due": today() + 40 + a % 20}
        if name == "proposeAmendment":
            return {"qty": 1 + a % 20_000, "due": today() + 20 + a % 30}
        if name == "acceptAmendment":
            # the pending proposal's number, or now and then an earlier (replaced) or later one
            p = o.proposal
            if p is not None and flag:
                return {"proposal": p.number}
            return {"proposal": max((p.number if p is not None else 0) + (a % 3) - 1, 0)}
        return {}

    def right_actor(self, oid: int, name: str) -> tuple[object, bytes]:
        o = self.model[oid]
        side, _ = TRANSITIONS[name]
        if name == "acceptAmendment" and o.proposal is not None:
            side = Side.SUPPLIER if o.proposal.proposer == Side.OEM else Side.OEM
        org = self.oem if side == Side.OEM else o.supplier
        return self.operator[org], org

    def pick(self, n: int) -> int:
        return 1 + n % len(self.model)

    # ------------------------------------------------------------ rules

    @initialize(qtys=st.lists(QTY, min_size=3, max_size=3), a=st.integers(0, 2**32 - 1),
                depth=st.integers(0, 1).map(lambda d: 2 - d))
    def orders_and_a_chain(self, qtys, a, depth):
        """Hypothesis starts with very short runs and enables a random subset of rules
        per run: every run starts with an order per supplier and a reallocation chain."""
        for supplier, qty in enumerate(qtys):
            self.place(supplier, qty, 30)
        self.reallocation_chain(a % 3, a, depth)

    @rule(supplier=st.integers(0, 2), qty=QTY, due=st.integers(0, 60))
    def place(self, supplier, qty, due):
        org = self.suppliers[supplier]
        t = terms(org, qty, due=today() + due)
        if self.oem in self.inactive:
            with brownie.reverts(error("OrgNotActive", self.oem, 2)):
                self.orders.placeOrder.call(t, doc(1), {"from": self.oem_op})
        elif org in self.inactive:
            with brownie.reverts(error("OrgNotActive", org, 2)):
                self.orders.placeOrder.call(t, doc(1), {"from": self.oem_op})
        elif self.sent < TX_BUDGET:
            self.sent += 1
            self.orders.placeOrder(t, doc(1), {"from": self.oem_op})
            self.model[len(self.model) + 1] = OrderModel(org, qty, t[4])
            self.dirty.add(len(self.model))
            self.stats["sent placeOrder"] += 1

    @precondition(lambda self: self.model)
    @rule(n=st.integers(0, 1_000), a=st.integers(0, 2**32 - 1), flag=st.booleans(), k=STEPS)
    def advance(self, n, a, flag, k):
        """Take up to `k` steps the diagram allows from the order's state, by the right
        side (the order may be a child created on the way)."""
        oid = self.pick(n)
        for i in range(k):
            a_i = ((a + 1) * 2_654_435_761 + i * 40_503 + i * i * 977) % 2**32
            o = self.model[oid]
            choices = PROGRESS.get(o.state, [])
            if o.proposal is not None and o.state in AMENDABLE:
                choices = [*choices, "acceptAmendment", "acceptAmendment", "declineAmendment"]
            if not choices:
                return
            name = choices[a_i % len(choices)]
            args = self.args_for(oid, name, a_i, flag ^ bool(i & 1))
            if name == "assessQuality":
                args["score"] = 9_500 + a_i % 501 if a_i & 4 else a_i % 9_500
            account, org = self.right_actor(oid, name)
            count = len(self.model)
            if not self.send(oid, name, account, org, args):
                return  # refused (a suspended party): trying again changes nothing
            if len(self.model) > count and a_i & 8:
                oid = len(self.model)  # follow the child down the chain

    def drive(self, oid: int, target: State, a: int) -> bool:
        """Take order `oid` along the happy path towards `target` by the right sides;
        whether it got there."""
        path = {State.ISSUED: "confirmOrder", State.CONFIRMED: "startProduction", State.IN_PRODUCTION: "assessQuality"}
        while self.model[oid].state != target and self.model[oid].state in path:
            name = path[self.model[oid].state]
            if name == "startProduction" and target == State.CONFIRMED:
                break
            args = self.args_for(oid, name, a, True)
            if name == "assessQuality":
                args["score"] = 9_500 + a % 501  # passes
            account, org = self.right_actor(oid, name)
            if not self.send(oid, name, account, org, args):
                return False
        return self.model[oid].state == target

    @precondition(lambda self: self.model)
    @rule(n=st.integers(0, 1_000), a=st.integers(0, 2**32 - 1), late=st.integers(0, 2).map(lambda d: 2 - d),
          reallocate=st.booleans())
    def stalled_shipment(self, n, a, late, reallocate):
        """Drive an order to READY_TO_SHIP, let its due day pass (or come, or not), and have
        the OEM try to cancel it or move quantity off it."""
        oid = self.pick(n)
        if not self.drive(oid, State.READY_TO_SHIP, a):
            return
        o = self.model[oid]
        if late:
            self.noon(o.due + late - 1)  # its due day (still not overdue), or the day after
        name = "reallocate" if reallocate else "cancelOrder"
        self.send(oid, name, self.oem_op, self.oem, self.args_for(oid, name, a, a % 3 == 0))

    @precondition(lambda self: self.model)
    @rule(n=st.integers(0, 1_000), a=st.integers(0, 2**32 - 1), swap=st.booleans().map(lambda b: not b),
          stale=st.booleans().map(lambda b: not b))
    def amendment_round(self, n, a, swap, stale):
        """Drive an order to CONFIRMED, propose an amendment (by either side), maybe
        re-propose it (the swap), and have the other side accept the latest number or the
        one it first read."""
        oid = self.pick(n)
        if not self.drive(oid, State.CONFIRMED, a) and self.model[oid].state not in AMENDABLE:
            return
        o = self.model[oid]
        account, org = (self.oem_op, self.oem) if a & 1 else (self.operator[o.supplier], o.supplier)
        args = self.args_for(oid, "proposeAmendment", a, True)
        if not self.send(oid, "proposeAmendment", account, org, args):
            return
        first = o.proposal.number
        if swap:
            self.send(oid, "proposeAmendment", account, org, dict(args))
        acceptor, side = self.right_actor(oid, "acceptAmendment")
        number = first if stale else o.proposal.number
        self.send(oid, "acceptAmendment", acceptor, side, {"proposal": number})

    @precondition(lambda self: self.model)
    @rule(n=st.integers(0, 1_000), a=st.integers(0, 2**32 - 1), depth=st.integers(0, 3).map(lambda d: 4 - d))
    def reallocation_chain(self, n, a, depth):
        """Drive an order onto QUALITY_HOLD by its supplier, move part or all of it to
        another supplier, and repeat on the child (or on what the parent kept) `depth`
        times."""
        oid = self.pick(n)
        to_hold = {State.ISSUED: "confirmOrder", State.CONFIRMED: "startProduction", State.IN_PRODUCTION: "assessQuality"}
        for level in range(depth):
            a_l = ((a + 7) * 2_246_822_519 + level * 3_266_489_917) % 2**32
            while self.model[oid].state in to_hold:
                name = to_hold[self.model[oid].state]
                args = self.args_for(oid, name, a_l, False)
                if name == "assessQuality":
                    args["score"] = a_l % 9_500  # below the threshold
                account, org = self.right_actor(oid, name)
                if not self.send(oid, name, account, org, args):
                    return
            if self.model[oid].state != State.QUALITY_HOLD:
                return
            args = self.args_for(oid, "reallocate", a_l, a_l % 5 == 0)  # now and then all of it
            if not self.send(oid, "reallocate", self.oem_op, self.oem, args):
                return
            parent = self.model[oid]
            oid = oid if parent.state == State.QUALITY_HOLD and a_l & 16 else len(self.model)

    @precondition(lambda self: self.model)
    @rule(n=st.integers(0, 1_000), name=st.sampled_from(sorted(TRANSITIONS)), who=st.integers(0, 9),
          a=st.integers(0, 2**32 - 1), flag=st.booleans())
    def anything(self, n, name, who, a, flag):
        """Any transition on any order by anyone: the right side, the other side, another
        supplier, the second OEM, the auditor or an outsider."""
        oid = self.pick(n)
        o = self.model[oid]
        if who < 5:
            account, org = self.right_actor(oid, name)
        elif who == 5:
            org = o.supplier if TRANSITIONS[name][0] == Side.OEM else self.oem
            account = self.operator[org]
        else:
            account, org = self.strangers[(who - 6) % len(self.strangers)]
            if org == o.supplier:  # a "stranger" supplier that is this order's own
                account, org = self.strangers[-1]
        self.send(oid, name, account, org, self.args_for(oid, name, a, flag))

    @precondition(lambda self: self.model)
    @rule(n=st.integers(0, 1_000), a=st.integers(0, 2**32 - 1))
    def probe_every_transition(self, n, a):
        """From the order's current state, every transition by its right side: exactly the
        ones the diagram allows go through (as calls, nothing changes); and every
        transition by a wrong party (the other side or a third party, in turn), which must
        be refused."""
        oid = self.pick(n)
        o = self.model[oid]
        wrong = [(self.operator[self.oem], self.oem), (self.operator[o.supplier], o.supplier)] + [
            s for s in self.strangers if s[1] != o.supplier
        ]
        for i, name in enumerate(TRANSITIONS):
            account, org = self.right_actor(oid, name)
            args = self.args_for(oid, name, a, True)
            self.send(oid, name, account, org, args, probe=True)
            others = [w for w in wrong if w[1] != org]
            account, org = others[(a + i) % len(others)]
            self.send(oid, name, account, org, args, probe=True)

    @rule(days=st.integers(0, 3).map(lambda d: 20 * (3 - d) + 11))
    def days_pass(self, days):
        """Move on by about `days` days (landing at noon UTC, so the day number cannot change
        under a step): orders' due days pass."""
        self.stats["days passed"] += days
        self.noon(today() + days)

    @staticmethod
    def noon(day: int) -> None:
        """Noon of day number `day`, if that lies ahead (time never runs backwards)."""
        ahead = day * DAY + DAY // 2 - chain.time()
        if ahead > 0:
            chain.sleep(ahead)
            chain.mine()

    @precondition(lambda self: self.model)
    @rule(which=st.integers(0, 3), n=st.integers(0, 1_000), a=st.integers(0, 2**32 - 1), lasting=st.booleans())
    def suspension(self, which, n, a, lasting):
        """Suspend the OEM or a supplier and probe an order: its steps refuse that org.
        Most suspensions end within the rule (reinstatement); a lasting one ends at the
        next suspension rule."""
        if self.sent >= TX_BUDGET:
            return
        self.sent += 2
        for org in sorted(self.inactive):
            self.registry.reinstate(org, {"from": self.council})
            self.inactive.discard(org)
        org = ([self.oem, *self.suppliers])[which]
        self.registry.suspend(org, doc(0x66), {"from": self.council})
        self.inactive.add(org)
        self.probe_every_transition(n, a)
        if not lasting:
            self.registry.reinstate(org, {"from": self.council})
            self.inactive.discard(org)

    # ------------------------------------------------------------ invariants

    @invariant()
    def changed_orders_match_model(self):
        self.stats["steps"] += 1
        assert self.orders.orderCount() == len(self.model)
        self.check(sorted(self.dirty))
        self.dirty.clear()

    def teardown(self):
        self.check(sorted(self.model))
        self.stats["orders checked at teardown"] += len(self.model)

    def check(self, oids):
        """Every stored figure of these orders as the model has it, and quantity conserved
        by every split among them."""
        for oid in oids:
            o = self.model[oid]
            c = order_dict(self.orders, oid)
            assert c["state"] == o.state, oid
            assert (c["supplier"], c["quantity"], c["dueDay"], c["version"]) == (o.supplier, o.quantity, o.due,
                                                                                 o.version), oid
            assert (c["shippedQuantity"], c["receivedQuantity"]) == (o.shipped, o.received), oid
            assert (c["lastScore"], c["lastSampleSize"], c["lastDefects"]) == o.last, oid
            if o.proposal is not None or o.state in AMENDABLE:
                pending = amendment_dict(self.orders, oid)
                if o.proposal is not None and o.state in AMENDABLE:
                    assert (pending["proposal"], pending["proposer"], pending["quantity"], pending["dueDay"]) == (
                        o.proposal.number,
                        o.proposal.proposer,
                        o.proposal.quantity,
                        o.proposal.due,
                    ), oid
                else:
                    assert pending["proposer"] == Side.NONE, oid
            if o.moved:
                children = sum(q for _, q in o.moved)
                assert c["quantity"] + children == o.base, oid
                for child, qty in o.moved:
                    kid = self.model[child]
                    assert kid.parent == oid
                    # a child starts with what was moved (its own amendments aside)
                    if kid.version == 0:
                        assert (kid.quantity if kid.base is None else kid.base) == qty


@pytest.fixture(scope="module")
def machine(members, orders, council, oem_op, supplier_a_op, supplier_b_op, supplier_c_op, auditor_op, oem2_op,
            outsider, oem, supplier_a, supplier_b, supplier_c, auditor, oem2):
    OrdersMachine.orders, OrdersMachine.registry, OrdersMachine.council = orders, members, council
    OrdersMachine.oem, OrdersMachine.oem_op = oem, oem_op
    OrdersMachine.suppliers = [supplier_a, supplier_b, supplier_c]
    OrdersMachine.operator = {oem: oem_op, supplier_a: supplier_a_op, supplier_b: supplier_b_op,
                              supplier_c: supplier_c_op}
    # third parties; the last one stands in when the "other supplier" is the order's own
    OrdersMachine.strangers = [(supplier_b_op, supplier_b), (oem2_op, oem2), (auditor_op, auditor),
                               (outsider, ZERO_ORG)]
    return OrdersMachine


def test_random_order_lifecycles(machine):
    machine.stats.clear()
    chain.snapshot()
    run_state_machine_as_test(
        machine,
        settings=settings(
            max_examples=10 * int(os.environ.get("STATEFUL_SCALE", "1")),
            stateful_step_count=25,
            deadline=None,
            database=None,  # no replays of earlier runs: a fixed amount of work
            suppress_health_check=list(HealthCheck),
        ),
    )
    print()
    for key, count in sorted(machine.stats.items()):
        print(f"  {key}: {count}")
