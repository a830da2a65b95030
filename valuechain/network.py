"""Connecting to a chain by RPC URL, refusing the wrong one."""

from __future__ import annotations

import json
import logging
import socket

import requests
from web3 import Web3
from web3.middleware import ExtraDataToPOAMiddleware

from valuechain.errors import ChainError

log = logging.getLogger(__name__)


def connect(rpc_url: str, expected_chain_id: int | None = None, timeout: float = 30) -> Web3:
    """A web3 connection to ``rpc_url``; raises ChainError when the node is unreachable
    or its chain id is not ``expected_chain_id``. Proof-of-authority chains (QBFT/Clique
    headers with extraData longer than 32 bytes) are read transparently."""
    w3 = Web3(Web3.HTTPProvider(rpc_url, request_kwargs={"timeout": timeout}))
    w3.middleware_onion.inject(ExtraDataToPOAMiddleware, layer=0)
    try:
        chain_id = w3.eth.chain_id
    except Exception as exc:  # requests' and web3's connection errors alike
        log.debug("cannot reach %s", rpc_url, exc_info=True)
        why = unreachable(exc, timeout)
        raise ChainError(f"cannot reach a node at {rpc_url}: {why}", what="node", where=rpc_url,
                         expected="a node answering JSON-RPC", found=why) from None
    log.debug("connected to %s (chain %d)", rpc_url, chain_id)
    if expected_chain_id is not None and chain_id != expected_chain_id:
        raise ChainError(
            f"the node at {rpc_url} serves chain id {chain_id}, expected {expected_chain_id}: "
            "wrong network or RPC URL, refusing to act",
            what="chain id", where=rpc_url, expected=expected_chain_id, found=chain_id,
        )
    return w3


def unreachable(exc: BaseException, timeout: float | None = None) -> str:
    """Why a request to a node failed, in a few words (``connection refused``), not the
    HTTP library's nested internals."""
    for cause in _causes(exc):
        if isinstance(cause, ConnectionRefusedError):
            return "connection refused (expected a node listening there: is it running, is this its port?)"
        if isinstance(cause, socket.gaierror):
            return f"unknown host ({cause.strerror or cause})"
        if isinstance(cause, (TimeoutError, socket.timeout, requests.exceptions.Timeout)):
            return f"no answer within {timeout:g} s" if timeout else "no answer (timed out)"
        if isinstance(cause, requests.exceptions.HTTPError) and cause.response is not None:
            r = cause.response
            return f"it answered HTTP {r.status_code} {r.reason} (expected a JSON-RPC endpoint)"
        if isinstance(cause, json.JSONDecodeError):
            return "its answer is not JSON (expected a JSON-RPC endpoint)"
        if isinstance(cause, ConnectionResetError):
            return "the connection was reset"
    for cause in _causes(exc):
        if isinstance(cause, OSError) and cause.strerror:
            return cause.strerror[0].lower() + cause.strerror[1:]
    first = (str(exc).splitlines() or [type(exc).__name__])[0]
    return first if len(first) <= 120 else first[:117] + "..."


def _causes(exc: BaseException) -> list[BaseException]:
    """``exc`` and what it was raised from, outermost first (urllib3 keeps the socket
    error as a ``reason``)."""
    seen: list[BaseException] = []
    todo: list[BaseException | None] = [exc]
    while todo:
        cause = todo.pop(0)
        if cause is None or any(cause is s for s in seen) or len(seen) > 16:
            continue
        seen.append(cause)
        reason = getattr(cause, "reason", None)
        todo += [cause.__cause__, cause.__context__, reason if isinstance(reason, BaseException) else None]
    return seen
