"""`valuechain simulate` on fresh Anvils: a small run (3 suppliers, 1 OEM, 3 weeks) does
the model's business, repeats itself exactly for its seed, and resumes exactly once
after a crash."""

from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path

import pytest
from rich.console import Console

from tests.support.onboarding import ROOT, Anvil, free_port
from valuechain import accounts, manifest
from valuechain.cli import main as cli
from valuechain.contract_types import SignalKind
from valuechain.errors import ChainError
from valuechain.events import EventIndex
from valuechain.network import connect
from valuechain.scenario import Demo
from valuechain.simulate import Params, capacity, simulate
from valuechain.simulate.cast import roles
from valuechain.simulate.model import model
from valuechain.simulate.payloads import downtime
from valuechain.tx import Sender

SMALL = Params(suppliers=3, oems=1, weeks=3, seed=7)


class Crash(Exception):
    pass


#: this worktree's ports for the simulations' Anvils (the shared onboarding range is small),
#: above the consortium suite's geth networks (tools.consortium.network.find_free_ports)
PORTS = range(int(os.environ.get("DEV_PORT", "8545")) + 20_100, int(os.environ.get("DEV_PORT", "8545")) + 20_140)


def fresh(tmp: Path) -> tuple[Anvil, object]:
    tmp.mkdir(parents=True, exist_ok=True)
    node = Anvil(tmp / "anvil.json", port=free_port(PORTS)).start()
    return node, connect(node.url, 31337)


def events_of(w3, run_dir: Path) -> list[tuple[str, str, str]]:
    """The event index of a run, without blocks, hashes and times."""
    suite = manifest.load(path=run_dir / "31337.json")
    with EventIndex.synced(suite, w3, run_dir / "check.sqlite", reorg_depth=0) as index:
        frame = index.events()
    return [(c, e, json.dumps(a, sort_keys=True, default=str))
            for c, e, a in zip(frame["contract"], frame["event"], frame["args"], strict=True)]


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("sim-a")
    node, w3 = fresh(tmp)
    try:
        sim = simulate(w3, Sender(w3, w3.eth.accounts[0]), SMALL, tmp / "run")
        yield sim, events_of(w3, tmp / "run"), w3, node
    finally:
        node.stop()


def test_a_small_run_does_the_models_business(uninterrupted):
    sim, events, _, _ = uninterrupted
    f = sim.figures
    assert (f.orders, f.capacity_signals, f.licences, f.disruptions) == (9, 9, 3, 1)
    assert f.txs > 60 and f.gas > 0 and f.events == len(events)
    names = {e for _, e, _ in events}
    assert {"OrderPlaced", "QualityAssessed", "CapacitySignalled", "DisruptionSignalled", "DisruptionResolved",
            "AmendmentProposed", "AmendmentAccepted", "LicenceGranted", "AccessRecorded", "OrgSuspended",
            "OrgReinstated", "OrderClosed"} <= names, names


def test_the_downtime_amendments_cite_the_disruption(uninterrupted):
    sim, events, _, _ = uninterrupted
    world = model(SMALL)
    s = world.suppliers[world.downtime_supplier]
    wanted = "0x" + downtime(world, world.oems[0], s, sim.monday(world.downtime_week)).notification_id.bytes.hex()
    cited = [json.loads(a) for _, e, a in events if e == "AmendmentProposed"]
    assert cited and len(cited) == sim.figures.amendments
    assert all(int(a["signalKind"]) == SignalKind.DISRUPTION and str(a["signalId"]).lower() == wanted for a in cited)


def test_a_crashed_run_resumes_exactly_once_and_repeats_the_seed(uninterrupted, tmp_path):
    """Run B crashes after its 40th step and is rerun on its chain: same events (a fresh
    Anvil, the same seed) and the same figures as the uninterrupted run A."""
    sim_a, events_a, _, _ = uninterrupted
    node, w3 = fresh(tmp_path)
    steps: list[str] = []

    def crash_at_40(key: str) -> None:
        steps.append(key)
        if len(steps) == 40:
            raise Crash(key)
    try:
        council = Sender(w3, w3.eth.accounts[0])
        with pytest.raises(Crash):
            simulate(w3, council, SMALL, tmp_path / "run", after_step=crash_at_40)
        resumed = simulate(w3, Sender(w3, w3.eth.accounts[0]), SMALL, tmp_path / "run", after_step=steps.append)
        events_b = events_of(w3, tmp_path / "run")
    finally:
        node.stop()
    assert len(steps) == len(set(steps))  # no step twice
    a, b = sim_a.figures.as_dict(), resumed.figures.as_dict()
    a.pop("seconds"), b.pop("seconds")
    assert a == b
    assert events_b == events_a


def test_the_command_runs_and_a_rerun_sends_nothing(uninterrupted, tmp_path, capsys):
    _, _, w3, node = uninterrupted
    argv = ["simulate", "--suppliers", "2", "--weeks", "1", "--seed", "99", "--run-dir", str(tmp_path / "cli"),
            "--rpc-url", node.url, "--chain-id", "31337", "--dev-account", "0"]
    assert cli(argv) == 0
    first = capsys.readouterr().out
    assert "Simulated: 2 suppliers, 1 OEM(s), 1 weeks" in first and "orders placed" in first
    block = w3.eth.block_number
    assert cli(argv) == 0
    assert w3.eth.block_number == block
    assert "transactions" in capsys.readouterr().out


