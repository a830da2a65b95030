"""`valuechain ip …` on real files: receipts, verification, history; hashing at scale."""

from __future__ import annotations

import json
from dataclasses import asdict, replace

import pytest
from brownie import accounts, web3
from eth_utils import keccak

from tests.support.ip import asset_of, commitment_of
from tests.support.registry import admit_accepted
from valuechain import deploy, documents
from valuechain.cli import main as cli
from valuechain.identity import Role, bpnl_to_bytes16
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


def test_register_verify_tamper_history(manifest_path, tmp_path, capsys, w3):
    doc = tmp_path / "design.step"
    doc.write_text("ISO-10303-21; a bracket\n")
    assert vc(manifest_path, "ip", "register", str(doc), "--metadata", "bracket", dev=3) == 0
    receipt_file = tmp_path / "design.step.receipt.json"
    receipt = json.loads(receipt_file.read_text())
    m = json.loads(manifest_path.read_text())
    ip_address = m["contracts"]["IPRegistry"]["address"]

    # everything a third party needs, consistent with an independent computation
    org, salt, content = bpnl_to_bytes16(SUP_A), bytes.fromhex(receipt["salt"][2:]), keccak(doc.read_bytes())
    assert receipt["org"] == receipt["registrant"] == SUP_A
    assert receipt["content_hash"] == "0x" + content.hex()
    assert receipt["commitment"] == "0x" + commitment_of(org, salt, content).hex()
    assert receipt["asset_id"] == "0x" + asset_of(org, commitment_of(org, salt, content)).hex()
    assert receipt["chain_id"] == 31337 and receipt["contract"] == ip_address
    assert receipt["tx_hash"] and receipt["block"] > 0
    contract = w3.eth.contract(address=ip_address, abi=m["contracts"]["IPRegistry"]["abi"])
    registrant, registered_at = contract.functions.getAsset(bytes.fromhex(receipt["asset_id"][2:])).call()[:2]
    assert (registrant, registered_at) == (org, receipt["registered_at"])
    assert receipt["registered_at"] == w3.eth.get_block(receipt["block"])["timestamp"]
    assert contract.functions.verify(bytes.fromhex(receipt["asset_id"][2:]), org, salt, content).call()

    assert vc(manifest_path, "ip", "verify", str(doc), "--receipt", str(receipt_file)) == 0
    out = capsys.readouterr().out
    assert "match" in out and SUP_A in out
    # the same document and receipt do not prove that another org registered it
    assert vc(manifest_path, "ip", "verify", str(doc), "--receipt", str(receipt_file), "--org", SUP_B) == 2
    assert f"not registered by {SUP_B}" in capsys.readouterr().err
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


def _receipt(manifest_path, org: str, salt: bytes, content: bytes, **fields) -> documents.Receipt:
    m = json.loads(manifest_path.read_text())
    c = documents.commitment(bpnl_to_bytes16(org), salt, content)
    values = {
        "asset_id": "0x" + documents.asset_id(bpnl_to_bytes16(org), c).hex(), "salt": "0x" + salt.hex(),
        "content_hash": "0x" + content.hex(), "file_name": "x.txt", "chain_id": 31337,
        "contract": m["contracts"]["IPRegistry"]["address"], "org": org, "commitment": "0x" + c.hex(),
    }
    return documents.Receipt(**{**values, **fields})


def test_unknown_asset_and_foreign_receipt(manifest_path, tmp_path, capsys):
    doc = tmp_path / "x.txt"
    doc.write_text("x")
    documents.write_receipt(_receipt(manifest_path, SUP_A, b"\x01" * 32, keccak(b"x")), tmp_path / "r.json")
    assert vc(manifest_path, "ip", "verify", str(doc), "--receipt", str(tmp_path / "r.json")) == 2
    assert "unknown asset" in capsys.readouterr().err
    (tmp_path / "bad.json").write_text("{not json")
    assert vc(manifest_path, "ip", "verify", str(doc), "--receipt", str(tmp_path / "bad.json")) == 2
    assert "malformed JSON at line 1" in capsys.readouterr().err


def test_receipt_that_does_not_hold_together_is_refused(manifest_path, tmp_path, capsys):
    """A receipt whose org was swapped by hand (commitment and id left) is refused before
    the chain is asked, and so is one of the former scheme (no org, no commitment)."""
    doc = tmp_path / "x.txt"
    doc.write_text("x")
    honest = _receipt(manifest_path, SUP_A, b"\x02" * 32, keccak(b"x"))
    documents.write_receipt(replace(honest, org=SUP_B), tmp_path / "swapped.json")
    assert vc(manifest_path, "ip", "verify", str(doc), "--receipt", str(tmp_path / "swapped.json")) == 2
    assert f"is not the one of org {SUP_B}" in capsys.readouterr().err
    documents.write_receipt(replace(honest, asset_id="0x" + "11" * 32), tmp_path / "other-id.json")
    assert vc(manifest_path, "ip", "verify", str(doc), "--receipt", str(tmp_path / "other-id.json")) == 2
    assert "is not org" in capsys.readouterr().err
    old = {k: v for k, v in asdict(honest).items() if k not in ("org", "commitment")}
    (tmp_path / "old.json").write_text(json.dumps(old))
    assert vc(manifest_path, "ip", "verify", str(doc), "--receipt", str(tmp_path / "old.json")) == 2
    assert "former commitment scheme" in capsys.readouterr().err


def test_transfer_shows_in_history(manifest_path, tmp_path, w3, capsys):
    from valuechain import ip, manifest

    contract = manifest.load(path=manifest_path).contract(w3, "IPRegistry")
    doc = tmp_path / "p.pdf"
    doc.write_text("process")
    r, _ = ip.register_file(Sender(w3, accounts[3].address), contract, doc, ip.Kind.PROCESS)
    ip.transfer(Sender(w3, accounts[3].address), contract, r.asset_bytes, SUP_B)
    capsys.readouterr()
    assert vc(manifest_path, "ip", "history", r.asset_id) == 0
    rows = [[cell.strip() for cell in line.split("│")] for line in capsys.readouterr().out.splitlines() if line.startswith("│")]
    # time, block, event, asset, owner, detail
    assert [(row[3], row[5], row[6]) for row in rows] == [("registered", SUP_A, "process, version 1"),
                                                          ("transferred", SUP_B, f"from {SUP_A}")]
    # an asset id nobody registered: one line, exit 2
    assert vc(manifest_path, "ip", "history", "0x" + "ab" * 32) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: ASSET:") and "is not registered" in err and "\n" not in err
    # the registration still proves A's commitment; B owns the asset now
    assert ip.verify_file(contract, doc, r) == ip.Verdict.MATCH
    assert ip.verify_file(contract, doc, r, org=SUP_B) == ip.Verdict.NOT_REGISTRANT


def test_register_needs_an_operator(manifest_path, tmp_path, w3):
    from valuechain import ip, manifest
    from valuechain.errors import ChainError

    contract = manifest.load(path=manifest_path).contract(w3, "IPRegistry")
    doc = tmp_path / "n.txt"
    doc.write_text("no org")
    with pytest.raises(ChainError, match="not an operator of any member org"):
        ip.register_file(Sender(w3, accounts[8].address), contract, doc)
    assert not (tmp_path / "n.txt.receipt.json").exists()  # nothing written for nothing sent
