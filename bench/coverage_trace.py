"""pytest plugin for `make coverage`: statement and branch hits of the suite's contracts,
read from Anvil's step traces while the tests run.

Why not ``brownie test --coverage``: Brownie 1.22.2 crashes when it merges its results
(``TypeError: dict object expected; got list`` in the mypyc-compiled
``brownie.test.coverage.get_merged_coverage_eval``: its type hints say dict, its data are
lists), and it is slow: it traces every transaction with memory, keeps every expanded
trace in memory, turns every view call into a transaction plus a snapshot revert, and
each revert runs ``gc.collect()`` over that growing heap.

This plugin keeps Brownie's definitions (the ``pcMap`` and ``coverageMap`` of
``build/contracts/<Name>.json``) and computes the same hits the way Brownie's
``TransactionReceipt._expand_trace`` does, but:

* it watches the JSON-RPC traffic (``web3.HTTPProvider.make_request``), so it sees every
  transaction and ``eth_call`` of the test process — Brownie's and plain web3's alike —
  without ``--coverage`` (no ``always_transact``: views stay calls);
* it traces each one right away (before a snapshot revert can drop it) with
  ``debug_traceTransaction`` / ``debug_traceCall``, stack only (no memory, no storage);
* it identifies the code running in each call frame by the CBOR metadata hash at the end
  of the runtime bytecode, so contracts deployed by ``valuechain`` count too;
* it folds each trace into per-contract sets of statement and branch ids and drops it.

Enable it with ``PYTEST_PLUGINS=bench.coverage_trace`` (the Makefile's ``coverage`` target
does); at the end it writes ``build/coverage/hits.json`` (``$VALUECHAIN_COVERAGE_HITS``),
which ``python -m bench.coverage`` turns into ``bench/results/coverage.json``. Setting
``VALUECHAIN_COVERAGE_CALLS=0`` skips tracing ``eth_call`` (views then count only when a
transaction runs them); ``VALUECHAIN_COVERAGE_LOG=FILE`` logs every request seen and
every trace walked, to debug the plugin.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
import requests
from web3 import HTTPProvider

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent
BUILD_CONTRACTS = ROOT / "build" / "contracts"
DEFAULT_HITS = ROOT / "build" / "coverage" / "hits.json"

TRACE_OPTIONS = {"disableStorage": True, "enableMemory": False, "disableMemory": True}
CALL_OPS = frozenset({"CALL", "CALLCODE", "STATICCALL", "DELEGATECALL"})
SEND_METHODS = frozenset({"eth_sendTransaction", "eth_sendRawTransaction"})
# methods after which an address may hold other code than before
CODE_CHANGING = ("evm_revert", "anvil_reset", "anvil_setCode", "anvil_loadState", "hardhat_reset")
# methods that leave the chain state as it was: the same eth_call twice in a row runs
# the same code, so the second is not traced again (any other method may change state)
READ_ONLY = frozenset({
    "eth_call", "eth_estimateGas", "eth_getCode", "eth_getBalance", "eth_getStorageAt",
    "eth_getTransactionCount", "eth_getTransactionByHash", "eth_getTransactionReceipt",
    "eth_getBlockByNumber", "eth_getBlockByHash", "eth_blockNumber", "eth_chainId", "eth_gasPrice",
    "eth_maxPriorityFeePerGas", "eth_feeHistory", "eth_getLogs", "eth_accounts", "net_version",
    "web3_clientVersion", "evm_snapshot", "debug_traceTransaction", "debug_traceCall",
})

# one pcMap entry that matters for coverage: (path id, statement id, branch id, is JUMPI)
PcEntry = tuple[str, "int | None", "int | None", bool]


def metadata_key(code_hex: str) -> str | None:
    """The CBOR metadata solc appends to runtime code (its last two bytes give its
    length): the same for every deployment of one compiled contract."""
    code = code_hex.removeprefix("0x").lower()
    if len(code) < 4:
        return None
    length = int(code[-4:], 16)
    if not 0 < length < 200 or len(code) < (length + 2) * 2:
        return None
    return code[-(length + 2) * 2 :]


@dataclass
class ContractCode:
    """What coverage needs of one compiled contract, and the hits collected for it."""

    name: str
    pcs: dict[int, PcEntry]
    # path id -> [statement ids, branch ids that fell through, branch ids that jumped],
    # Brownie's layout (build/tests.json "tx" entries use it too)
    hits: dict[str, list[set[int]]] = field(default_factory=dict)

    def hit_sets(self, path: str) -> list[set[int]]:
        sets = self.hits.get(path)
        if sets is None:
            sets = self.hits[path] = [set(), set(), set()]
        return sets


class ArtifactIndex:
    """Brownie's build artifacts by runtime-code metadata key."""

    def __init__(self, build_dir: Path = BUILD_CONTRACTS) -> None:
        self._build_dir = build_dir
        self._by_key: dict[str, ContractCode] | None = None

    def _load(self) -> dict[str, ContractCode]:
        by_key: dict[str, ContractCode] = {}
        for artifact_path in sorted(self._build_dir.glob("*.json")):
            artifact = json.loads(artifact_path.read_text())
            key = metadata_key(artifact.get("deployedBytecode") or "")
            if key is None or not artifact.get("pcMap"):
                continue
            by_key[key] = ContractCode(artifact["contractName"], compact_pc_map(artifact["pcMap"]))
        log.info("coverage: %d contracts with code in %s", len(by_key), self._build_dir)
        return by_key

    def by_key(self, key: str | None) -> ContractCode | None:
        if self._by_key is None:
            self._by_key = self._load()
        return self._by_key.get(key) if key else None

    def contracts(self) -> list[ContractCode]:
        return list(self._by_key.values()) if self._by_key else []


