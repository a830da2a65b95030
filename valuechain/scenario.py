"""The `make demo` scenario: the main job of valuechain, end to end on a dev chain.

Each step is a method; `run` plays them in order and prints what the chain holds."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import ClassVar
from uuid import UUID

from eth_account.signers.local import LocalAccount
from eth_utils import keccak
from rich.console import Console
from web3 import Web3
from web3.contract import Contract

from valuechain import catenax, deploy, ip, licensing, members, notifications, orders, signals
from valuechain.catenax import odrl
from valuechain.catenax import quality_notification as qn
from valuechain.cli.onboard_view import ConsoleView
from valuechain.cli.simulate import progress_bar
from valuechain.contract_types import NoticeKind, NoticeSeverity
from valuechain.errors import ChainError, SuitePaused
from valuechain.events import EventIndex
from valuechain.identity import Role, bpnl_to_bytes16
from valuechain.manifest import Manifest
from valuechain.members import Admission
from valuechain.onboarding import onboard
from valuechain.orders import SignalKind
from valuechain.report import (
    access_table,
    ip_history_table,
    licences_table,
    members_table,
    notifications_table,
    signals_table,
    timeline_tables,
)
from valuechain.report import console as report_console
from valuechain.simulate import Params, Simulation, run_dir_for, simulate
from valuechain.simulate.summary import summary_table
from valuechain.tx import DEV_CHAIN_ID, Sender

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
PART = "BODY-PANEL-4711"

OEM = "BPNL00000003AYRE"
SUPPLIER_A = "BPNL00000003B2OM"
SUPPLIER_B = "BPNL00000003CRHK"
SUPPLIER_C = "BPNL00000007XK2P"
AUDITOR = "BPNL000000000AUD"
#: the demo's quarter: 12 suppliers of two OEMs, 13 weeks
QUARTER = Params(suppliers=12, oems=2, weeks=13, seed=2026)


@dataclass
class Demo:
    """The cast of the scenario: accounts playing the consortium's parties, in the order of
    ``ROLES`` (dev-chain addresses the node holds unlocked, or keystore accounts). One
    account may play several parts (the council onboarding, say)."""

    ROLES: ClassVar[tuple[str, ...]] = ("council", "onboarder", "oem", "supplier_a", "supplier_b", "supplier_c",
                                        "supplier_a_new_key", "auditor", "supplier_b_new_key", "guardian")

    w3: Web3
    accounts: Sequence[LocalAccount | str]
    gas_mode: str = "auto"
    console: Console = field(default_factory=report_console)
    contracts: dict[str, Contract] = field(default_factory=dict)
    manifest_dir: Path | None = None  # default: the repo's deployments/
    reports_dir: Path = Path("reports")
    orders_placed: dict[str, int] = field(default_factory=dict)
    manifest: Manifest | None = None
    _index: EventIndex | None = field(default=None, init=False, repr=False)
    quarter_params: Params | None = QUARTER  # what simulate_quarter plays (None: no quarter)
    quarter: Simulation | None = field(default=None, init=False, repr=False)  # the simulated quarter (simulate_quarter)

    def __post_init__(self) -> None:
        by_address: dict[str, Sender] = {}  # one sender per account: it numbers its own transactions
        self.senders: dict[str, Sender] = {}
        for role, account in zip(self.ROLES, self.accounts, strict=False):
            address = account if isinstance(account, str) else account.address
            if address not in by_address:
                by_address[address] = Sender(self.w3, account, gas_mode=self.gas_mode)
            self.senders[role] = by_address[address]

    def step(self, title: str) -> None:
        self.console.rule(f"[bold]{title}")

    @property
    def manifest_path(self) -> Path:
        return deploy.path_for(self.w3.eth.chain_id, self.manifest_dir)

    @property
    def index_path(self) -> Path:
        """The demo's own event index (a fresh chain each run: rebuilt by ``deploy_suite``)."""
        return (self.manifest_dir or Path(".valuechain")) / f"events-demo-{self.w3.eth.chain_id}.sqlite"

    def read(self) -> EventIndex:
        """The demo's event index, synced: every table the demo shows reads through it."""
        if self._index is None:
            assert self.manifest is not None, "deploy_suite runs first"
            self._index = EventIndex(self.manifest, self.w3, self.index_path, reorg_depth=0)
        self._index.sync()
        return self._index

    # ------------------------------------------------------------------ steps

    def deploy_suite(self) -> None:
        self.step("Deploy the suite and write its manifest")
        council = self.senders["council"]
        manifest = deploy.deploy_suite(
            council, onboarders=[self.senders["onboarder"].address], directory=self.manifest_dir, force=True
        )
        self.adopt(manifest)
        for c in manifest.contracts.values():
            self.console.print(f"{c.name:<20} {c.address} (block {c.block})")

    def adopt(self, manifest: Manifest) -> None:
        """Play on ``manifest``'s suite (deployed by this cast's council), with a fresh index."""
        self.manifest = manifest
        if self._index is not None:
            self._index.close()
            self._index = None
        for suffix in ("", "-wal", "-shm"):  # a fresh chain each demo run
            Path(f"{self.index_path}{suffix}").unlink(missing_ok=True)
        for name in manifest.contracts:
            self.contracts[name] = manifest.contract(self.w3, name)
        self.contracts["registry"] = self.contracts["ConsortiumRegistry"]

    def today(self) -> date:
        return datetime.fromtimestamp(self.w3.eth.get_block("latest")["timestamp"], tz=UTC).date()

    def onboard_members(self) -> None:
        self.step("Onboard an OEM, three suppliers and an auditor in one batch")
        batch = [
            Admission(OEM, Role.OEM, self.senders["oem"].address, keccak(text="OEM profile v1")),
            Admission(SUPPLIER_A, Role.SUPPLIER, self.senders["supplier_a"].address, keccak(text="A profile v1")),
            Admission(SUPPLIER_B, Role.SUPPLIER, self.senders["supplier_b"].address, keccak(text="B profile v1")),
            Admission(SUPPLIER_C, Role.SUPPLIER | Role.LOGISTICS, self.senders["supplier_c"].address, keccak(text="C profile v1")),
            Admission(AUDITOR, Role.AUDITOR, self.senders["auditor"].address, keccak(text="auditor profile v1")),
        ]
        receipt = members.admit_batch(self.senders["onboarder"], self.contracts["registry"], batch)
        self.console.print(f"admitted {len(batch)} organisations for {receipt['gasUsed']:,} gas")
        # an admission only offers the binding: each org's own key takes it
        key_of = {sender.address: sender for sender in self.senders.values()}
        for admission in batch:
            members.accept_operator(key_of[admission.operator], self.contracts["registry"], admission.bpnl)
        self.console.print(f"each of the {len(batch)} operator keys accepted its binding")

    def onboard_from_csv(self) -> None:
        self.step("The onboarder admits six more organisations from a spreadsheet export, then reruns it")
        work = Path(tempfile.mkdtemp(prefix="valuechain-onboarding-"))
        csv = FIXTURES / "onboarding" / "suppliers.csv"
        for attempt in ("first run", "rerun (nothing left to do)"):
            self.console.print(f"[bold]{attempt}[/bold]")
            onboard(csv, self.senders["onboarder"], self.contracts["registry"], journal_dir=work / "journal",
                    report_path=work / "report.json", reject_path=work / "rejects.csv", view=ConsoleView(self.console))

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

    def register_ip(self) -> None:
        self.step("Supplier A registers a design and its revision, and transfers a process patent to B")
        work = Path(tempfile.mkdtemp(prefix="valuechain-ip-"))
        contract, a = self.contracts["IPRegistry"], self.senders["supplier_a"]
        (work / "body-panel-v1.step").write_text("ISO-10303-21; body panel 4711, revision 1\n")
        (work / "body-panel-v2.step").write_text("ISO-10303-21; body panel 4711, revision 2: thinner flange\n")
        (work / "hemming-process.pdf").write_text("Roller hemming process for aluminium panels\n")
        v1, _ = ip.register_file(a, contract, work / "body-panel-v1.step", ip.Kind.DESIGN, "body panel 4711")
        v2, _ = ip.revise_file(a, contract, v1.asset_bytes, work / "body-panel-v2.step", "body panel 4711 rev 2")
        process, _ = ip.register_file(a, contract, work / "hemming-process.pdf", ip.Kind.PROCESS, "roller hemming")
        ip.transfer(a, contract, process.asset_bytes, SUPPLIER_B, keccak(text="assignment agreement 2026-11"))
        self.assets = {"design": v1.asset_bytes, "design_v2": v2.asset_bytes, "process": process.asset_bytes}
        index = self.read()
        for name in ("design", "process"):
            asset = "0x" + self.assets[name].hex()
            self.console.print(ip_history_table(asset, index.ip_history(asset)))
        result = ip.verify_file(contract, work / "body-panel-v1.step", v1)
        claimed = ip.verify_file(contract, work / "body-panel-v1.step", v1, org=SUPPLIER_B)
        (work / "body-panel-v1.step").write_text("ISO-10303-21; body panel 4711, revision 1 (tampered)\n")
        tampered = ip.verify_file(contract, work / "body-panel-v1.step", v1)
        self.console.print(f"verify design v1 with its receipt for {v1.org}: {result}; claimed by {SUPPLIER_B}: "
                           f"{claimed}; after tampering with the file: {tampered}")

    def license_data(self) -> None:
        self.step("Licences from Catena-X usage policies: the OEM requests A's design, A grants 90 days; an auditor gets 7")
        lic, a, oem = self.contracts["DataLicensing"], self.senders["supplier_a"], self.senders["oem"]
        design = self.assets["design"]
        now = datetime.fromtimestamp(self.w3.eth.get_block("latest")["timestamp"], tz=UTC)
        # the terms are imported ODRL usage policies: the demo's own (derived from the
        # official comprehensive sample) and the official 2025-09 usage policy sample as is
        sidecar = getattr(self, "sidecar", None) or catenax.Sidecar()
        policies = {name: odrl.load(path) for name, path in (
            ("standard", FIXTURES / "demo" / "usage-policy-quality-and-manufacturing.json"),
            ("audit", FIXTURES / "catenax" / "odrl" / "2025-09" / "samples" / "usage-policy-sample.json"))}
        for policy in policies.values():
            odrl.remember(sidecar, policy)
        self.sidecar = sidecar
        standard = licensing.publish_terms(a, lic, licensing.policy_terms(policies["standard"], sublicensing=True))
        audit = licensing.publish_terms(a, lic, licensing.policy_terms(policies["audit"]))
        for name, policy in policies.items():
            self.console.print(f"usage policy {policy.policy_id} ({policy.generation}, {policy.framework}:"
                               f"{policy.framework_version}) -> {name} terms: {licensing.format_purposes(policy.purposes)}, "
                               f"legal text hash 0x{policy.legal_text_hash.hex()[:16]}…", highlight=False)
        P = licensing.Purpose
        asked = licensing.request(oem, lic, design, standard, P.MANUFACTURING | P.CX_QUALITY_BASE_1, now + timedelta(days=90))
        licensing.accept(a, lic, design, asked)  # the owner grants the request
        for what in ("design v1 CAD export for press tooling", "tolerance table for incoming inspection"):
            purpose = P.MANUFACTURING if "tooling" in what else P.CX_QUALITY_BASE_1
            licensing.record_access(oem, lic, design, asked, purpose, what)
        licensing.grant(a, lic, design, AUDITOR, audit, P.CX_PCF_BASE_1 | P.CX_CORE_DIGITALTWINREGISTRY_1, now + timedelta(days=7))
        b_licence = licensing.grant(a, lic, design, SUPPLIER_B, standard, P.CX_PURIS_BASE_1, now + timedelta(days=30))
        licensing.revoke(a, lic, design, b_licence, licensing.Reason.BREACH, keccak(text="shared outside the consortium"))
        checks = [(org, p, licensing.is_licensed(lic, design, org, p)) for org, p in (
            (OEM, P.MANUFACTURING), (OEM, P.CX_DCM_BASE_1), (AUDITOR, P.CX_PCF_BASE_1), (SUPPLIER_B, P.CX_PURIS_BASE_1))]
        index = self.read()
        self.console.print(licences_table(index.licences(now=index.last_time)))
        self.console.print(access_table(index.access_log()))
        for org, p, ok in checks:
            self.console.print(f"isLicensed(design, {org}, {licensing.format_purposes(p)}) = {ok}")
        # the OEM's licence back as an ODRL agreement a connector can read
        row = next(r for r in index.licences(now=index.last_time).to_dict("records") if r["licence"] == "0x" + asked.hex())
        agreement = odrl.export_licence(policies["standard"], odrl.LicenceFacts(
            asked, design, SUPPLIER_A, OEM, int(row["purposes"]), int(row["end"].timestamp())))
        back = odrl.parse(agreement)
        self.console.print(f"licence 0x{asked.hex()[:12]}… exported as an ODRL Agreement ({agreement['assigner']} -> "
                           f"{agreement['assignee']}): purposes {', '.join(back.purpose_ids)}, usage end "
                           f"{back.usage_end.value if back.usage_end else '-'}", highlight=False)

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
        assert isinstance(notification, catenax.DemandAndCapacityNotification)
        sidecar = getattr(self, "sidecar", None) or catenax.Sidecar()  # it keeps the usage policies already
        sidecar.remember(notification)
        self.sidecar = sidecar
        signals.post_disruption(self.senders["oem"], self.contracts["SupplySignals"], notification, [SUPPLIER_A, SUPPLIER_B])
        capacity = catenax.load(FIXTURES / "catenax" / "WeekBasedCapacityGroup-3.0.0.sample.json")
        assert isinstance(capacity, catenax.WeekBasedCapacityGroup)
        signals.post_capacity(self.senders["oem"], self.contracts["SupplySignals"], capacity, [SUPPLIER_A])
        o, order = self.contracts["SupplyOrders"], self.orders_placed["A"]
        due = self.today() + timedelta(days=28)
        signal_id = catenax.to_chain(notification).notification_id
        # A cites the downtime (the latest disruption the OEM sent it); the OEM accepts the
        # proposal by its number, so what it accepts is exactly what it read
        number = orders.propose_amendment(self.senders["supplier_a"], o, order, 9_000, due, (SignalKind.DISRUPTION, signal_id),
                                          keccak(text="amendment request A-1"))
        orders.accept_amendment(self.senders["oem"], o, order, number, keccak(text="amendment A-1 accepted"))
        self.console.print(signals_table(self.read().signals(recipient=SUPPLIER_A)))
        self.console.print(f"order #{order} amended to 9,000 (proposal #{number}) citing notification {notification.notification_id}")

    def mistakes_caught(self) -> None:
        self.step("Mistakes the tools catch: a rerun deploy, a notification imported twice, a wrong party, bad input")
        assert self.manifest is not None, "deploy_suite runs first"
        self.console.print("[bold]deploy, run again[/bold]:", highlight=False)
        deploy.deploy_suite(self.senders["council"], onboarders=[self.senders["onboarder"].address],
                            directory=self.manifest_dir, progress=self.console.print)
        notification = catenax.load(FIXTURES / "demo" / "machine-downtime.json")
        assert isinstance(notification, catenax.DemandAndCapacityNotification)
        again = signals.import_disruption(self.senders["oem"], self.read(), notification, [SUPPLIER_A, SUPPLIER_B])
        self.console.print(f"[bold]the downtime notification imported again[/bold]: {again.note}", highlight=False)
        try:  # a supplier placing an order: the registry's refusal, raised through SupplyOrders, by name
            orders.place(self.senders["supplier_a"], self.contracts["SupplyOrders"], SUPPLIER_B, keccak(text=PART), 10,
                         self.today() + timedelta(days=30), 9_500)
        except ChainError as exc:
            self.console.print(f"[bold]supplier A places an order[/bold]: {exc}", highlight=False)
        from valuechain.cli import main as cli  # the command line itself: one line, exit 2, nothing sent

        chain = ["--rpc-url", self.w3.provider.endpoint_uri, "--chain-id", str(self.w3.eth.chain_id),  # type: ignore[attr-defined]
                 "--manifest", str(self.manifest_path), "--dev-account", "3"]
        design = "0x" + self.assets["design_v2"].hex()
        for argv in (["order", "confirm", "-1"], ["licence", "list", "--org", "BPNL0000000XYZ"],
                     ["licence", "grant", design, "--to", OEM, "--terms", "quality-and-manufacturing", "--purposes", "manufacturing",
                      "--days", "0"]):
            self.console.print(f"[bold]valuechain {' '.join(argv)}[/bold] -> exit {cli([*chain, *argv])}", highlight=False)

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
        self.quality_investigation()
        self.step("Parts ship; A's delivery arrives 50 short; both orders close")
        orders.ship(a, o, order, 5_000, keccak(text="ASN A-1"))
        orders.receive(oem, o, order, 4_950)
        orders.close(oem, o, order)
        orders.ship(b, o, child, 4_000, keccak(text="ASN B-1"))
        orders.receive(oem, o, child, 4_000)
        orders.close(oem, o, child)
        self.orders_placed["B"] = child

    def _hours_pass(self, hours: int) -> None:
        """Let ``hours`` pass on a dev chain (response times that read like real ones); a
        real chain keeps its own time."""
        if self.w3.eth.chain_id != DEV_CHAIN_ID:
            return
        self.w3.provider.make_request("evm_increaseTime", [hours * 3600])  # type: ignore[arg-type]
        self.w3.provider.make_request("evm_mine", [])  # type: ignore[arg-type]

    def quality_investigation(self) -> None:
        """CX-0125 on chain: the OEM investigates A's panels, holding A's order; A forwards
        to its steel supplier B, who answers; the order ships only once the OEM closes it."""
        self.step("Quality investigation (CX-0125): the OEM asks A about cracked panels; A's order is held")
        qc, o, order = self.contracts["QualityNotifications"], self.contracts["SupplyOrders"], self.orders_placed["A"]
        oem, a, b = self.senders["oem"], self.senders["supplier_a"], self.senders["supplier_b"]
        panels = [f"urn:uuid:{UUID(int=0x4711_0000 + i, version=4)}" for i in range(6)] + ["BATCH-BP-2026-11-0412"]
        target = datetime.combine(self.today() + timedelta(days=3), datetime.min.time(), UTC)
        inv = qn.new(NoticeKind.INVESTIGATION, OEM, SUPPLIER_A, NoticeSeverity.CRITICAL, panels, target_date=target,
                     information=f"{PART}: hairline cracks at the hinge mounting found in assembly")
        notifications.send(oem, qc, inv, (order,))
        self.investigation = inv
        self.console.print(f"investigation {inv.notification_id} to {SUPPLIER_A}: {len(panels)} affected items "
                           f"(only their Merkle root on chain), CRITICAL, answer by {target:%Y-%m-%d}, holds order "
                           f"#{order}")
        try:
            orders.ship(a, o, order, 5_000, keccak(text="ASN A-1"))
        except ChainError as exc:
            self.console.print(f"[bold]A tries to ship order #{order}[/bold]: {exc}", highlight=False)
        again = notifications.import_notification(oem, self.read(), inv, (order,))
        self.console.print(f"[bold]the same message imported again[/bold]: {again.note}", highlight=False)
        listed = qc.functions.isListed(inv.notification_id.bytes, panels[2], inv.proof(panels[2])).call()
        self.console.print(f"A proves panel {panels[2]} is listed: isListed = {listed}")

        self.step("A acknowledges and forwards the investigation to its steel supplier B, who answers")
        self._hours_pass(3)
        notifications.change(a, qc, "ack", inv.notification_id.bytes, keccak(text="A: checking pressing line 2"))
        coils = ["COIL-DC04-88213", "COIL-DC04-88214"]
        steel = qn.new(NoticeKind.INVESTIGATION, SUPPLIER_A, SUPPLIER_B, NoticeSeverity.MAJOR, coils,
                       target_date=target, related_id=inv.notification_id,
                       information="DC04 sheet of these coils went into the cracked panels: elongation in spec?")
        notifications.send(a, qc, steel)
        tree = self.read().notification_tree("0x" + inv.notification_id.hex)
        self.console.print(notifications_table(tree, "The OEM's investigation and how far it went (before B answers)"))
        self._hours_pass(9)
        notifications.change(b, qc, "ack", steel.notification_id.bytes, keccak(text="B: coil certificates pulled"))
        self._hours_pass(14)
        notifications.change(b, qc, "accept", steel.notification_id.bytes,
                             keccak(text="B: coil 88213 elongation below spec; replacement coils shipped"))
        notifications.change(a, qc, "accept", inv.notification_id.bytes,
                             keccak(text="A: root cause steel coil 88213; affected panels sorted out"))
        notifications.change(a, qc, "close", steel.notification_id.bytes, keccak(text="A: 8D from B received"))
        self._hours_pass(6)
        notifications.change(oem, qc, "close", inv.notification_id.bytes, keccak(text="OEM: 8D report accepted"))
        tree = self.read().notification_tree("0x" + inv.notification_id.hex)
        self.console.print(notifications_table(tree, "Investigation closed: order released"))

    def incident_response(self) -> None:
        self.step("Incident: supplier B's operator key leaks; the council recovers B, then a guardian pauses the suite")
        reg, council = self.contracts["registry"], self.senders["council"]
        leaked, fresh = self.senders["supplier_b"], self.senders["supplier_b_new_key"]
        members.suspend(council, reg, SUPPLIER_B, members.reason_hash("operator key leaked"))
        members.revoke_operator(council, reg, leaked.address)
        members.assign_operator(council, reg, SUPPLIER_B, fresh.address)
        members.accept_operator(fresh, reg, SUPPLIER_B)  # the new key consents to its binding
        members.reinstate(council, reg, SUPPLIER_B)
        self.senders["supplier_b"] = fresh
        self.console.print(f"{SUPPLIER_B}: suspended, leaked key {leaked.address} revoked, {fresh.address} assigned "
                           "and accepted, reinstated (BPNL, IP and licences kept)")
        work = Path(tempfile.mkdtemp(prefix="valuechain-incident-"))
        doc = work / "b-fixture.step"
        doc.write_text("ISO-10303-21; welding fixture of supplier B\n")
        self.incident: dict[str, str] = {}
        try:
            ip.register_file(leaked, self.contracts["IPRegistry"], doc, ip.Kind.DESIGN, receipt_dir=work / "leaked")
        except ChainError as exc:
            self.incident["leaked key"] = str(exc)
        guardian = self.senders["guardian"]
        members.grant_role(council, reg, "guardian", guardian.address)
        members.pause(guardian, reg)
        try:
            ip.register_file(fresh, self.contracts["IPRegistry"], doc, ip.Kind.DESIGN, receipt_dir=work / "paused")
        except SuitePaused as exc:
            self.incident["while paused"] = str(exc)
        self.incident["views while paused"] = f"isActive({SUPPLIER_B}) = {reg.functions.isActive(bpnl_to_bytes16(SUPPLIER_B)).call()}"
        members.unpause(guardian, reg)
        receipt, _ = ip.register_file(fresh, self.contracts["IPRegistry"], doc, ip.Kind.DESIGN, receipt_dir=work)
        self.incident["after resume"] = f"registered as {receipt.asset_id[:18]}… by {SUPPLIER_B}'s new key"
        self.assets["b_fixture"] = receipt.asset_bytes
        for what, result in self.incident.items():
            self.console.print(f"[bold]{what}[/bold]: {result}", highlight=False)

    def simulate_quarter(self) -> None:
        """A quarter of a 12-supplier consortium on a suite of its own (``valuechain simulate``):
        ``self.quarter`` keeps the run (its suite, run folder and figures) for the charts."""
        params = self.quarter_params
        if params is None:
            return
        self.step(f"A quarter in the life of a {params.suppliers}-supplier consortium: `valuechain simulate "
                  f"--suppliers {params.suppliers} --oems {params.oems} --weeks {params.weeks} --seed {params.seed}`")
        base = (self.manifest_dir or Path(".valuechain")) / "simulate"
        with progress_bar(self.console, params.weeks) as progress:
            self.quarter = simulate(self.w3, self.senders["council"], params, run_dir_for(self.w3, params, base),
                                    progress=progress)
        self.console.print(summary_table(self.quarter.figures))
        assert self.quarter.suite is not None
        self.console.print(f"the quarter's suite: {self.quarter.run_dir / f'{self.w3.eth.chain_id}.json'}",
                           highlight=False, soft_wrap=True)

    def analytics(self) -> None:
        self.step("Analytics: sync the event index, supplier scorecard and charts under reports/")
        from valuechain.events.commands import report_command

        assert self.manifest is not None, "deploy_suite runs first"
        self.analytics_report = report_command(self.manifest, self.w3, self.index_path, self.reports_dir, reorg_depth=0,
                                               console=self.console)

    def report(self) -> None:
        self.step("What the chain holds")
        registry, index = self.contracts["registry"], self.read()
        self.console.print(members_table(index.members(), offers=members.pending_offers(registry, index)))
        for table in timeline_tables(index.order_history()):
            self.console.print(table)

    def seed_scenario(self) -> None:
        """The business of the scenario on an adopted suite, on any chain: members, IP, a
        licence, an order with a quality hold and reallocation, a downtime signal and an
        amendment citing it, a short delivery. (``run`` adds the dev-chain parts.)"""
        self.run((self.onboard_members, self.register_ip, self.license_data, self.order_with_quality_hold,
                  self.machine_downtime, self.reallocate_and_deliver, self.report))

    def run(self, steps: tuple[Callable[[], None], ...] | None = None) -> None:
        try:
            for step in steps or (
                self.deploy_suite, self.onboard_members, self.onboard_from_csv, self.rotate_key, self.suspend_member,
                self.register_ip, self.license_data, self.order_with_quality_hold, self.machine_downtime,
                self.mistakes_caught, self.reallocate_and_deliver, self.incident_response, self.report,
                self.simulate_quarter, self.analytics,
            ):
                step()
        finally:
            if self._index is not None:
                self._index.close()
                self._index = None
