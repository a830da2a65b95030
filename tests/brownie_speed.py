"""Brownie's per-test and per-transaction bookkeeping, made cheap.

Brownie 1.22 wraps ``Rpc.snapshot``/``revert``/``sleep``/``mine`` in a deprecation check that
calls ``inspect.stack()`` (about 75 ms: it reads the source of every frame). Its chain state
takes a snapshot after every transaction and two more per test, so the check dominated the
suite's time. The methods below are the wrapped bodies, unchanged, without the check.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import brownie.network.rpc  # noqa: F401  (loads the module; the package attribute is the Rpc instance)
from brownie.network.web3 import web3

_rpc = sys.modules["brownie.network.rpc"]


def _snapshot(self: _rpc.Rpc) -> int:
    return self._snapshot()


def _revert(self: _rpc.Rpc, snapshot_id: int) -> int:
    self.backend.revert(snapshot_id)
    return web3.eth.block_number


def _sleep(self: _rpc.Rpc, seconds: int) -> int:
    return self.backend.sleep(seconds)


def _mine(self: _rpc.Rpc, timestamp: int | None = None) -> int:
    self.backend.mine(timestamp)
    return web3.eth.block_number


def install() -> None:
    """Replace the wrapped Rpc methods (idempotent)."""
    _rpc.Rpc.snapshot = _snapshot
    _rpc.Rpc.revert = _revert
    _rpc.Rpc.sleep = _sleep
    _rpc.Rpc.mine = _mine


@contextmanager
def no_gc_collect() -> Iterator[None]:
    """Brownie runs ``gc.collect()`` on every snapshot revert, only to drop dead weak
    references before notifying its containers; a full collection of this process's heap
    (web3, pandas, matplotlib) takes about 0.1 s. Skipping it changes nothing else: dead
    references are skipped by Brownie anyway, and the collector still runs on its own."""
    real = gc.collect
    gc.collect = lambda generation=2: 0  # type: ignore[assignment]
    try:
        yield
    finally:
        gc.collect = real


def own_port_per_worker() -> None:
    """Move this xdist worker's `development` network to port + 1 + its number (gw0 -> +1)."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if not worker.startswith("gw"):
        return
    from brownie._config import CONFIG

    settings = CONFIG.networks["development"]["cmd_settings"]
    settings["port"] = int(settings["port"]) + 1 + int(worker[2:])


def resync_after_raw_revert() -> None:
    """After an ``evm_revert`` Brownie did not make: accounts re-read their nonces (they
    would wait for ever on a pending nonce that no longer exists) and the history drops the
    undone transactions, as Brownie's own revert notifies them."""
    # imported here: Brownie hashes a test module's imports and cannot read compiled ones
    from brownie.network.state import _notify_registry

    with no_gc_collect():
        _notify_registry()