def compact_pc_map(pc_map: dict[str, dict[str, Any]]) -> dict[int, PcEntry]:
    """Only the program counters that count: in a known source, tagged with a statement or
    a branch (the condition's opcodes and its JUMPI).

    One deliberate difference from Brownie: it skips every pc without a function, and the
    JUMPI of a condition in a modifier has none, so Brownie never counts such a branch
    (e.g. ``if (!hasRole(...)) _checkRole(...)`` in a modifier). A branch JUMPI counts
    here all the same; it is only counted after its condition ran in the same frame."""
    compact: dict[int, PcEntry] = {}
    for pc, entry in pc_map.items():
        statement, branch = entry.get("statement"), entry.get("branch")
        if "path" not in entry or (statement is None and branch is None):
            continue
        if "fn" not in entry and not (branch is not None and entry["op"] == "JUMPI"):
            continue
        compact[int(pc)] = (entry["path"], statement, branch, entry["op"] == "JUMPI")
    return compact


class Collector:
    """Traces what the test process sends to the node and folds it into hit sets."""

    def __init__(self, index: ArtifactIndex, trace_calls: bool = True) -> None:
        self.index = index
        self.trace_calls = trace_calls
        self._code: dict[str, ContractCode | None] = {}
        self._calls_seen: set[tuple[str, str]] = set()  # eth_calls traced since the last state change
        self._sessions: dict[str, requests.Session] = {}
        self._lock = threading.RLock()
        self._local = threading.local()
        log_path = os.environ.get("VALUECHAIN_COVERAGE_LOG")
        # open for the whole run (closed at exit); line-buffered so a crash keeps what was traced
        self.debug_log = open(log_path, "a", buffering=1) if log_path else None  # noqa: SIM115
        self.stats = {"transactions": 0, "calls": 0, "repeated_calls": 0, "steps": 0, "empty": 0, "failures": 0, "seconds": 0.0}

    # -- JSON-RPC
    def _rpc(self, uri: str, method: str, params: list) -> Any:
        session = self._sessions.get(uri)
        if session is None:
            session = self._sessions[uri] = requests.Session()
        body = orjson.dumps({"jsonrpc": "2.0", "id": 1, "method": method, "params": params})
        response = session.post(uri, data=body, headers={"Content-Type": "application/json"}, timeout=120)
        response.raise_for_status()
        answer = orjson.loads(response.content)
        if "error" in answer:
            raise RuntimeError(f"{method}: {answer['error'].get('message', answer['error'])}")
        return answer["result"]

    def _contract_at(self, uri: str, address: str | None) -> ContractCode | None:
        if not address:
            return None
        address = address.lower()
        if address not in self._code:
            code = self._rpc(uri, "eth_getCode", [address, "latest"])
            self._code[address] = self.index.by_key(metadata_key(code))
        return self._code[address]

    # -- hook
    def after_request(self, provider: HTTPProvider, method: str, params: Any, response: Any) -> None:
        """Called after every request of every HTTPProvider in the process."""
        if getattr(self._local, "busy", False):
            return
        self._debug("rpc", method, str(params)[:200], str(response)[:120])
        if method not in READ_ONLY:
            with self._lock:
                self._calls_seen.clear()
                if method.startswith(CODE_CHANGING):
                    self._code.clear()
        if method in SEND_METHODS:
            tx_hash = response.get("result") if isinstance(response, dict) else None
            if tx_hash:
                # eth_sendTransaction names the callee; a raw transaction must be looked up
                to = params[0].get("to", "") if method == "eth_sendTransaction" else None
                self._guarded(self._trace_transaction, str(provider.endpoint_uri), tx_hash, to)
        elif method == "eth_call" and self.trace_calls:
            # reverted calls too: `brownie.reverts()` around `fn.call()` covers the failure paths
            key = (str(provider.endpoint_uri), json.dumps(params, sort_keys=True, default=str))
            with self._lock:
                if key in self._calls_seen:
                    self.stats["repeated_calls"] += 1
                    return
                self._calls_seen.add(key)
            self._guarded(self._trace_call, str(provider.endpoint_uri), params)

    def _debug(self, *parts: Any) -> None:
        if self.debug_log is not None:
            self.debug_log.write(" ".join(str(p) for p in parts) + "\n")

    def _guarded(self, fn, *args) -> None:
        started = time.perf_counter()
        self._local.busy = True
        try:
            with self._lock:
                fn(*args)
        except Exception as exc:  # noqa: BLE001 - coverage must never fail a test
            self.stats["failures"] += 1
            self._debug("FAILED", fn.__name__, exc)
            log.debug("coverage: %s%s failed: %s", fn.__name__, args[1:], exc)
        finally:
            self._local.busy = False
            self.stats["seconds"] += time.perf_counter() - started

    def _trace_transaction(self, uri: str, tx_hash: str, to: str | None) -> None:
        if to is None:
            tx = self._rpc(uri, "eth_getTransactionByHash", [tx_hash])
            if tx is None:
                raise RuntimeError(f"{tx_hash} not found")
            to = tx.get("to")
        self._await_receipt(uri, tx_hash)
        # a creation runs init code, which pcMap does not describe; its sub-calls still count
        root = self._contract_at(uri, to)
        result = self._rpc(uri, "debug_traceTransaction", [tx_hash, TRACE_OPTIONS])
        self.stats["transactions"] += 1
        steps = result.get("structLogs") or []
        if root is not None and not steps:
            self.stats["empty"] += 1  # Anvil without --steps-tracing answers so
        self._walk(uri, steps, root)

    def _await_receipt(self, uri: str, tx_hash: str, timeout: float = 30.0) -> None:
        """Anvil answers eth_sendTransaction before it has mined the transaction, and
        traces a pending one as empty: wait for the receipt, as Brownie does."""
        deadline = time.monotonic() + timeout
        delay = 0.002
        while self._rpc(uri, "eth_getTransactionReceipt", [tx_hash]) is None:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{tx_hash} not mined after {timeout:.0f} s")
            time.sleep(delay)
            delay = min(delay * 2, 0.05)

    def _trace_call(self, uri: str, params: list) -> None:
        call, block = params[0], params[1] if len(params) > 1 else "latest"
        root = self._contract_at(uri, call.get("to"))
        if root is None:
            return  # no compiled contract of this project at the top (an EOA, a foreign contract)
        result = self._rpc(uri, "debug_traceCall", [call, block, TRACE_OPTIONS])
        self.stats["calls"] += 1
        self._walk(uri, result.get("structLogs") or [], root)

    # -- Brownie's coverage rules (TransactionReceipt._expand_trace), on a stack of frames
    def _walk(self, uri: str, steps: list[dict[str, Any]], root: ContractCode | None) -> None:
        if not steps:
            return
        self.stats["steps"] += len(steps)
        self._debug("walk", root.name if root else None, len(steps))
        base = steps[0]["depth"]
        frames: list[tuple[ContractCode, set[int]] | None] = [(root, set()) if root else None]
        depth = base
        previous = steps[0]
        last = len(steps) - 1
        for i, step in enumerate(steps):
            if step["depth"] != depth:
                if step["depth"] > depth:
                    callee = None
                    if previous["op"] in CALL_OPS:  # else CREATE/CREATE2: init code
                        callee = self._contract_at(uri, "0x" + previous["stack"][-2][2:].zfill(40)[-40:])
                    frames.append((callee, set()) if callee else None)
                else:
                    del frames[step["depth"] - base + 1 :]
                depth = step["depth"]
            previous = step
            frame = frames[-1]
            if frame is None:
                continue
            code, active = frame
            entry = code.pcs.get(step["pc"])
            if entry is None:
                continue
            path, statement, branch, is_jumpi = entry
            sets = code.hit_sets(path)
            if statement is not None:
                sets[0].add(statement)
            if branch is not None:
                if not is_jumpi:
                    active.add(branch)  # the condition was evaluated in this frame
                elif branch in active and i < last:
                    jumped = steps[i + 1]["pc"] != step["pc"] + 1
                    sets[2 if jumped else 1].add(branch)
                    active.discard(branch)

    # -- results
    def hits(self) -> dict[str, dict[str, list[list[int]]]]:
        return {
            code.name: {path: [sorted(s) for s in sets] for path, sets in sorted(code.hits.items())}
            for code in sorted(self.index.contracts(), key=lambda c: c.name)
            if code.hits
        }


