"""The council's recovery playbook end to end, with the org's IP and licences (issue 11,
finding 2), the rogue onboarder's squat, and the pause reaching the business contracts.

IPRegistry and DataLicensing are called through ``register``, ``transfer`` and
``grant`` below only, so a change of their signatures touches one place here."""

import pytest
from brownie import DataLicensing, IPRegistry, accounts, chain
from eth_utils import keccak

from tests.support.accounts import SUPPLIER_A_BPNL
from tests.support.errors import reverts_with
from tests.support.registry import admission
from valuechain.documents import asset_id
from valuechain.identity import Role, Status, bpnl_to_bytes16

REASON = b"\x99" * 32
META = b"\x4d" * 32
DOC = b"\xd0" * 32
DESIGN = 0
QA, MF = 1, 16  # Catena-X purposes: quality analysis, manufacturing
DAY = 86_400


@pytest.fixture(scope="module")
def ip(registry, council):
    return IPRegistry.deploy(registry, {"from": council})


@pytest.fixture(scope="module")
def licensing(registry, ip, council):
    return DataLicensing.deploy(registry, ip, {"from": council})


def hx(value: bytes) -> str:
    return "0x" + bytes(value).hex()


def commitment(n: int) -> bytes:
    return keccak(n.to_bytes(32, "big") + keccak(f"recovery-doc-{n}".encode()))


def register(ip, op, n: int):
    return ip.register(commitment(n), META, DESIGN, {"from": op})


def asset(n: int) -> bytes:
    """The id of supplier A's asset ``n`` (every transferred or licensed asset here is A's)."""
    return asset_id(bpnl_to_bytes16(SUPPLIER_A_BPNL), commitment(n))


def transfer(ip, op, n: int, to: bytes):
    return ip.transfer(asset(n), to, DOC, {"from": op})


def grant(licensing, op, n: int, licensee: bytes):
    terms = (QA | MF, False, False, 365 * DAY, keccak(b"recovery terms"))
    terms_id = licensing.publishTerms(terms, {"from": op}).return_value
    return licensing.grant(asset(n), licensee, terms_id, QA | MF, 0, chain.time() + 90 * DAY, {"from": op})


def assert_key_can_do_nothing(registry, ip, key, org, other_org, error: str, *args):
    """Every self-service function of the registry and an IP register/transfer as ``key``
    revert with ``error(*args)``; accepting a binding to ``org`` is refused too."""
    calls = [
        lambda: registry.addOperator(accounts.add(), {"from": key}),
        lambda: registry.removeOperator(key, {"from": key}),
        lambda: registry.withdrawOperatorOffer(accounts[7], {"from": key}),
        lambda: registry.updateProfile(REASON, {"from": key}),
        lambda: register(ip, key, 99),
        lambda: transfer(ip, key, 1, other_org),
    ]
    for call in calls:
        with reverts_with(error, *args):
            call()
    with reverts_with("NoOperatorOffer", key, org):
        registry.acceptOperator(org, {"from": key})


