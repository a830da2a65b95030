"""A real JSON-RPC proxy on 127.0.0.1 that forwards to a node and may rewrite answers.

Used to make Anvil look like a Besu QBFT node (extraData longer than 32 bytes in every
block header), without mocking web3."""

from __future__ import annotations

import json
import threading
import urllib.request
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Rewrite = Callable[[dict[str, Any], dict[str, Any]], dict[str, Any]]


class RpcProxy:
    def __init__(self, upstream: str, rewrite: Rewrite) -> None:
        self.upstream, self.rewrite = upstream, rewrite
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                body = self.rfile.read(int(self.headers["Content-Length"]))
                request = json.loads(body)
                upstream_req = urllib.request.Request(
                    proxy.upstream, data=body, headers={"Content-Type": "application/json"}
                )
                with urllib.request.urlopen(upstream_req, timeout=30) as resp:
                    answer = json.loads(resp.read())
                if isinstance(request, list):
                    answer = [proxy.rewrite(q, a) for q, a in zip(request, answer)]
                else:
                    answer = proxy.rewrite(request, answer)
                out = json.dumps(answer).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(out)))
                self.end_headers()
                self.wfile.write(out)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> RpcProxy:
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.server.shutdown()
        self.server.server_close()


# A QBFT header's extraData: 32-byte vanity, validators, round, seals — well over 32 bytes.
QBFT_EXTRA_DATA = "0x" + "f8" + "ab" * 96


def qbft_headers(request: dict[str, Any], answer: dict[str, Any]) -> dict[str, Any]:
    """Give every block the extraData a Besu QBFT chain sends."""
    if request.get("method", "").startswith("eth_getBlockBy") and isinstance(answer.get("result"), dict):
        answer["result"]["extraData"] = QBFT_EXTRA_DATA
    return answer
