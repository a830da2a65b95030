"""Random quality notification histories against a plain-Python model of the CX-0125
status model.

Rules send investigations and alerts between random members (some naming one of two
orders ready to ship), forward taken-up notifications down or up the tiers, and try every
status change by a random party. Every call the model refuses must revert with the error
the model predicts; every call it allows must succeed. After each step every
notification's stored record and every order's hold (QualityNotifications.holdOf, and
whether SupplyOrders.ship goes through) must match the model.

Runs on plain hypothesis from a chain snapshot (see tests/support/chain_machine.py).
"""

from __future__ import annotations

import os
import uuid
from collections import Counter
from dataclasses import dataclass
from typing import ClassVar

import brownie
import pytest
from brownie import chain
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import initialize, invariant, rule, run_state_machine_as_test

from tests.support.chain_machine import ChainStateMachine
from tests.support.notifications import FROM, HOLDING, ROOT, STEPS, reason, record
from tests.support.supply import ZERO_ORG, State, as_bytes, doc, error, order_in
from valuechain.contract_types import NoticeKind, NoticeParty, NoticeSeverity, NoticeStatus, Role

NAMES = {"acknowledge": NoticeStatus.ACKNOWLEDGED, "accept": NoticeStatus.ACCEPTED,
         "decline": NoticeStatus.DECLINED, "close": NoticeStatus.CLOSED, "cancel": NoticeStatus.CANCELED}
PARTY = {name: STEPS[status][1] for name, status in NAMES.items()}
TX_BUDGET = 30
# what `advance` picks from in each status, weighted towards long histories
PROGRESS = {
    NoticeStatus.SENT: ["acknowledge"] * 4 + ["close", "cancel"],
    NoticeStatus.ACKNOWLEDGED: ["accept"] * 3 + ["decline", "close"],
    NoticeStatus.ACCEPTED: ["close"],
    NoticeStatus.DECLINED: ["close"],
}


class Refused(Exception):
    """The model refuses a call; ``args[0]`` is the expected revert string."""


@dataclass
class Model:
    sender: bytes
    receiver: bytes
    kind: NoticeKind
    severity: NoticeSeverity
    target: int
    status: NoticeStatus = NoticeStatus.SENT


