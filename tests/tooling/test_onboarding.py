"""Onboarding suppliers from CSV on the local chain: the plan against the chain, batches
sized by gas, reports per row, and nothing sent while any row is wrong."""

from __future__ import annotations

import csv
import io
import json
import math
from dataclasses import replace
from pathlib import Path

import pytest
from brownie import accounts, web3
from eth_account import Account
from eth_utils import function_abi_to_4byte_selector, keccak
from rich.console import Console

from tests.support.onboarding import HEADER, admitted_counts, suppliers, write_csv
from tests.support.rpc_proxy import RpcProxy, chain_id, no_batches
from valuechain import deploy, manifest
from valuechain.cli import main as cli
from valuechain.cli.onboard_view import ConsoleView
from valuechain.errors import ChainError, ConfigError
from valuechain.identity import Role, bpnl_to_bytes16
from valuechain.network import connect
from valuechain.onboarding import BatchEvent, InvalidRows, chainstate, onboard
from valuechain.onboarding.calldata import SELECTOR
from valuechain.onboarding.journal import Journal
from valuechain.tx import Sender

ZERO16 = b"\x00" * 16


@pytest.fixture(scope="module")
def council(w3):
    return Sender(w3, accounts[0].address)


@pytest.fixture(scope="module")
def onboarder(w3):
    return Sender(w3, accounts[1].address)


@pytest.fixture(scope="module")
def reg(council, onboarder):
    """A fresh registry; accounts[1] holds ONBOARDER_ROLE."""
    registry, _ = deploy.deploy(council, "ConsortiumRegistry", deploy.ADMIN_DELAY, council.address)
    council.transact(registry.functions.grantRole(registry.functions.ONBOARDER_ROLE().call(), onboarder.address))
    return registry


@pytest.fixture
def console():
    return Console(file=io.StringIO(), width=400)  # wide: tmp paths (longer under xdist) must not wrap


def output(console: Console) -> str:
    return console.file.getvalue()  # type: ignore[attr-defined]


def run(path, sender, reg, tmp_path, console, **kw):
    return onboard(path, sender, reg, journal_dir=tmp_path / "journal", view=ConsoleView(console), **kw)


def test_calldata_encoding_matches_the_contract_abi(reg):
    assert function_abi_to_4byte_selector(reg.get_function_by_name("admitBatch").abi) == SELECTOR


def test_happy_path(reg, onboarder, tmp_path, console, w3):
    rows = suppliers(12)
    (tmp_path / "profiles").mkdir()
    (tmp_path / "profiles" / "first.pdf").write_bytes(b"first supplier profile")
    cells = [s.cells() for s in rows]
    cells[0][4] = "profiles/first.pdf"
    cells[1][2] = "supplier|logistics"
    cells[2][3] = cells[2][3].lower()
    path = write_csv(tmp_path / "suppliers.csv", cells)
    start = w3.eth.block_number

    report = run(path, onboarder, reg, tmp_path, console, max_batch_size=5)

    assert report.counts == {"admitted": 12, "already_present": 0, "rejected": 0, "planned": 0}
    assert [b.rows for b in report.batches] == [4, 4, 4] and all(b.status == 1 for b in report.batches)
    assert admitted_counts(reg, start) == {s.bpnl: 1 for s in rows}
    for s, r in zip(rows, report.rows, strict=True):
        assert (r.bpnl, r.name, r.operator, r.status) == (s.bpnl, s.name, s.operator, "admitted")
        receipt = w3.eth.get_transaction_receipt(r.tx)
        assert receipt["status"] == 1 and receipt["blockNumber"] == r.block
        # admission offers the binding; the operator key accepts it itself later
        assert reg.functions.hasOperatorOffer(s.operator, bpnl_to_bytes16(s.bpnl)).call()
        assert reg.functions.orgOf(s.operator).call() == ZERO16
    roles, status, _, operators, _, profile = reg.functions.getOrg(bpnl_to_bytes16(rows[0].bpnl)).call()
    assert (roles, status, operators, profile) == (Role.SUPPLIER, 1, 0, keccak(b"first supplier profile"))
    assert reg.functions.getOrg(bpnl_to_bytes16(rows[1].bpnl)).call()[0] == Role.SUPPLIER | Role.LOGISTICS
    assert reg.functions.getOrg(bpnl_to_bytes16(rows[5].bpnl)).call()[5] == bytes.fromhex(rows[5].profile[2:])

    saved = json.loads((tmp_path / "journal" / "suppliers.report.json").read_text())  # with the journal
    assert saved["counts"]["admitted"] == 12 and saved["chainId"] == 31337 and saved["registry"] == reg.address
    assert saved["encoding"] == "UTF-8"
    assert saved["rows"][0] | {"tx": None} == {
        "row": 2, "bpnl": rows[0].bpnl, "name": rows[0].name, "roles": "SUPPLIER", "operator": rows[0].operator,
        "profile": "0x" + keccak(b"first supplier profile").hex(), "status": "admitted", "reason": None,
        "tx": None, "block": report.rows[0].block}
    assert saved["gasPerMember"] > 60_000 and saved["blockGasLimit"] == 30_000_000
    assert saved["awaitingAcceptance"] == [s.bpnl for s in rows]
    text = output(console)
    assert "12 to admit in 3 batch(es)" in text and "Onboarding result" in text and "admitted │   12" in text
    assert "12 admitted org(s) can act only once their operator key accepts" in text