def test_leaked_key_recovery_playbook(registry, ip, licensing, council, supplier_a, supplier_a_op, supplier_b, oem):
    """Finding 2: a leaked key K of supplier A throws out the legitimate key L. Before
    the fix the council had no way to remove K (it survived suspend/reinstate and undid
    any assignOperator) and offboarding burnt A's BPNL. Now the council suspends A,
    revokes K, offers a new key N, N accepts, the council reinstates; K can do nothing at
    any step, and A keeps its BPNL, its IP and the licence it granted."""
    legit, leaked, new = supplier_a_op, accounts.add(), accounts.add()
    register(ip, legit, 1)
    grant(licensing, legit, 1, oem)
    registry.addOperator(leaked, {"from": legit})
    registry.acceptOperator(supplier_a, {"from": leaked})
    registry.removeOperator(legit, {"from": leaked})  # possible while A is active

    registry.suspend(supplier_a, REASON, {"from": council})
    assert_key_can_do_nothing(registry, ip, leaked, supplier_a, supplier_b, "OrgNotActive", supplier_a, Status.SUSPENDED)
    registry.revokeOperator(leaked, {"from": council})
    assert_key_can_do_nothing(registry, ip, leaked, supplier_a, supplier_b, "NotAnOperator", leaked)
    tx = registry.assignOperator(supplier_a, new, {"from": council})
    assert tx.events["OperatorProposed"].values() == [hx(supplier_a), new, council]
    assert_key_can_do_nothing(registry, ip, leaked, supplier_a, supplier_b, "NotAnOperator", leaked)
    registry.acceptOperator(supplier_a, {"from": new})
    assert_key_can_do_nothing(registry, ip, leaked, supplier_a, supplier_b, "NotAnOperator", leaked)
    registry.reinstate(supplier_a, {"from": council})
    assert_key_can_do_nothing(registry, ip, leaked, supplier_a, supplier_b, "NotAnOperator", leaked)

    assert registry.operatorsOf(supplier_a) == [new]
    assert registry.getOrg(supplier_a)[1] == Status.ACTIVE  # same BPNL, same record
    assert ip.ownerOf(asset(1)) == hx(supplier_a)
    assert licensing.isLicensed(asset(1), oem, MF)
    # the org acts again through its new key
    registry.updateProfile(REASON, {"from": new})
    register(ip, new, 2)
    assert ip.ownerOf(asset(2)) == hx(supplier_a)


def test_rogue_onboarder_squat_is_undone(registry, ip, council, onboarder):
    """The onboarder admits a real company's BPNL with its own key and takes the binding
    (finding 2's squat). The council suspends the org, revokes the onboarder's key, offers
    the company's key, reinstates; the company's key accepts and acts, the squatter cannot."""
    company = "BPNL00000009REAL"
    org, company_key = bpnl_to_bytes16(company), accounts[7]
    registry.admit(admission(company, Role.SUPPLIER, onboarder), {"from": onboarder})
    registry.acceptOperator(org, {"from": onboarder})
    assert registry.orgOf(onboarder) == hx(org)

    registry.suspend(org, REASON, {"from": council})
    registry.revokeOperator(onboarder, {"from": council})
    registry.revokeRole(registry.ONBOARDER_ROLE(), onboarder, {"from": council})
    registry.assignOperator(org, company_key, {"from": council})
    registry.reinstate(org, {"from": council})
    registry.acceptOperator(org, {"from": company_key})

    assert registry.operatorsOf(org) == [company_key]
    register(ip, company_key, 3)
    assert ip.ownerOf(asset_id(org, commitment(3))) == hx(org)
    with reverts_with("NotAnOperator", onboarder):
        register(ip, onboarder, 4)


def test_pause_stops_the_business_contracts(registry, ip, licensing, council, supplier_a, supplier_a_op, supplier_b, oem):
    """requireOperator reverts EnforcedPause while paused: IPRegistry and DataLicensing
    stop without a change of their own; their views keep answering."""
    register(ip, supplier_a_op, 1)
    grant(licensing, supplier_a_op, 1, oem)
    tx = registry.pause({"from": council})
    assert tx.events["Paused"].values() == [council]
    with reverts_with("EnforcedPause"):
        register(ip, supplier_a_op, 2)
    with reverts_with("EnforcedPause"):
        transfer(ip, supplier_a_op, 1, supplier_b)
    with reverts_with("EnforcedPause"):
        grant(licensing, supplier_a_op, 1, supplier_b)
    assert ip.ownerOf(asset(1)) == hx(supplier_a)
    assert licensing.isLicensed(asset(1), oem, MF)
    tx = registry.unpause({"from": council})
    assert tx.events["Unpaused"].values() == [council]
    transfer(ip, supplier_a_op, 1, supplier_b)
    assert ip.ownerOf(asset(1)) == hx(supplier_b)
