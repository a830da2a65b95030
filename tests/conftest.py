"""Fixtures shared by the Brownie test suite: accounts by role and a populated registry."""

from __future__ import annotations

import pytest
from brownie import ConsortiumRegistry, accounts, chain, web3

from valuechain.identity import Role, bpnl_to_bytes16
from tests import brownie_speed
from valuechain.members import accept_operator, admit_batch
from valuechain.network import connect
from valuechain.tx import Sender

brownie_speed.install()


def pytest_configure(config):
    """Under pytest-xdist (`make test` runs two workers), each worker launches its own
    Anvil on the next port: one shared chain would mix both workers' nonces."""
    brownie_speed.own_port_per_worker()

def pytest_collection_modifyitems(items):
    """The stateful tests first (stable otherwise): the longest tests of the suite, under
    xdist they then start at once on one worker while the other takes the many short ones,
    instead of leaving one worker alone with them at the end."""
    items.sort(key=lambda item: not item.nodeid.startswith("tests/stateful/"))


OEM_BPNL = "BPNL00000003AYRE"
SUPPLIER_A_BPNL = "BPNL00000003B2OM"
SUPPLIER_B_BPNL = "BPNL00000003CRHK"
AUDITOR_BPNL = "BPNL000000000AUD"
# A short governance handover delay for tests (production default: 2 days).
ADMIN_DELAY = 3600


@pytest.fixture(scope="session", autouse=True)
def constant_answers_cached():
    """See tests/brownie_speed.py; Brownie is connected by the time session fixtures run."""
    brownie_speed.cache_constant_answers()


@pytest.fixture(scope="module")
def module_isolation():
    """Every module starts from a fresh chain (Brownie's module_isolation, reverting only once
    Brownie's transaction threads are done: see tests/brownie_speed.py)."""
    chain.reset()
    yield
    brownie_speed.settle()
    chain.reset()


@pytest.fixture(autouse=True)
def isolation(module_isolation):
    """Every test starts from the state its module fixtures built (Brownie's fn_isolation,
    made cheap: see tests/brownie_speed.py)."""
    brownie_speed.settle()
    chain.snapshot()
    yield
    brownie_speed.settle()
    chain.revert()


@pytest.fixture(scope="session", autouse=True)
def event_index_dir(tmp_path_factory):
    """Where the CLI keeps its event index (``valuechain.events.default_path``) during the
    tests: not the checkout's .valuechain/, and one folder per xdist worker (each has
    its own chain). It lives for the session, so reads after a test's revert resync it."""
    with pytest.MonkeyPatch.context() as patch:
        folder = tmp_path_factory.mktemp("event-index")
        patch.setenv("VALUECHAIN_INDEX_DIR", str(folder))
        yield folder


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
