"""The event index on Anvil: complete, incremental, reorg-safe."""

from __future__ import annotations

import itertools
import re
from types import SimpleNamespace

import pytest
from brownie import accounts
from eth_utils import keccak

from tests.support.events import SUPPLIER_A, SUPPLIER_B, admit_many, bpnl, deploy_registry_suite
from tests.support.rpc_proxy import RpcProxy, log_range_limit
from valuechain import deploy, members
from valuechain.errors import ChainError
from valuechain.events import EventIndex, RangePolicy, ReorgTooDeep, Store, default_path
from valuechain.events.decode import CATENA_X_NUMBER
from valuechain.network import connect
from valuechain.tx import Sender


@pytest.fixture(scope="module")
def suite(w3, tmp_path_factory):
    manifest, council, onboarder = deploy_registry_suite(w3, [a.address for a in accounts], tmp_path_factory.mktemp("deploy"))
    return SimpleNamespace(manifest=manifest, council=council, onboarder=onboarder, registry=manifest.contract(w3, "ConsortiumRegistry"))


def rpc(w3, method: str, *params):
    answer = w3.provider.make_request(method, list(params))
    assert "error" not in answer, answer
    return answer["result"]


def index_rows(index: EventIndex) -> list[tuple]:
    return index.store.rows()


def _plain(value):
    """web3's decoded value in the index's representation (written out independently)."""
    if isinstance(value, bytes):
        text = value.decode("ascii", "replace")
        return text if len(value) == 16 and CATENA_X_NUMBER.match(text) else "0x" + value.hex()
    return value


def web3_reference(w3, manifest) -> list[tuple]:
    """Every event of the suite as web3 itself fetches and decodes it, event by event."""
    found = []
    for name, deployed in manifest.contracts.items():
        contract = deployed.contract(w3)
        for event in contract.events:
            for log in event.get_logs(from_block=manifest.start_block):
                args = {k: _plain(v) for k, v in log["args"].items()}
                found.append((log["blockNumber"], log["logIndex"], name, log["event"], args))
    return sorted(found, key=lambda e: (e[0], e[1]))


def as_reference(index: EventIndex) -> list[tuple]:
    frame = index.events()
    return list(zip(frame["block"], frame["log_index"], frame["contract"], frame["event"], frame["args"], strict=True))


# ------------------------------------------------------------------ complete and incremental


def test_sync_indexes_every_event_as_web3_decodes_it(w3, suite, tmp_path):
    index = EventIndex(suite.manifest, w3, tmp_path / "ix.sqlite")
    result = index.sync()
    reference = web3_reference(w3, suite.manifest)
    assert as_reference(index) == reference
    assert result.events == len(reference) == index.count()
    assert result.rebuilt == "new index"
    assert result.first_block == suite.manifest.start_block and result.last_block == w3.eth.block_number
    names = {(c, e) for _, _, c, e, _ in reference}
    assert {("ConsortiumRegistry", "OrgAdmitted"), ("ConsortiumRegistry", "OrgSuspended"), ("ConsortiumRegistry", "RoleGranted")} <= names


def test_indexed_columns_hold_the_org(w3, suite, tmp_path):
    index = EventIndex(suite.manifest, w3, tmp_path / "ix.sqlite")
    index.sync()
    frame = index.events()
    about_b = frame[frame["org"] == SUPPLIER_B]
    assert list(about_b["event"]) == ["OrgAdmitted", "OperatorAdded", "OrgSuspended"]  # its key accepted
    assert index.store.db.execute("SELECT COUNT(*) FROM events WHERE org = ?", (SUPPLIER_B,)).fetchone()[0] == 3
    plan = index.store.db.execute("EXPLAIN QUERY PLAN SELECT * FROM events WHERE org = ?", (SUPPLIER_B,)).fetchall()
    assert "events_by_org" in " ".join(str(step) for step in plan)


def test_second_sync_fetches_only_new_blocks(w3, suite, tmp_path):
    with RpcProxy(w3.provider.endpoint_uri) as proxy:
        index = EventIndex(suite.manifest, connect(proxy.url), tmp_path / "ix.sqlite")
        first = index.sync()
        before = len(proxy.log_queries())
        admit_many(suite.onboarder, suite.manifest, 1, 5)
        members.suspend(suite.council, suite.registry, bpnl(3))
        second = index.sync()
        queries = proxy.log_queries()[before:]
    assert second.first_block == first.last_block + 1
    assert second.last_block == w3.eth.block_number
    assert second.events == 6 and second.rebuilt is None
    assert queries and all(start > first.last_block for start, _ in queries)
    assert as_reference(index) == web3_reference(w3, suite.manifest)


