"""Registering, revising, transferring and proving innovations (IPRegistry).

A registration commits to the acting org, the document's hash and a fresh salt
(``documents.commitment``); the chain files it under an asset id derived from the org,
and ``verify`` answers for one org, so a transaction copied from the mempool gives the
copier nothing. The receipt written next to the document holds all a third party needs
to check the registration."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from enum import StrEnum
from pathlib import Path

from eth_utils import keccak
from web3.contract import Contract
from web3.contract.contract import ContractFunction
from web3.types import TxReceipt

from valuechain import abi, deploy, documents
from valuechain.abi import ZERO16, ZERO32
from valuechain.contract_types import Kind
from valuechain.documents import Receipt
from valuechain.errors import ChainError, InputError
from valuechain.identity import bpnl_to_bytes16, bytes16_to_bpnl
from valuechain.tx import Sender

log = logging.getLogger(__name__)


class Verdict(StrEnum):
    """What ``verify_file`` found."""

    MATCH = "match"  # the org registered this very document as the asset
    MISMATCH = "mismatch"  # the file is not the registered document (changed since?)
    NOT_REGISTRANT = "not-registrant"  # the document is the receipt's, but this org did not register it
    UNKNOWN = "unknown"  # no such asset on this chain


def acting_org(sender: Sender, ip: Contract) -> bytes:
    """The org (bytes16) the sender's account operates, from the IPRegistry's registry."""
    registry = deploy.at(sender.w3, "ConsortiumRegistry", ip.functions.registry().call())
    org = bytes(registry.functions.orgOf(sender.address).call())
    if org == ZERO16:
        raise ChainError(f"{sender.address} is not an operator of any member org: it cannot register IP")
    return org


def _register(sender: Sender, ip: Contract, path: Path, receipt_dir: Path | None,
              call: Callable[[bytes], ContractFunction], salt: bytes | None = None) -> tuple[Receipt, Path]:
    path = Path(path)
    org = acting_org(sender, ip)
    content = documents.hash_file(path)
    salt = salt or documents.new_salt()
    commitment = documents.commitment(org, salt, content)
    asset = documents.asset_id(org, commitment)
    receipt = Receipt(asset_id="0x" + asset.hex(), salt="0x" + salt.hex(), content_hash="0x" + content.hex(),
                      file_name=path.name, chain_id=sender.w3.eth.chain_id, contract=ip.address,
                      org=bytes16_to_bpnl(org), commitment="0x" + commitment.hex())
    where = documents.receipt_path(path, receipt_dir)
    documents.write_receipt(receipt, where)  # the salt is safe on disk before anything is sent
    log.info("registering %s for %s as asset %s", path.name, receipt.org, receipt.asset_id)
    tx = sender.transact(call(commitment), label=f"register {path.name}")
    info = abi.read(ip.functions.getAsset(asset))
    registrant, registered_at = bytes(info.registrant), info.registeredAt
    if registrant != org:  # cannot happen with this contract: the id is derived from the org
        raise ChainError(f"asset {receipt.asset_id} is not registered for {receipt.org} after tx "
                         f"0x{bytes(tx['transactionHash']).hex()}")
    receipt = replace(receipt, tx_hash="0x" + bytes(tx["transactionHash"]).hex(), block=tx["blockNumber"],
                      registered_at=registered_at, registrant=bytes16_to_bpnl(registrant))
    documents.update_receipt(receipt, where)
    return receipt, where


def register_file(sender: Sender, ip: Contract, path: Path, kind: Kind = Kind.DESIGN, metadata: str = "",
                  receipt_dir: Path | None = None, salt: bytes | None = None) -> tuple[Receipt, Path]:
    """Register ``path`` for the sender's org by a fresh salted commitment (``salt`` only
    where a run must repeat itself exactly: a seeded simulation); returns the receipt and
    where it is."""
    meta = keccak(text=metadata) if metadata else ZERO32
    return _register(sender, ip, path, receipt_dir, lambda c: ip.functions.register(c, meta, int(kind)), salt)


def revise_file(sender: Sender, ip: Contract, predecessor: bytes, path: Path, metadata: str = "",
                receipt_dir: Path | None = None) -> tuple[Receipt, Path]:
    """Register ``path`` as the next version after ``predecessor`` (the sender's org owns
    the lineage); returns the receipt and where it is."""
    meta = keccak(text=metadata) if metadata else ZERO32
    return _register(sender, ip, path, receipt_dir, lambda c: ip.functions.revise(predecessor, c, meta))


def transfer(sender: Sender, ip: Contract, asset: bytes, to: str, document_hash: bytes = ZERO32) -> TxReceipt:
    return sender.transact(ip.functions.transfer(asset, bpnl_to_bytes16(to), document_hash), label="transfer")


def verify_file(ip: Contract, path: Path, receipt: Receipt, org: str | None = None) -> Verdict:
    """A ``Verdict``: whether ``org`` (default: the receipt's) registered the file ``path``
    as the receipt's asset. Raises InputError when the receipt is for another chain or
    contract, or does not hold together (its commitment or asset id do not follow from
    its org, salt and content hash)."""
    if receipt.chain_id != ip.w3.eth.chain_id or receipt.contract.lower() != ip.address.lower():
        raise InputError(f"the receipt is for chain {receipt.chain_id}, contract {receipt.contract}; "
                         f"connected to chain {ip.w3.eth.chain_id}, contract {ip.address}")
    receipt.check()
    asset = receipt.asset_bytes
    if not ip.functions.exists(asset).call():
        return Verdict.UNKNOWN
    content = documents.hash_file(path)
    claimed = bpnl_to_bytes16(org or receipt.org)
    if ip.functions.verify(asset, claimed, receipt.salt_bytes, content).call():
        return Verdict.MATCH
    return Verdict.MISMATCH if content != receipt.content_hash_bytes else Verdict.NOT_REGISTRANT