_collector: Collector | None = None


def install(collector: Collector) -> None:
    """Wrap HTTPProvider.make_request (class-wide: Brownie's web3 and plain web3 alike)."""
    original = HTTPProvider.make_request

    def make_request(self: HTTPProvider, method: str, params: Any) -> Any:
        response = original(self, method, params)
        collector.after_request(self, method, params, response)
        return response

    make_request.__wrapped_by_coverage__ = original  # type: ignore[attr-defined]
    HTTPProvider.make_request = make_request  # type: ignore[method-assign]


def pytest_configure(config) -> None:
    global _collector
    if _collector is not None:
        return
    _collector = Collector(ArtifactIndex(), trace_calls=os.environ.get("VALUECHAIN_COVERAGE_CALLS", "1") != "0")
    install(_collector)


def pytest_sessionfinish(session, exitstatus) -> None:
    if _collector is None:
        return
    out = Path(os.environ.get("VALUECHAIN_COVERAGE_HITS", DEFAULT_HITS))
    out.parent.mkdir(parents=True, exist_ok=True)
    stats = {k: round(v, 1) if isinstance(v, float) else v for k, v in _collector.stats.items()}
    out.write_text(json.dumps({"format": "valuechain-coverage-hits/1", "stats": stats, "hits": _collector.hits()}))


def pytest_terminal_summary(terminalreporter) -> None:
    if _collector is None:
        return
    s = _collector.stats
    terminalreporter.write_line(
        f"coverage: traced {s['transactions']} transactions and {s['calls']} calls "
        f"({s['steps']:,} steps, {s['seconds']:.0f} s, {s['failures']} failed traces)"
    )
    if s["empty"]:
        terminalreporter.write_line(
            f"coverage: WARNING {s['empty']} transactions to our contracts traced without steps: "
            "is Anvil running with --steps-tracing?", red=True)
