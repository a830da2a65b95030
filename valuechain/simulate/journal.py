"""The journal of a simulation run: one JSON line per completed step, in a file keyed by
the seed, the parameters and the chain (its id and genesis block hash), so a rerun of the
same simulation on the same chain skips every step that landed and one on a fresh chain
starts over.

A step is written after its transactions are mined, with what it returned (order ids,
licence ids) and the gas and transactions it took, so a resumed run has the figures of
an uninterrupted one. Before a step sends, ``begin`` notes the nonces of its parties: a
crash between sending and journaling (the process killed while a transaction was in
flight) is found on the rerun, and the step is refused rather than sent twice."""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from valuechain.errors import ChainError

log = logging.getLogger(__name__)


@dataclass
class Entry:
    step: str
    result: Any = None
    gas: int = 0
    txs: int = 0
    events: int = 0
    log_bytes: int = 0  # what its events take in receipts: 32 bytes a topic plus the data


@dataclass
class Journal:
    path: Path
    header: dict[str, Any]
    done: dict[str, Entry] = field(default_factory=dict)
    begun: dict[str, dict[str, int]] = field(default_factory=dict)

    @classmethod
    def open(cls, path: Path, header: dict[str, Any]) -> Journal:
        """The journal at ``path`` (created with ``header``); one with another header is refused."""
        journal = cls(path, header)
        if path.exists():
            lines = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
            if lines and lines[0].get("header") != header:
                raise ChainError(f"{path}: the journal of another run ({lines[0].get('header')}; expected {header}): "
                                 "give this run a --run-dir of its own", what="journal", where=str(path),
                                 expected=header, found=lines[0].get("header"))
            for line in lines[1:]:
                if "begin" in line:
                    journal.begun[line["begin"]] = line["nonces"]
                else:
                    journal.done[line["step"]] = Entry(line["step"], line.get("result"), line["gas"], line["txs"],
                                                         line.get("events", 0), line.get("log_bytes", 0))
                    journal.begun.pop(line["step"], None)
            log.info("journal %s: %d steps done", path, len(journal.done))
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            journal._append({"header": header})
        return journal

    def _append(self, record: dict[str, Any], sync: bool = True) -> None:
        with self.path.open("a") as f:
            f.write(json.dumps(record, sort_keys=True) + "\n")
            if sync:  # a finished step is on disk before the next one sends
                f.flush()
                os.fsync(f.fileno())

    def begin(self, step: str, nonces: dict[str, int]) -> None:
        self.begun[step] = nonces
        self._append({"begin": step, "nonces": nonces}, sync=False)  # the finish line syncs it

    def finish(self, entry: Entry) -> None:
        self.done[entry.step] = entry
        self.begun.pop(entry.step, None)
        self._append({"step": entry.step, "result": entry.result, "gas": entry.gas, "txs": entry.txs,
                      "events": entry.events, "log_bytes": entry.log_bytes})

    def gas(self) -> int:
        return sum(e.gas for e in self.done.values())

    def txs(self) -> int:
        return sum(e.txs for e in self.done.values())

    def events(self) -> int:
        return sum(e.events for e in self.done.values())
