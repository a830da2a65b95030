"""Exactly once: a run interrupted anywhere (Ctrl-C, a crash between journal and send,
a node killed and restarted from its saved state, a pending transaction lost with the
node) is finished by a rerun, and every supplier is admitted exactly once."""

from __future__ import annotations

import contextlib
import io
import json
import os
import tempfile
import threading
from pathlib import Path

import pytest
from brownie import accounts
from eth_account import Account
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.console import Console

from tests.support.onboarding import Anvil, admitted_counts, suppliers, write_csv
from valuechain import deploy
from valuechain.cli.onboard_view import ConsoleView
from valuechain.errors import ChainError
from valuechain.network import connect
from valuechain.onboarding import BatchEvent, calldata, csvfile, onboard
from valuechain.onboarding.journal import Journal
from valuechain.onboarding.validate import validate
from valuechain.tx import Sender

STATEFUL_SCALE = float(os.environ.get("STATEFUL_SCALE", "1"))  # `make fuzz` runs ten times the examples


@pytest.fixture(scope="module")
def reg(w3):
    council = Sender(w3, accounts[0].address)
    registry, _ = deploy.deploy(council, "ConsortiumRegistry", deploy.ADMIN_DELAY, council.address)
    council.transact(registry.functions.grantRole(registry.functions.ONBOARDER_ROLE().call(), accounts[1].address))
    return registry


@pytest.fixture
def onboarder(w3):
    return Sender(w3, accounts[1].address)


def quiet() -> ConsoleView:
    return ConsoleView(Console(file=io.StringIO(), width=120))


def interrupt_after_first_submit(event: BatchEvent) -> None:
    if event.kind == "submitted" and event.number == 1:
        raise KeyboardInterrupt


def journal_of(tmp_path, reg) -> Journal:
    return Journal.read(tmp_path / "journal" / f"onboarding-31337-{reg.address}.jsonl")


def assert_exactly_once(registry, rows, report) -> None:
    assert admitted_counts(registry) == {s.bpnl: 1 for s in rows}
    assert {r.status for r in report.rows} <= {"admitted", "already_present"}
    assert len(report.rows) == len(rows)


def test_ctrl_c_after_the_first_batch_was_submitted(reg, onboarder, tmp_path, w3):
    rows = suppliers(10, seed=20)
    path = write_csv(tmp_path / "s.csv", rows)
    console = Console(file=io.StringIO(), width=120)
    with pytest.raises(KeyboardInterrupt):
        onboard(path, onboarder, reg, journal_dir=tmp_path / "journal", view=ConsoleView(console), max_batch_size=4,
                on_batch=interrupt_after_first_submit)
    assert "run the same command again to finish" in console.file.getvalue()
    (left,) = journal_of(tmp_path, reg).open_batches()
    assert len(left.rows) == 4 and left.tx is not None

    report = onboard(path, onboarder, reg, journal_dir=tmp_path / "journal", view=quiet(), max_batch_size=4)

    assert report.settled == [f"batch of 4 rows from an earlier run, tx {left.tx}: mined in block {left_block(w3, left.tx)}"]
    assert [r.status for r in report.rows] == ["already_present"] * 4 + ["admitted"] * 6
    assert all(r.tx == left.tx for r in report.rows[:4])
    assert_exactly_once(reg, rows, report)
    assert journal_of(tmp_path, reg).open_batches() == []


def left_block(w3, tx: str) -> int:
    return w3.eth.get_transaction_receipt(tx)["blockNumber"]


def test_rerun_waits_for_a_batch_still_pending_instead_of_sending_it_again(reg, onboarder, tmp_path, w3):
    rows = suppliers(6, seed=21)
    path = write_csv(tmp_path / "s.csv", rows)
    w3.provider.make_request("evm_setAutomine", [False])
    try:
        with pytest.raises(KeyboardInterrupt):
            onboard(path, onboarder, reg, journal_dir=tmp_path / "journal", view=quiet(), max_batch_size=3,
                    on_batch=interrupt_after_first_submit)
        (left,) = journal_of(tmp_path, reg).open_batches()
        assert w3.eth.get_transaction(left.tx)["blockNumber"] is None  # still in the node's pool

        def node_mines_later() -> None:
            w3.provider.make_request("evm_mine", [])
            w3.provider.make_request("evm_setAutomine", [True])

        timer = threading.Timer(1.0, node_mines_later)
        timer.start()
        report = onboard(path, onboarder, reg, journal_dir=tmp_path / "journal", view=quiet(), max_batch_size=3,
                         wait_timeout=30)
        timer.join()
    finally:
        w3.provider.make_request("evm_setAutomine", [True])

    assert len(report.settled) == 1 and "mined in block" in report.settled[0] and "(waited for it)" in report.settled[0]
    assert [(r.status, r.tx) for r in report.rows[:3]] == [("already_present", left.tx)] * 3
    assert [r.status for r in report.rows[3:]] == ["admitted"] * 3
    assert_exactly_once(reg, rows, report)


