"""Incremental, reorg-safe synchronisation of the event index with the chain.

A sync:
1. checks that the index follows this manifest and this chain: the manifest's contracts
   (a fingerprint) and the hash of the block the suite was deployed in (the anchor: a
   restarted dev chain or another network with the same chain id has another one);
   otherwise it starts over from the deployment block;
2. re-checks the stored hashes of the last ``reorg_depth`` indexed blocks against the
   node; from the first block that changed, it drops what it indexed and fetches again
   (a reorg deeper than the window is an error: nothing below it can be verified);
3. fetches the logs of every suite contract from the block after the last indexed one
   to the head, in adaptive ranges, decodes and stores them; each range is one
   transaction in SQLite, so an interrupted sync resumes where it stopped.

``reorg_depth`` is the number of recent blocks that may still change: 0 for QBFT or IBFT
chains, where a block is final once it exists; Anvil and Ganache reorganise only when a
test reverts to a snapshot, which a small window catches.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections.abc import Callable, Generator, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from queue import Full, Queue
from typing import Any

from web3 import Web3

from valuechain.errors import ChainError, ConfigError
from valuechain.events import views
from valuechain.events.decode import Decoder
from valuechain.events.fetch import Chunk, LogFetcher, RangePolicy, Rpc
from valuechain.events.store import Store, SyncState
from valuechain.manifest import Manifest

log = logging.getLogger(__name__)

DEFAULT_REORG_DEPTH = 12
CONSISTENCY_ATTEMPTS = 3


class ReorgTooDeep(ChainError):
    """The chain changed below the blocks the index keeps for reorg checks, or went back
    while none are kept: nothing indexed can be verified any more, the index must be
    rebuilt. ``block`` is where the index stood, ``head`` the node's latest block."""

    FIELDS = (*ChainError.FIELDS, "block", "head", "reorg_depth")

    def __init__(self, message: str, block: int, head: int | None, reorg_depth: int) -> None:
        self.block, self.head, self.reorg_depth = block, head, reorg_depth
        super().__init__(message, what="event index", where=f"block {block}",
                         expected=f"a chain that changed at most {reorg_depth} blocks deep", found=head)

# (blocks done, blocks to do, events stored so far)
Progress = Callable[[int, int, int], None]


@dataclass
class SyncResult:
    """What one sync did."""

    first_block: int  # first block fetched (last_block + 1 when nothing was new)
    last_block: int  # the block the index now ends at
    events: int  # events stored by this sync
    requests: int = 0  # eth_getLogs requests sent
    refusals: int = 0  # of which the node refused as too large
    final_range: int = 0  # the block range the fetcher ended with
    reorg_from: int | None = None  # first block dropped and fetched again after a reorg
    dropped: int = 0  # events dropped by that rollback
    rebuilt: str | None = None  # why the index started over, if it did
    seconds: float = 0.0
    ranges: list[tuple[int, int]] = field(default_factory=list)  # the block ranges fetched

    @property
    def blocks(self) -> int:
        return max(0, self.last_block - self.first_block + 1)


def prefetched(chunks: Iterator[Chunk], ahead: int = 1) -> Generator[Chunk]:
    """The chunks of ``chunks``, fetched by a thread of their own up to ``ahead`` chunks
    ahead of the consumer: the node prepares (and the socket receives) the next answer
    while this thread decodes and stores the last. At most ``ahead`` + 2 chunks are held
    at once (queued, being fetched, being stored), so memory stays bounded. An error of
    the fetcher is raised here; a consumer that stops early stops the thread."""
    queue: Queue[tuple[str, Any]] = Queue(maxsize=ahead)
    stop = threading.Event()

    def produce() -> None:
        try:
            for chunk in chunks:
                if not _put(queue, ("chunk", chunk), stop):
                    return
            _put(queue, ("end", None), stop)
        except BaseException as exc:  # noqa: BLE001 - handed to the consumer and raised there
            _put(queue, ("error", exc), stop)

    thread = threading.Thread(target=produce, name="event-index-fetch", daemon=True)
    thread.start()
    try:
        while True:
            kind, item = queue.get()
            if kind == "end":
                return
            if kind == "error":
                raise item
            yield item
    finally:
        stop.set()
        thread.join()


def _put(queue: Queue[tuple[str, Any]], item: tuple[str, Any], stop: threading.Event) -> bool:
    while not stop.is_set():
        try:
            queue.put(item, timeout=0.1)
            return True
        except Full:
            continue
    return False