def test_every_kind_of_bad_row_is_reported_and_nothing_is_sent(reg, council, onboarder, tmp_path, console, w3):
    on_chain, fresh = suppliers(4, seed=2), suppliers(4, seed=3)
    on_chain[3] = replace(on_chain[3], operator=accounts[6].address)  # a key that accepts: it operates D
    # already on chain, each org with its own operator, roles SUPPLIER
    for s in on_chain:
        council.transact(reg.functions.admit((bpnl_to_bytes16(s.bpnl), int(Role.SUPPLIER), b"\x01" * 32, s.operator)))
    a, b, c, d = on_chain
    Sender(w3, d.operator).transact(reg.functions.acceptOperator(bpnl_to_bytes16(d.bpnl)))
    rows = [
        fresh[0].cells(),                                                       # 2 fine
        [a.bpnl, a.name, "SUPPLIER", a.operator, "0x" + "01" * 32],             # 3 already there, as described
        [fresh[1].bpnl, "Taken", "SUPPLIER", d.operator, fresh[1].profile],     # 4 operator operates D
        [c.bpnl, c.name, "SUPPLIER|LOGISTICS", c.operator, c.profile],          # 5 C on chain with other roles
        [b.bpnl, b.name, "SUPPLIER", fresh[2].operator, b.profile],             # 6 B on chain, other operator
        ["BPNL0000000000ZZ".lower(), "Lower", "SUPPLIER", fresh[3].operator, fresh[3].profile],  # 7 malformed
        [fresh[0].bpnl, "Dup", "SUPPLIER", "0x" + "1" * 40, fresh[0].profile],  # 8 duplicate BPNL
        ["BPNL00000000DUP2", "SameOp", "SUPPLIER", fresh[0].operator, fresh[0].profile],  # 9 operator twice
        ["BPNL00000000ROLE", "Role", "WIZARD", "0x" + "2" * 40, fresh[0].profile],  # 10 unknown role
        ["BPNL00000000CSUM", "Sum", "OEM", "0x70997970c51812dc3A010C7d01b50e0d17dc79C8", fresh[0].profile],  # 11
    ]
    path = write_csv(tmp_path / "bad.csv", rows)
    block = w3.eth.block_number

    with pytest.raises(InvalidRows) as caught:
        run(path, onboarder, reg, tmp_path, console)

    problems = {(p.row, p.column): p for p in caught.value.problems}
    assert set(problems) == {(4, "operator"), (5, "roles"), (6, "operator"), (7, "bpnl"), (8, "bpnl"),
                             (9, "operator"), (10, "roles"), (11, "operator")}
    assert f"it operates {d.bpnl} on chain" in problems[(4, "operator")].expected
    assert problems[(5, "roles")].kind == "conflict" and "SUPPLIER, the roles" in problems[(5, "roles")].expected
    assert problems[(6, "operator")].kind == "conflict" and "it operates no org" in problems[(6, "operator")].expected
    assert problems[(7, "bpnl")].kind == "invalid"
    message = str(caught.value)
    assert "8 problem(s) in 8 row(s); nothing was sent" in message
    assert all(f"row {row}, column {col}:" in message for row, col in problems)
    assert w3.eth.block_number == block  # nothing sent
    saved = json.loads((tmp_path / "journal" / "bad.report.json").read_text())
    assert [r["status"] for r in saved["rows"]] == ["planned", "already_present"] + ["rejected"] * 8
    assert saved["rows"][1]["reason"] == "operator key has not accepted yet" and saved["awaitingAcceptance"] == [a.bpnl]
    assert len(saved["problems"]) == 8
    assert "Problems in the supplier list" in output(console)