class NotificationsMachine(ChainStateMachine):
    # set by the fixture before the run
    notifications = orders = None
    members: ClassVar[list[tuple[bytes, object, int]]] = []  # (org, operator, roles)
    held_orders: ClassVar[list[tuple[int, bytes, bytes]]] = []  # (order id, OEM, supplier), ready to ship
    stats: ClassVar[Counter] = Counter()

    def __init__(self):
        super().__init__()
        self.stats["runs"] += 1
        self.model: dict[bytes, Model] = {}
        self.ids: list[bytes] = []
        self.holds: dict[tuple[int, bytes, bytes], bytes] = {}
        self.sent = 0

    # ------------------------------------------------------------ helpers

    def member(self, i: int) -> tuple[bytes, object, int]:
        return self.members[i % len(self.members)]

    def holder(self, key) -> bytes:
        nid = self.holds.get(key)
        return nid if nid is not None and self.model[nid].status in HOLDING else ZERO_ORG

    def act(self, refusal: str | None, fn, *args) -> bool:
        """Send when the model allows it (refusal None), else expect exactly ``refusal``."""
        if refusal is None:
            fn(*args)
            self.sent += 1
            return True
        with brownie.reverts(refusal):
            fn.call(*args)
        self.stats["refused"] += 1
        return False

    def verdict_send(self, kind: NoticeKind, sender, receiver, order) -> str | None:
        (s_org, _, s_roles), (r_org, _, r_roles) = sender, receiver
        if kind == NoticeKind.ALERT and not s_roles & Role.SUPPLIER:
            return error("MissingRole", s_org, Role.SUPPLIER)
        if kind == NoticeKind.INVESTIGATION and not r_roles & Role.SUPPLIER:
            return error("MissingRole", r_org, Role.SUPPLIER)
        if r_org == s_org:
            return error("InvalidReceiver", r_org)
        if order is not None:
            customer, supplier = (s_org, r_org) if kind == NoticeKind.INVESTIGATION else (r_org, s_org)
            holder = self.holder((order, customer, supplier))
            if holder != ZERO_ORG:
                return error("OrderAlreadyHeld", order, holder)
        return None

    def record_sent(self, nid, kind, s_org, r_org, severity, target, order) -> None:
        self.model[nid] = Model(s_org, r_org, kind, severity, target)
        self.ids.append(nid)
        if order is not None:
            customer, supplier = (s_org, r_org) if kind == NoticeKind.INVESTIGATION else (r_org, s_org)
            self.holds[(order, customer, supplier)] = nid
        self.stats[f"sent {kind.name.lower()}"] += 1

    def notice(self, receiver: bytes, severity: int, order: int | None) -> tuple:
        target = chain.time() + 3 * 86_400
        return (uuid.uuid4().bytes, receiver, severity, target, ROOT, doc(0x33), [] if order is None else [order])

    # ------------------------------------------------------------ rules

    @initialize(order=st.integers(0, 2), alert=st.booleans())
    def start(self, order, alert):
        """Every run starts with an investigation of the OEM to supplier A and one more."""
        self.send(alert=False, s=0, r=0, severity=1, order=order)
        self.send(alert=alert, s=1, r=1, severity=2, order=0)

    @rule(alert=st.booleans(), s=st.integers(0, 5), r=st.integers(0, 5), severity=st.integers(0, 3),
          order=st.integers(0, 2))
    def send(self, alert, s, r, severity, order):
        if self.sent >= TX_BUDGET:
            return
        kind = NoticeKind.ALERT if alert else NoticeKind.INVESTIGATION
        # zero draws (where hypothesis starts and shrinks to) mean the OEM asks supplier A
        sender, receiver = self.member(s), self.member(s + 1 + r)
        oid = self.held_orders[order][0] if order < len(self.held_orders) else None
        n = self.notice(receiver[0], severity, oid)
        fn = self.notifications.alert if alert else self.notifications.investigate
        if self.act(self.verdict_send(kind, sender, receiver, oid), fn, n, {"from": sender[1]}):
            self.record_sent(n[0], kind, sender[0], receiver[0], NoticeSeverity(severity), n[3], oid)

    @rule(n=st.integers(0, 1_000), k=st.integers(0, 9))
    def advance(self, n, k):
        """A step the model allows, by the right party: long histories."""
        if not self.ids or self.sent >= TX_BUDGET:
            return
        nid = self.ids[-1 - n % len(self.ids)]  # the newest first
        options = PROGRESS.get(self.model[nid].status)
        if options:
            self.change(n=len(self.ids) - 1 - n % len(self.ids), name=options[k % len(options)], who=0)

    @rule(n=st.integers(0, 1_000), name=st.sampled_from(sorted(NAMES)), who=st.integers(0, 7))
    def change(self, n, name, who):
        if not self.ids or self.sent >= TX_BUDGET:
            return
        nid = self.ids[n % len(self.ids)]
        m = self.model[nid]
        party = PARTY[name]
        # who 0-1: the right party (most of the time), else a random member
        org, op, _ = ((m.sender if party == NoticeParty.SENDER else m.receiver), None, 0) if who < 2 else \
            self.member(who)
        op = op or next(o for g, o, _ in self.members if g == org)
        required = m.sender if party == NoticeParty.SENDER else m.receiver
        refusal = None
        if org != required:
            refusal = error("WrongParty", nid, m.status, org, party)
        elif m.status not in FROM[name]:
            refusal = error("WrongNotificationStatus", nid, m.status, org)
        if self.act(refusal, getattr(self.notifications, name), nid, reason(1), {"from": op}):
            m.status = NAMES[name]
            self.stats[name] += 1

    @rule(n=st.integers(0, 1_000), r=st.integers(0, 5), severity=st.integers(0, 3), by_receiver=st.booleans())
    def forward(self, n, r, severity, by_receiver):
        if not self.ids or self.sent >= TX_BUDGET:
            return
        parent = self.ids[n % len(self.ids)]
        m = self.model[parent]
        org = m.receiver if by_receiver else m.sender
        op = next(o for g, o, _ in self.members if g == org)
        receiver = self.member(r + 2)  # zero draws: supplier B
        refusal = None
        if org != m.receiver:
            refusal = error("WrongParty", parent, m.status, org, NoticeParty.RECEIVER)
        elif m.status not in FROM["forward"]:
            refusal = error("WrongNotificationStatus", parent, m.status, org)
        elif m.kind == NoticeKind.INVESTIGATION and not receiver[2] & Role.SUPPLIER:
            refusal = error("MissingRole", receiver[0], Role.SUPPLIER)
        elif receiver[0] == org:
            refusal = error("InvalidReceiver", org)
        child = self.notice(receiver[0], severity, None)
        if self.act(refusal, self.notifications.forward, parent, child, {"from": op}):
            self.record_sent(child[0], m.kind, org, receiver[0], NoticeSeverity(severity), child[3], None)
            self.stats["forwarded"] += 1

    # ------------------------------------------------------------ invariants

    @invariant()
    def records_match(self):
        for nid, m in self.model.items():
            assert record(self.notifications, nid) == {
                "sender": m.sender, "receiver": m.receiver, "kind": m.kind, "status": m.status,
                "severity": m.severity, "targetDate": m.target, "itemsRoot": ROOT}, nid

    @invariant()
    def holds_match(self):
        for oid, oem, supplier in self.held_orders:
            expected = self.holder((oid, oem, supplier))
            assert as_bytes(self.notifications.holdOf(oid, oem, supplier)) == expected, oid
            supplier_op = next(o for g, o, _ in self.members if g == supplier)
            if expected == ZERO_ORG:
                self.orders.ship.call(oid, 1, doc(6), {"from": supplier_op})
            else:
                with brownie.reverts(error("OrderOnHold", oid, expected)):
                    self.orders.ship.call(oid, 1, doc(6), {"from": supplier_op})


