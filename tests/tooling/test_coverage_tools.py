"""`make coverage`: the tracing plugin counts what Brownie would, and the report adds up."""

from __future__ import annotations

import json

import brownie
import pytest
from brownie import web3
from brownie.test import coverage as brownie_coverage

from bench import coverage as report
from bench.coverage_trace import ArtifactIndex, Collector, ContractCode, metadata_key
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


def test_metadata_key_is_the_cbor_tail():
    tail = "a2646970667358221220" + "11" * 32 + "64736f6c63430008" + "1c0033"
    assert metadata_key("0x6080" + tail) == tail
    assert metadata_key("0x") is None and metadata_key("0x6080600052ffff") is None


def test_walk_follows_frames_and_counts_branch_outcomes():
    # callee frame: statement 1 at pc 5; branch 7: condition at pc 8, JUMPI at pc 9
    callee = ContractCode("Callee", {5: ("0", 1, None, False), 8: ("0", None, 7, False), 9: ("0", None, 7, True)})
    collector = Collector(ArtifactIndex())
    collector._code["0x" + "cc" * 20] = callee
    steps = [
        {"depth": 1, "pc": 0, "op": "CALL", "stack": ["0x0", "0x" + "cc" * 20, "0x5"]},
        {"depth": 2, "pc": 5, "op": "PUSH1"},
        {"depth": 2, "pc": 9, "op": "JUMPI"},  # no condition in this frame yet: not counted
        {"depth": 2, "pc": 10, "op": "STOP"},
        {"depth": 1, "pc": 1, "op": "CALL", "stack": ["0x0", "0x" + "cc" * 20, "0x5"]},
        {"depth": 2, "pc": 8, "op": "EQ"},
        {"depth": 2, "pc": 9, "op": "JUMPI"},
        {"depth": 2, "pc": 30, "op": "JUMPDEST"},  # jumped
        {"depth": 1, "pc": 2, "op": "STOP"},
    ]
    collector._walk("unused", steps, None)
    assert callee.hits == {"0": [{1}, set(), {7}]}


def _artifact(jump_if_true: bool) -> dict:
    source = "contract C {\n  function f(uint x) external {\n    if (x == 1) revert();\n    y = x;\n  }\n}\n"
    cond = source.index("x == 1")
    stmt = source.index("y = x")
    return {
        "contractName": "C", "type": "contract", "sourcePath": "contracts/C.sol", "source": source,
        "deployedBytecode": "6080", "allSourcePaths": {"0": "contracts/C.sol", "3": "node_modules/x/L.sol"},
        "coverageMap": {
            "statements": {"0": {"C.f": {"1": [cond - 4, cond + 20], "2": [stmt, stmt + 5]}}, "3": {"L.g": {"9": [0, 1]}}},
            "branches": {"0": {"C.f": {"4": [cond, cond + 6, jump_if_true]}}, "3": {}},
        },
        "pcMap": {"1": {"path": "0", "fn": "C.f", "statement": 1, "op": "PUSH1"},
                  "2": {"path": "0", "fn": "C.f", "statement": 2, "op": "PUSH1"},
                  "3": {"path": "0", "fn": "C.f", "branch": 4, "op": "EQ"},
                  "4": {"path": "0", "fn": "C.f", "branch": 4, "op": "JUMPI"}},
    }


@pytest.mark.parametrize("jump_if_true,missing", [(False, "true"), (True, "false")])
def test_report_counts_our_source_and_both_outcomes(jump_if_true, missing):
    hits = {"C": {"0": [{1}, set(), {4}], "3": [{9}, set(), set()]}}  # the JUMPI only jumped
    c = report.contract_coverage(_artifact(jump_if_true), hits)
    # OpenZeppelin-like path 3 is not ours: 2 statements, 1 branch with 2 outcomes
    assert (c.statements_hit, c.statements_total, c.outcomes_hit, c.branches_total, c.branches_full) == (1, 2, 1, 1, 0)
    assert c.missed_statements == [{"fn": "C.f", "file": "contracts/C.sol", "line": 4, "code": "y = x"}]
    assert c.missed_branches == [{"fn": "C.f", "file": "contracts/C.sol", "missing": missing, "line": 3,
                                  "condition": "x == 1"}]
    assert c.unmeasurable == []
    assert c.as_json()["statements"] == 50.0 and c.as_json()["branches"] == 50.0


def test_report_reads_brownies_tests_json(tmp_path):
    tests_json = {"tx": {"a": {"C": {"0": [[1], [], [4]]}}, "b": {"C": {"0": [[2], [4], []]}}}}
    path = tmp_path / "tests.json"
    path.write_text(json.dumps(tests_json))
    hits = report.load_hits(path)
    assert hits == {"C": {"0": [{1, 2}, {4}, {4}]}}
    c = report.contract_coverage(_artifact(False), hits)
    assert (c.statements_hit, c.outcomes_hit, c.branches_full) == (2, 2, 1)
