"""The `make demo` scenario: the main job of valuechain, end to end on a dev chain.

Each step is a method; `run` plays them in order and prints what the chain holds."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field

from eth_utils import keccak
from rich.console import Console
from web3 import Web3
from web3.contract import Contract

from valuechain import deploy, members
from valuechain.identity import Role
from valuechain.members import Admission
from valuechain.report import members_table
from valuechain.tx import Sender

OEM = "BPNL00000003AYRE"
SUPPLIER_A = "BPNL00000003B2OM"
SUPPLIER_B = "BPNL00000003CRHK"
SUPPLIER_C = "BPNL00000007XK2P"


@dataclass
class Demo:
    """The cast of the scenario: dev-chain accounts playing the consortium's parties."""

    w3: Web3
    accounts: list[str]
    console: Console = field(default_factory=lambda: Console(width=None if sys.stdout.isatty() else 150))
    contracts: dict[str, Contract] = field(default_factory=dict)

    def __post_init__(self) -> None:
        roles = ["council", "onboarder", "oem", "supplier_a", "supplier_b", "supplier_c", "supplier_a_new_key"]
        self.senders = {name: Sender(self.w3, acct) for name, acct in zip(roles, self.accounts)}

    def step(self, title: str) -> None:
        self.console.rule(f"[bold]{title}")

    # ------------------------------------------------------------------ steps

    def deploy_suite(self) -> None:
        self.step("Deploy the consortium registry")
        council = self.senders["council"]
        registry, receipt = deploy.deploy(council, "ConsortiumRegistry", council.address)
        onboarder_role = registry.functions.ONBOARDER_ROLE().call()
        council.transact(registry.functions.grantRole(onboarder_role, self.senders["onboarder"].address))
        self.contracts["registry"] = registry
        self.console.print(f"ConsortiumRegistry at {registry.address} (block {receipt['blockNumber']})")

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

    def report(self) -> None:
        self.step("What the chain holds")
        self.console.print(members_table(members.members(self.contracts["registry"])))

    def run(self) -> None:
        for step in (self.deploy_suite, self.onboard_members, self.rotate_key, self.suspend_member, self.report):
            step()