@pytest.fixture(scope="module")
def machine(members, orders, notifications, oem_op, supplier_a_op, supplier_b_op, supplier_c_op, oem2_op,
            auditor_op, oem, supplier_a, supplier_b, supplier_c, oem2, auditor):
    NotificationsMachine.notifications, NotificationsMachine.orders = notifications, orders
    NotificationsMachine.members = [(oem, oem_op, Role.OEM), (supplier_a, supplier_a_op, Role.SUPPLIER),
                                    (supplier_b, supplier_b_op, Role.SUPPLIER), (supplier_c, supplier_c_op,
                                                                                 Role.SUPPLIER),
                                    (oem2, oem2_op, Role.OEM), (auditor, auditor_op, Role.AUDITOR)]
    NotificationsMachine.held_orders = [
        (order_in(orders, State.READY_TO_SHIP, oem_op, supplier_a_op, supplier_a), oem, supplier_a),
        (order_in(orders, State.READY_TO_SHIP, oem_op, supplier_b_op, supplier_b), oem, supplier_b),
    ]
    return NotificationsMachine


def test_random_notification_histories(machine):
    machine.stats.clear()
    chain.snapshot()
    run_state_machine_as_test(
        machine,
        settings=settings(
            max_examples=12 * int(os.environ.get("STATEFUL_SCALE", "1")),
            stateful_step_count=25,
            deadline=None,
            database=None,  # no replays of earlier runs: a fixed amount of work
            suppress_health_check=list(HealthCheck),
        ),
    )
    print()
    for key, count in sorted(machine.stats.items()):
        print(f"  {key}: {count}")
    assert machine.stats["sent investigation"] and machine.stats["acknowledge"]