def test_semicolon_and_bom_export(reg, onboarder, tmp_path, console, w3):
    rows = suppliers(3, seed=4)
    header = ["BPNL", "Name", "Roles", "Operator_Address", "Profile Hash"]
    cells = [[s.bpnl, f"Müller, Teil {i} GmbH", "SUPPLIER, LOGISTICS", s.operator, s.profile] for i, s in enumerate(rows)]
    path = write_csv(tmp_path / "export.csv", cells, header, delimiter=";", bom=True)
    report = run(path, onboarder, reg, tmp_path, console)
    assert report.counts["admitted"] == 3
    assert [r.name for r in report.rows] == ["Müller, Teil 0 GmbH", "Müller, Teil 1 GmbH", "Müller, Teil 2 GmbH"]
    for s in rows:
        assert reg.functions.getOrg(bpnl_to_bytes16(s.bpnl)).call()[0] == Role.SUPPLIER | Role.LOGISTICS
    assert "';'-separated, UTF-8 with BOM" in output(console)


def test_skip_invalid_sends_the_valid_rows_and_writes_rejects(reg, onboarder, tmp_path, console, w3):
    good = suppliers(3, seed=5)
    rows = [good[0].cells(), ["BPNL-BAD", "Bad", "SUPPLIER", "0x" + "3" * 40, good[0].profile],
            good[1].cells(), [good[2].bpnl, "Bad role", "ALIEN", good[2].operator, good[2].profile]]
    path = write_csv(tmp_path / "mixed.csv", rows, delimiter=";", bom=True)
    report = run(path, onboarder, reg, tmp_path, console, skip_invalid=True)

    assert [r.status for r in report.rows] == ["admitted", "rejected", "admitted", "rejected"]
    assert "bpnl: 'BPNL' followed by 12" in report.rows[1].reason
    assert reg.functions.getOrg(bpnl_to_bytes16(good[2].bpnl)).call()[1] == 0  # never admitted
    rejects = (tmp_path / "journal" / "mixed.rejected.csv").read_bytes()
    assert rejects.startswith(b"\xef\xbb\xbf") and report.rejects == str(tmp_path / "journal" / "mixed.rejected.csv")
    lines = list(csv.reader(io.StringIO(rejects[3:].decode()), delimiter=";"))
    assert lines[0] == ["bpnl", "name", "roles", "operator", "profile", "error"]
    assert [line[:5] for line in lines[1:]] == [rows[1], rows[3]]
    assert lines[1][5].startswith("bpnl: 'BPNL' followed by 12") and "unknown: ALIEN" in lines[2][5]


