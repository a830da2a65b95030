"""`valuechain ip …` on real files: receipts, verification, history; hashing at scale."""

from __future__ import annotations

import json
import tracemalloc

import pytest
from brownie import accounts, web3
from eth_utils import keccak

from tests.conftest import admit_accepted
from valuechain import deploy, documents
from valuechain.cli import main as cli
from valuechain.errors import ConfigError
from valuechain.identity import Role
from valuechain.members import Admission
from valuechain.tx import Sender

SUP_A, SUP_B = "BPNL00000003B2OM", "BPNL00000003CRHK"


@pytest.fixture(scope="module")
def manifest_path(w3, tmp_path_factory):
    folder = tmp_path_factory.mktemp("deployments")
    m = deploy.deploy_suite(Sender(w3, accounts[0].address), directory=folder)
    admit_accepted(m.contract(w3, "ConsortiumRegistry"), [
        Admission(SUP_A, Role.SUPPLIER, accounts[3].address), Admission(SUP_B, Role.SUPPLIER, accounts[4].address)], Sender(w3, accounts[0].address))
    return folder / "31337.json"


def vc(path, *argv, dev=None):
    chain = ["--rpc-url", web3.provider.endpoint_uri, "--chain-id", "31337", "--manifest", str(path)]
    return cli([*argv, *chain, *(["--dev-account", str(dev)] if dev is not None else [])])


def test_register_verify_tamper_history(manifest_path, tmp_path, capsys):
    doc = tmp_path / "design.step"
    doc.write_text("ISO-10303-21; a bracket\n")
    assert vc(manifest_path, "ip", "register", str(doc), "--metadata", "bracket", dev=3) == 0
    receipt_file = tmp_path / "design.step.receipt.json"
    receipt = json.loads(receipt_file.read_text())
    assert receipt["content_hash"] == "0x" + keccak(doc.read_bytes()).hex()
    assert receipt["asset_id"] == "0x" + documents.commitment(bytes.fromhex(receipt["salt"][2:]), keccak(doc.read_bytes())).hex()
    assert receipt["tx_hash"] and receipt["block_time"] > 0 and receipt["chain_id"] == 31337

    assert vc(manifest_path, "ip", "verify", str(doc), "--receipt", str(receipt_file)) == 0
    assert "match" in capsys.readouterr().out
    doc.write_text("ISO-10303-21; a bracket, altered\n")
    assert vc(manifest_path, "ip", "verify", str(doc), "--receipt", str(receipt_file)) == 2
    assert "mismatch" in capsys.readouterr().err

    # registering again would need a new receipt at the same place: refused, salt kept
    before = receipt_file.read_text()
    assert vc(manifest_path, "ip", "register", str(doc), dev=3) == 2
    assert "never overwritten" in capsys.readouterr().err and receipt_file.read_text() == before

    assert vc(manifest_path, "ip", "history", receipt["asset_id"]) == 0
    out = capsys.readouterr().out
    assert "registered" in out and SUP_A in out


def test_unknown_asset_and_foreign_receipt(manifest_path, tmp_path, capsys):
    doc = tmp_path / "x.txt"
    doc.write_text("x")
    salt = b"\x01" * 32
    m = json.loads(manifest_path.read_text())
    receipt = documents.Receipt("0x" + documents.commitment(salt, keccak(b"x")).hex(), "0x" + salt.hex(),
                                "0x" + keccak(b"x").hex(), "x.txt", 31337, m["contracts"]["IPRegistry"]["address"])
    documents.write_receipt(receipt, tmp_path / "r.json")
    assert vc(manifest_path, "ip", "verify", str(doc), "--receipt", str(tmp_path / "r.json")) == 2
    assert "unknown asset" in capsys.readouterr().err
    (tmp_path / "bad.json").write_text("{not json")
    assert vc(manifest_path, "ip", "verify", str(doc), "--receipt", str(tmp_path / "bad.json")) == 2
    assert "malformed JSON at line 1" in capsys.readouterr().err


def test_transfer_shows_in_history(manifest_path, tmp_path, w3, capsys):
    from valuechain import ip, manifest

    contract = manifest.load(path=manifest_path).contract(w3, "IPRegistry")
    doc = tmp_path / "p.pdf"
    doc.write_text("process")
    r, _ = ip.register_file(Sender(w3, accounts[3].address), contract, doc, ip.Kind.PROCESS)
    ip.transfer(Sender(w3, accounts[3].address), contract, r.asset_bytes, SUP_B)
    entries = ip.history(contract, r.asset_bytes)
    assert [(e.event, e.owner) for e in entries] == [("registered", SUP_A), ("transferred", SUP_B)]


def test_receipt_is_never_overwritten(tmp_path):
    r = documents.Receipt("0x00", "0x00", "0x00", "f", 1, "0x0")
    documents.write_receipt(r, tmp_path / "r.json")
    with pytest.raises(ConfigError, match="never overwritten"):
        documents.write_receipt(r, tmp_path / "r.json")


def test_hundred_megabytes_hash_in_constant_memory(tmp_path):
    big = tmp_path / "big.bin"
    block = bytes(range(256)) * 4096  # 1 MiB
    with open(big, "wb") as fh:
        for _ in range(100):
            fh.write(block)
    tracemalloc.start()
    digest = documents.hash_file(big)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 4 * 1024 * 1024  # a few chunks at most, never the file
    assert digest == keccak(block * 100)
