"""Helpers of the event index tests: a populated registry, and the whole suite at work
(``play_business``). The node with a log-query limit they read from is
``tests.support.rpc_proxy.RpcProxy`` with ``log_range_limit``."""

from __future__ import annotations

import uuid
from datetime import date

from eth_utils import keccak
from web3.logs import DISCARD

from tests.support.registry import accept_operators
from valuechain import artifacts, deploy, documents, members
from valuechain.identity import Role
from valuechain.manifest import Deployed, Manifest, path_for, save
from valuechain.members import Admission
from valuechain.tx import Sender

# ------------------------------------------------------------------ a populated suite

OEM = "BPNL00000003AYRE"
SUPPLIER_A = "BPNL00000003B2OM"
SUPPLIER_B = "BPNL00000003CRHK"


def bpnl(i: int) -> str:
    return f"BPNL{i:012d}"


def deploy_registry_suite(w3, accounts, directory) -> tuple[Manifest, Sender, Sender]:  # type: ignore[no-untyped-def]
    """The suite deployed with ``deploy_suite`` (manifest in ``directory``), an OEM and
    two suppliers admitted, supplier B suspended. Returns the manifest, the council's
    and the onboarder's senders."""
    council, onboarder = Sender(w3, accounts[0]), Sender(w3, accounts[1])
    manifest = deploy.deploy_suite(council, onboarders=[onboarder.address], directory=directory, force=True)
    registry = manifest.contract(w3, "ConsortiumRegistry")
    admitted = [
        Admission(OEM, Role.OEM, accounts[2], keccak(text="oem")),
        Admission(SUPPLIER_A, Role.SUPPLIER, accounts[3], keccak(text="a")),
        Admission(SUPPLIER_B, Role.SUPPLIER | Role.LOGISTICS, accounts[4], keccak(text="b")),
    ]
    members.admit_batch(onboarder, registry, admitted)
    accept_operators(registry, admitted)
    members.suspend(council, registry, SUPPLIER_B, keccak(text="audit"))
    return manifest, council, onboarder


def admit_many(onboarder: Sender, manifest: Manifest, first: int, count: int, operators_from: int = 10_000) -> None:
    """Admit ``count`` suppliers (BPNL numbers from ``first``) in one batch; their
    operators are fresh addresses, not accounts anyone uses."""
    registry = manifest.contract(onboarder.w3, "ConsortiumRegistry")
    batch = [
        Admission(bpnl(first + i), Role.SUPPLIER, onboarder.w3.to_checksum_address(f"0x{operators_from + first + i:040x}"))
        for i in range(count)
    ]
    members.admit_batch(onboarder, registry, batch)


# ------------------------------------------------------------------ the whole suite at work

SUPPLIER_C = "BPNL00000007XK2P"
MANUFACTURING = 1 << 30  # valuechain.manufacturing:1 (valuechain/catenax/purposes.json)
QUALITY_ANALYSIS = 1 << 4  # cx.quality.base:1
DAY = 86_400
ZERO_ADDRESS = "0x" + "00" * 20
# Constructor arguments of the suite's contracts, from the ones deployed before them,
# for the parts deploy.SUITE does not deploy yet (contracts still being merged).
LATER_PARTS = [
    ("IPRegistry", lambda done: (done["ConsortiumRegistry"],)),
    ("DataLicensing", lambda done: (done["ConsortiumRegistry"], done["IPRegistry"])),
    ("SupplySignals", lambda done: (done["ConsortiumRegistry"],)),
    ("SupplyOrders", lambda done: (done["ConsortiumRegistry"], done.get("DataLicensing", ZERO_ADDRESS), done["SupplySignals"])),
]


