"""Fixtures shared by the Brownie test suite: accounts by role and a populated registry."""

from __future__ import annotations

import pytest
from brownie import ConsortiumRegistry, accounts, chain, web3

from valuechain.identity import Role, bpnl_to_bytes16
from tests import brownie_speed
from valuechain.network import connect

brownie_speed.install()

OEM_BPNL = "BPNL00000003AYRE"
SUPPLIER_A_BPNL = "BPNL00000003B2OM"
SUPPLIER_B_BPNL = "BPNL00000003CRHK"
AUDITOR_BPNL = "BPNL000000000AUD"


@pytest.fixture(autouse=True)
def isolation(module_isolation):
    """Every test starts from the state its module fixtures built (Brownie's fn_isolation,
    without the full garbage collection it runs twice a test: see tests/brownie_speed.py)."""
    with brownie_speed.no_gc_collect():
        chain.snapshot()
    yield
    with brownie_speed.no_gc_collect():
        chain.revert()


@pytest.fixture(scope="session")
def w3():
    """A plain web3 connection to the chain Brownie launched, as valuechain tooling uses it."""
    return connect(web3.provider.endpoint_uri)


@pytest.fixture(scope="module")
def council():
    return accounts[0]


@pytest.fixture(scope="module")
def onboarder():
    return accounts[1]


@pytest.fixture(scope="module")
def oem_op():
    return accounts[2]


@pytest.fixture(scope="module")
def supplier_a_op():
    return accounts[3]


@pytest.fixture(scope="module")
def supplier_b_op():
    return accounts[4]


@pytest.fixture(scope="module")
def auditor_op():
    return accounts[5]


@pytest.fixture(scope="module")
def outsider():
    return accounts[9]


def admission(bpnl: str, roles: int, operator, profile: bytes = b"\x11" * 32) -> tuple:
    """An IConsortiumRegistry.Admission tuple."""
    return (bpnl_to_bytes16(bpnl), int(roles), profile, str(operator))


@pytest.fixture(scope="module")
def registry(council, onboarder, oem_op, supplier_a_op, supplier_b_op, auditor_op):
    """A registry with an OEM, two suppliers and an auditor, each with one operator."""
    reg = ConsortiumRegistry.deploy(council, {"from": council})
    reg.grantRole(reg.ONBOARDER_ROLE(), onboarder, {"from": council})
    reg.admitBatch(
        [
            admission(OEM_BPNL, Role.OEM, oem_op),
            admission(SUPPLIER_A_BPNL, Role.SUPPLIER, supplier_a_op),
            admission(SUPPLIER_B_BPNL, Role.SUPPLIER, supplier_b_op),
            admission(AUDITOR_BPNL, Role.AUDITOR, auditor_op),
        ],
        {"from": onboarder},
    )
    return reg


@pytest.fixture(scope="module")
def oem():
    return bpnl_to_bytes16(OEM_BPNL)


@pytest.fixture(scope="module")
def supplier_a():
    return bpnl_to_bytes16(SUPPLIER_A_BPNL)


@pytest.fixture(scope="module")
def supplier_b():
    return bpnl_to_bytes16(SUPPLIER_B_BPNL)


@pytest.fixture(scope="module")
def auditor():
    return bpnl_to_bytes16(AUDITOR_BPNL)
