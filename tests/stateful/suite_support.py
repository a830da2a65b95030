"""Chain access and identifiers for the cross-contract stateful test (test_suite_stateful.py).

Every transaction of a run is sent as a bare ``eth_sendTransaction`` with a fixed gas
limit at a pinned block time, reverting or not: Brownie's transaction object (receipt
decoding, a trace for every revert) costs several times the transaction itself, and a
refused call must be a real transaction here, so that the state check after it shows it
changed nothing. Views are read in one JSON-RPC batch of ``eth_call``s per check.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from eth_abi import decode, encode
from eth_utils import keccak

from brownie import web3

log = logging.getLogger(__name__)

GAS = 3_000_000  # above any single operation of the suite (admission batches are not sent here)
POLL = [0.0005] * 20 + [0.01] * 100  # seconds between receipt polls
ZERO16 = b"\x00" * 16
ZERO32 = b"\x00" * 32


def asset_id(org: bytes, commitment: bytes) -> bytes:
    """IPRegistry.assetIdOf: keccak256(abi.encode(org, commitment))."""
    return keccak(encode(["bytes16", "bytes32"], [org, commitment]))


def licence_id(asset: bytes, licensee: bytes, basis: bytes, nonce: int) -> bytes:
    """DataLicensing.licenceIdOf: keccak256(abi.encode(asset, licensee, basis, nonce))."""
    return keccak(encode(["bytes32", "bytes16", "bytes32", "uint32"], [asset, licensee, basis, nonce]))


def commitment(n: int) -> bytes:
    """A distinct commitment per number (what commitmentOf would give for a document)."""
    return keccak(b"suite-commitment" + n.to_bytes(32, "big"))


def uuid16(n: int, valid: bool = True) -> bytes:
    """A version-4 RFC 4122 UUID (16 bytes) per number; ``valid=False``: its variant bits
    are wrong, which SupplySignals refuses (MalformedUuid)."""
    raw = bytearray(keccak(b"suite-uuid" + n.to_bytes(32, "big"))[:16])
    raw[6] = 0x40 | (raw[6] & 0x0F)
    raw[8] = (0x80 if valid else 0xC0) | (raw[8] & 0x3F)
    return bytes(raw)


def _abi_type(item: dict) -> str:
    if item["type"].startswith("tuple"):
        inner = ",".join(_abi_type(c) for c in item["components"])
        return f"({inner}){item['type'][5:]}"
    return item["type"]


def _decode(types: tuple[str, ...], result: str):
    """ABI-decode a view's result; one static word (most views here) by hand, eth_abi's
    decoder being the slower part of a check."""
    if len(types) == 1 and len(result) == 66:
        kind = types[0]
        if kind == "bool" or kind.startswith("uint"):
            return (int(result, 16) if kind != "bool" else result[-1] == "1",)
        if kind.startswith("bytes") and kind[5:].isdigit():
            return (bytes.fromhex(result[2 : 2 + 2 * int(kind[5:])]),)
    return decode(list(types), bytes.fromhex(result[2:]))


@dataclass(frozen=True)
class View:
    """One ``eth_call``: a contract's view with its arguments, decoded by the ABI."""

    address: str
    data: str
    types: tuple[str, ...]


_VIEWS: dict[tuple, View] = {}


class Chain:
    """Raw transactions at pinned block times and batched views."""

    def __init__(self) -> None:
        self.sent = 0

    def rpc(self, method: str, params: list):
        response = web3.provider.make_request(method, params)
        if "error" in response:
            raise RuntimeError(f"{method} failed: {response['error']}")
        return response["result"]

    def send(self, account: str, contract, fn: str, args: tuple, at: int) -> dict:
        """Mine ``contract.fn(*args)`` from ``account`` in a block of time ``at``; returns
        the receipt (``status`` 1 or 0)."""
        data = getattr(contract, fn).encode_input(*args)
        self.rpc("evm_setNextBlockTimestamp", [at])
        tx = {"from": account, "to": contract.address, "data": data, "gas": hex(GAS)}
        tx_hash = self.rpc("eth_sendTransaction", [tx])
        # Anvil's automine may return the hash before the block is sealed: poll briefly
        for wait in POLL:
            receipt = self.rpc("eth_getTransactionReceipt", [tx_hash])
            if receipt is not None:
                break
            time.sleep(wait)
        else:
            raise RuntimeError(f"transaction {tx_hash} not mined after {sum(POLL):.1f} s: {tx}")
        self.sent += 1
        return receipt

    def mine(self, at: int) -> None:
        self.rpc("evm_setNextBlockTimestamp", [at])
        self.rpc("evm_mine", [])

    def latest_time(self) -> int:
        return int(self.rpc("eth_getBlockByNumber", ["latest", False])["timestamp"], 16)

    def view(self, contract, fn: str, *args) -> View:
        """The view ``contract.fn(*args)`` (encoded once per distinct call: Brownie's
        encoder is slow, and the checks repeat the same calls at every step)."""
        key = (contract.address, fn, args)
        view = _VIEWS.get(key)
        if view is None:
            abi = next(item for item in contract.abi if item.get("name") == fn and item["type"] == "function")
            types = tuple(_abi_type(o) for o in abi["outputs"])
            view = _VIEWS[key] = View(contract.address, getattr(contract, fn).encode_input(*args), types)
        return view

    def read(self, views: list[View]) -> list[tuple]:
        """Every view's decoded outputs, in one JSON-RPC batch at the latest block."""
        if not views:
            return []
        requests = [("eth_call", [{"to": v.address, "data": v.data}, "latest"]) for v in views]
        out = []
        for v, response in zip(views, web3.provider.make_batch_request(requests), strict=True):
            if "error" in response:
                raise AssertionError(f"view reverted: {v} {response['error']}")
            out.append(_decode(v.types, response["result"]))
        return out
