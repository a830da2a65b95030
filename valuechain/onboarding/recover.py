"""Settling the batches an earlier run left open (crash, killed node, Ctrl-C).

For each batch the journal has no outcome for, the chain decides:
- its transaction has a receipt: it was mined (the outcome is recorded);
- the node knows it but has not mined it: wait for it (never send those rows again
  while it may still be mined);
- the node does not know it: if the sender's nonce has moved past the batch's nonce,
  something else took that nonce and the transaction can never be mined; if not, the
  node dropped it (e.g. restarted from saved state without its pending pool). Either
  way it is abandoned, and the rows it carried go back to the plan, which only sends
  what the chain does not hold.
A batch recorded without a tx hash (a node-unlocked sender interrupted between
recording and sending) is judged by its nonce alone.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from eth_typing import HexStr
from web3 import Web3
from web3.exceptions import TimeExhausted, TransactionNotFound
from web3.types import TxReceipt

from valuechain.errors import ChainError
from valuechain.onboarding.journal import Journal, JournalBatch

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Settled:
    """What became of one open batch."""

    batch: JournalBatch
    outcome: str  # mined | reverted | dropped | replaced | never-sent | nonce-used
    waited: bool

    def __str__(self) -> str:
        b = self.batch
        tx = b.tx or "(no hash recorded)"
        text = {
            "mined": f"mined in block {b.block}",
            "reverted": f"reverted in block {b.block}; its rows are planned again",
            "dropped": "unknown to the node (dropped, e.g. by a restart); its rows are planned again",
            "replaced": f"its nonce {b.nonce} was used by another transaction; its rows are planned again",
            "never-sent": "was never sent; its rows are planned again",
            "nonce-used": f"its nonce {b.nonce} is used (maybe by this batch, whose hash was not recorded); "
                          "rows the chain lacks are planned again",
        }[self.outcome]
        return f"batch of {len(b.rows)} rows from an earlier run, tx {tx}: {text}" + (" (waited for it)" if self.waited else "")


def settle(journal: Journal, w3: Web3, timeout: float = 120, poll: float = 0.2,
           say: Callable[[str], None] = lambda _m: None) -> list[Settled]:
    """Decide and record the fate of every open batch; raise ChainError when one is
    still pending after ``timeout`` seconds (rerun later; nothing was sent twice)."""
    settled = []
    for batch in journal.open_batches():
        waited = False
        if batch.tx:
            receipt = _receipt(w3, batch.tx)
            if receipt is None and _known(w3, batch.tx):
                say(f"a batch from an earlier run (tx {batch.tx}) is still pending: waiting up to {timeout:.0f} s")
                waited = True
                try:
                    receipt = w3.eth.wait_for_transaction_receipt(HexStr(batch.tx), timeout=timeout, poll_latency=poll)
                except TimeExhausted:
                    raise ChainError(f"tx {batch.tx} (a batch of {len(batch.rows)} rows sent earlier) is still pending after "
                                     f"{timeout:.0f} s; its rows are not sent again while it can be mined: rerun later") from None
            if receipt is not None:
                status = int(receipt["status"])
                journal.mined(batch, batch.tx, int(receipt["blockNumber"]), status)
                settled.append(Settled(batch, "mined" if status == 1 else "reverted", waited))
                continue
        outcome, waited_nonce = _by_nonce(w3, batch, timeout, poll, say)
        journal.abandoned(batch, outcome)
        settled.append(Settled(batch, outcome, waited or waited_nonce))
    for item in settled:
        log.info("settled %s", item)
    return settled


def _by_nonce(w3: Web3, batch: JournalBatch, timeout: float, poll: float, say: Callable[[str], None]) -> tuple[str, bool]:
    sender = Web3.to_checksum_address(batch.sender)
    latest = w3.eth.get_transaction_count(sender, "latest")
    if latest > batch.nonce:
        # The nonce is used. With a known hash and no receipt, by another transaction;
        # without a hash, possibly by ours: the chain read that follows tells.
        return ("replaced" if batch.tx else "nonce-used"), False
    if batch.tx:
        return "dropped", False
    pending = w3.eth.get_transaction_count(sender, "pending")
    if pending <= batch.nonce:
        return "never-sent", False
    # A transaction with this nonce is pending and it may be ours: wait until it is mined.
    say(f"a transaction of {sender} with nonce {batch.nonce} is pending (maybe an earlier batch): waiting for it")
    deadline = time.monotonic() + timeout
    while w3.eth.get_transaction_count(sender, "latest") <= batch.nonce:
        if time.monotonic() > deadline:
            raise ChainError(f"the transaction with nonce {batch.nonce} of {sender} is still pending after "
                             f"{timeout:.0f} s: rerun later")
        time.sleep(poll)
    return "nonce-used", True


def _receipt(w3: Web3, tx: str) -> TxReceipt | None:
    try:
        return w3.eth.get_transaction_receipt(tx)  # type: ignore[arg-type]
    except TransactionNotFound:
        return None


def _known(w3: Web3, tx: str) -> bool:
    try:
        return w3.eth.get_transaction(tx) is not None  # type: ignore[arg-type]
    except TransactionNotFound:
        return False
