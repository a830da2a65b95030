"""The event benchmark, a small run end to end on a private Anvil (its calldata and how it
records results: tests/offline/test_events_bench_parts.py)."""

from __future__ import annotations

from bench import tooling_events


def test_a_small_benchmark_run_on_a_private_anvil():
    with tooling_events.private_anvil() as w3:
        results = tooling_events.measure(w3, w3.eth.accounts, events=3_000, batch=500)
        w3.provider.make_request("evm_mine", [])
        assert w3.eth.get_block("latest")["gasLimit"] == 30_000_000  # restored after the batches
    assert results["events_bench_events"] >= 3_000
    assert results["events_naive_sample"] == results["events_bench_events"]  # fewer than the sample size
    assert results["events_sync_per_s"] > 0 and results["events_naive_per_s"] > 0
    assert 0 < results["events_resync_noop_s"] < 0.5
