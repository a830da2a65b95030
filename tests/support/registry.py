"""Admitting members, and a populated ConsortiumRegistry (the ``registry`` fixture of the
chain suite, loaded through ``pytest_plugins`` in tests/conftest.py)."""

from __future__ import annotations

import pytest
from brownie import ConsortiumRegistry

from tests.support.accounts import AUDITOR_BPNL, OEM_BPNL, SUPPLIER_A_BPNL, SUPPLIER_B_BPNL
from valuechain.identity import Role, bpnl_to_bytes16
from valuechain.members import accept_operator, admit_batch
from valuechain.tx import Sender

# A short governance handover delay for tests (production default: 2 days).
ADMIN_DELAY = 3600


def admission(bpnl: str, roles: int, operator, profile: bytes = b"\x11" * 32) -> tuple:
    """An IConsortiumRegistry.Admission tuple."""
    return (bpnl_to_bytes16(bpnl), int(roles), profile, str(operator))


def accept_operators(registry, entries) -> None:
    """Each first operator of the admitted ``entries`` takes its offered binding.

    ``entries`` are Admission tuples (as from ``admission``) or ``valuechain.members.Admission``s;
    ``registry`` a Brownie contract (the operators are Brownie accounts) or a web3
    contract (the operators are unlocked dev accounts)."""
    for entry in entries:
        bpnl, operator = (entry[0], entry[3]) if isinstance(entry, tuple) else (bpnl_to_bytes16(entry.bpnl), entry.operator)
        if hasattr(registry, "functions"):
            accept_operator(Sender(registry.w3, operator), registry, bpnl)
        else:
            registry.acceptOperator(bpnl, {"from": operator})


def admit_accepted(registry, entries, sender) -> None:
    """``admitBatch(entries)`` as ``sender`` (a Brownie account, or a valuechain Sender for
    a web3 ``registry``), then every first operator accepts its binding."""
    if hasattr(registry, "functions"):
        admit_batch(sender, registry, entries)
    else:
        registry.admitBatch(entries, {"from": sender})
    accept_operators(registry, entries)


def deploy_registry(council, delay: int = ADMIN_DELAY):
    """A fresh ConsortiumRegistry governed by ``council`` (Brownie)."""
    return ConsortiumRegistry.deploy(delay, council, {"from": council})


@pytest.fixture(scope="module")
def registry(council, onboarder, oem_op, supplier_a_op, supplier_b_op, auditor_op):
    """A registry with an OEM, two suppliers and an auditor, each with one operator."""
    reg = deploy_registry(council)
    reg.grantRole(reg.ONBOARDER_ROLE(), onboarder, {"from": council})
    admit_accepted(
        reg,
        [
            admission(OEM_BPNL, Role.OEM, oem_op),
            admission(SUPPLIER_A_BPNL, Role.SUPPLIER, supplier_a_op),
            admission(SUPPLIER_B_BPNL, Role.SUPPLIER, supplier_b_op),
            admission(AUDITOR_BPNL, Role.AUDITOR, auditor_op),
        ],
        onboarder,
    )
    return reg