def test_dry_run_sends_nothing(reg, council, tmp_path, console, w3):
    rows = suppliers(5, seed=6)
    council.transact(reg.functions.admit((bpnl_to_bytes16(rows[0].bpnl), int(Role.SUPPLIER),
                                          bytes.fromhex(rows[0].profile[2:]), rows[0].operator)))
    bad = ["BPNL00000000BAD", "Bad", "SUPPLIER", "0x" + "4" * 40, rows[0].profile]
    path = write_csv(tmp_path / "s.csv", [*rows, bad])
    block, nonce = w3.eth.block_number, w3.eth.get_transaction_count(accounts[1].address)

    report = run(path, None, reg, tmp_path, console, dry_run=True)

    assert [r.status for r in report.rows] == ["already_present"] + ["planned"] * 4 + ["rejected"]
    assert report.dry_run and report.problems[0].row == 7
    assert w3.eth.block_number == block and w3.eth.get_transaction_count(accounts[1].address) == nonce
    assert not list((tmp_path / "journal").glob("*.jsonl")) and not list(tmp_path.rglob("*.rejected.csv"))
    assert json.loads((tmp_path / "journal" / "s.report.json").read_text())["dryRun"]
    assert "Dry run: nothing sent" in output(console)
    # an account without the right to admit is pointed out, still without sending
    report = run(path, Sender(w3, accounts[7].address), reg, tmp_path, console, dry_run=True)
    assert "may not admit members" in output(console) and w3.eth.block_number == block


def test_rerun_admits_nobody(reg, onboarder, tmp_path, console, w3):
    rows = suppliers(8, seed=8)
    path = write_csv(tmp_path / "s.csv", rows)
    first = run(path, onboarder, reg, tmp_path, console, max_batch_size=3)
    block = w3.eth.block_number

    second = run(path, onboarder, reg, tmp_path, console, max_batch_size=3)

    assert first.counts["admitted"] == 8
    assert second.counts == {"admitted": 0, "already_present": 8, "rejected": 0, "planned": 0}
    assert second.batches == [] and w3.eth.block_number == block
    # the journal still knows which transaction admitted each row
    assert [(r.tx, r.block) for r in second.rows] == [(r.tx, r.block) for r in first.rows]
    assert admitted_counts(reg) == {s.bpnl: 1 for s in rows}
    assert "nothing to send" in output(console)


def test_an_account_without_the_onboarder_role_is_refused(reg, tmp_path, console, w3):
    path = write_csv(tmp_path / "s.csv", suppliers(2, seed=9))
    block = w3.eth.block_number
    with pytest.raises(ChainError, match=f"{accounts[7].address} may not admit members .* neither ONBOARDER_ROLE"):
        run(path, Sender(w3, accounts[7].address), reg, tmp_path, console)
    with pytest.raises(ConfigError, match="an acting account is needed"):
        run(path, None, reg, tmp_path, console)
    assert w3.eth.block_number == block


def test_batches_are_sized_to_the_block_gas_limit(reg, onboarder, tmp_path, console, w3):
    rows = suppliers(120, seed=10)
    path = write_csv(tmp_path / "s.csv", rows)
    report = run(path, onboarder, reg, tmp_path, console, gas_fraction=0.1)
    limit = w3.eth.get_block("latest")["gasLimit"]
    assert report.block_gas_limit == limit == 30_000_000
    assert 60_000 < report.gas_per_member < 90_000
    # 3,000,000 gas per batch holds about 40 members: 120 rows go in 3 or 4 batches
    per = report.gas_per_member
    assert report.batch_size * per * 1.05 <= limit * 0.1 < (report.batch_size + 2) * per * 1.05
    assert len(report.batches) == math.ceil(120 / report.batch_size)
    assert all(b.gas_used <= limit * 0.1 for b in report.batches)
    assert report.counts["admitted"] == 120 and admitted_counts(reg) == {s.bpnl: 1 for s in rows}


