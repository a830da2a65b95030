"""Node faults on the real consortium chain (four go-ethereum 1.13.15 Clique validators,
tests/support/consortium.py): supplier onboarding from CSV goes on, or is rerun, and
every BPNL is admitted exactly once; after each fault the event index (synced as the
chain moved, reorg depth covering Clique's tip reorgs) equals a fresh sync of the chain.

- one of four validators stopped mid-onboarding: the other three go on sealing and the
  job finishes in the same run; a rerun sends nothing;
- the node the tool talks to killed (SIGKILL) mid-batch: the run fails with one line, the
  rerun against another member's node settles the journal and finishes; a rerun sends
  nothing, also once the killed node is back (its pool's stale transactions are refused);
- two of four validators stopped: Clique halts (a signer may seal one block in three);
  onboarding says the chain stalled while it waits, fails after its timeout with one
  line, and the CLI's rerun, waiting for the pending batch, finishes exactly once when
  the two return.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from web3 import Web3

from tests.support.consortium import (
    Deployment,
    deployed,
    heads_over,
    index_equals_fresh_sync,
    running_network,
    signers,
)
from tests.support.onboarding import admitted_counts, suppliers, write_csv
from tools.consortium.network import Network
from valuechain.cli import main as cli
from valuechain.errors import ChainError
from valuechain.events import EventIndex
from valuechain.onboarding import BatchEvent, onboard
from valuechain.onboarding.run import OnboardingView

# one xdist group per network: `make test` runs the groups side by side
pytestmark = [pytest.mark.consortium, pytest.mark.xdist_group("faults")]
log = logging.getLogger(__name__)

ROWS = 240  # per fault: eight batches of 30
BATCH = 30
PASSWORD = "consortium fault test"


@pytest.fixture(scope="module")
def network(tmp_path_factory) -> Iterator[Network]:
    yield from running_network(tmp_path_factory.mktemp("consortium") / "net")


@pytest.fixture(scope="module")
def deployment(network: Network, tmp_path_factory) -> Iterator[Deployment]:
    yield from deployed(network, tmp_path_factory.mktemp("faults"), PASSWORD)


def supplier_csv(d: Deployment, name: str, seed: int) -> tuple[Path, list[str]]:
    rows = suppliers(ROWS, seed=seed)
    return write_csv(d.folder / f"{name}.csv", rows), [r.bpnl for r in rows]


def assert_exactly_once(d: Deployment, w3: Web3, bpnls: list[str]) -> None:
    counts = admitted_counts(d.registry(w3))
    assert {b: counts[b] for b in bpnls} == dict.fromkeys(bpnls, 1)
    assert max(counts.values()) == 1


def assert_rerun_sends_nothing(d: Deployment, node: str, csv: Path, journal: Path, capsys) -> None:
    d.use_node(node)
    nonce = d.w3(node).eth.get_transaction_count(d.deployer, "pending")
    capsys.readouterr()
    assert cli(["onboard", str(csv), *d.cli_chain(), "--journal-dir", str(journal)]) == 0
    assert "nothing to send" in capsys.readouterr().out
    assert d.w3(node).eth.get_transaction_count(d.deployer, "pending") == nonce


def assert_index_matches_fresh(d: Deployment, w3: Web3, live: EventIndex, name: str) -> None:
    with index_equals_fresh_sync(d, w3, live, name) as fresh:
        assert fresh.count("ConsortiumRegistry", "OrgAdmitted") >= ROWS


def test_one_validator_stopped_mid_onboarding(deployment: Deployment, capsys) -> None:
    d, net = deployment, deployment.network
    csv, bpnls = supplier_csv(d, "one-down", seed=101)
    journal = d.folder / "journal-one-down"
    sender = d.sender("oem")
    live = d.index(sender.w3, d.folder / "live.sqlite")
    live.sync()
    stopped_at: list[int] = []

    def on_batch(event: BatchEvent) -> None:
        if event.kind == "mined":
            live.sync()  # follows the tip as it is sealed: Clique may reorg it
            if event.number == 2 and not stopped_at:
                net.stop_node("auditor")
                stopped_at.append(int(event.block or 0))

    started = time.monotonic()
    report = onboard(csv, sender, d.registry(sender.w3), journal_dir=journal, max_batch_size=BATCH,
                     on_batch=on_batch)
    took = time.monotonic() - started
    assert stopped_at, "the validator was not stopped mid-run"
    assert report.counts.get("admitted") == ROWS and len(report.batches) == ROWS // BATCH
    assert_exactly_once(d, sender.w3, bpnls)
    # the three others sealed everything after the stop, the stopped one nothing
    after = list(range(stopped_at[0] + 1, sender.w3.eth.block_number + 1))
    running = {n.address.lower() for n in net.nodes if n.name != "auditor"}
    assert signers(net, after) <= running
    assert_rerun_sends_nothing(d, "oem", csv, journal, capsys)

    net.start_node("auditor")
    assert len(heads_over(net, "auditor", blocks=4, timeout=30)) >= 4
    assert_index_matches_fresh(d, sender.w3, live, "one-down")
    live.close()
    log.warning("%d rows with a validator stopped after batch 2: %.1f s", ROWS, took)


def test_node_killed_mid_batch_rerun_on_another_node(deployment: Deployment, capsys) -> None:
    d, net = deployment, deployment.network
    csv, bpnls = supplier_csv(d, "killed", seed=202)
    journal = d.folder / "journal-killed"
    sender = d.sender("supplier-a")
    live = d.index(d.w3("supplier-b"), d.folder / "live.sqlite")
    live.sync()
    killed: list[int] = []

    def on_batch(event: BatchEvent) -> None:
        if event.kind == "submitted" and event.number == 3 and not killed:
            net.stop_node("supplier-a", kill=True)  # a crash, with batch 3 (at least) in flight
            killed.append(event.number)

    with pytest.raises(ChainError) as failed:
        onboard(csv, sender, d.registry(sender.w3), journal_dir=journal, max_batch_size=BATCH, on_batch=on_batch)
    assert killed
    message = str(failed.value)
    assert "\n" not in message and "run the same command again" in message
    partial = admitted_counts(d.registry(d.w3("supplier-b")))
    assert max(partial.values()) == 1 and sum(partial[b] for b in bpnls) < ROWS

    # the same job through the CLI, now against another member's node
    d.use_node("supplier-b")
    capsys.readouterr()
    assert cli(["onboard", str(csv), *d.cli_chain(), "--journal-dir", str(journal)]) == 0
    out = capsys.readouterr().out
    assert "settled" in out
    assert_exactly_once(d, d.w3("supplier-b"), bpnls)
    assert_rerun_sends_nothing(d, "supplier-b", csv, journal, capsys)

    # the crashed node comes back: whatever its pool kept is stale, nothing is admitted twice
    net.start_node("supplier-a")
    assert len(heads_over(net, "supplier-a", blocks=4, timeout=30)) >= 4
    assert_exactly_once(d, d.w3("supplier-a"), bpnls)
    assert_rerun_sends_nothing(d, "supplier-a", csv, journal, capsys)
    assert_index_matches_fresh(d, d.w3("supplier-b"), live, "killed")
    live.close()


class Lines(OnboardingView):
    def __init__(self) -> None:
        self.lines: list[tuple[int, str]] = []

    def line(self, level: int, message: str) -> None:
        self.lines.append((level, message))


@pytest.mark.xdist_group("faults-halt")  # on a network of its own, beside the other two faults
def test_two_validators_stopped_halt_the_chain_and_onboarding_waits(deployment: Deployment, capsys) -> None:
    d, net = deployment, deployment.network
    csv, bpnls = supplier_csv(d, "halted", seed=303)
    journal = d.folder / "journal-halted"
    sender = d.sender("oem")
    live = d.index(sender.w3, d.folder / "live.sqlite")
    live.sync()
    net.stop_node("supplier-b")
    net.stop_node("auditor")
    # a block or two more, then two signers cannot seal in turn (one block in three each): halted
    halted_at = sender.w3.eth.block_number + 2
    heads_over(net, "oem", blocks=2, timeout=6)
    assert heads_over(net, "oem", blocks=1, timeout=5) == []
    assert sender.w3.eth.block_number <= halted_at

    view = Lines()
    with pytest.raises(ChainError) as failed:
        onboard(csv, sender, d.registry(sender.w3), journal_dir=journal, max_batch_size=BATCH, wait_timeout=14,
                view=view)
    message = str(failed.value)
    assert "\n" not in message
    assert "not mined after 14 s: the chain has sealed no block since block" in message
    assert "nothing is sent twice" in message
    warnings = [m for level, m in view.lines if level == logging.WARNING]
    assert any("the chain has sealed no block since block" in m and "validators" in m for m in warnings), view.lines
    counts = admitted_counts(d.registry(sender.w3))
    assert not any(counts[b] for b in bpnls)

    # the CLI reruns the job while the chain is still halted: it waits for the pending batches
    d.use_node("oem")
    result: list[int] = []
    rerun = threading.Thread(target=lambda: result.append(
        cli(["onboard", str(csv), *d.cli_chain(), "--journal-dir", str(journal)])))
    capsys.readouterr()
    rerun.start()
    out, deadline = "", time.monotonic() + 60
    while "still pending: waiting" not in out and time.monotonic() < deadline:  # however slow the start
        time.sleep(0.2)
        out += capsys.readouterr().out
    assert "still pending: waiting" in out
    time.sleep(2)
    assert rerun.is_alive() and not result  # waiting, not failing
    net.start()  # the two come back: peered, caught up, sealing
    rerun.join(timeout=120)
    assert result == [0]
    assert_exactly_once(d, sender.w3, bpnls)
    assert_rerun_sends_nothing(d, "oem", csv, journal, capsys)
    assert_index_matches_fresh(d, sender.w3, live, "halted")
    live.close()