def test_sync_with_nothing_new_sends_no_log_query_and_is_fast(w3, suite, tmp_path):
    path = tmp_path / "ix.sqlite"
    EventIndex(suite.manifest, w3, path).sync()
    with RpcProxy(w3.provider.endpoint_uri) as proxy:
        again = EventIndex(suite.manifest, connect(proxy.url), path)
        result = again.sync()
        methods = [m for m, _ in proxy.requests]
    assert result.events == 0 and result.requests == 0 and result.blocks == 0
    assert "eth_getLogs" not in methods
    assert result.seconds < 0.5


def test_interrupted_sync_resumes_where_it_stopped(w3, suite, tmp_path):
    admit_many(suite.onboarder, suite.manifest, 10, 4)
    middle = w3.eth.block_number
    admit_many(suite.onboarder, suite.manifest, 20, 4)
    path = tmp_path / "ix.sqlite"
    partial = EventIndex(suite.manifest, w3, path).sync(to_block=middle)
    assert partial.last_block == middle
    rest = EventIndex(suite.manifest, w3, path).sync()
    assert rest.first_block == middle + 1 and rest.events == 4
    full = EventIndex(suite.manifest, w3, tmp_path / "full.sqlite")
    full.sync()
    assert index_rows(EventIndex(suite.manifest, w3, path)) == index_rows(full)


def test_two_syncs_of_one_file_at_once_store_each_event_once(w3, suite, tmp_path):
    """Two commands that read the index's state before either stored the new blocks
    both fetch and store them: the second stores the same rows again, once."""
    path = tmp_path / "ix.sqlite"
    first, second = EventIndex(suite.manifest, w3, path), EventIndex(suite.manifest, w3, path)
    first.sync(to_block=suite.manifest.start_block)
    admit_many(suite.onboarder, suite.manifest, 30, 3)
    stale = second.store.state()
    first.sync()
    real_state = second.store.state
    second.store.state = lambda: stale  # type: ignore[method-assign]  # it read the state before first stored
    stored = first.count()
    try:
        assert second.sync().events > 0 and second.count() == stored
    finally:
        second.store.state = real_state  # type: ignore[method-assign]
    assert as_reference(second) == web3_reference(w3, suite.manifest)


def test_sync_beyond_the_head_is_refused(w3, suite, tmp_path):
    index = EventIndex(suite.manifest, w3, tmp_path / "ix.sqlite")
    with pytest.raises(ChainError, match="latest block is"):
        index.sync(to_block=w3.eth.block_number + 10)


def test_index_file_per_chain_id(w3, suite, tmp_path, monkeypatch):
    monkeypatch.setenv("VALUECHAIN_INDEX_DIR", str(tmp_path / "indexes"))
    assert default_path(31337) == tmp_path / "indexes" / "events-31337.sqlite"
    index = EventIndex(suite.manifest, w3)
    index.sync()
    assert index.path == default_path(31337) and index.path.exists()
    with Store(index.path, readonly=True) as offline:
        assert offline.count() == index.count() > 0
        assert offline.state().chain_id == 31337


# ------------------------------------------------------------------ reorgs


def test_reorg_under_the_index_is_rolled_back_and_refetched(w3, suite, tmp_path):
    index = EventIndex(suite.manifest, w3, tmp_path / "ix.sqlite", reorg_depth=12)
    index.sync()
    base = index.last_block
    snapshot = rpc(w3, "evm_snapshot")
    admit_many(suite.onboarder, suite.manifest, 100, 3)  # fork A
    members.suspend(suite.council, suite.registry, SUPPLIER_A)
    assert index.sync().events == 4
    rpc(w3, "evm_revert", snapshot)
    admit_many(suite.onboarder, suite.manifest, 200, 2)  # fork B, longer
    rpc(w3, "anvil_mine", hex(3))
    assert w3.eth.block_number == base + 4

    result = index.sync()

    assert result.reorg_from == base + 1 and result.dropped == 4
    assert result.last_block == base + 4 and result.events == 2
    orgs = set(index.events(event="OrgAdmitted")["org"])
    assert {bpnl(200), bpnl(201)} <= orgs and not orgs & {bpnl(100), bpnl(101), bpnl(102)}
    assert index.members().set_index("org").loc[SUPPLIER_A, "status"] == "ACTIVE"
    fresh = EventIndex(suite.manifest, w3, tmp_path / "fresh.sqlite")
    fresh.sync()
    assert index_rows(index) == index_rows(fresh)
    kept = range(max(suite.manifest.start_block, base - 7), base + 5)
    assert index.store.window() == [(n, w3.eth.get_block(n)["hash"].to_0x_hex()) for n in kept]