def test_crash_between_journal_record_and_send(reg, onboarder, tmp_path, w3):
    """A node-unlocked sender learns the hash only from the node: a crash right after
    the batch was recorded leaves no hash. The nonce tells whether it went out."""
    rows = suppliers(6, seed=22)
    path = write_csv(tmp_path / "s.csv", rows)
    valid, _ = validate(csvfile.read(path))
    nonce = w3.eth.get_transaction_count(onboarder.address, "pending")
    with Journal.open(tmp_path / "journal", 31337, reg.address) as journal:
        journal.begin(onboarder.address, nonce, valid[:3])  # ...and the process died here

    report = onboard(path, onboarder, reg, journal_dir=tmp_path / "journal", view=quiet())

    assert len(report.settled) == 1 and "(no hash recorded): was never sent" in report.settled[0]
    assert [r.status for r in report.rows] == ["admitted"] * 6
    assert_exactly_once(reg, rows, report)


def test_crash_after_the_unrecorded_send(reg, onboarder, tmp_path, w3):
    """The same crash one step later: the transaction left but its hash was never
    written. Its nonce is used, so the chain decides: those rows are already there."""
    rows = suppliers(6, seed=23)
    path = write_csv(tmp_path / "s.csv", rows)
    valid, _ = validate(csvfile.read(path))
    nonce = w3.eth.get_transaction_count(onboarder.address, "pending")
    with Journal.open(tmp_path / "journal", 31337, reg.address) as journal:
        journal.begin(onboarder.address, nonce, valid[:3])
        sent = w3.eth.send_transaction({"from": onboarder.address, "to": reg.address, "nonce": nonce, "gas": 1_000_000,
                                        "data": calldata.admit_batch(valid[:3])})  # ...and died before journal.sent
    block = w3.eth.wait_for_transaction_receipt(sent, timeout=30)["blockNumber"]  # its receipt may trail the answer under load

    report = onboard(path, onboarder, reg, journal_dir=tmp_path / "journal", view=quiet())

    assert len(report.settled) == 1 and f"its nonce {nonce} is used" in report.settled[0]
    assert [r.status for r in report.rows] == ["already_present"] * 3 + ["admitted"] * 3
    assert all(r.block != block for r in report.rows[3:])
    assert_exactly_once(reg, rows, report)


def test_local_signer_journals_the_hash_before_sending(reg, tmp_path, w3):
    signer = Account.create()
    accounts[0].transfer(signer.address, "1 ether")
    council = Sender(w3, accounts[0].address)
    council.transact(reg.functions.grantRole(reg.functions.ONBOARDER_ROLE().call(), signer.address))
    sender = Sender(w3, signer)
    rows = suppliers(7, seed=24)
    path = write_csv(tmp_path / "s.csv", rows)
    with pytest.raises(KeyboardInterrupt):
        onboard(path, sender, reg, journal_dir=tmp_path / "journal", view=quiet(), max_batch_size=4,
                on_batch=interrupt_after_first_submit)
    journal_file = tmp_path / "journal" / f"onboarding-31337-{reg.address}.jsonl"
    records = [json.loads(line) for line in journal_file.read_text().splitlines()]
    assert [r["kind"] for r in records] == ["batch", "sent"]
    assert records[0]["tx"] == records[1]["tx"] and records[0]["nonce"] == 0  # the hash was on disk first
    # sent, not awaited: Anvil mines it at once, but its receipt may trail the answer under load
    assert w3.eth.wait_for_transaction_receipt(records[0]["tx"], timeout=30)["from"] == signer.address

    report = onboard(path, Sender(w3, signer), reg, journal_dir=tmp_path / "journal", view=quiet(), max_batch_size=4)

    assert [r.status for r in report.rows] == ["already_present"] * 4 + ["admitted"] * 3
    assert_exactly_once(reg, rows, report)


# ------------------------------------------------------------------ a node of our own, killed and restarted


@pytest.fixture
def node(tmp_path):
    anvil = Anvil(tmp_path / "anvil-state.json").start()
    yield anvil
    anvil.stop()


def _deploy(url: str):
    w3 = connect(url, 31337)
    council = Sender(w3, w3.eth.accounts[0])
    registry, _ = deploy.deploy(council, "ConsortiumRegistry", deploy.ADMIN_DELAY, council.address)
    council.transact(registry.functions.grantRole(registry.functions.ONBOARDER_ROLE().call(), w3.eth.accounts[1]))
    return w3, registry


def _kill_after_first_submit(anvil: Anvil):
    def kill(event: BatchEvent) -> None:
        if event.kind == "submitted" and event.number == 1:
            anvil.stop()

    return kill


