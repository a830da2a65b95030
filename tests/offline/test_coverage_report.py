"""`make coverage`'s pieces that need no chain: the plugin's frame walk over a trace, and
the report's counting from Brownie's maps (tests/tooling/test_coverage_tools.py compares
the plugin with Brownie on real transactions)."""

from __future__ import annotations

import json

import pytest

from bench import coverage as report
from bench.coverage_trace import ArtifactIndex, Collector, ContractCode, metadata_key


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
