"""Sending the plan's rows in batches, each journaled before anyone waits for it.

Per batch: estimate (a row the chain would refuse is taken out, with the reason, and
the rest goes on), have ``tx.Sender`` prepare it with a pinned nonce, record it in the
journal (with its tx hash when the sender signs locally, so the hash is on disk before
the transaction leaves), send, record the hash, and only then wait. Up to
``max_in_flight`` batches are pending at once, so a chain with block times confirms
them in consecutive blocks rather than one per round trip. Pricing, numbering, signing
and sending are the Sender's: this module only decides what goes in which batch.
"""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from web3 import Web3
from web3.contract import Contract
from web3.exceptions import TimeExhausted
from web3.types import TxReceipt

from valuechain.errors import ChainError
from valuechain.onboarding import calldata, chainstate
from valuechain.onboarding.journal import Journal, JournalBatch
from valuechain.onboarding.plan import holds
from valuechain.onboarding.sizing import BatchRejected, Sizing, estimate
from valuechain.onboarding.validate import SupplierRow
from valuechain.tx import Sender

log = logging.getLogger(__name__)

GAS_BUFFER = 1.1  # over the estimate, capped at the block gas limit
RETRIES = 1  # times rows of a batch that reverted on chain are sent again


@dataclass(frozen=True)
class BatchEvent:
    """Reported to ``on_batch`` when a batch was submitted and when it was mined."""

    kind: str  # "submitted" | "mined"
    number: int  # 1-based, in sending order
    tx: str
    rows: tuple[SupplierRow, ...]
    block: int | None = None
    gas_used: int | None = None
    status: int | None = None


@dataclass
class RowOutcome:
    status: str  # admitted | already_present | rejected
    reason: str | None = None
    tx: str | None = None
    block: int | None = None


@dataclass
class SentBatch:
    number: int
    rows: int
    tx: str
    block: int | None = None
    gas_used: int | None = None
    status: int | None = None


@dataclass
class _InFlight:
    number: int
    rows: list[SupplierRow]
    journal: JournalBatch
    tx: str


