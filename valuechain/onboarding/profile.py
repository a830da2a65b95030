"""The profile column: a 0x-prefixed 32-byte hash, or the path of a document to hash."""

from __future__ import annotations

import re
from pathlib import Path

from eth_hash.auto import keccak

_HASH = re.compile(r"^0x[0-9a-fA-F]{64}$")
_CHUNK = 1 << 20


def keccak_file(path: Path) -> bytes:
    """keccak256 of a file's bytes, read in 1 MiB chunks (documents may be large)."""
    hasher = keccak.new(b"")
    with path.open("rb") as f:
        while chunk := f.read(_CHUNK):
            hasher.update(chunk)
    return hasher.digest()


class ProfileResolver:
    """Turns profile cells into hashes; a document named by several rows is read once.

    Returns ``(hash, None)`` or ``(None, what was expected)`` so validation can collect
    the problem with the rest instead of stopping at it."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._hashes: dict[Path, bytes] = {}

    def resolve(self, value: str) -> tuple[bytes | None, str | None]:
        if _HASH.match(value):
            return bytes.fromhex(value[2:]), None
        if not value:
            return None, "a 0x-prefixed 32-byte hash (64 hex digits) or the path of the profile document"
        if value.lower().startswith("0x") and re.fullmatch(r"0x[0-9a-fA-F]*", value):
            return None, f"a 0x-prefixed 32-byte hash: 64 hex digits, this has {len(value) - 2}"
        path = Path(value).expanduser()
        if not path.is_absolute():
            path = self.folder / path
        path = path.resolve()
        if path in self._hashes:
            return self._hashes[path], None
        if not path.is_file():
            return None, f"a 0x 32-byte hash or an existing document (no file at {path})"
        try:
            digest = keccak_file(path)
        except OSError as exc:
            return None, f"a readable profile document ({path}: {exc.strerror or exc})"
        self._hashes[path] = digest
        return digest, None
