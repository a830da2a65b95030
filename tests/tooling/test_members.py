"""valuechain.members against a deployed suite: the two-step operator binding, the
council's recovery and the pause, as the CLI and the demo drive them."""

from __future__ import annotations

import pytest
from brownie import accounts

from tests.support.registry import admit_accepted
from valuechain import deploy, members
from valuechain.errors import ChainError, ConfigError, SuitePaused
from valuechain.identity import Role, Status, bpnl_to_bytes16
from valuechain.members import Admission
from valuechain.tx import Sender

SUP_A, SUP_B = "BPNL00000003B2OM", "BPNL00000003CRHK"


@pytest.fixture(scope="module")
def suite(w3, tmp_path_factory):
    council = Sender(w3, accounts[0].address)
    m = deploy.deploy_suite(council, onboarders=[accounts[1].address], directory=tmp_path_factory.mktemp("d"), admin_delay=600)
    registry = m.contract(w3, "ConsortiumRegistry")
    admit_accepted(registry, [Admission(SUP_A, Role.SUPPLIER, accounts[3].address),
                              Admission(SUP_B, Role.SUPPLIER, accounts[4].address)], Sender(w3, accounts[1].address))
    return council, registry


def key(w3, i: int) -> Sender:
    return Sender(w3, accounts[i].address)


def operators(registry, bpnl: str) -> set[str]:
    """The keys bound to ``bpnl``, as the registry holds them (in no particular order)."""
    return set(registry.functions.operatorsOf(bpnl_to_bytes16(bpnl)).call())


def test_deploy_sets_the_admin_delay(suite):
    _, registry = suite
    assert registry.functions.defaultAdminDelay().call() == 600
    assert registry.functions.defaultAdmin().call() == accounts[0].address


def test_deploy_with_another_council_leaves_onboarders_to_it(w3, tmp_path):
    with pytest.raises(ConfigError, match="only it can grant ONBOARDER"):
        deploy.deploy_suite(key(w3, 0), council=accounts[7].address, onboarders=[accounts[1].address], directory=tmp_path)
    assert not (tmp_path / "31337.json").exists()


def test_rotation_offers_accepts_and_removes(w3, suite):
    _, registry = suite
    members.rotate_operator(key(w3, 3), key(w3, 6), registry)
    assert operators(registry, SUP_A) == {accounts[6].address}
    assert members.org_of(registry, accounts[3].address) is None
    with pytest.raises(ChainError, match="operates no organisation"):
        members.rotate_operator(key(w3, 3), key(w3, 7), registry)


def test_admitted_key_counts_once_it_accepted(w3, suite):
    council, registry = suite
    members.admit(council, registry, Admission("BPNL0000000NEW01", Role.OEM, accounts[8].address))
    assert operators(registry, "BPNL0000000NEW01") == set()
    members.accept_operator(key(w3, 8), registry, "BPNL0000000NEW01")
    assert operators(registry, "BPNL0000000NEW01") == {accounts[8].address}
    with pytest.raises(ChainError, match=r"acceptOperator BPNL0000000NEW01 would revert: NoOperatorOffer"):
        members.accept_operator(key(w3, 8), registry, "BPNL0000000NEW01")


def test_council_recovers_a_suspended_org(w3, suite):
    council, registry = suite
    with pytest.raises(ChainError, match=r"NotSuspended\(org=BPNL00000003CRHK, status=ACTIVE\)"):
        members.assign_operator(council, registry, SUP_B, accounts[7].address)
    members.suspend(council, registry, SUP_B)
    members.revoke_operator(council, registry, accounts[4].address)
    members.assign_operator(council, registry, SUP_B, accounts[7].address)
    members.accept_operator(key(w3, 7), registry, SUP_B)
    members.reinstate(council, registry, SUP_B)
    assert operators(registry, SUP_B) == {accounts[7].address} and members.org_status(registry, SUP_B) == Status.ACTIVE
    assert members.org_of(registry, accounts[4].address) is None


def test_pause_and_unpause(w3, suite):
    council, registry = suite
    members.pause(council, registry)
    assert members.is_paused(registry)
    # EnforcedPause() is reported as the paused suite, in words (valuechain.revert.explain)
    with pytest.raises(SuitePaused, match=r"the suite is paused .*: addOperator .* refused; nothing was sent"):
        members.add_operator(key(w3, 3), registry, accounts[8].address)
    with pytest.raises(SuitePaused, match="pause refused"):
        members.pause(council, registry)
    members.unpause(council, registry)
    assert not members.is_paused(registry)
    members.add_operator(key(w3, 3), registry, accounts[8].address)
