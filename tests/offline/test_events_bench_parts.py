"""The event benchmark's own pieces: its calldata and how it records results (the run
itself, on a private Anvil, is tests/tooling/test_events_bench.py)."""

from __future__ import annotations

import json

import eth_abi
import pytest

from bench import tooling_events


def test_admissions_calldata_is_the_abi_encoding():
    entries = [(f"BPNL{41 + i:012d}".encode(), 2, b"\x11" * 32, f"0x{0x10000 + 41 + i:040x}") for i in range(5)]
    assert tooling_events.admissions_calldata(41, 5) == eth_abi.encode(["(bytes16,uint8,bytes32,address)[]"], [entries]).hex()


def test_record_merges_into_the_results_and_keeps_other_keys(tmp_path):
    path = tmp_path / "tooling.json"
    path.write_text(json.dumps({"onboard_rows_per_s": 812, "events_sync_per_s": 1}))
    merged = tooling_events.record({"events_sync_per_s": 15_000, "events_resync_noop_s": 0.02}, path)
    assert merged == json.loads(path.read_text()) == {
        "onboard_rows_per_s": 812,
        "events_sync_per_s": 15_000,
        "events_resync_noop_s": 0.02,
    }
    path.write_text("[1, 2]")
    with pytest.raises(ValueError, match="does not hold a JSON object"):
        tooling_events.record({"x": 1}, path)
    assert json.loads(path.read_text()) == [1, 2]
