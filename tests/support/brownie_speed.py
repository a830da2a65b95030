"""Brownie's per-test and per-transaction bookkeeping, made cheap.

Brownie 1.22 wraps ``Rpc.snapshot``/``revert``/``sleep``/``mine`` in a deprecation check that
calls ``inspect.stack()`` (about 75 ms: it reads the source of every frame). Its chain state
takes a snapshot after every transaction and two more per test, so the check dominated the
suite's time. The methods below are the wrapped bodies, unchanged, without the check.

Next came the transaction trace: for every reverted transaction Brownie fetches the full
``debug_traceTransaction`` (every step with stack and memory) and expands it against the
source maps, only to find the revert data and a source line for the report; ``return_value``
fetches the same full trace for one return value. Anvil's ``callTracer`` gives both (the
top call's output) in one small answer. Brownie's own trace still serves everything else
(``tx.trace``, ``subcalls``, events of reverted transactions, revert data it cannot decode).

Smaller ones: ``requests`` walks ``os.environ`` twice a request looking for proxy settings (the
tests only talk to 127.0.0.1); web3 asks for the chain id twice per transaction and call and
Brownie for the client version at every revert (``cache_constant_answers``); on every revert
each contract container asks the node for the code of every contract it holds, also of
those deployed before the block reverted to. And Brownie's per-transaction threads may still
run when a test reverts the chain (see ``settle``).

Brownie can also mark a transaction as dropped when another transaction of the same sender
and nonce confirms (a reverted-away one whose thread ran late); the node decides
(``_await_confirmation_asking_the_node``).

Not Brownie's: web3 7 validates a contract's whole ABI (a keccak of every function's
signature) each time it encodes a call of one function; the stateful tests, which compare
every view with their model after each step, spent half their time there. The tests
validate each ABI list once (``_validate_abi_once``).
"""

from __future__ import annotations

import gc
import os
import sys
import threading
from collections import OrderedDict
from typing import Any

import brownie.network.rpc  # noqa: F401  (loads the module; the package attribute is the Rpc instance)
import requests
from brownie._config import CONFIG
from brownie.exceptions import TransactionError
from brownie.network.account import _PrivateKeyAccount
from brownie.network.contract import ContractContainer
from brownie.network.transaction import TransactionReceipt
from brownie.network.web3 import web3
from web3.utils import abi as web3_abi

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


def _top_call_output(tx: TransactionReceipt) -> str | None:
    """The return or revert data of ``tx``'s top call, from Anvil's ``callTracer``."""
    config = {"tracer": "callTracer", "tracerConfig": {"onlyTopCall": True}}
    answer = web3.provider.make_request("debug_traceTransaction", (tx.txid, config))
    output = answer.get("result", {}).get("output")
    return output if output not in (None, "", "0x") else None


def _revert_msg(self: TransactionReceipt) -> str | None:
    if self.status:
        return None
    if self._revert_msg is None and self._raw_trace is None:
        output = _top_call_output(self)
        if output is not None:
            self._reverted_return_value(output)
    if self._revert_msg is None:
        self._get_trace()  # nothing decodable in the output: Brownie's own way
    return self._revert_msg


def _return_value(self: TransactionReceipt) -> object:
    if not self.status:
        return None
    if self._return_value is None and self._raw_trace is None and not self.contract_address:
        output = _top_call_output(self)
        if output is not None:
            self._confirmed_return_value(output)
    return self._return_value


def _traced(fn):  # the guard of Brownie's trace properties: dropped transactions have no trace
    return property(lambda self: None if self.status < 0 else fn(self))


def _raise_if_reverted(self: TransactionReceipt, exc: Exception) -> None:
    """Brownie's, without expanding the trace for a source line nobody reads here."""
    if self.status or CONFIG.mode == "console":
        return
    raise exc._with_attr(source="", revert_msg=_revert_msg(self), dev_revert_msg=self._dev_revert_msg)


def _session_without_environment(self: requests.Session) -> None:
    _session_init(self)
    self.trust_env = False  # no proxy, netrc or CA-bundle lookups in os.environ per request


_session_init = requests.Session.__init__


