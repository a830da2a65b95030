"""Merkle commitments to lists of ids, as OpenZeppelin's MerkleProof verifies them.

A leaf is ``keccak256(bytes.concat(keccak256(abi.encode(itemId))))`` (the double hash of
OpenZeppelin's StandardMerkleTree: a leaf can never pass for an inner node), inner nodes
hash their two children sorted (``Hashes.commutativeKeccak256``), and a node without a
sibling moves up unchanged. QualityNotifications stores the root of the affected items of
a notification; ``isListed(id, itemId, proof)`` checks a proof made here."""

from __future__ import annotations

from collections.abc import Sequence

from eth_abi import encode
from eth_utils import keccak

from valuechain.errors import InputError


def leaf(item_id: str) -> bytes:
    """The leaf of ``item_id``."""
    return keccak(keccak(encode(["string"], [item_id])))


def _pair(a: bytes, b: bytes) -> bytes:
    return keccak(a + b) if a < b else keccak(b + a)


def _layers(items: Sequence[str]) -> list[list[bytes]]:
    if not items:
        raise InputError("a Merkle tree needs at least one item", what="affected items", expected="at least one id",
                         found="none")
    if len(set(items)) != len(items):
        dup = next(i for i in items if list(items).count(i) > 1)
        raise InputError(f"affected item {dup!r} is listed twice", what="affected items", expected="distinct ids",
                         found=dup)
    layer = sorted(leaf(i) for i in items)
    layers = [layer]
    while len(layer) > 1:
        layer = [_pair(layer[i], layer[i + 1]) if i + 1 < len(layer) else layer[i] for i in range(0, len(layer), 2)]
        layers.append(layer)
    return layers


def root(items: Sequence[str]) -> bytes:
    """The root over ``items`` (distinct, at least one; their order does not matter)."""
    return _layers(items)[-1][0]


def proof(items: Sequence[str], item_id: str) -> list[bytes]:
    """The proof that ``item_id`` is one of ``items``."""
    layers = _layers(items)
    target = leaf(item_id)
    if target not in layers[0]:
        raise InputError(f"{item_id!r} is not one of the {len(items)} affected items", what="affected item",
                         expected="an id of the list", found=item_id)
    index, out = layers[0].index(target), []
    for layer in layers[:-1]:
        sibling = index ^ 1
        if sibling < len(layer):
            out.append(layer[sibling])
        index //= 2
    return out


def verify(root_: bytes, item_id: str, proof_: Sequence[bytes]) -> bool:
    """What MerkleProof.verify answers for ``item_id`` under ``root_``."""
    node = leaf(item_id)
    for p in proof_:
        node = _pair(node, p)
    return node == root_