def test_rows_taken_between_plan_and_send(reg, council, onboarder, tmp_path, console, w3):
    """Someone else admits a row of a later batch after the plan: the batch goes out
    without that row, and the row says why. An org admitted meanwhile with a row's
    operator key blocks nothing (admission only offers the binding; the key chooses)."""
    rows = suppliers(9, seed=11)
    path = write_csv(tmp_path / "s.csv", rows)
    intruder = suppliers(1, seed=99)[0]

    def meanwhile(event: BatchEvent) -> None:
        if event.kind == "submitted" and event.number == 1:
            same = rows[5]  # admitted exactly as the file says
            council.transact(reg.functions.admit((bpnl_to_bytes16(same.bpnl), int(Role.SUPPLIER),
                                                  bytes.fromhex(same.profile[2:]), same.operator)))
            council.transact(reg.functions.admit((bpnl_to_bytes16(intruder.bpnl), int(Role.OEM), b"\x00" * 32, rows[7].operator)))

    report = run(path, onboarder, reg, tmp_path, console, max_batch_size=3, on_batch=meanwhile)

    status = {r.bpnl: (r.status, r.reason) for r in report.rows}
    assert status[rows[5].bpnl] == ("already_present", "admitted meanwhile by another transaction")
    assert status[rows[7].bpnl][0] == "admitted"
    assert report.counts == {"admitted": 8, "already_present": 1, "rejected": 0, "planned": 0}
    assert admitted_counts(reg) == {s.bpnl: 1 for s in rows} | {intruder.bpnl: 1}
    for org in (rows[7].bpnl, intruder.bpnl):
        assert reg.functions.hasOperatorOffer(rows[7].operator, bpnl_to_bytes16(org)).call()


@pytest.fixture
def manual_mining(w3):
    w3.provider.make_request("evm_setAutomine", [False])
    yield
    w3.provider.make_request("evm_setAutomine", [True])


def test_batch_reverted_on_chain_is_reconciled_and_sent_again(reg, council, onboarder, tmp_path, console, w3, manual_mining):
    """A batch that passed estimation loses a race in the block: the chain decides which
    of its rows are done; the rest go out again in a new batch."""
    rows = suppliers(4, seed=12)
    path = write_csv(tmp_path / "s.csv", rows)

    def race(event: BatchEvent) -> None:
        if event.kind == "submitted" and event.number == 1:
            first = rows[0]
            # the council's admission of row 2's org pays a higher tip: it goes first in the block
            reg.functions.admit((bpnl_to_bytes16(first.bpnl), int(Role.SUPPLIER), bytes.fromhex(first.profile[2:]),
                                 first.operator)).transact({"from": council.address, "gas": 300_000,
                                                            "maxPriorityFeePerGas": 10**11, "maxFeePerGas": 10**12})
            w3.provider.make_request("evm_mine", [])
            w3.provider.make_request("evm_setAutomine", [True])

    report = run(path, onboarder, reg, tmp_path, console, on_batch=race)

    assert [b.status for b in report.batches] == [0, 1] and report.batches[1].rows == 3
    assert report.rows[0].status == "already_present" and "meanwhile" in report.rows[0].reason
    assert [r.status for r in report.rows[1:]] == ["admitted"] * 3
    assert admitted_counts(reg) == {s.bpnl: 1 for s in rows}


def test_reads_fall_back_to_single_calls_when_the_node_refuses_batches(reg, council, w3):
    rows = suppliers(30, seed=13)
    for s in rows[:3]:
        council.transact(reg.functions.admit((bpnl_to_bytes16(s.bpnl), int(Role.SUPPLIER), b"\x02" * 32, s.operator)))
    direct = chainstate.read_rows(reg, rows)
    with RpcProxy(w3.provider.endpoint_uri, before=no_batches) as node:
        other = connect(node.url, 31337)
        via = chainstate.read_rows(other.eth.contract(address=reg.address, abi=reg.abi), rows, block=direct.block)
        assert [request.batch for request, _ in node.faults] == [True]  # one batch tried, and refused
    assert via == direct
    assert set(direct.orgs) == {s.bpnl for s in rows[:3]}
    assert direct.offers == {(s.operator, s.bpnl) for s in rows[:3]}  # admitted, keys not accepted yet
    assert direct.org_of(rows[0].operator) == "" and not direct.offered(rows[5].operator, rows[5].bpnl)


