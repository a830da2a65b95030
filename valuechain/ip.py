"""Registering, revising, transferring and proving innovations (IPRegistry)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timezone
from enum import IntEnum
from pathlib import Path

from eth_utils import keccak
from web3.contract import Contract

from valuechain import documents
from valuechain.documents import Receipt
from valuechain.errors import InputError
from valuechain.identity import bpnl_to_bytes16, bytes16_to_bpnl
from valuechain.tx import Sender


class Kind(IntEnum):
    DESIGN = 0
    PROCESS = 1
    SOFTWARE = 2
    DATASET = 3
    OTHER = 4


def _register(sender: Sender, ip: Contract, path: Path, receipt_dir: Path | None, call) -> tuple[Receipt, Path]:
    path = Path(path)
    content = documents.hash_file(path)
    salt = documents.new_salt()
    asset = documents.commitment(salt, content)
    receipt = Receipt("0x" + asset.hex(), "0x" + salt.hex(), "0x" + content.hex(), path.name,
                      sender.w3.eth.chain_id, ip.address)
    where = documents.receipt_path(path, receipt_dir)
    documents.write_receipt(receipt, where)  # the salt is safe on disk before anything is sent
    tx = sender.transact(call(asset), label=f"register {path.name}")
    block = sender.w3.eth.get_block(tx["blockNumber"])
    receipt = replace(receipt, tx_hash="0x" + bytes(tx["transactionHash"]).hex(), block=tx["blockNumber"],
                      block_time=block["timestamp"])
    documents.update_receipt(receipt, where)
    return receipt, where


def register_file(sender: Sender, ip: Contract, path: Path, kind: Kind = Kind.DESIGN, metadata: str = "",
                  receipt_dir: Path | None = None) -> tuple[Receipt, Path]:
    """Register ``path`` by a fresh salted commitment; returns the receipt and where it is."""
    meta = keccak(text=metadata) if metadata else b"\x00" * 32
    return _register(sender, ip, path, receipt_dir, lambda asset: ip.functions.register(asset, meta, int(kind)))


def revise_file(sender: Sender, ip: Contract, predecessor: bytes, path: Path, metadata: str = "",
                receipt_dir: Path | None = None) -> tuple[Receipt, Path]:
    meta = keccak(text=metadata) if metadata else b"\x00" * 32
    return _register(sender, ip, path, receipt_dir, lambda asset: ip.functions.revise(predecessor, asset, meta))


def transfer(sender: Sender, ip: Contract, asset: bytes, to: str, document_hash: bytes = b"\x00" * 32) -> dict:
    return sender.transact(ip.functions.transfer(asset, bpnl_to_bytes16(to), document_hash), label="transfer")


def verify_file(ip: Contract, path: Path, receipt: Receipt) -> str:
    """``match``, ``mismatch`` (the file is not the registered one) or ``unknown`` (no
    such asset on this chain). Raises InputError when the receipt is for another chain."""
    if receipt.chain_id != ip.w3.eth.chain_id or receipt.contract.lower() != ip.address.lower():
        raise InputError(f"the receipt is for chain {receipt.chain_id}, contract {receipt.contract}; "
                         f"connected to chain {ip.w3.eth.chain_id}, contract {ip.address}")
    asset = receipt.asset_bytes
    if not ip.functions.exists(asset).call():
        return "unknown"
    ok = ip.functions.verify(asset, receipt.salt_bytes, documents.hash_file(path)).call()
    return "match" if ok else "mismatch"


@dataclass(frozen=True)
class HistoryEntry:
    time: datetime
    event: str
    asset: str
    owner: str
    detail: str


def history(ip: Contract, asset: bytes) -> list[HistoryEntry]:
    """Versions and owners of ``asset``'s lineage over time, oldest first."""
    root = ip.functions.rootOf(asset).call()
    if root == b"\x00" * 32:
        raise InputError(f"unknown asset 0x{asset.hex()}")
    entries = []
    for i in range(1, ip.functions.versionCount(root).call() + 1):
        v = ip.functions.versionAt(root, i).call()
        a = ip.functions.getAsset(v).call()
        when = datetime.fromtimestamp(a[1], tz=timezone.utc)
        entries.append(HistoryEntry(when, "registered" if i == 1 else f"revision {i}", "0x" + bytes(v).hex(),
                                    bytes16_to_bpnl(a[0]), Kind(a[2]).name.lower()))
    owner = entries[0].owner
    for i in range(ip.functions.transferCount(root).call()):
        ts, to = ip.functions.transferAt(root, i).call()
        entries.append(HistoryEntry(datetime.fromtimestamp(ts, tz=timezone.utc), "transferred",
                                    "0x" + bytes(root).hex(), bytes16_to_bpnl(to), f"from {owner}"))
        owner = bytes16_to_bpnl(to)
    return sorted(entries, key=lambda e: e.time)  # stable: registrations before transfers of the same second
