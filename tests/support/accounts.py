"""Accounts by role and the BPNLs of their orgs (fixtures of the chain suite, loaded through
``pytest_plugins`` in tests/conftest.py)."""

from __future__ import annotations

import pytest
from brownie import accounts

from valuechain.identity import bpnl_to_bytes16

OEM_BPNL = "BPNL00000003AYRE"
SUPPLIER_A_BPNL = "BPNL00000003B2OM"
SUPPLIER_B_BPNL = "BPNL00000003CRHK"
AUDITOR_BPNL = "BPNL000000000AUD"


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
