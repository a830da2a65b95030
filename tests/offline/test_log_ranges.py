"""The log fetcher's range adaptation against a node with a fixed range limit (no chain:
a stand-in node that refuses as Besu's ``--rpc-max-logs-range`` does)."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

import pytest

from valuechain.events.fetch import LogFetcher, RangePolicy, RangeRefused


class RangeLimitedNode:
    """Refuses ``eth_getLogs`` when ``toBlock - fromBlock`` exceeds ``limit`` (Besu: 5,000);
    the chain holds no logs."""

    def __init__(self, limit: int) -> None:
        self.limit, self.requests, self.refused = limit, 0, 0

    def get_logs(self, addresses: Sequence[str], start: int, end: int) -> list[dict[str, Any]]:
        self.requests += 1
        if end - start > self.limit:
            self.refused += 1
            raise RangeRefused(f"Requested range exceeds maximum RPC range limit ({self.limit})")
        return []


@pytest.mark.parametrize("limit", [5_000, 1_000, 37])
def test_a_fixed_range_limit_is_found_once_and_kept(limit):
    node = RangeLimitedNode(limit)
    fetcher = LogFetcher(node, ["0x" + "11" * 20], RangePolicy())  # type: ignore[arg-type]
    chunks = list(fetcher.chunks(0, 999_999))
    accepted = -(-1_000_000 // (limit + 1))  # the fewest requests the limit allows
    assert chunks[0].start == 0 and chunks[-1].end == 999_999
    assert all(b.start == a.end + 1 for a, b in itertools.pairwise(chunks))  # no gap, no overlap
    assert all(c.end - c.start <= limit for c in chunks)
    # a bisection finds the limit in about log2 of the first refused size, then probes again
    # only every 1,024 requests; growing straight back under the refused size cost a
    # refusal every other request (5,000: 200 of 402 requests refused)
    assert node.refused <= 20 + accepted // 100, (node.refused, accepted)
    # each refusal costs at most one smaller request; the first range is one block
    # (RangePolicy.initial: a dense chain's first answer stays small), doubled up to the limit
    ramp = (limit + 1).bit_length()
    assert node.requests <= accepted + 2 * node.refused + ramp
