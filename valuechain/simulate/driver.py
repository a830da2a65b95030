"""Plays a ``World`` (``valuechain.simulate.model``) on a chain, week by week, through the
package functions the CLI uses (orders, signals, licensing, members, notifications, ip)
and ``valuechain.tx.Sender``.

On the dev chain (31337) each week starts with a jump of the chain's clock to that week's
Monday (``evm_increaseTime``, ``evm_mine``); on any other chain the weeks are played at
the chain's own pace, one after the other (the calendar is still the model's: due days
are the simulated weeks' Mondays, so nothing is due in the past).

Every step (one business action of one or a few transactions) is journaled once mined
(``valuechain.simulate.journal``); a rerun with the same seed, parameters and chain skips
what landed and goes on from there, with the results the journal kept."""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from eth_utils import keccak
from web3 import Web3
from web3.contract import Contract

from valuechain import deploy, ip, licensing, manifest, members, notifications, orders, signals
from valuechain.contract_types import Kind, Purpose, State
from valuechain.errors import ChainError
from valuechain.events import EventIndex
from valuechain.identity import Role
from valuechain.manifest import Manifest
from valuechain.members import Admission
from valuechain.tx import DEV_CHAIN_ID, Sender

from . import payloads
from .cast import Cast
from .journal import Entry, Journal
from .model import ACCEPT_DEVIATION_BP, LEAD_WEEKS, REALLOCATE_SHARE, SAMPLE, THRESHOLD_BP, World

log = logging.getLogger(__name__)

TERMS = Path(__file__).resolve().parent.parent.parent / "terms" / "quality-and-manufacturing.json"
LICENCE_PURPOSES = Purpose.CX_QUALITY_BASE_1 | Purpose.MANUFACTURING
ADMIT_BATCH = 100
DAY = 86_400


@dataclass
class Order:
    """An order as the simulation follows it."""

    order_id: int
    supplier: int
    quantity: int
    placed_week: int
    deliver_week: int  # the week it ships (due week, a week later when late or amended)
    state: State = State.IN_PRODUCTION
    child: bool = False
    held: bool = False  # by an open quality notification
    short_pct: int = 0
    damaged: int = 0


@dataclass
class Figures:
    """What a run did (the summary table)."""

    orders: int = 0
    children: int = 0
    volume: int = 0
    reallocated: int = 0
    holds: int = 0
    deviations: int = 0
    amendments: int = 0
    short: int = 0
    late: int = 0
    delivered: int = 0
    notifications: int = 0
    disruptions: int = 0
    capacity_signals: int = 0
    licences: int = 0
    accesses: int = 0
    gas: int = 0
    txs: int = 0
    events: int = 0
    seconds: float = 0.0
    weeks: int = 0
    suppliers: int = 0
    oems: int = 0

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


Progress = Callable[[int, int, str], None]  # (weeks done, weeks, what is happening)


