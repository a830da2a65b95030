"""The onboarding journal: what was sent, written to disk before anyone waits for it.

One JSON object per line, appended and fsync'd, one file per chain and registry. A
batch is recorded (its rows, sender, nonce and, when known in advance, its tx hash)
*before* its transaction is sent; then ``sent`` (the tx hash), then ``mined`` (block,
status) or ``abandoned`` (the transaction can no longer be mined). A rerun reads it to
find transactions that may still be pending; the chain stays the source of truth for
what is done.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Self

from valuechain.errors import ConfigError
from valuechain.onboarding.validate import SupplierRow

log = logging.getLogger(__name__)

FORMAT = 1


@dataclass
class JournalBatch:
    """A batch as the journal knows it."""

    id: str
    sender: str
    nonce: int
    rows: list[dict[str, Any]]
    tx: str | None = None
    outcome: str | None = None  # None (open), "mined", "abandoned"
    block: int | None = None
    status: int | None = None
    reason: str | None = None

    @property
    def is_open(self) -> bool:
        return self.outcome is None

    @property
    def bpnls(self) -> list[str]:
        return [r["bpnl"] for r in self.rows]


@dataclass
class Journal:
    """An open journal file; holds an exclusive lock so two runs cannot interleave."""

    path: Path
    batches: dict[str, JournalBatch] = field(default_factory=dict)
    _fd: int = -1

    @classmethod
    def open(cls, directory: Path, chain_id: int, registry: str) -> Journal:
        directory.mkdir(parents=True, exist_ok=True)
        path = directory / f"onboarding-{chain_id}-{registry}.jsonl"
        created = not path.exists()
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise ConfigError(f"{path} is in use by another onboarding run on this machine; let it finish first",
                              what=str(path), expected="a journal no other run holds",
                              found="locked by another run") from None
        if created:
            _fsync_dir(directory)
        journal = cls(path, _fd=fd)
        journal._load()
        log.debug("journal %s opened (%d batches, %d open)", path, len(journal.batches), len(journal.open_batches()))
        return journal

    @classmethod
    def read(cls, path: Path) -> Journal:
        """The journal at ``path`` for reading only (a dry run): no lock, no repair."""
        journal = cls(path)
        journal._parse(path.read_bytes())
        return journal

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)  # releases the lock
            self._fd = -1

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ writing

    def begin(self, sender: str, nonce: int, rows: list[SupplierRow], tx: str | None = None) -> JournalBatch:
        """Record a batch about to be sent (``tx`` when the hash is known before sending)."""
        batch = JournalBatch(uuid.uuid4().hex[:16], sender, nonce, [_row_record(r) for r in rows], tx)
        self._append({"kind": "batch", "id": batch.id, "sender": sender, "nonce": nonce, "tx": tx, "rows": batch.rows})
        self.batches[batch.id] = batch
        return batch

    def sent(self, batch: JournalBatch, tx: str) -> None:
        batch.tx = tx
        self._append({"kind": "sent", "id": batch.id, "tx": tx})

    def mined(self, batch: JournalBatch, tx: str, block: int, status: int) -> None:
        batch.tx, batch.outcome, batch.block, batch.status = tx, "mined", block, status
        self._append({"kind": "mined", "id": batch.id, "tx": tx, "block": block, "status": status})

    def abandoned(self, batch: JournalBatch, reason: str) -> None:
        batch.outcome, batch.reason = "abandoned", reason
        self._append({"kind": "abandoned", "id": batch.id, "reason": reason})

    def _append(self, record: dict[str, Any]) -> None:
        record = {"v": FORMAT, "at": round(time.time(), 3), **record}
        os.write(self._fd, (json.dumps(record, separators=(",", ":")) + "\n").encode())
        os.fsync(self._fd)

    # ------------------------------------------------------------------ reading

    def open_batches(self) -> list[JournalBatch]:
        """Batches whose transaction was (maybe) sent but whose fate is not recorded."""
        return [b for b in self.batches.values() if b.is_open]

    def admitted_by(self) -> dict[tuple[str, str], JournalBatch]:
        """(bpnl, operator) -> the successful batch that admitted it, per the journal."""
        done: dict[tuple[str, str], JournalBatch] = {}
        for b in self.batches.values():
            if b.outcome == "mined" and b.status == 1:
                for r in b.rows:
                    done[(r["bpnl"], r["operator"])] = b
        return done

    def _load(self) -> None:
        data = self.path.read_bytes()
        if data and not data.endswith(b"\n"):
            # A write torn by a crash: its fsync never returned, so nothing relied on it.
            keep = data.rfind(b"\n") + 1
            os.ftruncate(self._fd, keep)
            os.fsync(self._fd)
            data = data[:keep]
        self._parse(data)

    def _parse(self, data: bytes) -> None:
        if data and not data.endswith(b"\n"):
            data = data[: data.rfind(b"\n") + 1]  # a torn last record (read-only: left in place)
        for number, line in enumerate(data.decode().splitlines(), start=1):
            if not line.strip():
                continue
            try:
                self._apply(json.loads(line))
            except (ValueError, KeyError, TypeError) as exc:
                raise ConfigError(f"{self.path}: line {number} is not a journal record ({exc}); "
                                  "the file was edited or damaged") from None

    def _apply(self, rec: dict[str, Any]) -> None:
        kind = rec["kind"]
        if kind == "batch":
            self.batches[rec["id"]] = JournalBatch(rec["id"], rec["sender"], int(rec["nonce"]), rec["rows"], rec.get("tx"))
            return
        batch = self.batches[rec["id"]]
        if kind == "sent":
            batch.tx = rec["tx"]
        elif kind == "mined":
            batch.tx, batch.outcome, batch.block, batch.status = rec["tx"], "mined", int(rec["block"]), int(rec["status"])
        elif kind == "abandoned":
            batch.outcome, batch.reason = "abandoned", rec.get("reason")
        else:
            raise ValueError(f"unknown record kind {kind!r}")


def _row_record(row: SupplierRow) -> dict[str, Any]:
    return {"row": row.row, "bpnl": row.bpnl, "operator": row.operator, "roles": row.roles,
            "profile": "0x" + row.profile_hash.hex()}


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
