"""The `make demo` scenario: the main job of valuechain, end to end on a dev chain.

Each step is a method; `run` plays them in order and prints what the chain holds."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field

from eth_utils import keccak
from rich.console import Console
from web3 import Web3
from web3.contract import Contract

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from valuechain import catenax, deploy, members, orders, signals
from valuechain.identity import Role
from valuechain.members import Admission
from valuechain.orders import SignalKind, State
from valuechain.report import console as report_console
from valuechain.report import members_table, signals_table, timeline_table
from valuechain.tx import Sender

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
PART = "BODY-PANEL-4711"

OEM = "BPNL00000003AYRE"
SUPPLIER_A = "BPNL00000003B2OM"
SUPPLIER_B = "BPNL00000003CRHK"
SUPPLIER_C = "BPNL00000007XK2P"


@dataclass
class Demo:
    """The cast of the scenario: dev-chain accounts playing the consortium's parties."""

    w3: Web3
    accounts: list[str]
    console: Console = field(default_factory=report_console)
    contracts: dict[str, Contract] = field(default_factory=dict)
    manifest_dir: Path | None = None  # default: the repo's deployments/
    orders_placed: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        roles = ["council", "onboarder", "oem", "supplier_a", "supplier_b", "supplier_c", "supplier_a_new_key"]
        self.senders = {name: Sender(self.w3, acct) for name, acct in zip(roles, self.accounts)}

    def step(self, title: str) -> None:
        self.console.rule(f"[bold]{title}")

    # ------------------------------------------------------------------ steps

    def deploy_suite(self) -> None:
        self.step("Deploy the suite and write its manifest")
        council = self.senders["council"]
        manifest = deploy.deploy_suite(
            council, onboarders=[self.senders["onboarder"].address], directory=self.manifest_dir, force=True
        )
        for name in manifest.contracts:
            self.contracts[name] = manifest.contract(self.w3, name)
        self.contracts["registry"] = self.contracts["ConsortiumRegistry"]
        for c in manifest.contracts.values():
            self.console.print(f"{c.name:<20} {c.address} (block {c.block})")

    def today(self) -> date:
        return datetime.fromtimestamp(self.w3.eth.get_block("latest")["timestamp"], tz=timezone.utc).date()

    def onboard_members(self) -> None:
        self.step("Onboard an OEM and three suppliers in one batch")
        batch = [
            Admission(OEM, Role.OEM, self.senders["oem"].address, keccak(text="OEM profile v1")),
            Admission(SUPPLIER_A, Role.SUPPLIER, self.senders["supplier_a"].address, keccak(text="A profile v1")),
            Admission(SUPPLIER_B, Role.SUPPLIER, self.senders["supplier_b"].address, keccak(text="B profile v1")),
            Admission(SUPPLIER_C, Role.SUPPLIER | Role.LOGISTICS, self.senders["supplier_c"].address, keccak(text="C profile v1")),
        ]
        receipt = members.admit_batch(self.senders["onboarder"], self.contracts["registry"], batch)
        self.console.print(f"admitted {len(batch)} organisations for {receipt['gasUsed']:,} gas")

    def rotate_key(self) -> None:
        self.step("Supplier A rotates its operator key")
        old, new = self.senders["supplier_a"], self.senders["supplier_a_new_key"]
        members.rotate_operator(old, new, self.contracts["registry"])
        self.senders["supplier_a"] = new
        self.console.print(f"{SUPPLIER_A}: {old.address} replaced by {new.address}")

    def suspend_member(self) -> None:
        self.step("The council suspends supplier C")
        members.suspend(self.senders["council"], self.contracts["registry"], SUPPLIER_C, keccak(text="audit finding 2026-11"))
        self.console.print(f"{SUPPLIER_C} suspended")

    def order_with_quality_hold(self) -> None:
        self.step("The OEM orders 10,000 body panels from supplier A; A confirms and starts production")
        o, oem, a = self.contracts["SupplyOrders"], self.senders["oem"], self.senders["supplier_a"]
        due = self.today() + timedelta(days=28)
        order = orders.place(oem, o, SUPPLIER_A, orders.part_number(PART), 10_000, due, 9_500,
                             document_hash=keccak(text="PO-2026-0815"))
        orders.confirm(a, o, order, keccak(text="order confirmation A"))
        orders.start_production(a, o, order)
        self.orders_placed["A"] = order
        self.console.print(f"order #{order}: 10,000 × {PART} from {SUPPLIER_A}, due {due}, minimum quality 9,500 bp")

    def machine_downtime(self) -> None:
        self.step("The OEM posts a machine downtime imported from Catena-X (CX-0146); A amends citing it")
        notification = catenax.load(FIXTURES / "demo" / "machine-downtime.json")
        sidecar = catenax.Sidecar()
        sidecar.remember(notification)
        self.sidecar = sidecar
        signals.post_disruption(self.senders["oem"], self.contracts["SupplySignals"], notification, [SUPPLIER_A, SUPPLIER_B])
        capacity = catenax.load(FIXTURES / "catenax" / "WeekBasedCapacityGroup-3.0.0.sample.json")
        signals.post_capacity(self.senders["oem"], self.contracts["SupplySignals"], capacity, [SUPPLIER_A])
        o, order = self.contracts["SupplyOrders"], self.orders_placed["A"]
        due = self.today() + timedelta(days=28)
        signal_id = catenax.to_chain(notification).notification_id
        orders.propose_amendment(self.senders["supplier_a"], o, order, 9_000, due, (SignalKind.DISRUPTION, signal_id))
        orders.accept_amendment(self.senders["oem"], o, order, 9_000, due)
        self.console.print(signals_table(signals.list_signals(self.contracts["SupplySignals"], SUPPLIER_A)))
        self.console.print(f"order #{order} amended to 9,000 citing notification {notification.notification_id}")

    def reallocate_and_deliver(self) -> None:
        self.step("A's interim assessment falls below threshold: 4,000 move to supplier B, the rest is accepted")
        o, oem, a, b = (self.contracts["SupplyOrders"], self.senders["oem"], self.senders["supplier_a"], self.senders["supplier_b"])
        order = self.orders_placed["A"]
        state = orders.assess(a, o, order, 9_100, 500, 45, False, keccak(text="interim report A"))
        self.console.print(f"interim assessment 9,100 bp -> {state.name}")
        child = orders.reallocate(oem, o, order, SUPPLIER_B, 4_000, self.today() + timedelta(days=35))
        orders.accept_deviation(oem, o, order, keccak(text="deviation 2026-11 accepted by OEM quality"))
        orders.confirm(b, o, child)
        orders.start_production(b, o, child)
        orders.assess(b, o, child, 9_800, 400, 8, True)
        self.step("Parts ship; A's delivery arrives 50 short; both orders close")
        orders.ship(a, o, order, 5_000, keccak(text="ASN A-1"))
        orders.receive(oem, o, order, 4_950)
        orders.close(oem, o, order)
        orders.ship(b, o, child, 4_000, keccak(text="ASN B-1"))
        orders.receive(oem, o, child, 4_000)
        orders.close(oem, o, child)
        self.orders_placed["B"] = child

    def report(self) -> None:
        self.step("What the chain holds")
        self.console.print(members_table(members.members(self.contracts["registry"])))
        for order_id, steps in orders.timelines(self.contracts["SupplyOrders"]).items():
            self.console.print(timeline_table(order_id, steps))

    def run(self) -> None:
        for step in (
            self.deploy_suite, self.onboard_members, self.rotate_key, self.suspend_member,
            self.order_with_quality_hold, self.machine_downtime, self.reallocate_and_deliver, self.report,
        ):
            step()