def _container_revert(self: ContractContainer, height: int) -> None:
    """Brownie's, asking the node only about contracts whose deployment it does not know."""

    def gone(contract: object) -> bool:
        tx = contract.tx  # type: ignore[attr-defined]
        if tx is None:
            return len(web3.eth.get_code(contract.address)) == 0  # type: ignore[attr-defined]
        return tx.block_number is None or tx.block_number > height

    reverted = [contract for contract in self._contracts if gone(contract)]
    for contract in reverted:
        self.remove(contract)
        contract._reverted = True


def cache_constant_answers() -> None:
    """Let web3 cache the test chain's chain id and client version (they never change while
    the session's chain runs); nothing else is cached."""
    web3.provider.cacheable_requests = {"eth_chainId", "web3_clientVersion"}
    web3.provider.cache_allowed_requests = True


_validate_abi = web3_abi.validate_abi
_validated: OrderedDict[int, Any] = OrderedDict()  # id -> the list itself, so the id is not reused


def _validate_abi_once(abi: Any) -> None:
    if _validated.get(id(abi)) is abi:
        return
    _validate_abi(abi)
    _validated[id(abi)] = abi
    if len(_validated) > 1024:
        _validated.popitem(last=False)


_await_confirmation = _PrivateKeyAccount._await_confirmation


def _await_confirmation_asking_the_node(self: _PrivateKeyAccount, receipt: TransactionReceipt, *args: Any) -> Any:
    """Brownie's, but a transaction it calls "dropped without known replacement" is waited
    for on the node: Anvil, while it mines it, has it neither in its pool nor in a block,
    and under load its receipt comes a moment later (seen: a lookup at once found none).
    Mined, it is returned as mined; a transaction truly dropped has no receipt, and the
    wait raises TimeExhausted."""
    try:
        return _await_confirmation(self, receipt, *args)
    except TransactionError as exc:
        if "dropped without known replacement" not in str(exc):
            raise
        receipt._set_from_receipt(web3.eth.wait_for_transaction_receipt(receipt.txid, timeout=15, poll_latency=0.02))
        return receipt


def install() -> None:
    """Replace the wrapped Rpc methods and the trace lookups (idempotent)."""
    gc.collect = _no_full_collection  # type: ignore[assignment]
    if requests.Session.__init__ is _session_init:
        requests.Session.__init__ = _session_without_environment
    _rpc.Rpc.snapshot = _snapshot
    _rpc.Rpc.revert = _revert
    _rpc.Rpc.sleep = _sleep
    _rpc.Rpc.mine = _mine
    TransactionReceipt.revert_msg = _traced(_revert_msg)
    TransactionReceipt.return_value = _traced(_return_value)
    TransactionReceipt._raise_if_reverted = _raise_if_reverted
    ContractContainer._revert = _container_revert
    _PrivateKeyAccount._await_confirmation = _await_confirmation_asking_the_node
    web3_abi.validate_abi = _validate_abi_once


def _no_full_collection(generation: int = 2) -> int:
    """Brownie runs ``gc.collect()`` on every chain revert (twice a test, once a hypothesis
    example), only to drop dead weak references before notifying its containers; a full
    collection of this process's heap (web3, pandas, matplotlib) takes about 0.1 s. Dead
    references are skipped by Brownie anyway, and the collector still runs on its own."""
    return 0


def settle(timeout: float = 60) -> None:
    """Wait for Brownie's background work on the transactions sent so far.

    Each transaction gets a confirmation thread, and the threads that add it to the undo
    buffer and register new contracts. The confirmation thread wakes the sender before it
    finishes: it then marks every other transaction in the history with the same sender
    and nonce as dropped. Run late (a loaded machine), after the test's chain revert, it
    marks the next test's transaction of that nonce, which then fails with "Tx dropped
    without known replacement". Reverting only once these threads are done closes that race."""
    current = threading.current_thread()
    for thread in threading.enumerate():
        target = getattr(thread, "_target", None)
        if thread is not current and thread.is_alive() and (getattr(target, "__module__", None) or "").startswith("brownie."):
            thread.join(timeout)


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

    settle()
    _notify_registry()
