"""Transactions sent through valuechain explain reverts by their custom error."""

import pytest
from brownie import accounts

from valuechain import deploy, members
from valuechain.errors import ChainError, InputError
from valuechain.identity import Role
from valuechain.members import Admission
from valuechain.tx import Sender


@pytest.fixture(scope="module")
def setup(w3):
    council = Sender(w3, accounts[0].address)
    registry, _ = deploy.deploy(council, "ConsortiumRegistry", deploy.ADMIN_DELAY, council.address)
    return council, registry


def test_revert_names_the_custom_error(setup):
    council, registry = setup
    bad = (b"BPNL00000003ayre", 2, b"\x00" * 32, accounts[3].address)
    with pytest.raises(ChainError, match=r"admit would revert: MalformedBpnl\(bpnl=BPNL00000003ayre\)"):
        council.transact(registry.functions.admit(bad))


def test_batch_revert_names_index_and_nested_error(setup):
    council, registry = setup
    good = Admission("BPNL00000003AYRE", Role.OEM, accounts[2].address).as_tuple()
    dup = Admission("BPNL00000003AYRE", Role.OEM, accounts[3].address).as_tuple()
    with pytest.raises(ChainError, match=r"BatchEntryRejected\(index=1, reason=OrgAlreadyExists\(org=BPNL00000003AYRE\)\)"):
        council.transact(registry.functions.admitBatch([good, dup]))
    assert registry.functions.orgOf(accounts[2].address).call() == b"\x00" * 16


def test_access_control_error_is_readable(setup, w3):
    _, registry = setup
    outsider = Sender(w3, accounts[9].address)
    with pytest.raises(ChainError, match=rf"AccessControlUnauthorizedAccount\(account={outsider.address}, neededRole=DEFAULT_ADMIN_ROLE\)"):
        members.suspend(outsider, registry, "BPNL00000003AYRE")


def test_malformed_bpnl_is_refused_before_sending(setup, w3):
    council, registry = setup
    block = w3.eth.block_number
    with pytest.raises(InputError, match="expected 'BPNL' followed by 12"):
        members.admit(council, registry, Admission("BPNL123", Role.OEM, accounts[4].address))
    assert w3.eth.block_number == block
