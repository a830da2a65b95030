"""Documents off chain, commitments on chain: hashing, salts and local receipts.

The chain holds ``keccak256(salt ‖ contentHash)``; the document and its salt stay with
the owner. A lost salt makes the registration unprovable, so the receipt that holds it
is written before anything else can go wrong and is never overwritten.
"""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import asdict, dataclass
from pathlib import Path

from Crypto.Hash import keccak as _keccak

from valuechain.errors import ConfigError, InputError

CHUNK = 1 << 20


def hash_file(path: Path | str) -> bytes:
    """keccak256 of a file's bytes, read in 1 MiB chunks (constant memory, any size)."""
    h = _keccak.new(digest_bits=256)
    try:
        with open(path, "rb") as fh:
            while chunk := fh.read(CHUNK):
                h.update(chunk)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    return h.digest()


def new_salt() -> bytes:
    return secrets.token_bytes(32)


def commitment(salt: bytes, content_hash: bytes) -> bytes:
    """The asset id: ``keccak256(abi.encodePacked(salt, contentHash))`` as IPRegistry computes it."""
    if len(salt) != 32 or len(content_hash) != 32:
        raise InputError("salt and content hash must be 32 bytes each")
    return _keccak.new(digest_bits=256, data=salt + content_hash).digest()


@dataclass(frozen=True)
class Receipt:
    """What proves a registration later: keep it as safe as the document."""

    asset_id: str
    salt: str
    content_hash: str
    file_name: str
    chain_id: int
    contract: str
    tx_hash: str = ""
    block: int = 0
    block_time: int = 0

    @property
    def salt_bytes(self) -> bytes:
        return bytes.fromhex(self.salt.removeprefix("0x"))

    @property
    def asset_bytes(self) -> bytes:
        return bytes.fromhex(self.asset_id.removeprefix("0x"))


def receipt_path(document: Path, folder: Path | None = None) -> Path:
    return (folder or document.parent) / f"{document.name}.receipt.json"


def write_receipt(receipt: Receipt, path: Path) -> None:
    """Create ``path``; refuses to overwrite an existing receipt (it may hold the only salt)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(path, "x", encoding="utf-8") as fh:
            json.dump(asdict(receipt), fh, indent=2)
            fh.flush()
            os.fsync(fh.fileno())
    except FileExistsError:
        raise ConfigError(f"{path} exists: a receipt is never overwritten (it may hold the only copy of a salt); "
                          "move it away or choose another --receipt-dir") from None


def update_receipt(receipt: Receipt, path: Path) -> None:
    """Complete a receipt this process wrote (tx hash and block time after mining)."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(asdict(receipt), indent=2))
    tmp.replace(path)


def load_receipt(path: Path) -> Receipt:
    try:
        data = json.loads(Path(path).read_text())
    except FileNotFoundError:
        raise InputError(f"{path}: no such receipt") from None
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}: malformed JSON at line {exc.lineno} column {exc.colno}: {exc.msg}") from None
    missing = [f for f in ("asset_id", "salt", "content_hash", "chain_id", "contract") if f not in data]
    if missing:
        raise InputError(f"{path}: not a valuechain receipt (missing {', '.join(missing)})")
    try:
        return Receipt(**{k: data[k] for k in Receipt.__dataclass_fields__ if k in data})
    except TypeError as exc:
        raise InputError(f"{path}: {exc}") from None
