"""Connecting to a chain by RPC URL, refusing the wrong one."""

from __future__ import annotations

import logging

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
    except Exception as exc:  # noqa: BLE001 - requests' and web3's connection errors alike
        raise ChainError(f"cannot reach a node at {rpc_url}: {exc}", what="node", where=rpc_url,
                         expected="a node answering JSON-RPC", found=str(exc)) from None
    log.debug("connected to %s (chain %d)", rpc_url, chain_id)
    if expected_chain_id is not None and chain_id != expected_chain_id:
        raise ChainError(
            f"the node at {rpc_url} serves chain id {chain_id}, expected {expected_chain_id}: "
            "wrong network or RPC URL, refusing to act",
            what="chain id", where=rpc_url, expected=expected_chain_id, found=chain_id,
        )
    return w3
