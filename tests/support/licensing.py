"""Helpers of the DataLicensing tests: purpose bits, statuses, ids and hex forms."""

from __future__ import annotations

import brownie
from brownie import chain, web3
from eth_abi import encode
from eth_utils import keccak

from tests.support.accounts import SUPPLIER_A_BPNL
from valuechain.contract_types import ALL_PURPOSES, Kind, Licence, Purpose, Terms
from valuechain.contract_types import LicenceStatus as LicenceStatus  # the tests import the enums from here
from valuechain.contract_types import RevocationReason as Reason  # noqa: F401  (re-exported)
from valuechain.identity import bpnl_to_bytes16

ZERO32 = "0x" + "00" * 32
ZERO16 = "0x" + "00" * 16
DAY = 86_400
DESIGN = int(Kind.DESIGN)
SUPPLIER_A = bpnl_to_bytes16(SUPPLIER_A_BPNL)  # the owner of the designs
LEGAL = keccak(b"standard data licence v1")
NOTE = b"\x0b" * 32
ACCESS = keccak(b"quality report 2025-W14")


ALL = ALL_PURPOSES
# six purposes of the vocabulary the tests use (the old home-made bits' nearest Catena-X ids)
QA = int(Purpose.CX_QUALITY_BASE_1)
PP = int(Purpose.CX_PURIS_BASE_1)
TR = int(Purpose.CX_CORE_INDUSTRYCORE_1)
RD = int(Purpose.CX_PCF_BASE_1)
MF = int(Purpose.MANUFACTURING)
AI = int(Purpose.CX_DCM_BASE_1)


def hx(value: bytes) -> str:
    """The 0x-hex form Brownie returns for bytesN values."""
    return "0x" + bytes(value).hex()


def design_commitment(n: int, org: bytes) -> bytes:
    """``org``'s commitment of design number ``n``: keccak256(abi.encode(org, salt, contentHash))."""
    return keccak(encode(["bytes16", "bytes32", "bytes32"], [org, n.to_bytes(32, "big"), keccak(f"design-{n}".encode())]))


def asset_id(n: int, org: bytes = SUPPLIER_A) -> bytes:
    """The asset id of ``org``'s design number ``n`` (supplier A's by default), as
    IPRegistry.assetIdOf derives it: keccak256(abi.encode(org, commitment))."""
    return keccak(encode(["bytes16", "bytes32"], [org, design_commitment(n, org)]))


def terms_tuple(purposes: int, derivatives: bool = False, sublicensing: bool = False, max_days: int = 365, legal: bytes = LEGAL) -> tuple:
    """An IDataLicensing.Terms tuple."""
    return Terms(purposes=purposes, derivatives=derivatives, sublicensing=sublicensing, maxDuration=max_days * DAY,
                 legalTextHash=legal)


def terms_id(terms: tuple) -> bytes:
    """keccak256(abi.encode(terms)), as the contract computes it."""
    return keccak(encode(["uint64", "bool", "bool", "uint40", "bytes32"], list(terms)))


def licence_id(asset: bytes, licensee: bytes, basis: bytes, nonce: int) -> bytes:
    """keccak256(abi.encode(asset, licensee, basis, nonce)), as `licenceIdOf` computes it."""
    return keccak(encode(["bytes32", "bytes16", "bytes32", "uint32"], [asset, licensee, basis, nonce]))


def licence(info) -> dict:
    """IDataLicensing.Licence as returned by ``getLicence``, keyed by field name, with
    plain ints and hex strings."""
    values = [int(v) if isinstance(v, int) and not isinstance(v, bool) else v for v in info]
    return Licence(*values)._asdict()


def reverts_any(name: str):
    """``brownie.reverts`` expecting the custom error ``name`` with any arguments (for
    arguments that depend on the block time)."""
    return brownie.reverts(revert_pattern=f"{name}: .*")


def now() -> int:
    """The latest block's time: the next transaction's block time is at least this.
    (``chain.time()`` runs ahead of Anvil's block times after a snapshot revert.)"""
    return chain[-1].timestamp


def travel(timestamp: int) -> None:
    """Mine a block at exactly ``timestamp``: views and later blocks see at least it.
    (Anvil refuses Brownie's ``evm_mine [timestamp]``; it takes the next block's time.)"""
    web3.provider.make_request("evm_setNextBlockTimestamp", [timestamp])
    chain.mine()
    assert now() == timestamp


def at(timestamp: int) -> None:
    """Mine the next transaction at exactly ``timestamp``."""
    web3.provider.make_request("evm_setNextBlockTimestamp", [timestamp])


def sublicence(world, asset, parent, sublicensee, purposes: int, end: int, sublicensor_op, sublicensee_op, start: int = 0) -> str:
    """Offer a sublicence (deadline: a day, or just before ``end``) and have it accepted;
    returns its id."""
    deadline = min(now() + DAY, end - 1)
    lic = world.sublicense(asset, parent, sublicensee, purposes, start, end, deadline, {"from": sublicensor_op}).return_value
    world.accept(asset, lic, {"from": sublicensee_op})
    return lic


def add_operator(registry, org: bytes, operator, account) -> None:
    """Bind ``account`` to ``org`` as a further operator (two-step when the registry asks
    the new key to accept)."""
    registry.addOperator(account, {"from": operator})
    if hasattr(registry, "acceptOperator"):
        registry.acceptOperator(org, {"from": account})
