"""Bad input whose refusal needs the node (how many unlocked accounts, which members,
which orders, the manifest's chain), against one deployed suite: exit code 2, one line
naming the argument and what was expected, and nothing sent (the block number and every
account's nonce stay as they were). The rows the command line alone refuses run in
tests/offline/test_cli_bad_input.py (no chain); the table is tests/support/cli_bad_input.py.

Then the successes: every state-changing command says in one line what it did, with
block and tx; the chain options work before the command as well as after it."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from brownie import accounts, web3

from tests.support.cli_bad_input import (
    ADDRESS,
    COUNCIL,
    NOBODY,
    OEM,
    OEM_KEY,
    ROWS,
    SUP,
    SUP_KEY,
    Row,
    argv_for,
    make_inputs,
    refused_in_one_line,
)
from tests.support.registry import admit_accepted
from valuechain import accounts as keystores
from valuechain import deploy, ip
from valuechain.cli import main as cli
from valuechain.identity import Role
from valuechain.members import Admission
from valuechain.tx import Sender


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> Path:
    return make_inputs(tmp_path_factory.mktemp("inputs"))


@pytest.fixture
def isolation():
    """Nothing here changes the chain but the success tests at the end, which run on the
    module's own suite (reset with the module): no snapshot per row."""
    yield


@pytest.fixture(scope="module")
def suite(module_isolation, w3, tmp_path_factory, files):
    """The suite with an OEM and a supplier; and in ``files`` a copy of its manifest
    claiming chain 5."""
    folder = tmp_path_factory.mktemp("deployments")
    council = Sender(w3, accounts[COUNCIL].address)
    m = deploy.deploy_suite(council, directory=folder)
    admit_accepted(m.contract(w3, "ConsortiumRegistry"), [
        Admission(OEM, Role.OEM, accounts[OEM_KEY].address), Admission(SUP, Role.SUPPLIER, accounts[SUP_KEY].address)],
        council)
    (files / "5.json").write_text(json.dumps({**m.to_json(), "chainId": 5}))
    return m, folder / "31337.json"


def on_chain(path: Path) -> list[str]:
    return ["--rpc-url", web3.provider.endpoint_uri, "--chain-id", "31337", "--manifest", str(path)]


def nonces() -> list[int]:
    return [web3.eth.get_transaction_count(a.address) for a in accounts]


@pytest.mark.parametrize("r", [r for r in ROWS if r.chain], ids=lambda r: r.id)
def test_refused_by_what_the_chain_holds(r: Row, suite, files, capsys):
    _, path = suite
    block, sent = web3.eth.block_number, nonces()
    refused_in_one_line(cli(argv_for(r, files, on_chain(path))), capsys, r)
    assert (web3.eth.block_number, nonces()) == (block, sent), "a transaction was sent"


# ------------------------------------------------------------------ successes say what happened

SAID = re.compile(r"\(block \d+, tx 0x[0-9a-f]{64}\)$")


def said(capsys) -> str:
    """The one line a state-changing command printed, ending in its block and tx."""
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 1 and SAID.search(lines[0]), lines
    return lines[0]


