"""Deployment leaves no orphans: the manifest records each contract as it lands, and a
deployment cut short (out of gas, a node that dies, a transaction lost with the node,
one still pending) is finished by a rerun with the same manifest. Bad deployment and
manifest inputs are one-line errors (exit 2) and send nothing."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

import pytest
from brownie import accounts, web3
from eth_account import Account

from tests.support.onboarding import Anvil
from tests.support.rpc_proxy import RpcProxy
from valuechain import deploy, manifest
from valuechain.cli import main as cli
from valuechain.deploy import BlockGasLimitTooLow, DeploymentInterrupted, ResumeRefused
from valuechain.manifest import ManifestMismatch
from valuechain.network import connect
from valuechain.tx import Sender

ROOT = Path(__file__).resolve().parents[2]
ALL = ["ConsortiumRegistry", "IPRegistry", "DataLicensing", "SupplySignals", "QualityNotifications", "SupplyOrders"]


def url() -> str:
    return web3.provider.endpoint_uri


def created_by(w3: Any, deployer: str, first: int) -> set[str]:
    """Every contract ``deployer`` created from block ``first`` on (reverted creations
    leave none): a manifest without orphans names exactly these."""
    out = set()
    for number in range(first, w3.eth.block_number + 1):
        for tx in w3.eth.get_block(number, full_transactions=True)["transactions"]:
            if tx["from"] == deployer and tx["to"] is None:
                receipt = w3.eth.get_transaction_receipt(tx["hash"])
                if receipt["status"] == 1:
                    out.add(receipt["contractAddress"])
    return out


def addresses(m: manifest.Manifest) -> set[str]:
    return {c.address for c in m.contracts.values()}


def third_creation(method: str, answer_with):  # type: ignore[no-untyped-def]
    """A proxy hook: the answer to the third contract creation's ``method`` call is
    replaced by ``answer_with(answer)``."""
    seen: list[int] = []

    def rewrite(request: dict[str, Any], answer: dict[str, Any]) -> dict[str, Any]:
        params = request.get("params") or [{}]
        if request.get("method") == method and isinstance(params[0], dict) and not params[0].get("to"):
            seen.append(1)
            if len(seen) == 3:
                return answer_with(answer)
        return answer

    return rewrite


def finish(m_path: Path, messages: list[str] | None = None, **kw: Any) -> manifest.Manifest:
    return deploy.deploy_suite(Sender(connect(url()), accounts[0].address), path=m_path,
                               progress=(messages.append if messages is not None else None), **kw)


# ------------------------------------------------------------------ cut short, then rerun


def test_out_of_gas_at_the_third_deployment_then_a_rerun_finishes_without_orphans(tmp_path, w3, capsys):
    path, start = tmp_path / "suite.json", w3.eth.block_number + 1
    too_little = third_creation("eth_estimateGas", lambda a: {**a, "result": hex(400_000)})
    stopped = r"deployment stopped at deploying DataLicensing: deploy DataLicensing reverted in block \d+ .* run the same"
    with RpcProxy(url(), too_little) as proxy, pytest.raises(DeploymentInterrupted, match=stopped):
        deploy.deploy_suite(Sender(connect(proxy.url), accounts[0].address), onboarders=[accounts[1].address], path=path)
    half = manifest.load(path=path, complete=False)
    assert not half.complete and list(half.contracts) == ALL[:2] and half.pending["name"] == "DataLicensing"
    # no other command uses a half-deployed suite
    assert cli(["members", "--rpc-url", url(), "--chain-id", "31337", "--manifest", str(path)]) == 2
    err = capsys.readouterr().err
    assert "did not finish (missing: DataLicensing, SupplySignals, QualityNotifications, SupplyOrders, grant ONBOARDER to" in err
    assert err.count("\n") == 1 and "Traceback" not in err
    # a rerun asking for other settings, or by another account, is refused before sending
    block, said = w3.eth.block_number, []
    with pytest.raises(ResumeRefused, match=r"deployed with council .* asks for .*nothing was sent"):
        finish(path, said, council=accounts[7].address)
    with pytest.raises(ResumeRefused, match=f"started by {accounts[0].address}; continue it as that account"):
        deploy.deploy_suite(Sender(w3, accounts[2].address), path=path)
    assert w3.eth.block_number == block

    done = finish(path, said)

    assert done.complete and list(done.contracts) == ALL and done.pending is None
    assert {n: c.address for n, c in done.contracts.items() if n in ALL[:2]} == \
        {n: c.address for n, c in half.contracts.items()}  # the landed ones were kept, not redeployed
    assert any("DataLicensing, sent by the interrupted run, did not land" in s for s in said)
    assert any("ConsortiumRegistry, IPRegistry on chain with the local build's code" in s for s in said), said
    assert created_by(w3, accounts[0].address, start) == addresses(done)  # no orphans
    assert all(deploy.verify(w3, done).values())
    registry = done.contract(w3, "ConsortiumRegistry")
    assert registry.functions.hasRole(registry.functions.ONBOARDER_ROLE().call(), accounts[1].address).call()
    assert manifest.load(chain_id=31337, path=path).complete

    # a finished manifest: a no-op that says so
    block, said = w3.eth.block_number, []
    again = finish(path, said)
    assert w3.eth.block_number == block and addresses(again) == addresses(done)
    assert said == [(f"{path} records a finished suite on chain 31337 (6 contracts, commit {done.commit[:12]}), still "
                     "deployed: nothing to do (`deploy --verify` checks its code; --force deploys a new suite)")]


def test_a_deployment_that_landed_unseen_is_adopted_not_sent_again(tmp_path, w3):
    """The node took the third deployment but the answer never came back (a connection
    lost at the worst moment): the manifest knows its nonce, so the rerun finds it."""
    path, start = tmp_path / "suite.json", w3.eth.block_number + 1
    lost = third_creation("eth_sendTransaction",
                          lambda a: {"jsonrpc": "2.0", "id": a.get("id"), "error": {"code": -32000, "message": "connection reset"}})
    stopped = "stopped at deploying DataLicensing: .*connection reset"
    with RpcProxy(url(), lost) as proxy, pytest.raises(DeploymentInterrupted, match=stopped):
        deploy.deploy_suite(Sender(connect(proxy.url), accounts[0].address), path=path)
    half = manifest.load(path=path, complete=False)
    assert list(half.contracts) == ALL[:2] and half.pending["txHash"] is None
    assert w3.eth.get_code(half.pending["address"])  # it did land

    said: list[str] = []
    done = finish(path, said)

    assert done.contracts["DataLicensing"].address == half.pending["address"]
    assert any(f"DataLicensing, sent by the interrupted run, landed at {half.pending['address']}" in s for s in said)
    tx = w3.eth.get_transaction(done.contracts["DataLicensing"].tx_hash)
    assert tx["nonce"] == half.pending["nonce"] and tx["blockNumber"] == done.contracts["DataLicensing"].block
    assert created_by(w3, accounts[0].address, start) == addresses(done)
    assert all(deploy.verify(w3, done).values())


def test_a_locally_signed_deployment_is_found_by_the_hash_written_before_it_left(tmp_path, w3):
    signer = Account.create()
    accounts[0].transfer(signer.address, "10 ether")
    path, sent = tmp_path / "suite.json", []

    def lost_third(request: dict[str, Any], answer: dict[str, Any]) -> dict[str, Any]:
        if request.get("method") == "eth_sendRawTransaction":
            sent.append(1)
            if len(sent) == 3:
                return {"jsonrpc": "2.0", "id": answer.get("id"), "error": {"code": -32000, "message": "connection reset"}}
        return answer

    with RpcProxy(url(), lost_third) as proxy, pytest.raises(DeploymentInterrupted, match="connection reset"):
        deploy.deploy_suite(Sender(connect(proxy.url), signer, gas_mode="eip1559"), path=path)
    half = manifest.load(path=path, complete=False)
    assert half.pending["txHash"] and half.pending["nonce"] == 2

    done = deploy.deploy_suite(Sender(w3, signer, gas_mode="eip1559"), path=path)

    assert done.contracts["DataLicensing"].tx_hash == half.pending["txHash"]
    assert done.contracts["DataLicensing"].address == half.pending["address"]
    assert created_by(w3, signer.address, 0) == addresses(done)
    assert w3.eth.get_transaction_count(signer.address) == len(ALL)


def test_a_rerun_waits_for_a_deployment_still_pending(tmp_path, w3):
    path = tmp_path / "suite.json"

    def stop_mining(message: str) -> None:
        if message == "deploying DataLicensing":
            w3.provider.make_request("evm_setAutomine", [False])

    try:
        with pytest.raises(DeploymentInterrupted, match="stopped at deploying DataLicensing"):
            deploy.deploy_suite(Sender(w3, accounts[0].address), path=path, progress=stop_mining, wait_timeout=1)
        half = manifest.load(path=path, complete=False)
        assert w3.eth.get_transaction(half.pending["txHash"])["blockNumber"] is None  # in the node's pool

        def node_mines_later() -> None:
            w3.provider.make_request("evm_mine", [])
            w3.provider.make_request("evm_setAutomine", [True])

        timer = threading.Timer(1.0, node_mines_later)
        timer.start()
        said: list[str] = []
        done = finish(path, said)
        timer.join()
    finally:
        w3.provider.make_request("evm_setAutomine", [True])
    assert any("is pending: waiting for it" in s for s in said)
    assert done.contracts["DataLicensing"].address == half.pending["address"]
    assert done.contracts["DataLicensing"].tx_hash == half.pending["txHash"]


def test_node_killed_with_a_deployment_pending_then_restarted(tmp_path):
    node = Anvil(tmp_path / "anvil-state.json").start()
    try:
        w3 = connect(node.url, 31337)
        path, deployer = tmp_path / "suite.json", w3.eth.accounts[0]

        def die(message: str) -> None:
            if message == "deploying DataLicensing":  # sent, never mined: the node goes down with it
                w3.provider.make_request("evm_setAutomine", [False])
                threading.Timer(1.0, node.stop).start()

        with pytest.raises(DeploymentInterrupted, match="stopped at deploying DataLicensing: lost the node"):
            deploy.deploy_suite(Sender(w3, deployer), onboarders=[w3.eth.accounts[1]], path=path, progress=die,
                                wait_timeout=30)
        half = manifest.load(path=path, complete=False)

        node.start()  # from its saved state: two contracts, an empty pool
        w3 = connect(node.url, 31337)
        said: list[str] = []
        done = deploy.deploy_suite(Sender(w3, deployer), path=path, progress=said.append)

        assert any("DataLicensing, sent by the interrupted run, did not land" in s for s in said)
        assert [done.contracts[n].address for n in ALL[:2]] == [half.contracts[n].address for n in ALL[:2]]
        assert created_by(w3, deployer, 0) == addresses(done) and len(addresses(done)) == len(ALL)
        registry = done.contract(w3, "ConsortiumRegistry")
        assert registry.functions.hasRole(registry.functions.ONBOARDER_ROLE().call(), w3.eth.accounts[1]).call()
    finally:
        node.stop()


# ------------------------------------------------------------------ bad inputs: exit 2, one line, nothing sent


def run(capsys: Any, *argv: str) -> tuple[int, str]:
    code = cli(list(argv))
    err = capsys.readouterr().err
    return code, err


def one_line(err: str) -> bool:
    return err.count("\n") == 1 and err.startswith("error: ") and "Traceback" not in err


def test_block_gas_limit_too_small_for_the_largest_contract(tmp_path, capsys):
    node = Anvil(tmp_path / "small.json", gas_limit=3_000_000).start()  # the registry fits, DataLicensing does not
    try:
        path = tmp_path / "suite.json"
        code, err = run(capsys, "deploy", "--rpc-url", node.url, "--chain-id", "31337", "--dev-account", "0",
                        "--manifest", str(path))
        w3 = connect(node.url, 31337)
        assert code == 2 and one_line(err)
        assert "block gas limit of chain 31337 is 3,000,000 gas, too small for DataLicensing" in err
        assert "nothing was sent" in err
        assert w3.eth.block_number == 0 and w3.eth.get_transaction_count(w3.eth.accounts[0]) == 0
        assert not path.exists()
        with pytest.raises(BlockGasLimitTooLow) as caught:
            deploy.deploy_suite(Sender(w3, w3.eth.accounts[0]), path=path)
        assert (caught.value.contract, caught.value.limit) == ("DataLicensing", 3_000_000)
        assert caught.value.needed == deploy.creation_gas_floor("DataLicensing") > 3_000_000
    finally:
        node.stop()


def test_deploy_writes_the_manifest_where_it_is_told(tmp_path, capsys):
    path = tmp_path / "elsewhere" / "my-suite.json"
    code, err = run(capsys, "deploy", "--rpc-url", url(), "--chain-id", "31337", "--dev-account", "0",
                    "--manifest", str(path))
    assert code == 0, err
    assert json.loads(path.read_text())["complete"] is True
    assert [p.name for p in path.parent.iterdir()] == ["my-suite.json"]
    code, err = run(capsys, "members", "--rpc-url", url(), "--chain-id", "31337", "--manifest", str(path))
    assert code == 0, err


@pytest.fixture(scope="module")
def chain5_manifest(tmp_path_factory, w3):  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("chain5")
    m = deploy.deploy_suite(Sender(w3, accounts[0].address), path=folder / "31337.json")
    data = m.to_json()
    data["chainId"] = 5
    path = folder / "5.json"
    path.write_text(json.dumps(data))
    return path


MANIFEST_COMMANDS = [
    ["members"],
    ["deploy", "--verify"],
    ["deploy", "--dev-account", "0"],
    ["deploy", "--dev-account", "0", "--force"],
    ["order", "show"],
    ["order", "confirm", "1", "--dev-account", "3"],
    ["ip", "history", "0x" + "11" * 32],
    ["licence", "list"],
    ["signal", "list"],
    ["emergency", "status"],
    ["emergency", "pause", "--dev-account", "0"],
    ["governance", "status"],
    ["member", "suspend", "BPNL00000003AYRE", "--reason", "test", "--dev-account", "0"],
    ["events", "sync"],
]


@pytest.mark.parametrize("command", MANIFEST_COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_a_manifest_of_another_chain_is_refused_by_every_command(command, chain5_manifest, capsys, tmp_path):
    block = web3.eth.block_number
    extra = ["--index", str(tmp_path / "i.sqlite")] if command[0] == "events" else []
    code, err = run(capsys, *command, *extra, "--rpc-url", url(), "--chain-id", "31337", "--manifest", str(chain5_manifest))
    assert code == 2 and one_line(err), err
    assert f"{chain5_manifest} is the manifest of chain 5, but the node serves chain 31337" in err
    assert web3.eth.block_number == block
    assert json.loads(chain5_manifest.read_text())["chainId"] == 5  # not overwritten, even with --force


def test_manifest_mismatch_carries_its_fields(chain5_manifest):
    with pytest.raises(ManifestMismatch) as caught:
        manifest.load(chain_id=31337, path=chain5_manifest)
    assert (caught.value.where, caught.value.found, caught.value.expected) == ("chain id", 5, 31337)


def test_make_demo_keeps_its_own_manifest(monkeypatch):
    from scripts import demo
    from valuechain.scenario import Demo

    used: list[Path | None] = []
    monkeypatch.setattr(Demo, "run", lambda self: used.append(self.manifest_dir))
    monkeypatch.setattr(demo.consortium, "run", lambda console: None)  # tests/consortium/test_demo.py plays it
    demo.main()
    assert used == [ROOT / ".valuechain" / "demo"]
    assert manifest.path_for(31337, used[0]) != manifest.path_for(31337)  # not deployments/31337.json