def test_a_steady_week_grows_linearly_with_the_suppliers(tmp_path):
    """What the capacity report scales by: per supplier, a steady week of 3 and of 6
    suppliers costs the same gas and emits the same events (within the model's noise)."""
    measured = []
    for n in (3, 6):
        node, w3 = fresh(tmp_path / f"n{n}")
        try:
            sim = simulate(w3, Sender(w3, w3.eth.accounts[0]), Params(n, 1, 5, 5), tmp_path / f"n{n}" / "run")
        finally:
            node.stop()
        measured.append(capacity.steady_week(sim.journal, n, 5))
    small, large = measured
    assert capacity.linearity(small, large, "gas") < 0.15, (small, large)
    assert capacity.linearity(small, large, "events") < 0.15, (small, large)
    line = capacity.fit(small, large, "gas")
    assert line.at(6) == pytest.approx(large.gas) and line.per_supplier > 0


def test_on_another_chain_keystore_parties_play_at_the_chains_own_pace(tmp_path, monkeypatch, capsys):
    """Chain 4242 (not the dev chain): the council and every party are keystore accounts
    (funded here as a consortium's genesis would), and no week moves the clock."""
    port = free_port(PORTS)
    node = subprocess.Popen([str(ROOT / ".tools" / "bin" / "anvil"), "--port", str(port), "--chain-id", "4242",
                             "--hardfork", "paris", "--silent"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}"
        w3 = wait_for(url)
        keys = tmp_path / "keys"
        params = Params(2, 1, 2, 3)
        for name in ["council", *(f"sim-{role}" for role in roles(model(params)))]:
            info = accounts.new(name, "pw", keys, kdf_iterations=2)
            w3.provider.make_request("anvil_setBalance", [info.address, hex(10**21)])
        monkeypatch.setenv("SIM_PW", "pw")
        argv = ["simulate", "--suppliers", "2", "--weeks", "2", "--seed", "3", "--run-dir", str(tmp_path / "run"),
                "--rpc-url", url, "--chain-id", "4242", "--account", "council", "--password-env", "SIM_PW",
                "--keystore-dir", str(keys)]
        assert cli(argv) == 0, capsys.readouterr().err
        assert "orders placed" in capsys.readouterr().out
        assert w3.eth.get_block("latest")["timestamp"] < time.time() + 3_600  # no time travel
        journal = (tmp_path / "run" / "journal.jsonl").read_text()
        assert '"chain_id": 4242' in journal and "w1/amend/" in journal
    finally:
        node.terminate()
        node.wait(10)


def wait_for(url: str):
    deadline = time.time() + 20
    while True:
        try:
            return connect(url, 4242, timeout=2)
        except ChainError:
            if time.time() > deadline:
                raise
            time.sleep(0.1)


def test_a_step_cut_off_after_it_sent_is_not_sent_again(tmp_path, monkeypatch):
    """The process dies inside a step, after part of it landed (an order placed and
    confirmed, production not started): the rerun refuses that step instead of placing
    the order twice, and says why."""
    node, w3 = fresh(tmp_path)
    try:
        from valuechain.simulate import driver

        real = driver.orders.start_production

        def dies(*args, **kwargs):
            raise KeyboardInterrupt
        monkeypatch.setattr(driver.orders, "start_production", dies)
        with pytest.raises(KeyboardInterrupt):
            simulate(w3, Sender(w3, w3.eth.accounts[0]), Params(2, 1, 1, 4), tmp_path / "run")
        monkeypatch.setattr(driver.orders, "start_production", real)
        placed = manifest.load(path=tmp_path / "run" / "31337.json").contract(w3, "SupplyOrders").functions.orderCount().call()
        with pytest.raises(ChainError, match="w0/order/0 began before the run stopped"):
            simulate(w3, Sender(w3, w3.eth.accounts[0]), Params(2, 1, 1, 4), tmp_path / "run")
        assert manifest.load(path=tmp_path / "run" / "31337.json").contract(
            w3, "SupplyOrders").functions.orderCount().call() == placed == 1
    finally:
        node.stop()


def test_the_demo_plays_its_quarter_and_keeps_it_for_the_charts(tmp_path):
    node, w3 = fresh(tmp_path)
    try:
        console = Console(record=True, width=160)
        demo = Demo(w3, w3.eth.accounts, console=console, manifest_dir=tmp_path, quarter_params=Params(2, 1, 2, 1))
        demo.simulate_quarter()
    finally:
        node.stop()
    assert demo.quarter is not None and demo.quarter.suite is not None
    assert demo.quarter.figures.orders == 4 and (demo.quarter.run_dir / "31337.json").exists()
    text = console.export_text()
    assert "A quarter in the life of a 2-supplier consortium" in text and "orders placed" in text