def test_state_changes_say_what_happened(suite, w3, capsys, tmp_path):
    """`order confirm` and `licence access` used to print nothing; every state-changing
    command now says what it did, in one line with its block and transaction."""
    m, path = suite
    chain = on_chain(path)
    due = (date.today() + timedelta(days=30)).isoformat()
    assert cli(["order", "place", "--supplier", SUP, "--part", "P-9", "--quantity", "40", "--due", due, "--unit", "kgm",
                "--sidecar", str(tmp_path / "sidecar.json"), *chain, "--dev-account", str(OEM_KEY)]) == 0
    line = said(capsys)
    oid = int(line.split("#")[1].split()[0])
    assert f"placed with {SUP}: 40 KGM of P-9, due {due}" in line
    assert m.contract(w3, "SupplyOrders").functions.getOrder(oid).call()[7] == b"KGM"
    for argv, dev, words in (
        (["confirm"], SUP_KEY, f"order #{oid} confirmed"),
        (["start"], SUP_KEY, f"order #{oid} in production"),
        (["assess", "--score", "9900", "--sample", "50", "--defects", "1", "--final"], SUP_KEY, "now READY_TO_SHIP"),
        (["ship", "--quantity", "40"], SUP_KEY, f"order #{oid}: 40 shipped"),
        (["receive", "--quantity", "40"], OEM_KEY, f"order #{oid}: 40 received"),
        (["close"], OEM_KEY, f"order #{oid} closed"),
    ):
        assert cli(["order", argv[0], str(oid), *argv[1:], *chain, "--dev-account", str(dev)]) == 0, argv
        assert words in said(capsys)

    design = tmp_path / "design.step"
    design.write_text("a design")
    receipt, _ = ip.register_file(Sender(w3, accounts[SUP_KEY].address), m.contract(w3, "IPRegistry"), design)
    asset = receipt.asset_id
    assert cli(["licence", "terms", "audit", *chain, "--dev-account", str(SUP_KEY)]) == 0
    assert "published: terms id 0x" in said(capsys)
    assert cli(["licence", "grant", asset, "--to", OEM, "--terms", "audit", "--purposes", "cx.core.industrycore:1",
                "--days", "30", *chain, "--dev-account", str(SUP_KEY)]) == 0
    licence = said(capsys).split()[1]
    assert cli(["licence", "access", asset, licence, "--purpose", "cx.core.industrycore:1", "--what", "lot 7 data", *chain,
                "--dev-account", str(OEM_KEY)]) == 0
    assert f"access recorded against licence {licence} for cx.core.industrycore:1" in said(capsys)
    assert cli(["licence", "revoke", asset, licence, "--reason", "breach", *chain, "--dev-account", str(SUP_KEY)]) == 0
    assert f"licence {licence} revoked (breach)" in said(capsys)
    # publishing the same terms again sends nothing and says so
    block = web3.eth.block_number
    assert cli(["licence", "terms", "audit", *chain, "--dev-account", str(SUP_KEY)]) == 0
    assert "nothing to send" in capsys.readouterr().out and web3.eth.block_number == block


def test_an_address_argument_and_the_acting_account_are_two_things(suite, capsys, tmp_path):
    """``member grant-guardian ADDRESS --account NAME``: ADDRESS is the guardian, NAME the
    keystore that acts (a dry run needs only its address: no password)."""
    _, path = suite
    keystores.new("council-key", "pw", tmp_path, kdf_iterations=2)
    assert cli(["member", "grant-guardian", ADDRESS, "--account", "council-key", "--keystore-dir", str(tmp_path),
                "--dry-run", *on_chain(path)]) == 1  # a fresh key is not the council: it would revert
    out = capsys.readouterr().out
    assert web3.to_checksum_address(ADDRESS) in out and keystores.address_of("council-key", tmp_path) in out


def test_chain_options_before_the_command(suite, capsys, tmp_path):
    """``valuechain --rpc-url URL … COMMAND``: the chain options work before the command;
    given on both sides, the one after the command wins."""
    _, path = suite
    due = (date.today() + timedelta(days=10)).isoformat()
    place = ["order", "place", "--supplier", SUP, "--part", "P-10", "--quantity", "5", "--due", due,
             "--sidecar", str(tmp_path / "sidecar.json")]
    assert cli([*on_chain(path), "--dev-account", str(OEM_KEY), *place]) == 0
    oid = int(said(capsys).split("#")[1].split()[0])
    # before: an account that cannot confirm and a node nobody runs; after: the supplier's, the real node
    assert cli(["--dev-account", "99", "--rpc-url", NOBODY, "order", "confirm", str(oid), *on_chain(path),
                "--dev-account", str(SUP_KEY)]) == 0
    assert f"order #{oid} confirmed" in said(capsys)
    assert cli([*on_chain(path), "members"]) == 0
    assert OEM in capsys.readouterr().out
