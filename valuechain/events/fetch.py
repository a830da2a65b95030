"""Fetching logs in block ranges that adapt to what the node accepts.

Nodes limit ``eth_getLogs``: Besu by block range (``--rpc-max-logs-range``), hosted
nodes by result count ("query returned more than 10000 results"), any node by response
size or time. The fetcher asks for a range of blocks, halves it when the node refuses
(an error naming a limit, an HTTP 413/5xx, a timeout) and retries, and doubles it again
while answers stay small, so a sparse chain is crossed in few requests and a dense one
in requests the node can serve.

Requests go to the node raw: the logs come back as the node's JSON, hex strings and
all, which the decoder reads directly.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import requests
from web3 import HTTPProvider, Web3

from valuechain.errors import ChainError

log = logging.getLogger(__name__)

try:
    import orjson as _orjson  # parses a node's answer of 100,000 logs twice as fast as json
except ImportError:  # pragma: no cover - orjson is a dependency
    _orjson = None  # type: ignore[assignment]

# Phrases of nodes refusing a query as too large: Besu, Geth, Erigon, Nethermind,
# Infura, Alchemy, QuickNode and friends; matched case-insensitively.
REFUSAL = re.compile(
    r"more than|too many|too large|limit|exceed|range|timeout|timed out|response size|block range|max results",
    re.IGNORECASE,
)
REFUSAL_HTTP_STATUS = {408, 413, 429, 500, 502, 503, 504}


class RangeRefused(Exception):
    """The node refused a query as too large; ``message`` says what it said."""


@dataclass
class RangePolicy:
    """How the block range of ``eth_getLogs`` adapts.

    ``initial`` is the first range tried; a refusal halves the range (down to one
    block, where a refusal is an error); an answer with fewer than ``grow_below`` logs
    doubles it, one with more than ``shrink_above`` shrinks it in proportion (to the
    blocks that hold about ``shrink_above`` logs at the density just seen, at most half),
    within ``maximum``.

    The answers bound the sync's memory: an answer is held, decoded and stored before
    the next is asked for, so the sync holds about ``shrink_above`` logs at a time (or
    one block's, if a block holds more) however many the chain has. The first range is
    small so that the first answer of a dense chain is small too; a sparse chain grows
    past it in a few requests (doubling: to 500,000 blocks in 19)."""

    initial: int = 1
    maximum: int = 500_000
    grow_below: int = 2_000
    shrink_above: int = 20_000

    def __post_init__(self) -> None:
        if not 1 <= self.initial <= self.maximum:
            raise ValueError(f"range policy: initial range {self.initial} must be within 1..maximum ({self.maximum})")


class Rpc:
    """Raw JSON-RPC: the node's JSON as it sent it, errors as exceptions.

    Over HTTP it posts with its own session and no retries (web3's HTTP provider retries
    ``eth_getLogs`` five times with back-off on a timeout or HTTP error, where the
    fetcher wants to halve the range at once); other providers go through web3."""

    def __init__(self, w3: Web3):
        self.w3 = w3
        self.provider = w3.provider
        self.endpoint: str | None = getattr(self.provider, "endpoint_uri", None) if isinstance(self.provider, HTTPProvider) else None
        self._session = requests.Session() if self.endpoint else None
        self._kwargs: dict[str, Any] = dict(self.provider.get_request_kwargs()) if self.endpoint else {}  # type: ignore[attr-defined]
        self._kwargs.setdefault("timeout", 30)
        self._id = 0

    def _post(self, payload: Any) -> Any:
        assert self._session is not None and self.endpoint is not None
        response = self._session.post(self.endpoint, data=json.dumps(payload), **self._kwargs)
        response.raise_for_status()
        return _loads(response.content)

    def _request(self, method: str, params: Sequence[Any]) -> dict[str, Any]:
        if self._session is None:
            return self.provider.make_request(method, list(params))  # type: ignore[arg-type,return-value]
        self._id += 1
        return self._post({"jsonrpc": "2.0", "id": self._id, "method": method, "params": list(params)})

    def call(self, method: str, params: Sequence[Any]) -> Any:
        response = self._request(method, params)
        if "error" in response:
            raise ChainError(f"{method} failed: {_message(response['error'])}")
        return response["result"]

    def batch(self, calls: Sequence[tuple[str, Sequence[Any]]], chunk: int = 100) -> list[Any]:
        """Results of several calls, sent as JSON-RPC batches over HTTP."""
        if self._session is None:
            return [self.call(m, p) for m, p in calls]
        results: list[Any] = []
        for i in range(0, len(calls), chunk):
            part = calls[i : i + chunk]
            payload = []
            for method, params in part:
                self._id += 1
                payload.append({"jsonrpc": "2.0", "id": self._id, "method": method, "params": list(params)})
            responses = self._post(payload)
            if not isinstance(responses, list):  # a node without batch support answers with one error
                return results + [self.call(m, p) for m, p in calls[i:]]
            by_id = {r.get("id"): r for r in responses}
            for (method, _), request in zip(part, payload, strict=True):
                response = by_id.get(request["id"], {"error": {"message": "no answer in the batch"}})
                if "error" in response:
                    raise ChainError(f"{method} failed: {_message(response['error'])}")
                results.append(response["result"])
        return results

    def block_number(self) -> int:
        return int(self.call("eth_blockNumber", []), 16)

    def headers(self, numbers: Sequence[int]) -> dict[int, dict[str, Any] | None]:
        """Block headers by number (None for blocks the node does not have)."""
        found = self.batch([("eth_getBlockByNumber", [hex(n), False]) for n in numbers])
        return dict(zip(numbers, found, strict=True))

    def hashes(self, numbers: Sequence[int]) -> dict[int, str | None]:
        return {n: (h["hash"] if h else None) for n, h in self.headers(numbers).items()}

    def get_logs(self, addresses: Sequence[str], start: int, end: int) -> list[dict[str, Any]]:
        """Raw logs of ``addresses`` in blocks ``start..end``; RangeRefused when the
        node refuses the query as too large."""
        params = {"fromBlock": hex(start), "toBlock": hex(end), "address": list(addresses)}
        try:
            response = self._request("eth_getLogs", [params])
        except requests.Timeout as exc:
            raise RangeRefused(f"timed out: {exc}") from None
        except requests.HTTPError as exc:
            status = exc.response.status_code if exc.response is not None else None
            if status in REFUSAL_HTTP_STATUS:
                raise RangeRefused(f"HTTP {status}") from None
            raise ChainError(f"eth_getLogs {start}..{end}: HTTP error {exc}") from None
        if "error" in response:
            message = _message(response["error"])
            if REFUSAL.search(message):
                raise RangeRefused(message)
            raise ChainError(f"eth_getLogs {start}..{end} failed: {message}")
        return response["result"]


@dataclass
class Chunk:
    """The logs of blocks ``start..end`` (all of them: the range is complete)."""

    start: int
    end: int
    logs: list[dict[str, Any]]
    headers: dict[int, dict[str, Any] | None] | None = None  # of the blocks storing it needs, asked for after the logs


class LogFetcher:
    """Fetches the logs of ``addresses`` over a block span in adaptive ranges.

    After a refusal of ``n`` blocks the range falls back to the last size the node
    accepted and grows again only halfway towards ``n`` (a bisection): a node with a
    fixed range limit (Besu's ``--rpc-max-logs-range``, 5,000 by default) is found in
    about log2(n) refusals and then never refused again, where growing straight back to
    ``n - 1`` cost a refusal every other request. The ceiling is forgotten after
    ``FORGET_CEILING_AFTER`` answers in a row were accepted (a result-count limit hit in
    a dense stretch of the chain should not slow down the sparse rest), or after
    ``FORGET_EXACT_LIMIT_AFTER`` once the bisection found the limit to the block."""

    FORGET_CEILING_AFTER = 32
    FORGET_EXACT_LIMIT_AFTER = 1024

    def __init__(self, rpc: Rpc, addresses: Sequence[str], policy: RangePolicy | None = None, range_hint: int | None = None):
        self.rpc = rpc
        self.addresses = list(addresses)
        self.policy = policy or RangePolicy()
        self.range = max(1, min(range_hint or self.policy.initial, self.policy.maximum))
        self.ceiling = self.policy.maximum
        self.refusals = 0
        self.requests = 0
        self._accepted_in_a_row = 0
        self._accepted_size = 0  # the size of the last request the node accepted
        self._exact_limit = False  # the ceiling was accepted, one block more refused: the node's limit

    def chunks(self, start: int, end: int) -> Iterator[Chunk]:
        """Chunks covering ``start..end`` in order, each as large as the node allows."""
        block = start
        while block <= end:
            last = min(end, block + self.range - 1)
            size = last - block + 1
            try:
                self.requests += 1
                logs = self.rpc.get_logs(self.addresses, block, last)
            except RangeRefused as exc:
                self.refusals += 1
                if size == 1:
                    raise ChainError(f"the node refuses eth_getLogs even for the single block {block}: {exc}") from None
                self.ceiling = size - 1
                self._exact_limit = False
                self._accepted_in_a_row = 0
                below = self._accepted_size if 0 < self._accepted_size < size else 0
                self.range = max(1, below or size // 2)
                log.debug("eth_getLogs over %d blocks from %d refused (%s): trying %d", size, block, exc, self.range)
                continue
            yield Chunk(block, last, logs)
            self._accepted_size = size
            self._exact_limit = self._exact_limit or size == self.ceiling < self.policy.maximum
            self._accepted_in_a_row += 1
            forget_after = self.FORGET_EXACT_LIMIT_AFTER if self._exact_limit else self.FORGET_CEILING_AFTER
            if self._accepted_in_a_row >= forget_after:
                self.ceiling, self._exact_limit = self.policy.maximum, False
            if len(logs) > self.policy.shrink_above and size > 1:
                self.range = max(1, min(size // 2, size * self.policy.shrink_above // len(logs)))
            elif len(logs) < self.policy.grow_below and size == self.range:
                # towards a known ceiling by halves, else doubling
                step = self.range * 2 if self.ceiling >= self.policy.maximum else (self.range + self.ceiling + 1) // 2
                self.range = max(self.range, min(self.policy.maximum, self.ceiling, step))
            block = last + 1


def _loads(body: bytes) -> Any:
    try:
        return _orjson.loads(body) if _orjson is not None else json.loads(body)
    except ValueError as exc:
        raise ChainError(f"the node answered with something that is not JSON: {exc}") from None


def _message(error: Any) -> str:
    return str(error.get("message", error)) if isinstance(error, dict) else str(error)
