"""The tests' one JSON-RPC proxy: a real HTTP server on 127.0.0.1 in front of a node, which
misbehaves on cue, so the code under test meets other nodes and faults without web3 being
mocked.

Two hooks:

- ``before(request)`` sees each HTTP request the client sends (one call or a batch, see
  ``Request``) before it is forwarded, and returns ``None`` to forward it or a fault:
  ``Refuse`` (answer with a JSON-RPC error, or fail with an HTTP status), ``Delay`` (forward
  it late), ``Drop`` (close the connection unanswered: the node never sees the request) or
  ``Kill`` (the node is gone: this request and every later one go unanswered).
- ``after(call, answer)`` sees each call of a forwarded request with the node's answer and
  returns the answer to send (the same, or rewritten).

Every call received is recorded (``requests``), as is every fault (``faults``). Below the
class, the nodes the tests imitate: a Besu QBFT chain, another chain id, batching
disabled, a log-range limit.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self

Call = dict[str, Any]


@dataclass(frozen=True)
class Request:
    """One HTTP request as the client sent it: a JSON-RPC call, or a batch of them."""

    body: Call | list[Call]
    node: str  # the proxied node's URL, for hooks that must ask it something

    @property
    def batch(self) -> bool:
        return isinstance(self.body, list)

    @property
    def calls(self) -> list[Call]:
        return self.body if isinstance(self.body, list) else [self.body]


@dataclass(frozen=True)
class Refuse:
    """Answer instead of the node: a JSON-RPC error object (for a batch, one error for the
    whole batch, as nodes with batching disabled answer), or an int, an HTTP status."""

    error: dict[str, Any] | int


@dataclass(frozen=True)
class Delay:
    """Forward the request ``seconds`` late (a slow or congested node)."""

    seconds: float


@dataclass(frozen=True)
class Drop:
    """Close the connection without an answer; the node never sees the request."""


@dataclass(frozen=True)
class Kill:
    """The node dies: no answer to this request, and every later connection is refused."""


Fault = Refuse | Delay | Drop | Kill
Before = Callable[[Request], Fault | None]
After = Callable[[Call, Call], Call]


def post(url: str, body: bytes, timeout: float = 60) -> bytes:
    """POST a JSON-RPC body to ``url``; the raw answer."""
    request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=timeout) as answer:
        return answer.read()


def ask(url: str, method: str, params: list[Any] | None = None) -> Any:
    """The result of one JSON-RPC call to ``url``."""
    body = json.dumps({"jsonrpc": "2.0", "id": 0, "method": method, "params": params or []}).encode()
    return json.loads(post(url, body))["result"]


class RpcProxy:
    """Forwards JSON-RPC to ``upstream`` through the ``before`` and ``after`` hooks; a
    context manager serving on ``url`` while open."""

    def __init__(self, upstream: str, after: After | None = None, before: Before | None = None) -> None:
        self.upstream, self.after, self.before = upstream, after, before
        self.requests: list[tuple[str, list[Any]]] = []  # (method, params) of every call received
        self.faults: list[tuple[Request, Fault]] = []
        self._lock = threading.Lock()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                body = self.rfile.read(int(self.headers["Content-Length"]))
                request = Request(json.loads(body), proxy.upstream)
                with proxy._lock:
                    proxy.requests.extend((c["method"], c.get("params", [])) for c in request.calls)
                fault = proxy.before(request) if proxy.before is not None else None
                if fault is not None:
                    with proxy._lock:
                        proxy.faults.append((request, fault))
                if isinstance(fault, Delay):
                    time.sleep(fault.seconds)
                elif isinstance(fault, Refuse):
                    self._refuse(request, fault)
                    return
                elif isinstance(fault, (Drop, Kill)):
                    self.close_connection = True  # and nothing written: the client sees the connection close
                    if isinstance(fault, Kill):
                        proxy._die()
                    return
                self._reply(200, proxy._forward(request, body))

            def _refuse(self, request: Request, fault: Refuse) -> None:
                if isinstance(fault.error, int):
                    self._reply(fault.error, HTTPStatus(fault.error).phrase.encode())
                    return
                answer_id = None if request.batch else request.body.get("id")  # type: ignore[union-attr]
                self._reply(200, json.dumps({"jsonrpc": "2.0", "id": answer_id, "error": fault.error}).encode())

            def _reply(self, status: int, out: bytes) -> None:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(out)))
                self.end_headers()
                self.wfile.write(out)

            def log_message(self, *args: Any) -> None:
                pass

        class Server(ThreadingHTTPServer):
            request_queue_size = 128  # the default 5 resets concurrent clients
            daemon_threads = True  # closing never waits for a handler (``Kill`` closes from one)

        self.server = Server(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        # closing waits for the serving loop's next poll: 50 ms, not the default 0.5 s
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def _forward(self, request: Request, body: bytes) -> bytes:
        raw = post(self.upstream, body)
        if self.after is None:
            return raw
        answer = json.loads(raw)
        if request.batch:
            answer = [self.after(call, one) for call, one in zip(request.calls, answer, strict=True)]
        else:
            answer = self.after(request.body, answer)  # type: ignore[arg-type]
        return json.dumps(answer).encode()

    def _die(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def log_queries(self) -> list[tuple[int, int]]:
        """(fromBlock, toBlock) of every eth_getLogs received with block numbers, refused or not."""
        with self._lock:
            return [
                (int(p[0]["fromBlock"], 16), int(p[0]["toBlock"], 16)) for m, p in self.requests
                if m == "eth_getLogs" and p[0].get("toBlock", "").startswith("0x") and p[0].get("fromBlock", "").startswith("0x")
            ]

    def __enter__(self) -> Self:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._die()


# ------------------------------------------------------------------ nodes the tests imitate

# A QBFT header's extraData: 32-byte vanity, validators, round, seals — well over 32 bytes.
QBFT_EXTRA_DATA = "0x" + "f8" + "ab" * 96


def qbft_headers(call: Call, answer: Call) -> Call:
    """After: every block has the extraData a Besu QBFT chain sends."""
    if call.get("method", "").startswith("eth_getBlockBy") and isinstance(answer.get("result"), dict):
        answer["result"]["extraData"] = QBFT_EXTRA_DATA
    return answer


def chain_id(value: int) -> After:
    """After: the node serves chain ``value``."""

    def rewrite(call: Call, answer: Call) -> Call:
        if call.get("method") == "eth_chainId":
            answer["result"] = hex(value)
        return answer

    return rewrite


BATCHES_DISABLED = {"code": -32600, "message": "batch requests are disabled"}


def no_batches(request: Request) -> Fault | None:
    """Before: single calls are answered, batches refused, as by nodes with batching disabled."""
    return Refuse(BATCHES_DISABLED) if request.batch else None


BESU_RANGE_ERROR = {"code": -32005, "message": "Requested range exceeds maximum range limit"}


def log_range_limit(max_range: int | None = None, refusal: dict[str, Any] | int = BESU_RANGE_ERROR,
                    fail_with: dict[str, Any] | None = None) -> Before:
    """Before: a node with a log-query limit (Besu's ``--rpc-max-logs-range``) refuses
    eth_getLogs spanning more than ``max_range`` blocks with ``refusal`` (Besu's error,
    or an HTTP status such as 413). ``fail_with`` answers every eth_getLogs with that
    error instead (a node fault that is no size limit)."""

    def hook(request: Request) -> Fault | None:
        for call in request.calls:
            if call["method"] != "eth_getLogs":
                continue
            if fail_with is not None:
                return Refuse(fail_with)
            if max_range is not None and log_span(request.node, call["params"][0]) > max_range:
                return Refuse(refusal)
        return None

    return hook


def log_span(node: str, params: dict[str, Any]) -> int:
    """Blocks an eth_getLogs filter spans; a tag (``latest``, what web3's ``get_logs`` sends
    by default) is the node's latest block."""

    def number(block: str) -> int:
        if block.startswith("0x"):
            return int(block, 16)
        return 0 if block == "earliest" else int(ask(node, "eth_blockNumber"), 16)

    return number(params.get("toBlock", "latest")) - number(params.get("fromBlock", "latest")) + 1