def test_reorg_to_a_shorter_chain(w3, suite, tmp_path):
    index = EventIndex(suite.manifest, w3, tmp_path / "ix.sqlite", reorg_depth=6)
    index.sync()
    base = index.last_block
    snapshot = rpc(w3, "evm_snapshot")
    admit_many(suite.onboarder, suite.manifest, 300, 2)
    admit_many(suite.onboarder, suite.manifest, 310, 2)
    rpc(w3, "anvil_mine", hex(2))
    index.sync()
    rpc(w3, "evm_revert", snapshot)
    members.suspend(suite.council, suite.registry, SUPPLIER_A)  # one block where there were four

    result = index.sync()

    assert result.reorg_from == base + 1 and result.dropped == 4 and result.events == 1
    assert index.last_block == base + 1 == w3.eth.block_number
    assert list(index.events(since=base + 1)["event"]) == ["OrgSuspended"]


def test_reorg_deeper_than_the_window_is_refused_until_rebuilt(w3, suite, tmp_path):
    index = EventIndex(suite.manifest, w3, tmp_path / "ix.sqlite", reorg_depth=2)
    index.sync()
    snapshot = rpc(w3, "evm_snapshot")
    for k in range(4):
        admit_many(suite.onboarder, suite.manifest, 400 + 10 * k, 1)
    index.sync()
    rpc(w3, "evm_revert", snapshot)
    for k in range(5):
        admit_many(suite.onboarder, suite.manifest, 500 + 10 * k, 1)

    with pytest.raises(ReorgTooDeep, match=r"reorg may go deeper than reorg_depth=2"):
        index.sync()
    index.close()
    # a reading command takes the index for the cache it is: it rebuilds rather than refuses
    with EventIndex.synced(suite.manifest, w3, tmp_path / "ix.sqlite", reorg_depth=2) as again:
        assert again.last_block == w3.eth.block_number
        assert as_reference(again) == web3_reference(w3, suite.manifest)
    index = EventIndex(suite.manifest, w3, tmp_path / "ix.sqlite", reorg_depth=2)
    rebuilt = index.sync(rebuild=True)
    assert rebuilt.rebuilt == "rebuild requested"
    assert as_reference(index) == web3_reference(w3, suite.manifest)


def test_reorg_depth_zero_keeps_no_window_and_refuses_a_chain_that_went_back(w3, suite, tmp_path):
    index = EventIndex(suite.manifest, w3, tmp_path / "ix.sqlite", reorg_depth=0)
    index.sync()
    assert index.store.window() == []
    snapshot = rpc(w3, "evm_snapshot")
    admit_many(suite.onboarder, suite.manifest, 600, 1)
    admit_many(suite.onboarder, suite.manifest, 610, 1)
    index.sync()
    assert index.store.window() == []
    rpc(w3, "evm_revert", snapshot)
    with pytest.raises(ReorgTooDeep, match="the chain went back and reorg_depth is 0"):
        index.sync()
    index.close()
    with EventIndex.synced(suite.manifest, w3, tmp_path / "ix.sqlite", reorg_depth=0) as again:
        assert again.last_block == w3.eth.block_number and again.count() == len(web3_reference(w3, suite.manifest))


def test_a_replaced_chain_or_another_deployment_rebuilds_the_index(w3, suite, tmp_path):
    path = tmp_path / "ix.sqlite"
    snapshot = rpc(w3, "evm_snapshot")
    council = Sender(w3, accounts[0].address)
    first = deploy.deploy_suite(council, directory=tmp_path / "a", force=True)
    index = EventIndex(first, w3, path)
    index.sync()
    # the same deployment again on a replaced chain: same addresses and transactions, other blocks
    rpc(w3, "evm_revert", snapshot)
    rpc(w3, "evm_setNextBlockTimestamp", hex(w3.eth.get_block("latest")["timestamp"] + 1000))
    again = deploy.deploy_suite(council, directory=tmp_path / "b", force=True)
    assert again.contracts["ConsortiumRegistry"].address == first.contracts["ConsortiumRegistry"].address
    assert again.start_block == first.start_block
    result = EventIndex(first, w3, path).sync()
    assert result.rebuilt is not None and re.search(r"block \d+, where the suite was deployed, has another hash", result.rebuilt)
    # a different deployment (another manifest) on the same chain
    other = deploy.deploy_suite(council, directory=tmp_path / "c", force=True)
    result = EventIndex(other, w3, path).sync()
    assert result.rebuilt == "the manifest names other contracts than the index was built for"
    assert as_reference(EventIndex(other, w3, path)) == web3_reference(w3, other)


# ------------------------------------------------------------------ adaptive ranges


@pytest.fixture
def spread(w3, suite):
    """Events spread over about a hundred blocks."""
    for k in range(6):
        admit_many(suite.onboarder, suite.manifest, 700 + 10 * k, 1 + k)
        rpc(w3, "anvil_mine", hex(20))
    return w3.eth.block_number


