"""The local mapping (sidecar) that keeps what does not go on chain.

The chain holds material numbers only as keccak256 hashes and whole payloads only as
their content hash. The importing side keeps the clear text here, so that an export can
restore it: material numbers by their on-chain hash, and each imported payload by its
payload hash (which also finds it again from the chain). The file is JSON:

    {"version": 1,
     "materials": {"0x<keccak256>": "MNR-7307-AU340474.002", ...},
     "documents": {"0x<payloadHash>": {"model": "WeekBasedCapacityGroup",
                                        "id": "<uuid>", "payload": {...}}, ...}}

It holds business data in clear text: keep it where the original payloads are kept.
"""

from __future__ import annotations

import copy
import logging
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any, ClassVar, Protocol
from uuid import UUID

from valuechain.errors import ConfigError

from ._codec import material_hash
from ._json import dumps, parse_json

log = logging.getLogger(__name__)

VERSION = 1


class Remembered(Protocol):
    """What the sidecar needs from a validated payload."""

    MODEL: ClassVar[str]

    @property
    def ident(self) -> UUID: ...

    @property
    def raw(self) -> dict[str, Any]: ...

    @property
    def payload_hash(self) -> bytes: ...

    def material_numbers(self) -> Iterable[str]: ...


class Sidecar:
    """Material numbers by on-chain hash and payloads by payload hash."""

    def __init__(self, materials: dict[str, str] | None = None,
                 documents: dict[str, dict[str, Any]] | None = None) -> None:
        self.materials: dict[str, str] = dict(materials or {})
        self.documents: dict[str, dict[str, Any]] = dict(documents or {})

    def remember(self, payload: Remembered) -> None:
        """Keep the clear text of ``payload`` (call it for every payload put on chain)."""
        for number in payload.material_numbers():
            self.remember_material(number)
        key = "0x" + payload.payload_hash.hex()
        self.documents.pop(key, None)  # re-imported: it becomes the latest of its id again
        self.documents[key] = {
            "model": payload.MODEL,
            "id": str(payload.ident),
            "payload": copy.deepcopy(payload.raw),
        }

    def remember_material(self, number: str) -> None:
        """Keep the clear text of one material (part) number put on chain as its hash."""
        self.materials["0x" + material_hash(number).hex()] = number

    def material_number(self, hash32: bytes) -> str | None:
        """The clear text of an on-chain material hash, if it was imported here."""
        return self.materials.get("0x" + bytes(hash32).hex())

    def document(self, model: str, payload_hash: bytes, ident: UUID) -> dict[str, Any] | None:
        """The payload with this hash; failing that, the latest payload of the same model
        and id (the chain may have moved on, e.g. a status update); else None."""
        entry = self.documents.get("0x" + bytes(payload_hash).hex())
        if entry is None or entry["model"] != model:
            same = [e for e in self.documents.values() if e["model"] == model and e["id"] == str(ident)]
            entry = same[-1] if same else None
        return None if entry is None else copy.deepcopy(entry["payload"])

    # --- file ---------------------------------------------------------------------------

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Sidecar:
        """The sidecar stored at ``path`` (empty when the file does not exist yet)."""
        path = Path(path)
        if not path.exists():
            return cls()
        try:
            data = parse_json(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            raise ConfigError(f"{path}: not a readable sidecar file ({exc})") from exc
        if (not isinstance(data, dict) or data.get("version") != VERSION
                or not isinstance(data.get("materials"), dict) or not isinstance(data.get("documents"), dict)):
            raise ConfigError(
                f"{path}: not a version {VERSION} sidecar (expected an object with version, materials, documents)"
            )
        for key, entry in data["documents"].items():
            if not (isinstance(entry, dict) and {"model", "id", "payload"} <= entry.keys()):
                raise ConfigError(f"{path}: documents[{key!r}] lacks model, id or payload")
        return cls(data["materials"], data["documents"])

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write atomically (a crash leaves the old file or the new one, never half)."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        text = dumps({"version": VERSION, "materials": self.materials, "documents": self.documents}) + "\n"
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")  # two writers never share a temporary file
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
        log.debug("sidecar saved to %s (%d documents, %d materials)", path, len(self.documents), len(self.materials))
