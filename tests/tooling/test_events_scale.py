"""The event index at scale, in seconds: what the million-event benchmark
(bench/events_scale.py, `make bench`) relies on, pinned on small chains.

- the sync streams: the memory it holds does not grow with the number of events;
- a sync from scratch builds its secondary indexes at the end, and an interrupted one
  leaves a complete, usable index that resumes;
- the fast views (read models kept by the sync, SQL counts, bulk parsing) equal the
  views as they were (tests/support/events_reference), with and without the read
  models, after a rollback, and read-only.
"""

from __future__ import annotations

import gc
import sqlite3
import tracemalloc
from types import SimpleNamespace

import pytest

from bench import events_scale, tooling_events
from bench.events_scale import Batch, Template
from tests.support.events_compare import assert_views_equal
from valuechain import artifacts
from valuechain.errors import ConfigError
from valuechain.events import EventIndex, RangePolicy, Store, decode, views
from valuechain.events.store import INDEX_NAMES
from valuechain.events.sync import prefetched

NOW = 1_764_000_000


def extra_batches(orders: int) -> list[Batch]:
    """Events the benchmark's mix lacks, so the views meet them too: reallocations of
    some orders (with the child order placed), resolutions of some disruptions."""
    abis = {n: {i["name"]: i for i in artifacts.load(n)["abi"] if i.get("type") == "event"} for n in ("SupplyOrders", "SupplySignals")}
    oems = [events_scale.bpnl("O", i) for i in range(events_scale.OEMS)]
    suppliers = [events_scale.bpnl("S", i) for i in range(events_scale.SUPPLIERS)]
    moved = max(1, orders // 10)
    reallocated = Template(abis["SupplyOrders"]["OrderReallocated"],
                           {"orderId": 1, "childId": 1 + orders, "quantity": 100, "remaining": 900, "state": 2, "documentHash": b"\x12" * 32},
                           {"orderId": 1, "childId": 1}, {"oem": oems, "supplier": suppliers, "newSupplier": suppliers[1:] + suppliers[:1]})
    child = Template(abis["SupplyOrders"]["OrderPlaced"],
                     {"orderId": 1 + orders, "parentId": 1, "quantity": 100, "unit": b"PCE", "minScore": 9_000, "dueDay": NOW // 86_400},
                     {"orderId": 1, "parentId": 1}, {"oem": oems, "supplier": suppliers[1:] + suppliers[:1]})
    resolved = Template(abis["SupplySignals"]["DisruptionResolved"], {"notificationId": b"DIS".ljust(16, b"\0"), "contentHash": b"\x13" * 32},
                        {"notificationId": 1 << 128}, {"oem": oems})
    return [Batch("SupplyOrders", [reallocated, child], 0, moved), Batch("SupplySignals", [resolved], 0, 5)]


def build(path, events: int, refresh: bool = True):
    """A synthetic index (no chain) of the benchmark's mix and the extra events."""
    manifest = events_scale.fake_manifest()
    decoder = decode.Decoder({n: (c.address, c.abi) for n, c in manifest.contracts.items()})
    batches = events_scale.scenario(events, NOW, per_tx=500)
    orders = round(events_scale.MIX["orders"] * events / 1_000_000)
    logs = list(events_scale.raw_logs(batches + extra_batches(orders), manifest))
    with Store(path) as store:
        store.reset(manifest.chain_id, "test", 1, "0x" + "00" * 32, 1)
        for first in range(0, len(logs), 2_000):
            part = logs[first : first + 2_000]
            rows = decoder.rows(part)
            store.append(rows, int(part[-1]["blockNumber"], 16), int(part[-1]["blockTimestamp"], 16), [], 0, 1)
            if refresh:
                views.refresh_orders(store, appended=rows)
                views.refresh_accesses(store)
    return SimpleNamespace(path=path, manifest=manifest, blocks=int(logs[-1]["blockNumber"], 16))


def first_supplier(store: Store) -> str:
    return str(views.orders(store)["supplier"].iloc[0])


def test_fast_views_equal_the_reference_views(tmp_path, monkeypatch):
    monkeypatch.setattr(views, "BULK_ROWS", 97)  # the views read in parts: a part ends anywhere in an order's life
    index = build(tmp_path / "ix.sqlite", 5_000)
    with Store(index.path) as store:
        sizes = assert_views_equal(store, org=first_supplier(store))
        assert store.summary_position("orders") != (-1, -1)  # read from the summary, not from the events
    assert all(sizes[v] > 0 for v in ("members", "ip_history", "licences", "access_log", "orders", "order_history", "quality",
                                      "signals", "scorecard"))
    orders = round(events_scale.MIX["orders"] * 5_000 / 1_000_000)
    with Store(index.path) as store:
        frame = views.orders(store)
        moved = orders // 10
        assert frame["children"].map(len).sum() == moved and frame["reallocated_quantity"].sum() == 100 * moved
        assert views.signals(store)["resolved"].notna().sum() == 5


def test_views_without_the_read_models_equal_the_reference_read_only_too(tmp_path, monkeypatch):
    monkeypatch.setattr(views, "BULK_ROWS", 97)
    index = build(tmp_path / "ix.sqlite", 3_000, refresh=False)
    with Store(index.path, readonly=True) as store:  # cannot build the read models: reads the events
        assert not views._has_summary(store)
        assert_views_equal(store)
    with Store(index.path) as store:  # builds them at the first read
        assert_views_equal(store)
        assert views._has_summary(store) and store.summary_position("orders") != (-1, -1)


def test_a_rollback_clears_the_read_models_and_the_views_follow(tmp_path):
    index = build(tmp_path / "ix.sqlite", 3_000)
    with Store(index.path) as store:
        before = views.orders(store)
        dropped = store.rollback(index.blocks // 2, NOW)
        assert dropped > 0 and store.summary_position("orders") == (-1, -1)
        assert_views_equal(store)
        assert len(views.orders(store)) < len(before)


def test_a_file_of_the_previous_schema_is_rebuilt_not_refused(tmp_path):
    path = tmp_path / "old.sqlite"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE sync_state (id INTEGER PRIMARY KEY, schema INTEGER, chain_id INTEGER, fingerprint TEXT, "
                   "start_block INTEGER, anchor_hash TEXT, last_block INTEGER, last_time INTEGER, range_hint INTEGER, updated_at REAL)")
        db.execute("INSERT INTO sync_state VALUES (1, 1, 31337, 'x', 1, '0x00', 5, NULL, 64, 0)")
        db.execute("CREATE TABLE events (block INTEGER, log_index INTEGER, args TEXT, PRIMARY KEY (block, log_index)) WITHOUT ROWID")
    with pytest.raises(ConfigError, match="another version"):
        Store(path, readonly=True)
    with Store(path) as store:
        assert store.state() is None and store.count() == 0
        assert {r[0] for r in store.db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")} >= set(INDEX_NAMES)


def test_prefetching_keeps_order_raises_the_fetchers_error_and_stops_with_the_consumer():
    assert list(prefetched(iter(range(50)))) == list(range(50))

    def failing():
        yield 1
        raise RuntimeError("node gone")

    got = []
    with pytest.raises(RuntimeError, match="node gone"):
        got.extend(prefetched(failing()))
    assert got == [1]
    produced = []

    def endless():
        n = 0
        while True:
            produced.append(n)
            yield n
            n += 1

    stream = prefetched(endless())
    assert next(stream) == 0
    stream.close()  # the consumer stops: the fetching thread stops too (it would spin forever)
    assert len(produced) <= 4


# ------------------------------------------------------------------ on a chain


@pytest.fixture(scope="module")
def chain():
    with tooling_events.private_anvil() as w3:
        yield SimpleNamespace(w3=w3, sender=w3.eth.accounts[0])


def populated(chain, events: int, per_tx: int = 500):
    manifest = events_scale.deploy_emitters(chain.w3, chain.sender)
    now = int(chain.w3.eth.get_block("latest")["timestamp"])
    events_scale.populate(chain.w3, manifest, chain.sender, events_scale.scenario(events, now, per_tx=per_tx), per_block=1)
    return manifest


# answers of one block (500 logs)
SMALL_ANSWERS = RangePolicy(initial=1, grow_below=200, shrink_above=1_000)


def traced_peak(manifest, w3, path) -> tuple[int, int]:
    """(peak bytes Python allocated during a sync from scratch in answers of one block,
    events stored)."""
    decode._bytes16_hex.cache_clear()
    decode.checksum.cache_clear()
    gc.collect()
    tracemalloc.start()
    try:
        with EventIndex(manifest, w3, path, policy=SMALL_ANSWERS) as index:
            result = index.sync()
        return tracemalloc.get_traced_memory()[1], result.events
    finally:
        tracemalloc.stop()


def test_the_sync_holds_a_bounded_number_of_logs_however_many_the_chain_has(chain, tmp_path):
    small, large = populated(chain, 4_000), populated(chain, 16_000)
    small_peak, small_events = traced_peak(small, chain.w3, tmp_path / "small.sqlite")
    large_peak, large_events = traced_peak(large, chain.w3, tmp_path / "large.sqlite")
    assert (small_events, large_events) == (4_000, 16_000)
    # four times the events, about the same memory (a sync holding every log would need four times as much)
    assert large_peak < 1.5 * small_peak, (small_peak, large_peak)
    # and the default policy asks for one block first: a dense chain's first answer is small too
    with EventIndex(large, chain.w3, tmp_path / "default.sqlite") as index:
        result = index.sync()
    first, last = result.ranges[0]
    assert first == last == large.start_block and result.events == 16_000
    # ranges double while answers are under grow_below logs: no answer holds more than twice that (blocks of ~500)
    assert max(end - start + 1 for start, end in result.ranges) * 500 <= 2 * (RangePolicy().grow_below + 500)


def test_a_sync_from_scratch_builds_its_indexes_last_and_an_interrupted_one_resumes(chain, tmp_path):
    manifest = populated(chain, 4_000)
    path = tmp_path / "ix.sqlite"

    def stop_after_two_steps(done: int, total: int, events: int) -> None:
        if events >= 1_000:
            raise KeyboardInterrupt

    index = EventIndex(manifest, chain.w3, path, policy=SMALL_ANSWERS)
    with pytest.raises(KeyboardInterrupt):
        index.sync(progress=stop_after_two_steps)
    partial = index.count()
    index.close()
    with Store(path, readonly=True) as store:  # the indexes are back though the sync stopped
        names = {r[0] for r in store.db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert set(INDEX_NAMES) <= names and 0 < partial < 4_000
        assert_views_equal(store)
    with EventIndex(manifest, chain.w3, path, policy=SMALL_ANSWERS) as index:
        assert index.sync().events == 4_000 - partial
    with EventIndex(manifest, chain.w3, tmp_path / "full.sqlite") as full:
        full.sync()
        with Store(path) as resumed:
            assert resumed.rows() == full.store.rows()
            assert_views_equal(resumed)


def test_the_scale_benchmark_runs_end_to_end(chain):
    figures = events_scale.measure(chain.w3, chain.w3.provider.endpoint_uri, chain.sender, 2_000)
    assert figures["events"] == 2_000 and figures["per_s"] > 0
    assert figures["peak_rss_mb"] >= figures["rss_before_mb"] > 0
    assert set(figures["views"]) == set(events_scale.VIEWS)
    assert figures["views_s"] == max(figures["views"].values()) and figures["index_mb_per_1m"] > 0