def test_refused_ranges_are_halved_until_the_node_accepts(w3, suite, spread, tmp_path):
    with RpcProxy(w3.provider.endpoint_uri, before=log_range_limit(8)) as proxy:
        index = EventIndex(suite.manifest, connect(proxy.url), tmp_path / "ix.sqlite", policy=RangePolicy(initial=100))
        result = index.sync()
        queries = proxy.log_queries()
    spans = [end - start + 1 for start, end in queries]
    assert spans[:5] == [100, 50, 25, 12, 6]  # refused, refused, refused, refused, accepted
    # back to the last accepted size, then halfway towards what was refused: the limit, found
    assert spans[5:9] == [9, 6, 7, 8] and set(spans[-5:-1]) == {8}
    assert result.refusals == sum(span > 8 for span in spans) == 5
    assert all(end - start + 1 <= 8 for start, end in result.ranges)
    assert list(result.ranges) == sorted(result.ranges)
    assert result.ranges[0][0] == suite.manifest.start_block and result.ranges[-1][1] == spread
    assert all(b[0] == a[1] + 1 for a, b in itertools.pairwise(result.ranges))  # no gap, no overlap
    assert as_reference(index) == web3_reference(w3, suite.manifest)


def test_ranges_grow_while_answers_stay_small(w3, suite, spread, tmp_path):
    index = EventIndex(suite.manifest, w3, tmp_path / "ix.sqlite", policy=RangePolicy(initial=1, grow_below=1_000))
    result = index.sync()
    spans = [end - start + 1 for start, end in result.ranges]
    assert spans[:5] == [1, 2, 4, 8, 16]
    assert len(spans) <= 8 and result.final_range >= 64


def test_ranges_shrink_when_answers_are_large(w3, suite, spread, tmp_path):
    policy = RangePolicy(initial=64, grow_below=0, shrink_above=3)
    index = EventIndex(suite.manifest, w3, tmp_path / "ix.sqlite", policy=policy)
    result = index.sync()
    spans = [end - start + 1 for start, end in result.ranges]
    first = result.ranges[0]
    logs = index.store.db.execute("SELECT COUNT(*) FROM events WHERE block BETWEEN ? AND ?", first).fetchone()[0]
    # in proportion to the density seen: the blocks that hold about shrink_above logs (at most half)
    assert logs > 3 and spans[0] == 64 and spans[1] == max(1, min(32, 64 * 3 // logs)) < 32 and result.refusals == 0
    assert as_reference(index) == web3_reference(w3, suite.manifest)


def test_http_413_counts_as_a_refusal(w3, suite, spread, tmp_path):
    with RpcProxy(w3.provider.endpoint_uri, before=log_range_limit(16, refusal=413)) as proxy:
        index = EventIndex(suite.manifest, connect(proxy.url), tmp_path / "ix.sqlite", policy=RangePolicy(initial=64))
        result = index.sync()
    assert result.refusals >= 2 and all(end - start + 1 <= 16 for start, end in result.ranges)
    assert as_reference(index) == web3_reference(w3, suite.manifest)


def test_a_node_refusing_even_one_block_is_an_error(w3, suite, tmp_path):
    with RpcProxy(w3.provider.endpoint_uri, before=log_range_limit(0)) as proxy:
        index = EventIndex(suite.manifest, connect(proxy.url), tmp_path / "ix.sqlite", policy=RangePolicy(initial=4))
        with pytest.raises(ChainError, match=r"refuses eth_getLogs even for the single block \d+: Requested range exceeds"):
            index.sync()
        assert [end - start + 1 for start, end in proxy.log_queries()] == [4, 2, 1]
    assert index.count() == 0


def test_other_node_errors_are_not_taken_for_size_limits(w3, suite, tmp_path):
    fault = {"code": -32601, "message": "the method eth_getLogs does not exist/is not available"}
    with RpcProxy(w3.provider.endpoint_uri, before=log_range_limit(fail_with=fault)) as proxy:
        index = EventIndex(suite.manifest, connect(proxy.url), tmp_path / "ix.sqlite")
        with pytest.raises(ChainError, match=r"eth_getLogs .* failed: the method eth_getLogs does not exist"):
            index.sync()
        assert len(proxy.log_queries()) == 1


def test_suspension_reason_is_decoded(w3, suite, tmp_path):
    index = EventIndex(suite.manifest, w3, tmp_path / "ix.sqlite")
    index.sync()
    suspended = index.events("ConsortiumRegistry", "OrgSuspended")
    assert list(suspended["org"]) == [SUPPLIER_B]
    assert list(suspended["reasonHash"]) == ["0x" + keccak(text="audit").hex()]
