"""Chain access and identifiers for the cross-contract stateful test (test_suite_stateful.py).

Every transaction of a run is sent as a bare ``eth_sendTransaction`` with a fixed gas
limit at a pinned block time, reverting or not: Brownie's transaction object (receipt
decoding, a trace for every revert) costs several times the transaction itself, and a
refused call must be a real transaction here, so that the state check after it shows it
changed nothing. The transactions go through web3's provider, where `make coverage`'s
plugin (bench/coverage_trace.py) sees and traces them.

Views are read in one JSON-RPC batch of ``eth_call``s per check, on a session of our own
(requests without proxy lookups, orjson, and a decoder for the static outputs every view
here has): through web3 the checks took most of the test's time, in per-request proxy
lookups and eth_abi's generic decoder.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

import orjson
import requests
from brownie import web3
from eth_abi import encode
from eth_utils import keccak

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


def _split(types: str) -> list[str]:
    """The top-level members of a comma-separated type list (tuples kept whole)."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(types):
        depth += ch == "("
        depth -= ch == ")"
        if ch == "," and depth == 0:
            parts.append(types[start:i])
            start = i + 1
    if types:
        parts.append(types[start:])
    return parts


def _decoder(types: tuple[str, ...]):
    """A decoder of the ABI encoding of ``types``, all static (uintN, bool, bytesN,
    address and tuples of them: one 32-byte word per member, tuples inline), as every view
    this test reads returns; eth_abi's generic decoder was the slower part of a check."""

    def build(kind: str):
        if kind.startswith("("):
            members = [build(t) for t in _split(kind[1:-1])]
            width = sum(w for _, w in members)

            def tuple_(words, at, members=members):
                out = []
                for fn, w in members:
                    out.append(fn(words, at))
                    at += w
                return tuple(out)

            return tuple_, width
        if kind == "bool":
            return (lambda words, at: words[at][-1] == "1"), 1
        if kind.startswith(("uint", "int")) and kind[-1] != "]":
            bits = int(kind.lstrip("uint") or 256)
            if kind.startswith("int"):
                return (lambda words, at: (v := int(words[at], 16)) - (v >> (bits - 1) << bits)), 1
            return (lambda words, at: int(words[at], 16)), 1
        if kind.startswith("bytes") and kind[5:].isdigit():
            n = 2 * int(kind[5:])
            return (lambda words, at: bytes.fromhex(words[at][:n])), 1
        if kind == "address":
            return (lambda words, at: "0x" + words[at][24:]), 1
        raise ValueError(f"not a static type this decoder knows: {kind}")

    top = build("(" + ",".join(types) + ")")[0]

    def decode(result: str) -> tuple:
        data = result[2:]
        return top([data[i : i + 64] for i in range(0, len(data), 64)], 0)

    return decode


@dataclass(frozen=True)
class View:
    """One ``eth_call``: a contract's view with its arguments, and its outputs' decoder."""

    address: str
    data: str
    decode: object


_VIEWS: dict[tuple, View] = {}
_DECODERS: dict[tuple, object] = {}


class Chain:
    """Raw transactions at pinned block times and batched views."""

    def __init__(self) -> None:
        self.sent = 0
        self.uri = web3.provider.endpoint_uri
        self.session = requests.Session()
        self.session.trust_env = False  # no proxy lookup in the environment per request

    def fast(self, calls: list[tuple[str, list]]) -> list[dict]:
        """Responses to a JSON-RPC batch sent on our own session (not web3's: see above)."""
        body = orjson.dumps([{"jsonrpc": "2.0", "id": i, "method": m, "params": p} for i, (m, p) in enumerate(calls)])
        response = self.session.post(self.uri, data=body, headers={"Content-Type": "application/json"})
        response.raise_for_status()
        return sorted(orjson.loads(response.content), key=lambda r: r["id"])

    def fast_rpc(self, method: str, params: list):
        (response,) = self.fast([(method, params)])
        if "error" in response:
            raise RuntimeError(f"{method} failed: {response['error']}")
        return response["result"]

    def rpc(self, method: str, params: list):
        response = web3.provider.make_request(method, params)
        if "error" in response:
            raise RuntimeError(f"{method} failed: {response['error']}")
        return response["result"]

    def send(self, account: str, contract, fn: str, args: tuple, at: int) -> dict:
        """Mine ``contract.fn(*args)`` from ``account`` in a block of time ``at``; returns
        the receipt (``status`` 1 or 0)."""
        data = getattr(contract, fn).encode_input(*args)
        self.fast_rpc("evm_setNextBlockTimestamp", [at])
        tx = {"from": account, "to": contract.address, "data": data, "gas": hex(GAS)}
        tx_hash = self.rpc("eth_sendTransaction", [tx])  # through web3: `make coverage` traces it
        # Anvil's automine may return the hash before the block is sealed: poll briefly
        for wait in POLL:
            receipt = self.fast_rpc("eth_getTransactionReceipt", [tx_hash])
            if receipt is not None:
                break
            time.sleep(wait)
        else:
            raise RuntimeError(f"transaction {tx_hash} not mined after {sum(POLL):.1f} s: {tx}")
        self.sent += 1
        return receipt

    def mine(self, at: int) -> None:
        self.fast_rpc("evm_setNextBlockTimestamp", [at])
        self.fast_rpc("evm_mine", [])

    def latest_time(self) -> int:
        return int(self.fast_rpc("eth_getBlockByNumber", ["latest", False])["timestamp"], 16)

    def view(self, contract, fn: str, *args) -> View:
        """The view ``contract.fn(*args)`` (encoded once per distinct call: Brownie's
        encoder is slow, and the checks repeat the same calls at every step)."""
        key = (contract.address, fn, args)
        view = _VIEWS.get(key)
        if view is None:
            abi = next(item for item in contract.abi if item.get("name") == fn and item["type"] == "function")
            types = tuple(_abi_type(o) for o in abi["outputs"])
            decoder = _DECODERS.get(types) or _DECODERS.setdefault(types, _decoder(types))
            view = _VIEWS[key] = View(contract.address, getattr(contract, fn).encode_input(*args), decoder)
        return view

    def read(self, views: list[View]) -> list[tuple]:
        """Every view's decoded outputs, in one JSON-RPC batch at the latest block."""
        if not views:
            return []
        calls = [("eth_call", [{"to": v.address, "data": v.data}, "latest"]) for v in views]
        out = []
        for v, response in zip(views, self.fast(calls), strict=True):
            if "error" in response:
                raise AssertionError(f"view reverted: {v} {response['error']}")
            out.append(v.decode(response["result"]))
        return out
