"""The tests' JSON-RPC proxy (tests/support/rpc_proxy.py) does to a client what each hook
says, in front of the chain Brownie launched: the tests that rely on it can only fail for
their own reason if the fault is the one they asked for."""

from __future__ import annotations

import json
import time
import urllib.error

import pytest
import requests
from web3.exceptions import Web3RPCError

from tests.support.rpc_proxy import (
    BATCHES_DISABLED,
    Delay,
    Drop,
    Kill,
    Refuse,
    RpcProxy,
    chain_id,
    log_range_limit,
    no_batches,
    post,
)
from valuechain.network import connect


def on(method: str, fault):  # type: ignore[no-untyped-def]
    """Before: ``fault`` for every request calling ``method``."""
    return lambda request: fault if any(c["method"] == method for c in request.calls) else None


def transfer(w3):  # type: ignore[no-untyped-def]
    return {"from": w3.eth.accounts[0], "to": w3.eth.accounts[1], "value": 1}


def test_a_refused_call_is_answered_by_the_proxy_and_never_reaches_the_node(w3):
    refusal = {"code": -32000, "message": "insufficient funds, says the proxy"}
    nonce = w3.eth.get_transaction_count(w3.eth.accounts[0])
    with RpcProxy(w3.provider.endpoint_uri, before=on("eth_sendTransaction", Refuse(refusal))) as proxy:
        client = connect(proxy.url, 31337)
        with pytest.raises(Web3RPCError, match="insufficient funds, says the proxy"):
            client.eth.send_transaction(transfer(client))
        assert client.eth.block_number == w3.eth.block_number  # other calls pass
    assert w3.eth.get_transaction_count(w3.eth.accounts[0]) == nonce
    assert [m for m, _ in proxy.requests].count("eth_sendTransaction") == 1
    assert [fault for _, fault in proxy.faults] == [Refuse(refusal)]


def test_a_refusal_by_http_status(w3):
    body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "eth_getLogs", "params": [{}]}).encode()
    with (
        RpcProxy(w3.provider.endpoint_uri, before=on("eth_getLogs", Refuse(413))) as proxy,
        pytest.raises(urllib.error.HTTPError, match="HTTP Error 413: Request Entity Too Large"),
    ):
        post(proxy.url, body)


def test_batches_refused_with_one_error_single_calls_answered(w3):
    batch = [{"jsonrpc": "2.0", "id": i, "method": "eth_chainId", "params": []} for i in (1, 2)]
    with RpcProxy(w3.provider.endpoint_uri, before=no_batches) as proxy:
        refused = json.loads(post(proxy.url, json.dumps(batch).encode()))
        single = json.loads(post(proxy.url, json.dumps(batch[0]).encode()))
    assert refused == {"jsonrpc": "2.0", "id": None, "error": BATCHES_DISABLED}
    assert single["id"] == 1 and single["result"] == hex(31337)


def test_a_rewrite_applies_to_each_call_of_a_batch(w3):
    batch = [{"jsonrpc": "2.0", "id": 1, "method": "eth_chainId", "params": []},
             {"jsonrpc": "2.0", "id": 2, "method": "eth_blockNumber", "params": []}]
    with RpcProxy(w3.provider.endpoint_uri, chain_id(4242)) as proxy:
        answers = json.loads(post(proxy.url, json.dumps(batch).encode()))
    assert [a["result"] for a in answers] == [hex(4242), hex(w3.eth.block_number)]


def test_a_delayed_call_is_answered_late(w3):
    with RpcProxy(w3.provider.endpoint_uri, before=on("eth_chainId", Delay(0.5))) as proxy:
        body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "eth_chainId", "params": []}).encode()
        start = time.monotonic()
        answer = json.loads(post(proxy.url, body))
        assert time.monotonic() - start >= 0.5 and answer["result"] == hex(31337)


def test_a_dropped_call_gets_no_answer_and_never_reaches_the_node(w3):
    nonce = w3.eth.get_transaction_count(w3.eth.accounts[0])
    with RpcProxy(w3.provider.endpoint_uri, before=on("eth_sendTransaction", Drop())) as proxy:
        client = connect(proxy.url, 31337)
        with pytest.raises(requests.ConnectionError, match="closed connection without response"):
            client.eth.send_transaction(transfer(client))
        assert client.eth.chain_id == 31337  # the proxy still answers the next request
    assert w3.eth.get_transaction_count(w3.eth.accounts[0]) == nonce


def test_a_killed_node_answers_nothing_ever_again(w3):
    with RpcProxy(w3.provider.endpoint_uri, before=on("eth_sendTransaction", Kill())) as proxy:
        client = connect(proxy.url, 31337)
        with pytest.raises(requests.ConnectionError, match="closed connection without response"):
            client.eth.send_transaction(transfer(client))
        body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "eth_chainId", "params": []}).encode()
        with pytest.raises(urllib.error.URLError, match="Connection refused"):
            post(proxy.url, body, timeout=5)
    assert w3.eth.chain_id == 31337  # the node behind it lives on


def test_log_range_limit_refuses_wide_queries_and_counts_latest_as_the_head(w3):
    w3.provider.make_request("anvil_mine", [hex(5)])
    head = w3.eth.block_number
    with RpcProxy(w3.provider.endpoint_uri, before=log_range_limit(3)) as proxy:
        client = connect(proxy.url, 31337)
        assert client.eth.get_logs({"fromBlock": max(head - 2, 0), "toBlock": "latest"}) is not None
        with pytest.raises(Web3RPCError, match="Requested range exceeds maximum range limit"):
            client.eth.get_logs({"fromBlock": head - 3, "toBlock": head})
    assert proxy.log_queries() == [(head - 3, head)]  # the one with numbers on both ends