def test_one_run_at_a_time_per_journal(reg, onboarder, tmp_path, console, w3):
    path = write_csv(tmp_path / "s.csv", suppliers(2, seed=14))
    with Journal.open(tmp_path / "journal", 31337, reg.address), \
            pytest.raises(ConfigError, match="in use by another onboarding run"):
        run(path, onboarder, reg, tmp_path, console)


def test_a_journal_of_a_chain_that_is_gone_cites_no_stale_transactions(reg, council, onboarder, tmp_path, console, w3):
    """A dev chain restarted empty reuses the registry's address; the journal of the old
    chain must not name its transactions for members admitted on the new one."""
    rows = suppliers(3, seed=15)
    path = write_csv(tmp_path / "s.csv", rows)
    snapshot = w3.provider.make_request("evm_snapshot", [])["result"]
    first = run(path, onboarder, reg, tmp_path, console)
    w3.provider.make_request("evm_revert", [snapshot])  # that chain is gone
    council.transact(reg.functions.admitBatch([(bpnl_to_bytes16(s.bpnl), int(Role.SUPPLIER), bytes.fromhex(s.profile[2:]),
                                                s.operator) for s in rows]))
    again = run(path, onboarder, reg, tmp_path, console)
    assert {r.status for r in first.rows} == {"admitted"}
    assert [(r.status, r.tx, r.block) for r in again.rows] == [("already_present", None, None)] * 3


def test_sender_and_registry_on_different_chains_are_refused(reg, tmp_path, console, w3):
    path = write_csv(tmp_path / "s.csv", suppliers(2, seed=16))
    with RpcProxy(w3.provider.endpoint_uri, chain_id(4242)) as proxy:
        elsewhere = Sender(connect(proxy.url, 4242), Account.create())
        with pytest.raises(ConfigError, match="connected to chain 4242, the registry to chain 31337"):
            run(path, elsewhere, reg, tmp_path, console)


# --- the command line: where files go, exit codes, bad input ------------------------------------


@pytest.fixture(scope="module")
def suite_manifest(council, onboarder, tmp_path_factory):
    """A deployed suite (its manifest file) with accounts[1] as onboarder, for `valuechain onboard`."""
    folder = tmp_path_factory.mktemp("suite")
    deploy.deploy_suite(council, onboarders=[onboarder.address], directory=folder)
    return folder / "31337.json"


def onboard_cli(manifest, csv_path, *options, dev=1):
    argv = ["onboard", str(csv_path), *options, "--rpc-url", web3.provider.endpoint_uri, "--chain-id", "31337",
            "--manifest", str(manifest)]
    return cli([*argv, *([] if "--dry-run" in options else ["--dev-account", str(dev)])])


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    """The current directory of the command: elsewhere than the CSV's folder."""
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return work


def test_journal_and_report_land_in_dot_onboarding_not_next_to_the_csv(suite_manifest, w3, tmp_path, workdir, capsys):
    """README: the journal (and with it the report and the reject file) live in .onboarding/."""
    export = tmp_path / "export"
    export.mkdir()
    rows = suppliers(2, seed=20)
    path = write_csv(export / "suppliers.csv", [*rows, ["BPNL-BAD", "Bad", "SUPPLIER", "0x" + "5" * 40, rows[0].profile]])
    registry = manifest.load(path=suite_manifest).contract(w3, "ConsortiumRegistry")

    assert onboard_cli(suite_manifest, path, "--skip-invalid") == 2

    assert sorted(p.name for p in export.iterdir()) == ["suppliers.csv"]  # nothing next to the CSV
    written = sorted(p.name for p in (workdir / ".onboarding").iterdir())
    assert written == [f"onboarding-31337-{registry.address}.jsonl", "suppliers.rejected.csv", "suppliers.report.json"]
    report = json.loads((workdir / ".onboarding" / "suppliers.report.json").read_text())
    assert report["journal"] == str(Path(".onboarding") / f"onboarding-31337-{registry.address}.jsonl")
    assert report["counts"]["admitted"] == 2 and report["counts"]["rejected"] == 1
    assert "report: .onboarding/suppliers.report.json" in capsys.readouterr().out.replace("\n", "")


