"""`make coverage`: the tracing plugin counts what Brownie would on real transactions and
calls (its frame walk and the report's arithmetic: tests/offline/test_coverage_report.py)."""

from __future__ import annotations

import brownie
import pytest
from brownie import web3
from brownie.test import coverage as brownie_coverage

from bench.coverage_trace import ArtifactIndex, Collector
from valuechain.identity import Role

REASON = b"\x07" * 32


def _brownie_eval(tx) -> dict:
    """Brownie's own hits for one transaction (TransactionReceipt._expand_trace)."""
    tx._expand_trace()
    found = brownie_coverage.get_coverage_eval()[tx.coverage_hash]
    brownie_coverage.clear()
    return {
        name: {path: [sorted(s) for s in sets] for path, sets in paths.items() if any(sets)}
        for name, paths in found.items()
    }


def _plugin_eval(tx) -> dict:
    collector = Collector(ArtifactIndex())
    collector._trace_transaction(web3.provider.endpoint_uri, tx.txid, tx.receiver)
    assert collector.stats["failures"] == 0 and collector.stats["steps"] > 0
    return collector.hits()


@pytest.mark.parametrize("action,reverts", [
    ("changeRoles", False), ("suspend", False), ("changeRoles", True), ("assignOperator", True),
])
def test_plugin_counts_what_brownie_counts(registry, council, supplier_a, supplier_b, action, reverts):
    registry.offboard(supplier_b, REASON, {"from": council})
    args = {
        "changeRoles": (Role.SUPPLIER | Role.LOGISTICS,),
        "suspend": (REASON,),
        "assignOperator": ("0x" + "ab" * 20,),
    }[action]
    org = supplier_b if reverts else supplier_a  # supplier_b is offboarded
    if reverts:
        with brownie.reverts():
            getattr(registry, action)(org, *args, {"from": council})
        tx = brownie.history[-1]
        assert tx.status == 0
    else:
        tx = getattr(registry, action)(org, *args, {"from": council})
    assert _plugin_eval(tx) == _brownie_eval(tx)


def test_call_is_traced_and_repeats_are_not(registry, supplier_a):
    collector = Collector(ArtifactIndex())
    provider = web3.provider
    params = [{"to": registry.address, "data": registry.isActive.encode_input(supplier_a)}, "latest"]
    for _ in range(2):
        collector.after_request(provider, "eth_call", params, {"result": "0x"})
    assert collector.stats["calls"] == 1 and collector.stats["repeated_calls"] == 1
    assert collector.hits()["ConsortiumRegistry"]["0"][0]  # isActive's statements
    collector.after_request(provider, "evm_mine", [], {"result": "0x0"})  # state may have changed
    collector.after_request(provider, "eth_call", params, {"result": "0x"})
    assert collector.stats["calls"] == 2
