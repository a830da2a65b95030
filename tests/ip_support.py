"""Helpers of the IPRegistry tests: commitments, hex forms and expected custom errors."""

from __future__ import annotations

import brownie
from eth_abi import encode
from eth_utils import keccak

ZERO32 = "0x" + "00" * 32
ZERO16 = "0x" + "00" * 16

# IIPRegistry.Kind
DESIGN, PROCESS, SOFTWARE, DATASET, OTHER = range(5)


def hx(value: bytes) -> str:
    """The 0x-hex form Brownie returns for bytesN values."""
    return "0x" + bytes(value).hex()


def commit(salt: bytes, content_hash: bytes) -> bytes:
    """keccak256(abi.encodePacked(salt, contentHash)), as the contract computes it."""
    return keccak(salt + content_hash)


def asset_id(n: int) -> bytes:
    """A distinct commitment per number (a document with content ``doc-n``)."""
    return commit(n.to_bytes(32, "big"), keccak(f"doc-{n}".encode()))


def plain(values) -> tuple:
    """A returned tuple as plain ints and hex strings (Brownie's Wei refuses ``== int``
    inside tuple comparisons)."""
    return tuple(int(v) if isinstance(v, int) else str(v) for v in values)


def as_dict(asset_tuple) -> dict:
    """IIPRegistry.Asset as returned by ``getAsset``, keyed by field name."""
    keys = ["registrant", "registeredAt", "kind", "version", "root", "predecessor", "owner"]
    return dict(zip(keys, asset_tuple))


def _fmt(value) -> str:
    if isinstance(value, (bytes, bytearray)):
        return str(bytes(value))
    if hasattr(value, "address"):
        value = value.address
    if isinstance(value, str) and value.startswith("0x") and len(value) == 42:
        return value.lower()
    return str(value)


def error(name: str, *args) -> str:
    """``Name: arg, arg`` as Brownie renders the custom error ``Name(args)``."""
    return f"{name}: {', '.join(_fmt(a) for a in args)}" if args else f"{name}: "


def reverts_with(name: str, *args):
    """``brownie.reverts`` expecting exactly the custom error ``name(args)``."""
    return brownie.reverts(error(name, *args))


def encoded(signature: str, *args) -> bytes:
    """ABI encoding of a custom error as nested in ``BatchEntryRejected(index, reason)``."""
    types = [t for t in signature[signature.index("(") + 1 : -1].split(",") if t]
    return keccak(text=signature)[:4] + encode(types, list(args))


def batch_rejected(index: int, signature: str, *args):
    """``brownie.reverts`` expecting ``BatchEntryRejected(index, <signature>(args))``."""
    return reverts_with("BatchEntryRejected", index, encoded(signature, *args))