BAD_ROW = ["bpnl00000000bad1", "Lower case", "SUPPLIER", "0x" + "6" * 40, "0x" + "ab" * 32]


@pytest.mark.parametrize("options", [(), ("--dry-run",), ("--skip-invalid",)])
def test_a_rejected_row_exits_2_with_one_line_naming_row_column_and_expectation(suite_manifest, w3, tmp_path, workdir,
                                                                              capsys, options):
    good = suppliers(1, seed=21 + len(options[0]) if options else 21)[0]
    path = write_csv(tmp_path / "s.csv", [good.cells(), BAD_ROW])
    registry = manifest.load(path=suite_manifest).contract(w3, "ConsortiumRegistry")
    block = w3.eth.block_number

    assert onboard_cli(suite_manifest, path, *options) == 2

    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    assert err.startswith(f"error: {path}: row 3, column bpnl: 'bpnl00000000bad1': expected 'BPNL' followed by 12 "
                          "of 0-9/A-Z")
    assert "(upper case: BPNL00000000BAD1)" in err
    assert registry.functions.getOrg(bpnl_to_bytes16("BPNL00000000BAD1")).call()[1] == 0
    admitted = registry.functions.getOrg(bpnl_to_bytes16(good.bpnl)).call()[1] != 0
    assert admitted == ("--skip-invalid" in options)  # only --skip-invalid sends, and only the valid row
    if "--skip-invalid" not in options:
        assert w3.eth.block_number == block  # nothing sent


def test_a_valid_file_exits_0_also_in_a_dry_run(suite_manifest, w3, tmp_path, workdir, capsys):
    path = write_csv(tmp_path / "s.csv", suppliers(2, seed=30))
    block = w3.eth.block_number
    assert onboard_cli(suite_manifest, path, "--dry-run") == 0
    assert capsys.readouterr().err == "" and w3.eth.block_number == block
    assert onboard_cli(suite_manifest, path) == 0
    assert onboard_cli(suite_manifest, path, "--skip-invalid") == 0  # already present: nothing to send, all valid


def test_a_german_excel_export_is_onboarded_and_its_encoding_reported(suite_manifest, w3, tmp_path, workdir, capsys):
    rows = suppliers(2, seed=31)
    lines = ["sep=;", ";".join(HEADER)] + [";".join([s.bpnl, f"Zulieferer Süd {i} GmbH", s.roles, s.operator, s.profile])
                                           for i, s in enumerate(rows)]
    path = tmp_path / "Lieferanten.csv"
    path.write_bytes("\r\n".join(lines).encode("cp1252") + b"\r\n")

    assert onboard_cli(suite_manifest, path) == 0

    assert "';'-separated, Windows-1252" in capsys.readouterr().out
    report = json.loads((workdir / ".onboarding" / "Lieferanten.report.json").read_text())
    assert report["encoding"] == "Windows-1252" and [r["name"] for r in report["rows"]] == [
        "Zulieferer Süd 0 GmbH", "Zulieferer Süd 1 GmbH"]
    assert [r["row"] for r in report["rows"]] == [2, 3]  # as Excel shows them: the sep= line is no row


@pytest.mark.parametrize("content, expected", [
    (b"bpnl,name,roles,operator,profile\nBPNL00000003AYRE,M\x81ller,SUPPLIER,0x0,0x0\n",
     "neither UTF-8 nor Windows-1252 text (line 2: byte 51 is 0x81)"),
    (b"bpnl,name,operator\n", "row 1: missing column(s) roles, profile"),
    (b"", "the file is empty"),
])
def test_an_unreadable_file_exits_2_with_one_line(suite_manifest, w3, tmp_path, workdir, capsys, content, expected):
    path = tmp_path / "s.csv"
    path.write_bytes(content)
    block = w3.eth.block_number
    for options in ((), ("--dry-run",), ("--skip-invalid",)):
        assert onboard_cli(suite_manifest, path, *options) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and expected in err and "Traceback" not in err, err
    assert w3.eth.block_number == block and not (workdir / ".onboarding").exists()
