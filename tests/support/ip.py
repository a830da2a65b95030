"""Helpers of the IPRegistry tests: commitments and asset ids (computed independently of
valuechain.documents), hex forms and expected custom errors."""

from __future__ import annotations

from eth_abi import encode
from eth_utils import keccak

from tests.support.errors import encoded, error, reverts_with  # noqa: F401  (the IP tests import them from here)
from valuechain.contract_types import Asset, Kind

ZERO32 = "0x" + "00" * 32
ZERO16 = "0x" + "00" * 16

DESIGN, PROCESS, SOFTWARE, DATASET, OTHER = (int(k) for k in Kind)


def hx(value: bytes) -> str:
    """The 0x-hex form Brownie returns for bytesN values."""
    return "0x" + bytes(value).hex()


def commitment_of(org: bytes, salt: bytes, content_hash: bytes) -> bytes:
    """keccak256(abi.encode(org, salt, contentHash)): what an org commits to (off chain)."""
    return keccak(encode(["bytes16", "bytes32", "bytes32"], [org, salt, content_hash]))


def asset_of(org: bytes, commitment: bytes) -> bytes:
    """keccak256(abi.encode(org, commitment)): the asset id the chain derives for ``org``."""
    return keccak(encode(["bytes16", "bytes32"], [org, commitment]))


def document(n: int) -> tuple[bytes, bytes]:
    """The (salt, contentHash) of document number ``n`` (content ``doc-n``)."""
    return n.to_bytes(32, "big"), keccak(f"doc-{n}".encode())


def commitment(n: int, org: bytes) -> bytes:
    """The commitment ``org`` registers for document number ``n``."""
    return commitment_of(org, *document(n))


def asset_id(n: int, org: bytes) -> bytes:
    """The id of the asset ``org`` registers for document number ``n``."""
    return asset_of(org, commitment(n, org))


def plain(values) -> tuple:
    """A returned tuple as plain ints and hex strings (Brownie's Wei refuses ``== int``
    inside tuple comparisons)."""
    return tuple(int(v) if isinstance(v, int) else str(v) for v in values)


def as_dict(asset_tuple) -> dict:
    """IIPRegistry.Asset as returned by ``getAsset``, keyed by field name."""
    return dict(zip(Asset._fields, asset_tuple, strict=True))


def batch_rejected(index: int, signature: str, *args):
    """``brownie.reverts`` expecting ``BatchEntryRejected(index, <signature>(args))``."""
    return reverts_with("BatchEntryRejected", index, encoded(signature, *args))