def deploy_full_suite(w3, accounts, directory) -> Manifest:  # type: ignore[no-untyped-def]
    """``deploy_suite`` plus every suite contract compiled here that it does not deploy
    yet, added to the manifest (the council is accounts[0], the onboarder accounts[1])."""
    council = Sender(w3, accounts[0])
    manifest = deploy.deploy_suite(council, onboarders=[accounts[1]], directory=directory, force=True)
    done = {name: c.address for name, c in manifest.contracts.items()}
    for name, args in LATER_PARTS:
        if name in done or not (artifacts.build_dir() / f"{name}.json").exists():
            continue
        contract, receipt = deploy.deploy(council, name, *args(done))
        done[name] = contract.address
        manifest.contracts[name] = Deployed(name, contract.address, receipt["transactionHash"].to_0x_hex(), receipt["blockNumber"], contract.abi)
    save(manifest, path_for(manifest.chain_id, directory))
    return manifest


def _h(text: str) -> bytes:
    return keccak(text=text)


def uid(n: int) -> bytes:
    """A version-4 UUID's 16 bytes, recognisable by ``n``."""
    return uuid.UUID(int=n, version=4).bytes


def _args(contract, receipt, name: str) -> list[dict]:  # type: ignore[no-untyped-def]
    return [dict(e["args"]) for e in getattr(contract.events, name)().process_receipt(receipt, errors=DISCARD)]


def _today(w3) -> int:  # type: ignore[no-untyped-def]
    return w3.eth.get_block("latest")["timestamp"] // DAY


def _iso_week(day_number: int) -> int:
    week = date.fromordinal(date(1970, 1, 1).toordinal() + day_number).isocalendar()
    return week.year * 100 + week.week


