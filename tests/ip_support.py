"""Helpers of the IPRegistry tests: commitments, hex forms and expected custom errors."""

from __future__ import annotations

from eth_abi import encode
from eth_utils import keccak

from tests.errors import encoded, error, reverts_with  # noqa: F401  (the IP tests import them from here)

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


def batch_rejected(index: int, signature: str, *args):
    """``brownie.reverts`` expecting ``BatchEntryRejected(index, <signature>(args))``."""
    return reverts_with("BatchEntryRejected", index, encoded(signature, *args))