@dataclass
class Executor:
    sender: Sender
    registry: Contract
    journal: Journal
    sizing: Sizing
    on_batch: Callable[[BatchEvent], None] | None = None
    advance: Callable[[int, str], None] = lambda _n, _text: None
    max_in_flight: int = 4
    wait_timeout: float = 120.0
    poll: float = 0.05
    #: seconds without a new block before a waiting batch says the chain stalled
    stall_after: float = 10.0
    #: a line of the narrative with its logging level (run.onboard's narrator)
    say: Callable[[str, int], None] = lambda _m, _level: None
    outcomes: dict[int, RowOutcome] = field(default_factory=dict)
    batches: list[SentBatch] = field(default_factory=list)

    def run(self, rows: list[SupplierRow]) -> dict[int, RowOutcome]:
        """Admit ``rows``; returns the outcome per spreadsheet row number."""
        queue: deque[list[SupplierRow]] = deque()
        start = 0
        for length in self.sizing.batches(len(rows)):
            queue.append(rows[start : start + length])
            start += length
        self._fees = self.sender.fee_fields()  # priced once for the whole run
        self.sender.sync_nonce()  # numbered from the node's pending count
        self._tries: dict[int, int] = {}
        in_flight: deque[_InFlight] = deque()
        while queue or in_flight:
            if queue and len(in_flight) < self.max_in_flight:
                item = self._submit(queue.popleft())
                if item is not None:
                    in_flight.append(item)
            else:
                self._finish(in_flight.popleft(), queue)
        return self.outcomes

    # ------------------------------------------------------------------ one batch

    def _submit(self, rows: list[SupplierRow]) -> _InFlight | None:
        rows, data, gas = self._admissible(rows)
        if not rows:
            return None
        prepared = self.sender.prepare(to=self.registry.address, data=data, gas=gas, fees=self._fees, pin_nonce=True,
                                       label="admitBatch")
        # a locally signed batch has its hash on disk before the transaction leaves
        batch = self.journal.begin(self.sender.address, prepared.params["nonce"], rows, tx=prepared.tx_hash)
        tx = Web3.to_hex(self.sender.send(prepared))
        self.journal.sent(batch, tx)
        item = _InFlight(len(self.batches) + 1, rows, batch, tx)
        self.batches.append(SentBatch(item.number, len(rows), tx))
        self.advance(0, f"batch {item.number} submitted ({len(rows)} rows)")
        self._event(BatchEvent("submitted", item.number, tx, tuple(rows)))
        return item

    def _finish(self, item: _InFlight, queue: deque[list[SupplierRow]]) -> None:
        receipt = self._wait(item)
        block, status, gas_used = int(receipt["blockNumber"]), int(receipt["status"]), int(receipt["gasUsed"])
        self.journal.mined(item.journal, item.tx, block, status)
        sent = self.batches[item.number - 1]
        sent.block, sent.status, sent.gas_used = block, status, gas_used
        if status == 1:
            for row in item.rows:
                self.outcomes[row.row] = RowOutcome("admitted", None, item.tx, block)
            self.advance(len(item.rows), f"batch {item.number} mined in block {block}")
        else:
            self._reverted(item, block, queue)
        self._event(BatchEvent("mined", item.number, item.tx, tuple(item.rows), block, gas_used, status))

    def _wait(self, item: _InFlight) -> TxReceipt:
        """The receipt of ``item``, waiting up to ``wait_timeout`` s. While the chain seals
        no block for ``stall_after`` s (a proof-of-authority chain halts when too few
        validators are online) it says so once, and again when blocks come back."""
        w3 = self.sender.w3
        start = time.monotonic()
        deadline = start + self.wait_timeout
        head, moved, stalled = w3.eth.block_number, start, False
        while True:
            step = max(min(self.stall_after, deadline - time.monotonic()), self.poll)
            try:
                return self.sender.wait(item.tx, timeout=step, poll=self.poll, check=False)
            except TimeExhausted:
                pass
            now, latest = time.monotonic(), w3.eth.block_number
            if latest != head:
                head, moved = latest, now
                if stalled:
                    stalled = False
                    self.say(f"the chain seals blocks again (block {head}): batch {item.number} goes on", logging.INFO)
            idle = now - moved
            if now >= deadline:
                why = (f": the chain has sealed no block since block {head} ({idle:.0f} s; too few validators "
                       "online?)" if idle >= self.stall_after else "")
                raise ChainError(f"batch {item.number} (tx {item.tx}) not mined after {self.wait_timeout:.0f} s{why}; "
                                 "rerun later: the journal keeps it and nothing is sent twice",
                                 what=f"batch {item.number}", where=f"tx {item.tx}", expected="mined",
                                 found=f"no block since {head}" if why else "pending") from None
            if idle >= self.stall_after and not stalled:
                stalled = True
                self.say(f"waiting for batch {item.number}: the chain has sealed no block since block {head} "
                         f"({idle:.0f} s; a proof-of-authority chain halts when too few of its validators are "
                         f"online); waiting up to {deadline - now:.0f} s more (Ctrl-C is safe: rerun to finish)",
                         logging.WARNING)
                self.advance(0, f"chain stalled at block {head}: waiting")

    def _reverted(self, item: _InFlight, block: int, queue: deque[list[SupplierRow]]) -> None:
        """A batch that passed estimation reverted on chain (the state moved in between):
        rows the chain now holds as planned are done; the others are sent once more."""
        snapshot = chainstate.read_rows(self.registry, item.rows)
        again = []
        for row in item.rows:
            if holds(snapshot, row):
                self.outcomes[row.row] = RowOutcome("already_present", "admitted meanwhile by another transaction")
                self.advance(1, "")
            elif self._tries.get(row.row, 0) < RETRIES:
                self._tries[row.row] = self._tries.get(row.row, 0) + 1
                again.append(row)
            else:
                self.outcomes[row.row] = RowOutcome("rejected", f"its batch reverted on chain (tx {item.tx}, block {block})")
                self.advance(1, "")
        if again:
            queue.append(again)

    def _admissible(self, rows: list[SupplierRow]) -> tuple[list[SupplierRow], bytes, int]:
        """The rows the chain accepts now, their calldata and the gas to send them with.
        A row refused since planning (someone admitted it or took its operator
        meanwhile) is taken out with the chain's reason."""
        rows = list(rows)
        while rows:
            data = calldata.admit_batch(rows)
            try:
                gas = estimate(self.registry, self.sender.address, rows, data)
                return rows, data, min(int(gas * GAS_BUFFER), self.sizing.block_gas_limit)
            except BatchRejected as exc:
                if exc.index is None or exc.index >= len(rows):
                    raise ChainError(f"the registry refuses the batch as a whole: {exc.reason}") from None
                row = rows.pop(exc.index)
                snapshot = chainstate.read_rows(self.registry, [row])
                if holds(snapshot, row):
                    self.outcomes[row.row] = RowOutcome("already_present", "admitted meanwhile by another transaction")
                else:
                    self.outcomes[row.row] = RowOutcome("rejected", f"refused by the chain: {exc.entry_reason}")
                self.advance(1, "")
        return [], b"", 0

    def _event(self, event: BatchEvent) -> None:
        log.info("batch %d %s: %d rows, tx %s%s", event.number, event.kind, len(event.rows), event.tx,
                 f", block {event.block}" if event.block is not None else "")
        if self.on_batch is not None:
            self.on_batch(event)


__all__ = ["BatchEvent", "Executor", "RowOutcome", "SentBatch"]
