"""Deploying through the CLI's code path to Anvil, to a QBFT-looking node and to Ganache;
chain-id checks; keystores that never leak a key."""

from __future__ import annotations

import json
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest
from brownie import accounts, web3
from eth_account import Account
from web3 import Web3
from web3.exceptions import ExtraDataLengthError

from tests.support.rpc_proxy import RpcProxy, chain_id, qbft_headers
from valuechain import accounts as keystores
from valuechain import deploy, manifest
from valuechain.cli import main as cli
from valuechain.errors import ChainError, ConfigError
from valuechain.network import connect
from valuechain.tx import Sender

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct horse battery staple"


def anvil_url() -> str:
    return web3.provider.endpoint_uri


def run_cli(*argv: str) -> int:
    return cli(list(argv))


def test_cli_deploys_writes_manifest_and_verifies(tmp_path, capsys):
    out = tmp_path / "31337.json"
    assert run_cli("deploy", "--rpc-url", anvil_url(), "--chain-id", "31337", "--dev-account", "0",
                   "--onboarder", accounts[1].address, "--manifest", str(out)) == 0
    data = json.loads(out.read_text())
    reg = data["contracts"]["ConsortiumRegistry"]
    assert data["chainId"] == 31337 and data["deployer"] == accounts[0].address
    assert data["compiler"]["evm_version"] == "paris" and data["compiler"]["version"].startswith("0.8.")
    assert len(data["commit"]) >= 7 and reg["abi"] and reg["block"] >= 1
    assert web3.eth.get_code(reg["address"]) != b""
    registry = web3.eth.contract(address=reg["address"], abi=reg["abi"])
    assert registry.functions.hasRole(registry.functions.ONBOARDER_ROLE().call(), accounts[1].address).call()

    assert run_cli("deploy", "--rpc-url", anvil_url(), "--chain-id", "31337", "--verify", "--manifest", str(out)) == 0
    assert "yes" in capsys.readouterr().out


def test_deploy_never_overwrites_a_live_manifest(tmp_path, capsys):
    args = ["deploy", "--rpc-url", anvil_url(), "--chain-id", "31337", "--dev-account", "0", "--manifest", str(tmp_path / "31337.json")]
    assert run_cli(*args) == 0
    first = json.loads((tmp_path / "31337.json").read_text())["contracts"]["ConsortiumRegistry"]["address"]
    block = web3.eth.block_number
    assert run_cli(*args) == 0  # a finished suite: nothing sent, and it says so
    assert "still deployed: nothing to do" in capsys.readouterr().out and web3.eth.block_number == block
    assert json.loads((tmp_path / "31337.json").read_text())["contracts"]["ConsortiumRegistry"]["address"] == first
    assert run_cli(*args, "--onboarder", accounts[1].address) == 2  # asks for more than it records: refused
    assert "deployed with onboarders none, this command asks for" in capsys.readouterr().err
    assert web3.eth.block_number == block
    assert run_cli(*args, "--force") == 0
    assert json.loads((tmp_path / "31337.json").read_text())["contracts"]["ConsortiumRegistry"]["address"] != first


def test_verify_detects_foreign_code(tmp_path, w3):
    m = deploy.deploy_suite(Sender(w3, accounts[0].address), directory=tmp_path)
    other, _ = deploy.deploy(Sender(w3, accounts[0].address), "ConsortiumRegistry", deploy.ADMIN_DELAY, accounts[5].address)
    assert all(deploy.verify(w3, m).values())
    m.contracts["ConsortiumRegistry"].address = accounts[3].address  # an account has no code
    assert not deploy.verify(w3, m)["ConsortiumRegistry"]
    m.contracts["ConsortiumRegistry"].address = other.address  # same code, other immutables: fine
    assert deploy.verify(w3, m)["ConsortiumRegistry"]
    m.contracts["SupplyOrders"].address = other.address  # another contract's code
    assert not deploy.verify(w3, m)["SupplyOrders"]


def test_verify_waits_for_a_node_behind_the_deployment_and_refuses_it_as_behind(tmp_path, w3):
    """Another member's node may lag its peers: no code there yet is "behind", not "differs"."""
    m = deploy.deploy_suite(Sender(w3, accounts[0].address), directory=tmp_path)
    ahead = w3.eth.block_number + 2
    for c in m.contracts.values():
        c.block = ahead  # as if deployed two blocks past this node's head
    with pytest.raises(ChainError, match=rf"the node is at block {ahead - 2}, behind the deployment \(block {ahead}\)"):
        deploy.verify(w3, m, wait=0.5)
    catching_up = threading.Timer(0.3, lambda: [w3.provider.make_request("evm_mine", []) for _ in range(2)])
    catching_up.start()
    assert all(deploy.verify(w3, m, wait=30).values())
    catching_up.join()


def test_council_takes_over_from_the_deployer(tmp_path, w3):
    m = deploy.deploy_suite(Sender(w3, accounts[0].address), council=accounts[7].address, directory=tmp_path)
    reg = m.contract(w3, "ConsortiumRegistry")
    assert reg.functions.hasRole(b"\x00" * 32, accounts[7].address).call()
    assert not reg.functions.hasRole(b"\x00" * 32, accounts[0].address).call()


