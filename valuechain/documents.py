"""Documents off chain, commitments on chain: hashing, salts and local receipts.

An org commits to a document by ``keccak256(abi.encode(org, salt, contentHash))``; the
chain files it under the asset id ``keccak256(abi.encode(org, commitment))``, derived from
the registering org, so a copied registration proves nothing for the copier. The
document and its salt stay with the owner. A lost salt makes the registration
unprovable, so the receipt that holds it is written before anything else can go wrong
and is never overwritten.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
from dataclasses import asdict, dataclass
from pathlib import Path

from Crypto.Hash import keccak as _keccak

from valuechain import jsonfile
from valuechain.errors import ConfigError, InputError
from valuechain.identity import bpnl_to_bytes16

log = logging.getLogger(__name__)

CHUNK = 1 << 20


def hash_file(path: Path | str) -> bytes:
    """keccak256 of a file's bytes, read in 1 MiB chunks (constant memory, any size)."""
    h = _keccak.new(digest_bits=256)
    try:
        with open(path, "rb") as fh:
            while chunk := fh.read(CHUNK):
                h.update(chunk)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file (expected an existing document)", what=str(path), expected="a file",
                         found="no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path} is a folder (expected a document file)", what=str(path), expected="a file",
                         found="a folder") from None
    except OSError as exc:
        why = exc.strerror or str(exc)
        raise InputError(f"{path}: cannot read it ({why}; expected a readable document)", what=str(path),
                         expected="a readable file", found=why) from None
    return h.digest()


def new_salt() -> bytes:
    return secrets.token_bytes(32)


def _word(value: bytes, size: int, what: str) -> bytes:
    """``value`` (``size`` bytes) as one ABI word: bytesN is padded on the right."""
    if len(value) != size:
        raise InputError(f"{what} must be {size} bytes, got {len(value)}", what=what, expected=f"{size} bytes",
                         found=f"{len(value)} bytes")
    return bytes(value).ljust(32, b"\x00")


def commitment(org: bytes, salt: bytes, content_hash: bytes) -> bytes:
    """What ``org`` (a 16-byte BPNL) commits to for a document:
    ``keccak256(abi.encode(org, salt, contentHash))``, as IPRegistry.commitmentOf computes it."""
    data = _word(org, 16, "org") + _word(salt, 32, "salt") + _word(content_hash, 32, "content hash")
    return _keccak.new(digest_bits=256, data=data).digest()


def asset_id(org: bytes, commitment_: bytes) -> bytes:
    """The id of the asset ``org`` registers with ``commitment_``:
    ``keccak256(abi.encode(org, commitment))``, as IPRegistry.assetIdOf computes it."""
    data = _word(org, 16, "org") + _word(commitment_, 32, "commitment")
    return _keccak.new(digest_bits=256, data=data).digest()


def _hex_bytes(value: str, what: str) -> bytes:
    try:
        return bytes.fromhex(value.removeprefix("0x"))
    except ValueError:
        raise InputError(f"{what} {value!r} is not hex", what=what, expected="hex digits", found=value) from None


@dataclass(frozen=True)
class Receipt:
    """What proves a registration later, to anyone: keep it as safe as the document.

    A third party checks it with the document alone: ``commitment`` follows from ``org``,
    ``salt`` and the document's hash, ``asset_id`` from ``org`` and ``commitment``, and
    IPRegistry.verify(asset_id, org, salt, contentHash) on chain ``chain_id`` at
    ``contract`` says whether ``org`` registered it; ``registered_at`` (block time) is its
    priority and ``registrant`` the org the chain records (filled in after mining)."""

    asset_id: str
    salt: str
    content_hash: str
    file_name: str
    chain_id: int
    contract: str
    org: str  # BPNL of the registering org
    commitment: str
    tx_hash: str = ""
    block: int = 0
    registered_at: int = 0
    registrant: str = ""

    @property
    def salt_bytes(self) -> bytes:
        return _hex_bytes(self.salt, "salt")

    @property
    def asset_bytes(self) -> bytes:
        return _hex_bytes(self.asset_id, "asset id")

    @property
    def content_hash_bytes(self) -> bytes:
        return _hex_bytes(self.content_hash, "content hash")

    @property
    def commitment_bytes(self) -> bytes:
        return _hex_bytes(self.commitment, "commitment")

    def check(self) -> None:
        """Raise InputError unless the commitment and the asset id follow from the org,
        the salt and the content hash (a receipt edited or made up by hand)."""
        org = bpnl_to_bytes16(self.org)
        expected = commitment(org, self.salt_bytes, self.content_hash_bytes)
        if expected != self.commitment_bytes:
            raise InputError(f"receipt of {self.file_name}: its commitment {self.commitment} is not the one of "
                             f"org {self.org}, its salt and content hash (0x{expected.hex()})",
                             what=f"receipt of {self.file_name}", where="commitment", expected="0x" + expected.hex(),
                             found=self.commitment)
        if asset_id(org, expected) != self.asset_bytes:
            wanted = "0x" + asset_id(org, expected).hex()
            raise InputError(f"receipt of {self.file_name}: its asset id {self.asset_id} is not org {self.org}'s id "
                             f"of its commitment ({wanted})", what=f"receipt of {self.file_name}", where="asset_id",
                             expected=wanted, found=self.asset_id)


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
        log.info("receipt of %s written to %s", receipt.file_name, path)
    except FileExistsError:
        raise ConfigError(f"{path} exists: a receipt is never overwritten (it may hold the only copy of a salt); "
                          "move it away or choose another --receipt-dir", what=str(path),
                          expected="no file there", found="an existing receipt") from None


def update_receipt(receipt: Receipt, path: Path) -> None:
    """Complete a receipt this process wrote (tx hash and block time after mining)."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(asdict(receipt), indent=2))
    tmp.replace(path)


def load_receipt(path: Path) -> Receipt:
    data = jsonfile.read_object(Path(path), "valuechain receipt")
    missing = [f for f in ("asset_id", "salt", "content_hash", "chain_id", "contract") if f not in data]
    if missing:
        raise InputError(f"{path}: not a valuechain receipt (missing {', '.join(missing)})", what=str(path),
                         where="$", expected="a valuechain receipt", found=f"no {', '.join(missing)}")
    if "org" not in data or "commitment" not in data:
        raise InputError(f"{path}: a receipt of the former commitment scheme (no org, no commitment): its "
                         "registration cannot be verified by this IPRegistry; register the document again",
                         what=str(path), expected="a receipt naming org and commitment",
                         found="a receipt of the former commitment scheme")
    try:
        return Receipt(**{k: data[k] for k in Receipt.__dataclass_fields__ if k in data})
    except TypeError as exc:
        raise InputError(f"{path}: {exc}", what=str(path), expected="a valuechain receipt", found=str(exc)) from None
