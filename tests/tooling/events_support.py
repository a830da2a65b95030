"""Helpers of the event index tests: a refusing JSON-RPC proxy and a populated suite.

``LimitingProxy`` is a real HTTP server on 127.0.0.1 that forwards JSON-RPC to Anvil
and behaves like a node with a log-query limit: it refuses ``eth_getLogs`` spanning
more than ``max_range`` blocks (with Besu's error, or an HTTP status), and records
every request so tests can see what the index asked for.
"""

from __future__ import annotations

import json
import threading
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from eth_utils import keccak

from valuechain import deploy, members
from valuechain.identity import Role
from valuechain.manifest import Manifest
from valuechain.members import Admission
from valuechain.tx import Sender

BESU_RANGE_ERROR = {"code": -32005, "message": "Requested range exceeds maximum range limit"}


class LimitingProxy:
    """Forwards JSON-RPC to ``upstream``; refuses eth_getLogs over ``max_range`` blocks.

    ``refusal`` is a JSON-RPC error object to answer with, or an int: an HTTP status
    (e.g. 413) to fail with. ``fail_with`` answers every eth_getLogs with that error
    (a node fault that is no size limit)."""

    def __init__(
        self,
        upstream: str,
        max_range: int | None = None,
        refusal: dict[str, Any] | int = BESU_RANGE_ERROR,
        fail_with: dict[str, Any] | None = None,
    ) -> None:
        self.upstream = upstream
        self.max_range = max_range
        self.refusal = refusal
        self.fail_with = fail_with
        self.requests: list[tuple[str, list[Any]]] = []
        self.lock = threading.Lock()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                body = self.rfile.read(int(self.headers["Content-Length"]))
                request = json.loads(body)
                calls = request if isinstance(request, list) else [request]
                with proxy.lock:
                    proxy.requests.extend((c["method"], c.get("params", [])) for c in calls)
                refused = proxy._refusal(calls)
                if isinstance(refused, int):
                    self._reply(refused, b"request entity too large")
                    return
                if refused is not None:
                    self._reply(200, json.dumps({"jsonrpc": "2.0", "id": request["id"], "error": refused}).encode())
                    return
                forward = urllib.request.Request(proxy.upstream, data=body, headers={"Content-Type": "application/json"})
                with urllib.request.urlopen(forward, timeout=60) as answer:
                    self._reply(200, answer.read())

            def _reply(self, status: int, out: bytes) -> None:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(out)))
                self.end_headers()
                self.wfile.write(out)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def _refusal(self, calls: list[dict[str, Any]]) -> dict[str, Any] | int | None:
        for call in calls:
            if call["method"] != "eth_getLogs":
                continue
            if self.fail_with is not None:
                return self.fail_with
            span = self.span(call["params"][0])
            if self.max_range is not None and span > self.max_range:
                return self.refusal
        return None

    @staticmethod
    def span(params: dict[str, Any]) -> int:
        return int(params["toBlock"], 16) - int(params["fromBlock"], 16) + 1

    def log_queries(self) -> list[tuple[int, int]]:
        """(fromBlock, toBlock) of every eth_getLogs received, refused or not."""
        with self.lock:
            return [
                (int(p[0]["fromBlock"], 16), int(p[0]["toBlock"], 16)) for m, p in self.requests if m == "eth_getLogs"
            ]

    def __enter__(self) -> LimitingProxy:
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.server.shutdown()
        self.server.server_close()


# ------------------------------------------------------------------ a populated suite

OEM = "BPNL00000003AYRE"
SUPPLIER_A = "BPNL00000003B2OM"
SUPPLIER_B = "BPNL00000003CRHK"


def bpnl(i: int) -> str:
    return f"BPNL{i:012d}"


def deploy_registry_suite(w3, accounts, directory) -> tuple[Manifest, Sender, Sender]:  # type: ignore[no-untyped-def]
    """The suite deployed with ``deploy_suite`` (manifest in ``directory``), an OEM and
    two suppliers admitted, supplier B suspended. Returns the manifest, the council's
    and the onboarder's senders."""
    council, onboarder = Sender(w3, accounts[0]), Sender(w3, accounts[1])
    manifest = deploy.deploy_suite(council, onboarders=[onboarder.address], directory=directory, force=True)
    registry = manifest.contract(w3, "ConsortiumRegistry")
    members.admit_batch(
        onboarder,
        registry,
        [
            Admission(OEM, Role.OEM, accounts[2], keccak(text="oem")),
            Admission(SUPPLIER_A, Role.SUPPLIER, accounts[3], keccak(text="a")),
            Admission(SUPPLIER_B, Role.SUPPLIER | Role.LOGISTICS, accounts[4], keccak(text="b")),
        ],
    )
    members.suspend(council, registry, SUPPLIER_B, keccak(text="audit"))
    return manifest, council, onboarder


def admit_many(onboarder: Sender, manifest: Manifest, first: int, count: int, operators_from: int = 10_000) -> None:
    """Admit ``count`` suppliers (BPNL numbers from ``first``) in one batch; their
    operators are fresh addresses, not accounts anyone uses."""
    registry = manifest.contract(onboarder.w3, "ConsortiumRegistry")
    batch = [
        Admission(bpnl(first + i), Role.SUPPLIER, onboarder.w3.to_checksum_address(f"0x{operators_from + first + i:040x}"))
        for i in range(count)
    ]
    members.admit_batch(onboarder, registry, batch)