def test_wrong_chain_id_is_refused_before_anything_is_sent(tmp_path, capsys):
    block = web3.eth.block_number
    code = run_cli("deploy", "--rpc-url", anvil_url(), "--chain-id", "1337", "--dev-account", "0", "--manifest", str(tmp_path / "x.json"))
    err = capsys.readouterr().err
    assert code == 2 and "serves chain id 31337, expected 1337" in err
    assert web3.eth.block_number == block and not (tmp_path / "x.json").exists()


def test_dev_accounts_only_on_the_dev_chain():
    with RpcProxy(anvil_url(), chain_id(4242)) as proxy:
        w3 = connect(proxy.url, 4242)
        with pytest.raises(ChainError, match="allowed only on the local dev chain 31337"):
            Sender(w3, accounts[0].address)


def test_poa_headers_need_the_middleware_and_deploy_works(tmp_path):
    with RpcProxy(anvil_url(), qbft_headers) as proxy:
        plain = Web3(Web3.HTTPProvider(proxy.url))
        with pytest.raises(ExtraDataLengthError):
            plain.eth.get_block("latest")
        w3 = connect(proxy.url, 31337)
        assert len(w3.eth.get_block("latest")["proofOfAuthorityData"]) > 32
        m = deploy.deploy_suite(Sender(w3, accounts[0].address), directory=tmp_path)
        assert manifest.load(path=tmp_path / "31337.json").contracts.keys() == m.contracts.keys()
        assert all(deploy.verify(w3, m).values())


# ------------------------------------------------------------------ keystores


@pytest.fixture
def keystore_dir(tmp_path):
    return tmp_path / "keys"


def test_keystore_errors_are_clear_and_never_show_the_key(keystore_dir, monkeypatch, capsys, tmp_path):
    key = Account.create()
    secret = key.key.hex().removeprefix("0x")
    keystores.import_key("carol", secret, PASSWORD, keystore_dir, kdf_iterations=2)
    with pytest.raises(ConfigError, match="wrong password") as wrong:
        keystores.unlock("carol", "nope", keystore_dir)
    with pytest.raises(ConfigError, match=r"unknown account 'dave'.*known: carol"):
        keystores.unlock("dave", PASSWORD, keystore_dir)
    with pytest.raises(Exception) as bad_key:
        keystores.import_key("eve", secret[:-2] + "zz", PASSWORD, keystore_dir)
    # no password in the environment and no terminal: a clear error, nothing sent
    block = web3.eth.block_number
    monkeypatch.delenv("VC_MISSING_PW", raising=False)
    code = run_cli("deploy", "--rpc-url", anvil_url(), "--chain-id", "31337", "--account", "carol",
                   "--password-env", "VC_MISSING_PW", "--keystore-dir", str(keystore_dir), "--manifest", str(tmp_path / "m.json"))
    err = capsys.readouterr().err
    assert code == 2 and "no password available" in err and "VC_MISSING_PW" in err
    monkeypatch.setenv("VC_WRONG_PW", "wrong")
    code = run_cli("deploy", "--rpc-url", anvil_url(), "--chain-id", "31337", "--account", "carol",
                   "--password-env", "VC_WRONG_PW", "--keystore-dir", str(keystore_dir), "--manifest", str(tmp_path / "m.json"))
    err += capsys.readouterr().err
    assert code == 2 and "wrong password" in err
    assert web3.eth.block_number == block
    texts = [str(wrong.value), str(bad_key.value), err] + [p.read_text() for p in keystore_dir.glob("*")]
    for text in texts:
        assert secret not in text.lower() and secret[:16] not in text.lower()


def test_keystore_account_deploys_and_signs_locally(keystore_dir, tmp_path, w3):
    info = keystores.new("deployer", PASSWORD, keystore_dir, kdf_iterations=2)
    accounts[0].transfer(info.address, "10 ether")
    signer = Sender(w3, keystores.unlock("deployer", PASSWORD, keystore_dir), gas_mode="eip1559")
    m = deploy.deploy_suite(signer, directory=tmp_path)
    assert m.deployer == info.address


# ------------------------------------------------------------------ Ganache, a second EVM


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def ganache():
    binary = ROOT / "node_modules" / ".bin" / "ganache"
    port = _free_port()
    proc = subprocess.Popen(
        [str(binary), "--port", str(port), "--chain.hardfork", "merge", "--chain.chainId", "1337", "--logging.quiet"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            connect(url, 1337, timeout=2)
            break
        except ChainError:
            time.sleep(0.3)
    else:
        proc.kill()
        pytest.fail("ganache did not start within 60 s")
    yield url
    proc.terminate()
    proc.wait(10)


def test_deploy_to_ganache_with_a_keystore(ganache, keystore_dir, tmp_path):
    w3 = connect(ganache, 1337)
    info = keystores.new("ganache-deployer", PASSWORD, keystore_dir, kdf_iterations=2)
    # funding from Ganache's own unlocked account is test scaffolding, not valuechain code
    w3.eth.send_transaction({"from": w3.eth.accounts[0], "to": info.address, "value": 10**19})
    signer = Sender(w3, keystores.unlock("ganache-deployer", PASSWORD, keystore_dir), gas_mode="legacy")
    m = deploy.deploy_suite(signer, directory=tmp_path)
    assert m.chain_id == 1337 and (tmp_path / "1337.json").exists()
    assert all(deploy.verify(w3, m).values())