def fingerprint(manifest: Manifest) -> str:
    """What identifies the deployment an index follows: its contracts and their deployment."""
    text = "\n".join(
        f"{name}:{c.address.lower()}:{c.tx_hash.lower()}:{c.block}" for name, c in sorted(manifest.contracts.items())
    )
    return f"{manifest.chain_id}:" + hashlib.sha256(text.encode()).hexdigest()


class Indexer:
    """Keeps a Store in step with the chain for the contracts of a manifest."""

    def __init__(
        self,
        w3: Web3,
        manifest: Manifest,
        store: Store,
        reorg_depth: int = DEFAULT_REORG_DEPTH,
        policy: RangePolicy | None = None,
    ):
        if reorg_depth < 0:
            raise ConfigError(f"reorg_depth must be 0 or more blocks, not {reorg_depth}")
        if not manifest.contracts:
            raise ConfigError(f"the manifest of chain {manifest.chain_id} lists no contracts: nothing to index")
        self.w3 = w3
        self.rpc = Rpc(w3)
        self._refetches = 0  # chunks fetched again by this sync (a reorg while fetching)
        self.manifest = manifest
        self.store = store
        self.reorg_depth = reorg_depth
        self.policy = policy or RangePolicy()
        self.decoder = Decoder({n: (c.address, c.abi) for n, c in manifest.contracts.items()})

    def sync(self, to_block: int | None = None, rebuild: bool = False, progress: Progress | None = None) -> SyncResult:
        """Bring the index up to ``to_block`` (default: the node's latest block)."""
        started = time.perf_counter()
        chain_id = int(self.rpc.call("eth_chainId", []), 16)
        if chain_id != self.manifest.chain_id:
            raise ChainError(f"the node serves chain {chain_id} but the manifest is for chain {self.manifest.chain_id}",
                             what="chain id", expected=self.manifest.chain_id, found=chain_id)
        head = self.rpc.block_number()
        if to_block is not None:
            if to_block > head:
                raise ChainError(f"cannot sync to block {to_block}: the node's latest block is {head}")
            head = to_block
        start = self.manifest.start_block
        if head < start:
            raise ChainError(f"the node's latest block {head} is before the suite's deployment block {start}: wrong chain?")

        state = self.store.state()
        window = self.store.window() if state and self.reorg_depth else []
        hashes = self.rpc.hashes([start] + [n for n, _ in window])
        anchor = hashes[start]
        if anchor is None:
            raise ChainError(f"the node has no block {start}, where the manifest says the suite was deployed")

        result = SyncResult(first_block=0, last_block=0, events=0)
        reason = self._rebuild_reason(state, anchor, rebuild)
        if reason:
            state = self.store.reset(chain_id, fingerprint(self.manifest), start, anchor, self.policy.initial)
            result.rebuilt = reason
            window = []
        assert state is not None
        last = state.last_block
        if window:
            last = self._check_window(window, hashes, state, result)
        elif last > head and not reason:
            raise ReorgTooDeep(
                f"the index ends at block {last} but the node's latest block is {head}: the chain went back "
                f"and reorg_depth is {self.reorg_depth}; rebuild the index",
                last, head, self.reorg_depth,
            )

        result.first_block = last + 1
        result.last_block = last
        # the fetcher has a connection of its own: it fetches the next range while this
        # thread decodes and stores the last one (see ``prefetched``)
        fetcher = LogFetcher(Rpc(self.w3), self.decoder.addresses, self.policy, state.range_hint)
        total = max(0, head - last)
        if progress:
            progress(0, total, 0)
        self._refetches = 0
        deferred = bool(reason) and total > 0 and self.store.drop_indexes()
        try:
            with closing(prefetched(self._with_headers(fetcher.chunks(last + 1, head), fetcher.rpc))) as chunks:
                for chunk in chunks:
                    chunk, blocks = self._consistent(chunk, fetcher.addresses)
                    stored = self._store(chunk, blocks, fetcher.range)
                    result.events += stored
                    result.last_block = chunk.end
                    result.ranges.append((chunk.start, chunk.end))
                    if progress:
                        progress(chunk.end - last, total, result.events)
        finally:
            if deferred:
                self.store.create_indexes()
        views.refresh_orders(self.store)  # after a rollback with nothing new to fetch
        views.refresh_accesses(self.store)
        result.requests = fetcher.requests + self._refetches
        result.refusals = fetcher.refusals
        result.final_range = fetcher.range
        result.seconds = time.perf_counter() - started
        log.info("indexed blocks %d..%d of chain %d: %d events in %d requests (%d refused as too large), %.2f s%s",
                 result.first_block, result.last_block, chain_id, result.events, result.requests, result.refusals,
                 result.seconds, f" (rebuilt: {reason})" if reason else "")
        return result

    # ------------------------------------------------------------ checks

    def _rebuild_reason(self, state: SyncState | None, anchor: str, rebuild: bool) -> str | None:
        if state is None:
            return "new index"
        if rebuild:
            return "rebuild requested"
        if state.chain_id != self.manifest.chain_id or state.fingerprint != fingerprint(self.manifest):
            return "the manifest names other contracts than the index was built for"
        if state.anchor_hash != anchor:
            return f"block {state.start_block}, where the suite was deployed, has another hash now: the chain was replaced"
        return None

    def _check_window(self, window: list[tuple[int, str]], hashes: dict[int, str | None], state: SyncState, result: SyncResult) -> int:
        """Roll back from the first window block whose hash changed; returns the last
        block that stays indexed."""
        changed = next((n for n, h in window if hashes.get(n) != h), None)
        if changed is None:
            return state.last_block
        oldest = window[0][0]
        if changed == oldest and oldest > state.start_block:
            raise ReorgTooDeep(
                f"block {oldest}, the oldest of the {len(window)} indexed blocks kept for reorg checks, changed: the reorg "
                f"may go deeper than reorg_depth={self.reorg_depth}; rebuild the index (or use a larger reorg depth)",
                state.last_block, None, self.reorg_depth,
            )
        result.reorg_from = changed
        kept = self.rpc.headers([changed - 1])[changed - 1]
        result.dropped = self.store.rollback(changed - 1, int(kept["timestamp"], 16) if kept else None)
        return changed - 1

    def _consistent(self, chunk: Chunk, addresses: list[str]) -> tuple[Chunk, dict[str, str]]:
        """The chunk, fetched again if the chain reorganised while it was fetched (logs
        of one block carrying different block hashes), and the hash of each block its
        logs are in (by the block number as the node wrote it)."""
        for _ in range(CONSISTENCY_ATTEMPTS):
            seen: dict[str, str] = {}
            if all(seen.setdefault(log["blockNumber"], log["blockHash"]) == log["blockHash"] for log in chunk.logs):
                return chunk, seen
            self._refetches += 1
            chunk = Chunk(chunk.start, chunk.end, self.rpc.get_logs(addresses, chunk.start, chunk.end))
        raise ChainError(f"blocks {chunk.start}..{chunk.end} keep changing while they are fetched; try again later")

    def _window_numbers(self, chunk: Chunk) -> list[int]:
        return list(range(max(chunk.start, chunk.end - self.reorg_depth + 1), chunk.end + 1)) if self.reorg_depth else []

    def _header_numbers(self, chunk: Chunk) -> list[int]:
        """The blocks whose headers storing ``chunk`` needs: the reorg window's, the
        last one's, and those of logs that come without their block's time."""
        need_time = {int(log["blockNumber"], 16) for log in chunk.logs if "blockTimestamp" not in log}
        return sorted(set(self._window_numbers(chunk)) | need_time | {chunk.end})

    def _with_headers(self, chunks: Iterator[Chunk], rpc: Rpc) -> Iterator[Chunk]:
        """The chunks with the headers they need, asked for right after their logs (by
        the fetching thread, with its connection: off the storing thread's path)."""
        for chunk in chunks:
            chunk.headers = rpc.headers(self._header_numbers(chunk))
            yield chunk

    def _store(self, chunk: Chunk, blocks: dict[str, str], range_hint: int) -> int:
        """Decode and store a chunk whose logs are in ``blocks`` (number as the node
        wrote it -> hash)."""
        window_numbers = self._window_numbers(chunk)
        headers = chunk.headers if chunk.headers is not None else self.rpc.headers(self._header_numbers(chunk))
        for number in [*window_numbers, chunk.end]:
            if headers.get(number) is None:
                raise ChainError(f"the node lost block {number} while it was being indexed; sync again")
        # logs in the window must belong to the blocks whose hashes are kept (one check per block)
        for written, block_hash in blocks.items():
            number = int(written, 16)
            header = headers.get(number)
            if header is not None and header["hash"] != block_hash:
                raise ChainError(f"block {number} changed while it was being indexed; sync again")
        timestamps = {n: int(h["timestamp"], 16) for n, h in headers.items() if h is not None}
        rows = self.decoder.rows(chunk.logs, timestamps)
        window = [(n, headers[n]["hash"]) for n in window_numbers]  # type: ignore[index]
        last_time = int(headers[chunk.end]["timestamp"], 16)  # type: ignore[index]
        self.store.append(rows, chunk.end, last_time, window, self.reorg_depth, range_hint)
        views.refresh_orders(self.store, appended=rows)  # the read models follow every step
        views.refresh_accesses(self.store)
        return len(rows)
