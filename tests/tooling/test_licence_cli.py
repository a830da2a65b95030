"""`valuechain licence …` against a deployed suite; orders that name a licensed design."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, timedelta
from pathlib import Path

import pytest
from brownie import accounts, web3

from tests.support.registry import admit_accepted
from valuechain import deploy, ip, licensing, orders
from valuechain.catenax import odrl
from valuechain.cli import main as cli
from valuechain.errors import ChainError
from valuechain.identity import Role
from valuechain.members import Admission
from valuechain.tx import Sender

OEM, SUP_A, SUP_B = "BPNL00000003AYRE", "BPNL00000003B2OM", "BPNL00000003CRHK"


@pytest.fixture(scope="module")
def suite(w3, tmp_path_factory):
    folder = tmp_path_factory.mktemp("deployments")
    m = deploy.deploy_suite(Sender(w3, accounts[0].address), directory=folder)
    admit_accepted(m.contract(w3, "ConsortiumRegistry"), [
        Admission(OEM, Role.OEM, accounts[2].address), Admission(SUP_A, Role.SUPPLIER, accounts[3].address),
        Admission(SUP_B, Role.SUPPLIER, accounts[4].address)], Sender(w3, accounts[0].address))
    doc = folder / "design.step"
    doc.write_text("a design")
    receipt, _ = ip.register_file(Sender(w3, accounts[3].address), m.contract(w3, "IPRegistry"), doc)
    return m, folder / "31337.json", "0x" + receipt.asset_bytes.hex()


def vc(path, *argv, dev=None):
    chain = ["--rpc-url", web3.provider.endpoint_uri, "--chain-id", "31337", "--manifest", str(path)]
    return cli([*argv, *chain, *(["--dev-account", str(dev)] if dev is not None else [])])


def test_terms_are_published_once(suite, capsys):
    _, path, _ = suite
    assert vc(path, "licence", "terms", "audit", dev=3) == 0
    first = capsys.readouterr().out
    terms_id = re.search(r"terms id (0x[0-9a-f]{64})", first).group(1)
    assert "published" in first and f"block {web3.eth.block_number}" in first
    block = web3.eth.block_number
    assert vc(path, "licence", "terms", "audit", dev=3) == 0
    again = capsys.readouterr().out
    assert f"published already as terms id {terms_id}; nothing to send" in again and web3.eth.block_number == block


def test_grant_check_access_list_revoke(suite, capsys):
    _, path, asset = suite
    assert vc(path, "licence", "grant", asset, "--to", OEM, "--terms", "quality-and-manufacturing",
              "--purposes", "valuechain.manufacturing:1,cx.quality.base:1", "--days", "90", dev=3) == 0
    licence = capsys.readouterr().out.split()[1]
    assert vc(path, "licence", "check", asset, "--org", OEM, "--purpose", "manufacturing") == 0
    assert vc(path, "licence", "check", asset, "--org", OEM, "--purpose", "cx.dcm.base:1") == 1
    assert vc(path, "licence", "access", asset, licence, "--purpose", "cx.quality.base:1", "--what", "spc data", dev=2) == 0
    # recording for a purpose the licence does not cover is refused by the contract
    assert vc(path, "licence", "access", asset, licence, "--purpose", "cx.dcm.base:1", "--what", "x", dev=2) == 2
    capsys.readouterr()
    # only the asset's owner revokes
    assert vc(path, "licence", "revoke", asset, licence, "--reason", "breach", dev=4) == 2
    assert "revoke would revert" in capsys.readouterr().err
    assert vc(path, "licence", "revoke", asset, licence, "--reason", "breach", dev=3) == 0
    assert vc(path, "licence", "check", asset, "--org", OEM, "--purpose", "manufacturing") == 1
    capsys.readouterr()
    assert vc(path, "licence", "list", "--org", OEM) == 0
    out = capsys.readouterr().out
    assert "REVOKED" in out and "cx.quality.base:1" in out


def test_sublicence_takes_effect_when_accepted(suite, capsys):
    """A sublicence is an offer: nothing until the sublicensee accepts it; it may decline
    one, and the sublicensor withdraw one."""
    _, path, asset = suite
    assert vc(path, "licence", "grant", asset, "--to", OEM, "--terms", "quality-and-manufacturing",
              "--purposes", "valuechain.manufacturing:1,cx.quality.base:1", "--days", "60", dev=3) == 0
    parent = capsys.readouterr().out.split()[1]

    def offer(*extra) -> str:
        assert vc(path, "licence", "sublicense", asset, parent, "--to", SUP_B, "--purposes", "cx.quality.base:1", *extra, dev=2) == 0
        found = re.search(rf"sublicence (0x[0-9a-f]{{64}})\s+offered\s+to\s+{SUP_B}:.*licence\s+accept", capsys.readouterr().out, re.DOTALL)
        assert found, "the sublicence id and how to accept it"
        return found.group(1)

    sub = offer("--days", "30", "--accept-within-days", "3")
    assert vc(path, "licence", "check", asset, "--org", SUP_B, "--purpose", "cx.quality.base:1") == 1
    capsys.readouterr()
    # only the sublicensee accepts
    assert vc(path, "licence", "accept", asset, sub, dev=4) == 0
    assert vc(path, "licence", "check", asset, "--org", SUP_B, "--purpose", "cx.quality.base:1") == 0
    capsys.readouterr()
    assert vc(path, "licence", "list", "--org", SUP_B) == 0
    assert "(sub)" in capsys.readouterr().out

    declined = offer()  # up to the parent's end, 14 days to accept
    assert vc(path, "licence", "decline", asset, declined, dev=4) == 0
    withdrawn = offer("--days", "10")
    assert vc(path, "licence", "accept", asset, withdrawn, dev=3) == 2  # the owner is not the sublicensee
    assert "accept would revert" in capsys.readouterr().err
    assert vc(path, "licence", "withdraw", asset, withdrawn, dev=2) == 0
    capsys.readouterr()
    assert vc(path, "licence", "list", "--org", SUP_B) == 0
    out = capsys.readouterr().out
    assert "DECLINED" in out and "WITHDRAWN" in out and "on acceptance" in out
    # a deadline at or after the end is refused before anything is sent
    assert vc(path, "licence", "sublicense", asset, parent, "--to", SUP_B, "--purposes", "cx.quality.base:1",
              "--days", "5", "--accept-within-days", "5", dev=2) == 2
    assert "must be accepted before the licence ends" in capsys.readouterr().err


def test_order_naming_a_design_needs_a_manufacturing_licence(suite, w3):
    m, _, asset = suite
    o, lic = m.contract(w3, "SupplyOrders"), m.contract(w3, "DataLicensing")
    owner, oem = Sender(w3, accounts[3].address), Sender(w3, accounts[2].address)
    due = date.today() + timedelta(days=20)
    design = bytes.fromhex(asset[2:])
    with pytest.raises(ChainError, match="SupplierNotLicensed"):
        orders.place(oem, o, SUP_B, orders.part_number("P"), 10, due, 9000, design_asset=design)
    terms = licensing.publish_terms(owner, lic, licensing.load_terms("quality-and-manufacturing"))
    from datetime import datetime

    end = datetime.now(UTC) + timedelta(days=30)
    licence = licensing.grant(owner, lic, design, SUP_B, terms, licensing.Purpose.MANUFACTURING, end)
    order_id = orders.place(oem, o, SUP_B, orders.part_number("P"), 10, due, 9000, design_asset=design)
    assert o.functions.designAssetOf(order_id).call() == design
    # the licence is checked again at confirmation: revoked in between, confirmation fails
    licensing.revoke(owner, lic, design, licence, licensing.Reason.TERMS_VIOLATION)
    with pytest.raises(ChainError, match="SupplierNotLicensed"):
        orders.confirm(Sender(w3, accounts[4].address), o, order_id)


# ------------------------------------------------------------------ Catena-X usage policies

POLICY = Path(__file__).resolve().parents[2] / "fixtures/catenax/odrl/2025-09/samples/usage-policy-comprehensive-sample.json"


def test_policy_import_is_idempotent_and_exports_back(suite, tmp_path, capsys):
    """`licence terms import` publishes a Catena-X usage policy once; `licence export`
    gives the policy back (same canonical hash) and a licence's ODRL agreement."""
    m, path, asset = suite
    sidecar = tmp_path / "sidecar.json"
    assert vc(path, "licence", "terms", "import", str(POLICY), "--sidecar", str(sidecar), dev=3) == 0
    first = capsys.readouterr().out
    terms_id = re.search(r"terms id (0x[0-9a-f]{64})", first).group(1)
    policy = odrl.load(POLICY)
    assert f"legal text hash 0x{policy.legal_text_hash.hex()}" in first and "published:" in first
    block = web3.eth.block_number
    assert vc(path, "licence", "terms", "import", str(POLICY), "--sidecar", str(sidecar), dev=3) == 0
    assert "published already" in capsys.readouterr().out and web3.eth.block_number == block
    lic = m.contract(web3, "DataLicensing")
    stored, _, _ = lic.functions.getTerms(terms_id).call()
    assert (stored[0], bytes(stored[4]), stored[3]) == (policy.purposes, policy.legal_text_hash, odrl.UNLIMITED_S)

    out = tmp_path / "terms.json"
    assert vc(path, "licence", "export", terms_id, "--sidecar", str(sidecar), "--out", str(out)) == 0
    assert odrl.load(out) == policy
    assert f"ODRL policy of terms {terms_id} written to {out}" in capsys.readouterr().out

    # a grant under the policy (the file as --terms), then its agreement
    assert vc(path, "licence", "grant", asset, "--to", SUP_B, "--terms", str(POLICY), "--purposes",
              "cx.pcf.base:1,valuechain.individual:1", "--days", "30", dev=3) == 0
    licence = capsys.readouterr().out.split()[1]
    assert vc(path, "licence", "export", licence, "--sidecar", str(sidecar)) == 0
    agreement = odrl.parse(json.loads(capsys.readouterr().out))
    assert agreement.purpose_ids == ("cx.pcf.base:1",) and agreement.individual_purposes == policy.individual_purposes
    assert agreement.document["assignee"] == SUP_B and agreement.document["target"] == asset
    assert agreement.usage_end.kind == "date"
    # receipts cite one purpose of the licence
    assert vc(path, "licence", "access", asset, licence, "--purpose", "cx.pcf.base:1", "--what", "pcf", dev=4) == 0
    assert vc(path, "licence", "access", asset, licence, "--purpose", "cx.circular.dpp:1", "--what", "x", dev=4) == 2
    assert "PurposeNotLicensed" in capsys.readouterr().err


def test_export_of_unknown_id_or_unkept_policy(suite, tmp_path, capsys):
    _, path, _ = suite
    assert vc(path, "licence", "export", "0x" + "42" * 32, "--sidecar", str(tmp_path / "none.json")) == 2
    assert "no licence and no terms have this id" in capsys.readouterr().err
    assert vc(path, "licence", "terms", "audit", dev=3) == 0
    terms_id = re.search(r"terms id (0x[0-9a-f]{64})", capsys.readouterr().out).group(1)
    assert vc(path, "licence", "export", terms_id, "--sidecar", str(tmp_path / "none.json")) == 2
    assert "is not kept in" in capsys.readouterr().err
