"""`valuechain simulate` on a real consortium chain (four go-ethereum 1.13.15 Clique
validators, 1 s blocks): no time travel, the weeks played at the chain's own pace by the
members' keystore accounts at zero gas, through the CLI and the consortium-local
profile. The business it does is the model's: the same seed on Anvil, where the weeks
are time-travelled, gives the same figures. A rerun resumes and sends nothing."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.consortium import point_profile, profile_entry, running_network
from tests.support.onboarding import Anvil
from tools.consortium.network import Network
from valuechain import accounts
from valuechain import manifest as manifests
from valuechain.cli import main as cli
from valuechain.network import connect
from valuechain.simulate import Params, model, simulate
from valuechain.simulate.cast import roles
from valuechain.tx import Sender

pytestmark = [pytest.mark.consortium, pytest.mark.xdist_group("simulate")]

log = logging.getLogger(__name__)

PASSWORD = "consortium simulation test"
PARAMS = Params(suppliers=2, oems=1, weeks=1, seed=11)
# what the model decides, whatever the chain (not gas, transactions, seconds)
BUSINESS = ("orders", "children", "volume", "reallocated", "holds", "deviations", "amendments", "short", "late",
            "delivered", "notifications", "disruptions", "capacity_signals", "licences", "accesses", "events")


@pytest.fixture(scope="module")
def network(tmp_path_factory) -> Iterator[Network]:
    yield from running_network(tmp_path_factory.mktemp("consortium") / "net")


def test_simulate_plays_the_models_business_at_the_chains_pace(network: Network, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    entry = profile_entry()
    monkeypatch.setenv("VALUECHAIN_CONFIG", str(point_profile(entry, network.node("supplier-a").rpc_url,
                                                                tmp_path / "valuechain.toml")))
    monkeypatch.setenv(str(entry["password_env"]), PASSWORD)
    keys, run = tmp_path / "keystores", tmp_path / "run"
    for name in [str(entry["account"]), *(f"sim-{role}" for role in roles(model(PARAMS)))]:
        accounts.new(name, PASSWORD, keys, kdf_iterations=1_000)  # test keys: a cheap KDF
    argv = ["simulate", "--suppliers", str(PARAMS.suppliers), "--oems", str(PARAMS.oems), "--weeks", str(PARAMS.weeks),
            "--seed", str(PARAMS.seed), "--run-dir", str(run), "--network", "consortium-local",
            "--keystore-dir", str(keys)]
    started = time.time()
    assert cli(argv) == 0, capsys.readouterr().err
    took = time.time() - started
    assert "orders placed" in capsys.readouterr().out

    w3 = connect(network.node("auditor").rpc_url, network.chain_id)  # another member's node sees it all
    suite = manifests.load(chain_id=network.chain_id, path=run / f"{network.chain_id}.json")
    orders = suite.contract(w3, "SupplyOrders")
    council = accounts.address_of(str(entry["account"]), keys)
    assert w3.eth.get_balance(council) == 0  # every transaction at zero gas price, paid by nobody
    first = suite.contracts["ConsortiumRegistry"].block
    assert w3.eth.get_block(first)["timestamp"] >= started - 5  # no clock moved: real time
    assert w3.eth.get_block("latest")["timestamp"] <= time.time() + 5
    journal = [json.loads(line) for line in (run / "journal.jsonl").read_text().splitlines()]
    placed, nonce = orders.functions.orderCount().call(), w3.eth.get_transaction_count(council)

    assert cli(argv) == 0, capsys.readouterr().err  # the rerun: everything journaled, nothing sent
    assert "orders placed" in capsys.readouterr().out
    assert orders.functions.orderCount().call() == placed
    assert w3.eth.get_transaction_count(council) == nonce
    assert [json.loads(line) for line in (run / "journal.jsonl").read_text().splitlines()] == journal

    on_geth = simulate(w3, Sender(w3, accounts.unlock(str(entry["account"]), PASSWORD, keys), gas_mode="zero"),
                       PARAMS, run, password=PASSWORD, keystore_dir=keys).figures  # resumed: the journal's figures
    anvil = Anvil(tmp_path / "anvil.json").start()
    try:
        dev = connect(anvil.url, 31337)
        on_anvil = simulate(dev, Sender(dev, dev.eth.accounts[0]), PARAMS, tmp_path / "anvil-run").figures
    finally:
        anvil.stop()
    log.warning("simulated %s on geth: %d transactions in %.1f s (%s)", PARAMS, on_geth.txs, took, on_geth.as_dict())
    assert on_geth.orders == placed > 0
    assert {k: getattr(on_geth, k) for k in BUSINESS} == {k: getattr(on_anvil, k) for k in BUSINESS}