@dataclass
class Simulation:
    """One simulated run of ``world`` on ``w3`` by ``cast``, journaled under ``run_dir``."""

    w3: Web3
    world: World
    cast: Cast
    run_dir: Path
    progress: Progress | None = None
    after_step: Callable[[str], None] | None = None  # called after each journaled step (tests)
    figures: Figures = field(default_factory=Figures)
    orders_: dict[int, Order] = field(default_factory=dict)
    _journal: Journal | None = None
    _index: EventIndex | None = None
    start: date = date.min  # the Monday of week 0 (journaled: a resumed run keeps its calendar)
    suite: Manifest | None = None  # the deployed suite
    contracts: dict[str, Contract] = field(default_factory=dict)
    role_of: dict[int, str] = field(default_factory=dict)  # supplier -> its role (key) now
    assets: dict[int, bytes] = field(default_factory=dict)  # supplier -> its design
    licences: dict[int, tuple[bytes, datetime]] = field(default_factory=dict)  # supplier -> (licence, end)
    investigation_open: bool = False
    investigation_week: int = -1
    investigated_order: int = 0
    investigation_id: bytes = b""
    _block: int = 0  # the last block this run saw (dev chain)

    # ------------------------------------------------------------- plumbing

    @property
    def chain_id(self) -> int:
        return int(self.w3.eth.chain_id)

    @property
    def travels(self) -> bool:
        """Whether weeks pass by moving the chain's clock (dev chain only)."""
        return self.chain_id == DEV_CHAIN_ID

    @property
    def journal(self) -> Journal:
        assert self._journal is not None, "run() opens the journal"
        return self._journal

    def header(self) -> dict[str, Any]:
        genesis = bytes(self.w3.eth.get_block(0)["hash"]).hex()
        p = self.world.params
        return {"chain_id": self.chain_id, "genesis": genesis, "seed": p.seed, "suppliers": p.suppliers,
                "oems": p.oems, "weeks": p.weeks, "council": self.cast.council.address}

    def step(self, key: str, parties: tuple[Sender, ...], do: Callable[[], Any],
             after: Callable[[Any], None] | None = None) -> Any:
        """Run ``do`` once on this chain (journaled as ``key``), then ``after(result)``
        (also when the journal had it: the run's own state is rebuilt the same way)."""
        entry = self.journal.done.get(key)
        if entry is None:
            if key in self.journal.begun:
                self._check_not_landed(key)
            self.journal.begin(key, self._mark(parties[0]))
            marks = [len(s.receipts) for s in parties]
            result = do()
            new = [r for s, m in zip(parties, marks, strict=True) for r in s.receipts[m:]]
            for s in parties:
                del s.receipts[:]
            self._block = max([self._block, *(int(r["blockNumber"]) for r in new)])
            logs = [log for r in new for log in r["logs"]]
            entry = Entry(key, result, sum(int(r["gasUsed"]) for r in new), len(new), len(logs),
                          sum(32 * len(log["topics"]) + len(bytes(log["data"])) for log in logs))
            self.journal.finish(entry)
            if self.after_step is not None:
                self.after_step(key)
        self.figures.gas += entry.gas
        self.figures.txs += entry.txs
        self.figures.events += entry.events
        if after is not None:
            after(entry.result)
        return entry.result

    def _mark(self, first: Sender) -> dict[str, int]:
        """Where the chain stands before a step sends: on the dev chain (nobody else mines)
        the last block this run saw, else the nonce of the step's first sender."""
        if self.travels:
            return {"block": self._block}
        return {first.address: self.w3.eth.get_transaction_count(Web3.to_checksum_address(first.address), "pending")}

    def _check_not_landed(self, key: str) -> None:
        """A step begun but not journaled: refused when the chain moved since (part of it
        may have landed), sent again when it did not."""
        (who, mark), = self.journal.begun[key].items()
        if who == "block":
            now, what = int(self.w3.eth.block_number), "the chain's block"
        else:
            now, what = self.w3.eth.get_transaction_count(Web3.to_checksum_address(who), "latest"), f"{who}'s nonce"
        if now > mark:
            raise ChainError(f"simulation step {key} began before the run stopped and the journal {self.journal.path} "
                             f"does not say it finished, but {what} moved since ({mark} -> {now}): part of it may have "
                             "landed; nothing is sent twice (start a fresh run with another --run-dir, or inspect the "
                             "chain)", what=key, where=str(self.journal.path), expected=f"{what} at {mark}", found=now)

    def monday(self, week: int) -> date:
        return self.start + timedelta(weeks=week)

    def moment(self, week: int, hour: int = 6) -> datetime:
        return datetime.combine(self.monday(week), datetime.min.time(), UTC) + timedelta(hours=hour)

    def travel(self, week: int) -> None:
        """Move the dev chain's clock to Monday 06:00 of ``week`` (never backwards)."""
        if not self.travels:
            return
        target = int(self.moment(week).timestamp())
        latest = int(self.w3.eth.get_block("latest")["timestamp"])
        if latest < target:  # Anvil goes on from the pinned timestamp (evm_increaseTime adds to its offset)
            self.w3.provider.make_request("evm_setNextBlockTimestamp", [target])  # type: ignore[arg-type]
            self.w3.provider.make_request("evm_mine", [])  # type: ignore[arg-type]
            self._block = int(self.w3.eth.block_number)
        log.info("week %d: the chain's clock at %s", week, self.moment(week).isoformat())

    def index(self) -> EventIndex:
        """The run's own event index, synced (the disruption import reads it)."""
        if self._index is None:
            assert self.suite is not None, "setup deploys the suite first"
            self._index = EventIndex(self.suite, self.w3, self.run_dir / "events.sqlite", reorg_depth=0)
        self._index.sync()
        return self._index

    def c(self, name: str) -> Contract:
        return self.contracts[name]

    def supplier(self, i: int) -> Sender:
        return self.cast[self.role_of[i]]

    def oem_of(self, i: int) -> Sender:
        return self.cast[f"oem-{self.world.suppliers[i].oem}"]

    def _progress(self, week: int, what: str) -> None:
        if self.progress is not None:
            self.progress(week, self.world.params.weeks, what)

    # ------------------------------------------------------------- the run

    def run(self) -> Figures:
        started = time.perf_counter()
        self.run_dir.mkdir(parents=True, exist_ok=True)
        self._journal = Journal.open(self.run_dir / "journal.jsonl", self.header())
        self._block = int(self.w3.eth.block_number)
        self.role_of = {s.index: f"supplier-{s.index}" for s in self.world.suppliers}
        try:
            self.setup()
            for week in range(self.world.params.weeks):
                self._progress(week, f"week {week + 1}: {self.monday(week)}")
                self.play_week(week)
            self._progress(self.world.params.weeks, "done")
        finally:
            if self._index is not None:
                self._index.close()
                self._index = None
        p = self.world.params
        self.figures.weeks, self.figures.suppliers, self.figures.oems = p.weeks, p.suppliers, p.oems
        self.figures.seconds = round(time.perf_counter() - started, 2)
        return self.figures

    # ------------------------------------------------------------- setup

    def setup(self) -> None:
        council, world = self.cast.council, self.world
        self._progress(0, "deploying the suite")

        def calendar() -> str:
            now = datetime.fromtimestamp(int(self.w3.eth.get_block("latest")["timestamp"]), tz=UTC).date()
            return (now + timedelta(days=7 - now.weekday())).isoformat()  # the next Monday
        self.start = date.fromisoformat(self.step("setup/calendar", (council,), calendar))
        path = self.step("setup/deploy", (council,), self._deploy)
        self.suite = manifest.load(path=Path(path))
        self.contracts = {name: self.suite.contract(self.w3, name) for name in self.suite.contracts}
        admissions = [Admission(o.bpnl, Role.OEM, self.cast[f"oem-{o.index}"].address, keccak(text=f"{o.bpnl} profile"))
                      for o in world.oems]
        admissions += [Admission(s.bpnl, Role.SUPPLIER, self.supplier(s.index).address, keccak(text=f"{s.bpnl} profile"))
                       for s in world.suppliers]
        for k in range(0, len(admissions), ADMIT_BATCH):
            self.step(f"setup/admit/{k}", (council,), partial(self._admit, admissions[k:k + ADMIT_BATCH]))
        for a in admissions:
            sender = next(s for s in self.cast.senders.values() if s.address == a.operator)
            self.step(f"setup/accept/{a.bpnl}", (sender,), partial(self._accept, sender, a.bpnl))
        terms = licensing.load_terms(TERMS)
        for s in world.suppliers:
            sup = self.supplier(s.index)
            self.step(f"setup/ip/{s.index}", (sup,), partial(self._register_design, s.index, sup),
                      partial(self._set_asset, s.index))
            terms_id = self.step(f"setup/terms/{s.index}", (sup,), partial(self._publish, sup, terms))
            end = datetime.combine(self.start, datetime.min.time(), UTC) + timedelta(weeks=world.licence_weeks(s.index))
            self.step(f"setup/licence/{s.index}", (sup,), partial(self._grant, s.index, terms_id, end),
                      partial(self._granted, s.index, end))

    def _admit(self, batch: list[Admission]) -> None:
        members.admit_batch(self.cast.council, self.c("ConsortiumRegistry"), batch)

    def _accept(self, sender: Sender, bpnl: str) -> None:
        members.accept_operator(sender, self.c("ConsortiumRegistry"), bpnl)

    def _set_asset(self, i: int, asset: str) -> None:
        self.assets[i] = bytes.fromhex(asset)

    def _publish(self, sender: Sender, terms: licensing.Terms) -> str:
        return licensing.publish_terms(sender, self.c("DataLicensing"), terms).hex()

    def _grant(self, i: int, terms_id: str, end: datetime) -> str:
        # from week 0's Monday morning on the dev chain (the clock gets there next): the same event every run
        start = self.moment(0) if self.travels else None
        oem = self.world.oems[self.world.suppliers[i].oem]
        return licensing.grant(self.supplier(i), self.c("DataLicensing"), self.assets[i], oem.bpnl,
                               bytes.fromhex(terms_id), LICENCE_PURPOSES, end, start).hex()

    def _granted(self, i: int, end: datetime, licence: str) -> None:
        self.licences[i] = (bytes.fromhex(licence), end)
        self.figures.licences += 1

    def _deploy(self) -> str:
        deploy.deploy_suite(self.cast.council, onboarders=[self.cast.council.address], directory=self.run_dir)
        return str(deploy.path_for(self.chain_id, self.run_dir))

    def _register_design(self, i: int, sender: Sender) -> str:
        s = self.world.suppliers[i]
        folder = self.run_dir / "designs"
        folder.mkdir(exist_ok=True)
        path = folder / f"{s.material}.step"
        path.write_text(f"ISO-10303-21; design of {s.material} by {s.bpnl} (simulated, seed {self.world.params.seed})\n")
        salt = keccak(text=f"valuechain-simulate/{self.world.params.seed}/salt/{i}")
        receipt, _ = ip.register_file(sender, self.c("IPRegistry"), path, Kind.DESIGN, f"design {s.material}",
                                      receipt_dir=self.run_dir / "receipts", salt=salt)
        return receipt.asset_bytes.hex()

    # ------------------------------------------------------------- a week

    def play_week(self, week: int) -> None:
        world = self.world
        self.travel(week)
        for s in world.suppliers:
            self.step(f"w{week}/capacity/{s.index}", (self.oem_of(s.index),), partial(self._capacity, s.index, week),
                      partial(self._count, "capacity_signals"))
        if week == world.downtime_week:
            self.step(f"w{week}/downtime", (self.oem_of(world.downtime_supplier),),
                      partial(self._disruption, week, False), partial(self._count, "disruptions"))
        if week == world.downtime_week + 1:
            self.step(f"w{week}/downtime-resolved", (self.oem_of(world.downtime_supplier),),
                      partial(self._disruption, week - 1, True))
        if week == world.incident_week:
            self.incident(week)
        for order in sorted(self.orders_.values(), key=lambda o: o.order_id):
            self.advance(order, week)
        for s in world.suppliers:
            self.step(f"w{week}/order/{s.index}", (self.oem_of(s.index), self.supplier(s.index)),
                      partial(self._place, s.index, week), partial(self._placed, s.index, week))
        if week == world.downtime_week:
            for order in sorted(self.orders_.values(), key=lambda o: o.order_id):
                if order.supplier == world.downtime_supplier and order.state == State.IN_PRODUCTION and not order.child:
                    self.step(f"w{week}/amend/{order.order_id}", (self.supplier(order.supplier), self.oem_of(order.supplier)),
                              partial(self._amend, order, week), partial(self._amended, order))
        if week % 2 == 1:
            for s in world.suppliers:
                if self.moment(week) < self.licences[s.index][1]:
                    self.step(f"w{week}/access/{s.index}", (self.oem_of(s.index),), partial(self._access, s.index, week),
                              partial(self._count, "accesses"))

    def _access(self, i: int, week: int) -> None:
        licence = self.licences[i][0]
        licensing.record_access(self.oem_of(i), self.c("DataLicensing"), self.assets[i], licence, Purpose.CX_QUALITY_BASE_1,
                                f"quality data {self.world.suppliers[i].material} week {week}")

    def _count(self, name: str, _: Any = None) -> None:
        setattr(self.figures, name, getattr(self.figures, name) + 1)

    def _capacity(self, i: int, week: int) -> None:
        s, world = self.world.suppliers[i], self.world
        oem = world.oems[s.oem]
        group = payloads.capacity_group(world, oem, s, week, self.monday(week))
        demand = payloads.current_demand(world, oem, s, week, self.monday(week))
        signals.post_capacity(self.oem_of(i), self.c("SupplySignals"), group, [s.bpnl], demand,
                              signal_ids=[payloads.ident(world, "capacity", i, week).bytes])

    def _disruption(self, week: int, resolved: bool) -> str:
        world = self.world
        s = world.suppliers[world.downtime_supplier]
        notice = payloads.downtime(world, world.oems[s.oem], s, self.monday(week), resolved)
        return signals.import_disruption(self.oem_of(s.index), self.index(), notice, [s.bpnl]).action

    def _place(self, i: int, week: int) -> int:
        world, s = self.world, self.world.suppliers[i]
        demand = payloads.material_demand(world, world.oems[s.oem], s, week, self.monday(week), week + LEAD_WEEKS,
                                          self.monday(week + LEAD_WEEKS))
        oid, = orders.place_from_demand(self.oem_of(i), self.c("SupplyOrders"), demand, THRESHOLD_BP, s.bpnl)
        sup = self.supplier(i)
        orders.confirm(sup, self.c("SupplyOrders"), oid, keccak(text=f"confirmation {oid}"))
        orders.start_production(sup, self.c("SupplyOrders"), oid)
        return int(oid)

    def _placed(self, i: int, week: int, oid: int) -> None:
        plan = self.world.orders[(i, week)]
        self.orders_[oid] = Order(oid, i, plan.quantity, week, week + LEAD_WEEKS + (1 if plan.late else 0),
                                  short_pct=plan.short_pct, damaged=plan.damaged)
        self.figures.orders += 1
        self.figures.volume += plan.quantity
        self.figures.late += int(plan.late)

    def _amend(self, order: Order, week: int) -> int:
        world = self.world
        notice = payloads.downtime(world, world.oems[world.suppliers[order.supplier].oem],
                                   world.suppliers[order.supplier], self.monday(week))
        quantity = max(10, int(order.quantity * 0.7) // 10 * 10)
        due = self.monday(order.deliver_week + 1)
        o = self.c("SupplyOrders")
        number = orders.propose_amendment(self.supplier(order.supplier), o, order.order_id, quantity, due,
                                          (orders.SignalKind.DISRUPTION, notice.notification_id.bytes),
                                          keccak(text=f"amendment {order.order_id}: machine downtime"))
        orders.accept_amendment(self.oem_of(order.supplier), o, order.order_id, number)
        return quantity

    def _amended(self, order: Order, _: Any = None) -> None:
        self.figures.amendments += 1
        self.figures.volume -= order.quantity
        order.quantity = max(10, int(order.quantity * 0.7) // 10 * 10)
        self.figures.volume += order.quantity
        order.deliver_week += 1

    # ------------------------------------------------------------- an order's week

    def score(self, order: Order, week: int, final: bool) -> int:
        if not order.child:
            plan = self.world.orders[(order.supplier, order.placed_week)]
            return plan.final_bp if final else plan.interim_bp
        rng = random.Random(f"{self.world.params.seed}/child/{order.order_id}")
        return max(0, min(10_000, round(rng.gauss(self.world.suppliers[order.supplier].level(week), 60))))

    def advance(self, order: Order, week: int) -> None:
        """What ``order`` does in ``week``: an assessment, a hold handled, a delivery."""
        if order.state in (State.CLOSED, State.CANCELLED):
            return
        key = f"w{week}/o{order.order_id}"
        age = week - order.placed_week
        if order.state == State.IN_PRODUCTION and (age == 1 and not order.child):
            self.assess(order, week, final=False)
        elif order.state == State.IN_PRODUCTION and (age >= 1 if order.child else age >= LEAD_WEEKS):
            self.assess(order, week, final=True)
        if order.held and self.investigation_open and week > self.investigation_week:
            self.close_investigation(week)
        if order.state == State.READY_TO_SHIP and not order.held and week >= order.deliver_week:
            self.step(f"{key}/deliver", (self.supplier(order.supplier), self.oem_of(order.supplier)),
                      lambda: self._deliver(order), lambda _: self._delivered(order))

    def assess(self, order: Order, week: int, final: bool) -> None:
        score = self.score(order, week, final)
        defects = round(SAMPLE * (10_000 - score) / 10_000)
        kind = "final" if final else "interim"
        sup = self.supplier(order.supplier)

        def do() -> str:
            return orders.assess(sup, self.c("SupplyOrders"), order.order_id, score, SAMPLE, defects, final,
                                 keccak(text=f"{kind} report {order.order_id}")).name

        def after(state: str) -> None:
            order.state = State[state]
        self.step(f"w{week}/o{order.order_id}/{kind}", (sup,), do, after)
        if order.state == State.QUALITY_HOLD:
            self.hold(order, week, score)
            if order.supplier == self.world.drifting and not self.investigation_open and self.investigated_order == 0:
                self.investigate(order, week)

    def hold(self, order: Order, week: int, score: int) -> None:
        oem = self.oem_of(order.supplier)
        alt = self.world.best_alternative(order.supplier, week)
        move = 0 if score >= ACCEPT_DEVIATION_BP or order.child else max(10, int(order.quantity * REALLOCATE_SHARE) // 10 * 10)
        o = self.c("SupplyOrders")

        def do() -> int:
            child = 0
            if move:
                child = orders.reallocate(oem, o, order.order_id, self.world.suppliers[alt].bpnl, move, self.monday(week + 1),
                                          keccak(text=f"reallocation of {order.order_id}"))
                alt_sender = self.supplier(alt)
                orders.confirm(alt_sender, o, child)
                orders.start_production(alt_sender, o, child)
            orders.accept_deviation(oem, o, order.order_id, keccak(text=f"deviation of {order.order_id} accepted"))
            return int(child)

        def after(child: int) -> None:
            self.figures.holds += 1
            self.figures.deviations += 1
            order.state = State.READY_TO_SHIP
            if child:
                order.quantity -= move
                self.figures.reallocated += move
                self.figures.children += 1
                self.orders_[child] = Order(child, alt, move, week, week + 1, child=True)
        self.step(f"w{week}/o{order.order_id}/hold", (oem, self.supplier(alt)), do, after)

    def investigate(self, order: Order, week: int) -> None:
        world = self.world
        s = world.suppliers[order.supplier]
        n = payloads.investigation(world, world.oems[s.oem], s, order.order_id, self.monday(week))
        oem, sup, qc = self.oem_of(order.supplier), self.supplier(order.supplier), self.c("QualityNotifications")

        def do() -> None:
            notifications.send(oem, qc, n, (order.order_id,))
            notifications.change(sup, qc, "ack", n.notification_id.bytes, keccak(text=f"{s.bpnl}: checking"))

        def after(_: Any) -> None:
            self.investigation_open, self.investigation_week, self.investigated_order = True, week, order.order_id
            self.investigation_id = n.notification_id.bytes
            order.held = True
            self.figures.notifications += 1
            if week >= order.deliver_week:
                order.deliver_week = week + 1
                self.figures.late += 1
        self.step(f"w{week}/o{order.order_id}/investigate", (oem, sup), do, after)

    def close_investigation(self, week: int) -> None:
        order = self.orders_[self.investigated_order]
        oem, sup, qc = self.oem_of(order.supplier), self.supplier(order.supplier), self.c("QualityNotifications")

        def do() -> None:
            notifications.change(sup, qc, "accept", self.investigation_id, keccak(text="root cause: worn die; replaced"))
            notifications.change(oem, qc, "close", self.investigation_id, keccak(text="8D report accepted"))

        def after(_: Any) -> None:
            self.investigation_open = False
            order.held = False
        self.step(f"w{week}/investigation-closed", (sup, oem), do, after)

    def _deliver(self, order: Order) -> None:
        o, sup, oem = self.c("SupplyOrders"), self.supplier(order.supplier), self.oem_of(order.supplier)
        shipped = order.quantity - (order.quantity * order.short_pct // 100)
        orders.ship(sup, o, order.order_id, shipped, keccak(text=f"ASN {order.order_id}"))
        orders.receive(oem, o, order.order_id, max(0, shipped - order.damaged), keccak(text=f"GR {order.order_id}"))
        orders.close(oem, o, order.order_id)

    def _delivered(self, order: Order) -> None:
        order.state = State.CLOSED
        self.figures.delivered += 1
        self.figures.short += int(order.short_pct > 0 or order.damaged > 0)

    # ------------------------------------------------------------- the incident

    def incident(self, week: int) -> None:
        """A supplier's operator key leaks: suspend, revoke, assign a fresh key, it
        accepts, reinstate (as the demo's ``Demo.incident_response``)."""
        world, council = self.world, self.cast.council
        i = world.incident_supplier
        bpnl = world.suppliers[i].bpnl
        leaked, fresh = self.supplier(i), self.cast[f"supplier-{i}-new"]
        registry = self.c("ConsortiumRegistry")

        def do() -> None:
            members.suspend(council, registry, bpnl, members.reason_hash(f"operator key of {bpnl} leaked"))
            members.revoke_operator(council, registry, leaked.address)
            members.assign_operator(council, registry, bpnl, fresh.address)
            members.accept_operator(fresh, registry, bpnl)
            members.reinstate(council, registry, bpnl)

        def after(_: Any) -> None:
            self.role_of[i] = f"supplier-{i}-new"
        self.step(f"w{week}/incident", (council, fresh), do, after)