def play_business(w3, manifest: Manifest, accounts) -> dict:  # type: ignore[no-untyped-def]
    """An OEM, three suppliers and what they do: IP and licences (when those contracts
    are deployed), capacity and disruption signals, five supply orders through most of
    their state machine. Returns the ids it created.

    Orders: 1 (supplier A) amended citing a disruption, two assessments, shipped,
    received in full and on time, closed; 2 (B) fails its assessment, 40 of 100 go to
    order 3 (C), B's rest is accepted as a deviation, shipped 60, received 55, disputed;
    3 (C) received two days late; 4 (A) rejected; 5 (C) cancelled. Chain time moves on
    by three days for the late delivery (and licence expiry). Last, the OEM sells the
    licensed design to C."""
    onboarder = Sender(w3, accounts[1])
    oem, sa, sb, sc = (Sender(w3, accounts[i]) for i in (2, 3, 4, 5))
    contracts = {name: manifest.contract(w3, name) for name in manifest.contracts}
    reg = contracts["ConsortiumRegistry"]
    orders, signals = contracts["SupplyOrders"], contracts["SupplySignals"]
    admitted = [
        Admission(OEM, Role.OEM, oem.address, _h("oem")),
        Admission(SUPPLIER_A, Role.SUPPLIER, sa.address, _h("a")),
        Admission(SUPPLIER_B, Role.SUPPLIER, sb.address, _h("b")),
        Admission(SUPPLIER_C, Role.SUPPLIER, sc.address, _h("c")),
    ]
    members.admit_batch(onboarder, reg, admitted)
    accept_operators(reg, admitted)
    ids: dict = {"design": b"\x00" * 32}
    if "IPRegistry" in contracts:
        ip = contracts["IPRegistry"]
        a_org, oem_org = SUPPLIER_A.encode(), OEM.encode()
        c1 = documents.commitment(a_org, _h("salt-1"), _h("design 1"))
        c1v2 = documents.commitment(a_org, _h("salt-2"), _h("design 1 v2"))
        ids["d1"], ids["d1v2"] = documents.asset_id(a_org, c1), documents.asset_id(a_org, c1v2)
        sa.transact(ip.functions.register(c1, _h("meta 1"), 0))
        sa.transact(ip.functions.revise(ids["d1"], c1v2, _h("meta 1 v2")))
        ids["before_transfer"] = w3.eth.get_block("latest")["timestamp"]
        w3.provider.make_request("evm_increaseTime", [60])
        sa.transact(ip.functions.transfer(ids["d1"], SUPPLIER_B.encode(), _h("assignment")))
        c_design = documents.commitment(oem_org, _h("salt-3"), _h("bracket design"))
        ids["design"] = documents.asset_id(oem_org, c_design)
        oem.transact(ip.functions.register(c_design, _h("bracket meta"), 0))
    if "DataLicensing" in contracts:
        lic, part = contracts["DataLicensing"], ids["design"]
        receipt = oem.transact(lic.functions.publishTerms((MANUFACTURING | QUALITY_ANALYSIS, False, True, 365 * DAY, _h("legal"))))
        terms = _args(lic, receipt, "TermsPublished")[0]["terms"]
        now = w3.eth.get_block("latest")["timestamp"]
        grant = lic.functions.grant
        ids["lic_a"] = _args(lic, oem.transact(grant(part, SUPPLIER_A.encode(), terms, MANUFACTURING | QUALITY_ANALYSIS, 0, now + 200 * DAY)), "LicenceGranted")[0]["licence"]
        offer = lic.functions.offer(part, SUPPLIER_B.encode(), terms, MANUFACTURING, 0, now + 100 * DAY, now + 10 * DAY)
        ids["lic_b"] = _args(lic, oem.transact(offer), "LicenceOffered")[0]["licence"]
        sb.transact(lic.functions.accept(part, ids["lic_b"]))
        ids["lic_c"] = _args(lic, oem.transact(grant(part, SUPPLIER_C.encode(), terms, MANUFACTURING, 0, now + 50 * DAY)), "LicenceGranted")[0]["licence"]
        short = grant(part, SUPPLIER_C.encode(), terms, QUALITY_ANALYSIS, 0, now + 2 * DAY)
        ids["lic_c_short"] = _args(lic, oem.transact(short), "LicenceGranted")[0]["licence"]
        lapsing = lic.functions.offer(part, SUPPLIER_C.encode(), terms, QUALITY_ANALYSIS, 0, now + 100 * DAY, now + DAY)
        ids["lic_c_offer"] = _args(lic, oem.transact(lapsing), "LicenceOffered")[0]["licence"]
        # A (licensee of lic_a, sublicensable terms) offers B a sublicence that B accepts,
        # and C one that lapses (the deadline passes with the orders' time below)
        sub = lic.functions.sublicense(part, ids["lic_a"], SUPPLIER_B.encode(), QUALITY_ANALYSIS, 0, now + 30 * DAY, now + 5 * DAY)
        ids["lic_sub_b"] = _args(lic, sa.transact(sub), "SublicenceOffered")[0]["licence"]
        sb.transact(lic.functions.accept(part, ids["lic_sub_b"]))
        sub = lic.functions.sublicense(part, ids["lic_a"], SUPPLIER_C.encode(), QUALITY_ANALYSIS, 0, now + 30 * DAY, now + DAY)
        ids["lic_sub_c"] = _args(lic, sa.transact(sub), "SublicenceOffered")[0]["licence"]
        sa.transact(lic.functions.recordAccess(part, ids["lic_a"], MANUFACTURING, _h("drawing rev A")))
        sa.transact(lic.functions.recordAccess(part, ids["lic_a"], QUALITY_ANALYSIS, _h("inspection plan")))
        oem.transact(lic.functions.revoke(part, ids["lic_c"], 1, _h("breach")))
    # signals: capacity for this week (twice: the second replaces the first) and next
    # week, to the three suppliers; a disruption for B and C, one for A resolved
    this_week, next_week = _iso_week(_today(w3)), _iso_week(_today(w3) + 7)
    everyone = sorted(s.encode() for s in (SUPPLIER_A, SUPPLIER_B, SUPPLIER_C))
    site, material = b"BPNS000000000001", _h("MNR-7307")
    capacity = signals.functions.signalCapacity
    oem.transact(capacity((uid(1), site, material, this_week, 900, 1000, 950, _h("cap 1")), everyone))
    oem.transact(capacity((uid(2), site, material, next_week, 800, 1000, 1100, _h("cap 2")), everyone))
    oem.transact(capacity((uid(3), site, material, this_week, 950, 1000, 950, _h("cap 1b")), everyone))
    now = w3.eth.get_block("latest")["timestamp"]
    bc = sorted([SUPPLIER_B.encode(), SUPPLIER_C.encode()])
    oem.transact(signals.functions.signalDisruption((uid(10), 2, 2, 0, now, now + 3 * DAY, _h("downtime")), bc))
    oem.transact(signals.functions.signalDisruption((uid(11), 4, 0, 0, now, 0, _h("truck")), [SUPPLIER_A.encode()]))
    oem.transact(signals.functions.resolveDisruption(uid(11), SUPPLIER_A.encode(), _h("truck resolved")))
    ids.update(this_week=this_week, next_week=next_week)
    # orders
    due = _today(w3) + 10

    def place(supplier: str, quantity: int, design: bytes = b"\x00" * 32) -> int:
        terms = (supplier.encode(), _h("MNR-7307"), quantity, b"H87", due, 9_000, design)
        return _args(orders, oem.transact(orders.functions.placeOrder(terms, _h("po"))), "OrderPlaced")[0]["orderId"]

    f = orders.functions
    o1 = place(SUPPLIER_A, 100, ids["design"] if "DataLicensing" in contracts else b"\x00" * 32)
    sa.transact(f.confirmOrder(o1, _h("ack")))
    # A cites the truck disruption: the latest the OEM sent it (resolved by now)
    proposed = _args(orders, sa.transact(f.proposeAmendment(o1, 120, due + 2, 2, uid(11), _h("more"))), "AmendmentProposed")
    oem.transact(f.acceptAmendment(o1, proposed[0]["proposal"], _h("ok")))
    sa.transact(f.startProduction(o1, _h("start")))
    sa.transact(f.assessQuality(o1, 9_600, 50, 2, False, _h("r1")))
    sa.transact(f.assessQuality(o1, 9_700, 50, 1, True, _h("r2")))
    sa.transact(f.ship(o1, 120, _h("asn 1")))
    oem.transact(f.receiveShipment(o1, 120, _h("grn 1")))
    oem.transact(f.closeOrder(o1, _h("close")))
    o2 = place(SUPPLIER_B, 100)
    sb.transact(f.confirmOrder(o2, _h("ack")))
    sb.transact(f.startProduction(o2, _h("start")))
    sb.transact(f.assessQuality(o2, 7_000, 40, 12, False, _h("bad")))
    o3 = _args(orders, oem.transact(f.reallocate(o2, SUPPLIER_C.encode(), 40, _today(w3), _h("move"))), "OrderReallocated")[0]["childId"]
    oem.transact(f.acceptDeviation(o2, _h("accept rest")))
    sb.transact(f.ship(o2, 60, _h("asn 2")))
    oem.transact(f.receiveShipment(o2, 55, _h("grn 2")))
    oem.transact(f.disputeOrder(o2, _h("short")))
    sc.transact(f.confirmOrder(o3, _h("ack")))
    sc.transact(f.startProduction(o3, _h("start")))
    sc.transact(f.assessQuality(o3, 9_500, 40, 2, True, _h("r3")))
    sc.transact(f.ship(o3, 40, _h("asn 3")))
    w3.provider.make_request("evm_increaseTime", [3 * DAY])
    oem.transact(f.receiveShipment(o3, 40, _h("grn 3")))  # due on the day of the reallocation: late
    due = _today(w3) + 10
    o4 = place(SUPPLIER_A, 10)
    sa.transact(f.rejectOrder(o4, _h("no capacity")))
    o5 = place(SUPPLIER_C, 10)
    oem.transact(f.cancelOrder(o5, _h("stock")))
    ids.update(o1=o1, o2=o2, o3=o3, o4=o4, o5=o5)
    if "DataLicensing" in contracts:  # licences follow the asset: C owns the design now
        oem.transact(contracts["IPRegistry"].functions.transfer(ids["design"], SUPPLIER_C.encode(), _h("design sold")))
    return ids
