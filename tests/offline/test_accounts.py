"""Keystores through the CLI, and a node that is not there: nothing here needs a chain."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from eth_account import Account
from eth_keyfile import keyfile

from valuechain import accounts as keystores
from valuechain.cli import main as cli
from valuechain.errors import ChainError
from valuechain.network import connect

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct horse battery staple"


def run_cli(*argv: str) -> int:
    return cli(list(argv))


@pytest.fixture
def keystore_dir(tmp_path):
    return tmp_path / "keys"


def test_account_cli_new_list_import(keystore_dir, monkeypatch, capsys):
    monkeypatch.setenv("VC_TEST_PW", PASSWORD)
    assert run_cli("account", "new", "alice", "--password-env", "VC_TEST_PW", "--keystore-dir", str(keystore_dir)) == 0
    key = Account.create()
    monkeypatch.setenv("VC_TEST_KEY", key.key.hex())
    assert run_cli("account", "import", "bob", "--key-env", "VC_TEST_KEY", "--password-env", "VC_TEST_PW", "--keystore-dir", str(keystore_dir)) == 0
    assert run_cli("account", "list", "--keystore-dir", str(keystore_dir)) == 0
    out = capsys.readouterr().out
    assert "alice" in out and "bob" in out and key.address.lower()[2:12] in out.lower()
    assert keystores.unlock("bob", PASSWORD, keystore_dir).address == key.address
    # a keystore is never overwritten
    assert run_cli("account", "import", "bob", "--key-env", "VC_TEST_KEY", "--password-env", "VC_TEST_PW", "--keystore-dir", str(keystore_dir)) == 2
    assert "exists already" in capsys.readouterr().err


def test_keystores_are_ignored_by_git():
    ignored = subprocess.run(["git", "check-ignore", "-q", "keystores/alice.json"], cwd=ROOT, check=False)
    assert ignored.returncode == 0


def test_unreachable_node():
    with pytest.raises(ChainError, match=r"cannot reach a node at http://127\.0\.0\.1:9"):
        connect("http://127.0.0.1:9", 1)


def test_a_keystore_iv_keeps_its_leading_zero_bytes(keystore_dir, monkeypatch):
    """One random IV in 256 starts with a zero byte. eth-account writes the IV as a number,
    one byte short then, which geth cannot read ("bad IV length"): ours keeps all 16."""
    random_bytes = keyfile.Random.get_random_bytes
    monkeypatch.setattr(keyfile.Random, "get_random_bytes", lambda n: b"\x00\x00" + random_bytes(n - 2))
    info = keystores.new("zeros", PASSWORD, keystore_dir, kdf_iterations=1_000)
    iv = json.loads(info.path.read_text())["crypto"]["cipherparams"]["iv"]
    assert len(iv) == 32 and iv.startswith("0000")
    assert keystores.unlock("zeros", PASSWORD, keystore_dir).address == info.address