def test_node_killed_mid_run_and_restarted_from_its_saved_state(node, tmp_path):
    w3, registry = _deploy(node.url)
    rows = suppliers(9, seed=25)
    path = write_csv(tmp_path / "s.csv", rows)
    with pytest.raises(ChainError, match=r"lost the node while onboarding .* run the same command again"):
        onboard(path, Sender(w3, w3.eth.accounts[1]), registry, journal_dir=tmp_path / "journal", view=quiet(),
                max_batch_size=3, on_batch=_kill_after_first_submit(node))
    (left,) = journal_of(tmp_path, registry).open_batches()

    node.start()  # same port, state loaded: the chain is back with the first batch mined
    w3 = connect(node.url, 31337)
    registry = w3.eth.contract(address=registry.address, abi=registry.abi)
    report = onboard(path, Sender(w3, w3.eth.accounts[1]), registry, journal_dir=tmp_path / "journal",
                     view=quiet(), max_batch_size=3)

    assert len(report.settled) == 1 and f"tx {left.tx}: mined in block" in report.settled[0]
    assert [r.status for r in report.rows] == ["already_present"] * 3 + ["admitted"] * 6
    assert_exactly_once(registry, rows, report)


def test_pending_batch_lost_with_the_node_is_sent_again(node, tmp_path):
    w3, registry = _deploy(node.url)
    rows = suppliers(8, seed=26)
    path = write_csv(tmp_path / "s.csv", rows)
    w3.provider.make_request("evm_setAutomine", [False])  # the first batch stays pending
    with pytest.raises(ChainError, match="lost the node"):
        onboard(path, Sender(w3, w3.eth.accounts[1]), registry, journal_dir=tmp_path / "journal", view=quiet(),
                max_batch_size=4, on_batch=_kill_after_first_submit(node))
    (left,) = journal_of(tmp_path, registry).open_batches()

    node.start()  # its saved state has no pending pool: the batch is gone
    w3 = connect(node.url, 31337)
    registry = w3.eth.contract(address=registry.address, abi=registry.abi)
    report = onboard(path, Sender(w3, w3.eth.accounts[1]), registry, journal_dir=tmp_path / "journal",
                     view=quiet(), max_batch_size=4)

    assert report.settled == [(f"batch of 4 rows from an earlier run, tx {left.tx}: unknown to the node "
                               "(dropped, e.g. by a restart); its rows are planned again")]
    assert [r.status for r in report.rows] == ["admitted"] * 8 and len(report.batches) == 2
    # sent again (with the same nonce: a stale copy of the lost one and the new one
    # cannot both be mined; here it is even the identical transaction)
    assert w3.eth.get_transaction(report.rows[0].tx)["nonce"] == left.nonce
    assert_exactly_once(registry, rows, report)


# ------------------------------------------------------------------ any interruptions, then a rerun

_POINTS = st.tuples(st.sampled_from(["submitted", "mined"]), st.integers(min_value=1, max_value=4))


@given(interruptions=st.lists(_POINTS, max_size=3), pre_admitted=st.sets(st.integers(0, 9), max_size=3),
       batch=st.integers(min_value=2, max_value=5))
@settings(max_examples=int(12 * STATEFUL_SCALE), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_interruptions_then_a_rerun_admit_everyone_exactly_once(reg, onboarder, w3, interruptions, pre_admitted, batch):
    rows = suppliers(10, seed=30)
    snapshot = w3.provider.make_request("evm_snapshot", [])["result"]
    try:
        council = Sender(w3, accounts[0].address)
        for i in sorted(pre_admitted):  # someone else admitted these, exactly as the file says
            s = rows[i]
            council.transact(reg.functions.admit((s.bpnl.encode(), 2, bytes.fromhex(s.profile[2:]), s.operator)))
        with tempfile.TemporaryDirectory() as tmp:
            path = write_csv(Path(tmp) / "s.csv", rows)
            for kind, number in interruptions:
                def stop(event: BatchEvent, kind=kind, number=number) -> None:
                    if (event.kind, event.number) == (kind, number):
                        raise KeyboardInterrupt
                with contextlib.suppress(KeyboardInterrupt):
                    onboard(path, onboarder, reg, journal_dir=Path(tmp) / "journal", view=quiet(),
                            max_batch_size=batch, on_batch=stop)
            report = onboard(path, onboarder, reg, journal_dir=Path(tmp) / "journal", view=quiet(), max_batch_size=batch)
            assert_exactly_once(reg, rows, report)
            assert Journal.read(Path(tmp) / "journal" / f"onboarding-31337-{reg.address}.jsonl").open_batches() == []
            for i in pre_admitted:
                assert report.rows[i].status == "already_present"
    finally:
        w3.provider.make_request("evm_revert", [snapshot])
