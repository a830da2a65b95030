"""The table of bad input every `valuechain` command meets (tests/offline and
tests/tooling test_cli_bad_input.py): each row is refused with exit code 2 and one line
on stderr naming the argument and what was expected; no traceback, nothing sent.
Brownie-free: the offline suite imports it."""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from valuechain.scenario import FIXTURES

OEM, SUP = "BPNL00000003AYRE", "BPNL00000003B2OM"
COUNCIL, OEM_KEY, SUP_KEY = 0, 2, 3
NOBODY = "http://127.0.0.1:9"  # nothing listens there
OFFLINE = ["--rpc-url", NOBODY, "--chain-id", "31337"]
HEX32 = "0x" + "ab" * 32
ADDRESS = "0x" + "12" * 20
TOMORROW = (date.today() + timedelta(days=1)).isoformat()
YESTERDAY = (date.today() - timedelta(days=2)).isoformat()
DISRUPTION = str(FIXTURES / "catenax" / "DemandAndCapacityNotification-3.0.0.sample.json")
BROKEN_POLICY = FIXTURES / "catenax" / "odrl" / "broken"  # broken copies of the Catena-X ODRL samples
NOTIFICATION = "0b4f6c1e-2a3d-4e5f-8a9b-1c2d3e4f5a6b"
WRONG_CHECKSUM = "0x3c44CdDdB6a900fa2b585dd299e03d12FA4293BC"  # account 2 with one letter's case flipped


@dataclass(frozen=True)
class Row:
    """``valuechain COMMAND ARGS…``: the one error line must contain ``names`` (the
    argument) and say what was expected. ``chain``: the refusal needs the node."""

    command: str
    args: tuple[str, ...]
    names: str
    chain: bool = False
    before: tuple[str, ...] = ()  # options given before the command
    bare: bool = False  # no chain options added: the row names the chain itself
    prints: bool = False  # may print progress on stdout before refusing (onboard's plan)

    @property
    def id(self) -> str:
        return " ".join((*self.before, self.command, *self.args))[:80]


def row(command: str, *args: str, names: str, chain: bool = False, before: tuple[str, ...] = (),
        bare: bool = False, prints: bool = False) -> Row:
    return Row(command, args, names, chain, before, bare, prints)


def make_inputs(folder: Path) -> Path:
    """``folder`` with the files the rows name: a folder, a file, a folder named like no
    terms template, and a CSV with a bad BPNL."""
    (folder / "a-folder").mkdir()
    (folder / "standard").mkdir()  # `licence terms standard` while a folder of that name exists
    (folder / "a-file.txt").write_text("a document")
    (folder / "bad.csv").write_text(f"bpnl,name,roles,operator,profile\nBPNL123,Bad,SUPPLIER,{ADDRESS},{HEX32}\n")
    return folder


def _rows() -> list[Row]:
    return [
        # account
        row("account new", "bad name!", names="NAME"),
        row("account import", "ok", "--key-env", "1-NOT-A-VARIABLE", names="--key-env"),
        row("account list", "--keystore-dir", "{file}", names="--keystore-dir"),
        # deploy, events, report
        row("deploy", "--council", "0x12", names="--council"),
        row("deploy", "--onboarder", WRONG_CHECKSUM, names="--onboarder"),
        row("events sync", "--reorg-depth", "-1", names="--reorg-depth"),
        row("report", "--out", "{file}", names="--out"),
        # emergency, governance
        row("emergency pause", "--dev-account", "-1", names="--dev-account"),
        row("emergency pause", "--dev-account", "99", names="--dev-account", chain=True),
        row("emergency resume", "--dev-account", "x", names="--dev-account"),
        row("emergency status", "--chain-id", "0", names="--chain-id"),
        row("governance status", "--rpc-url", "ftp://example.org", names="--rpc-url"),
        row("governance transfer", "0x12", names="ADDRESS"),
        row("governance accept", "--dev-account", "-1", names="--dev-account"),
        row("governance cancel", "--manifest", "{folder}", names="--manifest"),
        # ip
        row("ip register", "{folder}", names="FILE"),
        row("ip register", "{file}", "--revises", "0x1234", names="--revises"),
        row("ip verify", "{file}", "--receipt", "{folder}", names="--receipt"),
        row("ip verify", "{file}", "--receipt", "{file}", "--org", "BPNL123", names="--org"),
        row("ip history", "0x1234", names="ASSET"),
        row("ip history", "0x" + "00" * 31 + "01", names="ASSET", chain=True),
        # licence
        row("licence terms", "standard", names="TEMPLATE"),
        row("licence terms", "import", str(BROKEN_POLICY / "malformed.json"), names="POLICY"),
        row("licence terms", "import", str(BROKEN_POLICY / "unknown-constraint.json"), names="POLICY"),
        row("licence terms", "import", str(BROKEN_POLICY / "unknown-purpose.json"), names="POLICY"),
        row("licence terms", "import", str(BROKEN_POLICY / "2024-unknown-purpose.json"), names="POLICY"),
        row("licence terms", "import", names="POLICY"),
        row("licence terms", "import", "{folder}", names="POLICY"),
        row("licence grant", HEX32, "--to", OEM, "--terms", str(BROKEN_POLICY / "wrong-purpose-operator.json"),
            "--purposes", "cx.pcf.base:1", "--days", "3", names="--terms"),
        row("licence export", "0x12", names="ID"),
        row("licence export", "0x" + "42" * 32, "--sidecar", "{folder}", names="--sidecar"),
        row("licence export", "0x" + "42" * 32, names="ID", chain=True),
        row("licence grant", HEX32, "--to", OEM, "--terms", "audit", "--purposes", "cx.quality.base:1", "--days", "0",
            names="--days"),
        row("licence grant", HEX32, "--to", OEM, "--terms", "audit", "--purposes", "cx.quality.base:1", "--days", "31",
            names="--days"),
        row("licence grant", HEX32, "--to", OEM, "--terms", "audit", "--purposes", "cx.dcm.base:1", "--days", "3",
            names="--purposes"),
        row("licence grant", HEX32, "--to", "BPNL00000003ayre", "--terms", "audit", "--purposes", "cx.quality.base:1",
            "--days", "3", names="--to"),
        row("licence offer", HEX32, "--to", OEM, "--terms", "audit", "--purposes", "cx.quality.base:1", "--days", "10",
            "--accept-within-days", "10", names="--accept-within-days"),
        row("licence offer", HEX32, "--to", OEM, "--terms", "audit", "--purposes", "cx.quality.base:1", "--days", "10",
            "--accept-within-days", "0", names="--accept-within-days"),
        row("licence request", HEX32, "--terms", "audit", "--purposes", "telepathy", "--days", "3", names="--purposes"),
        row("licence request", HEX32, "--terms", "{folder}", "--purposes", "cx.core.industrycore:1", "--days", "3",
            names="--terms"),
        row("licence sublicense", HEX32, HEX32, "--to", "BPNL0000000", "--purposes", "cx.quality.base:1",
            names="--to"),
        row("licence sublicense", HEX32, "0x" + "01" * 32, "--to", SUP, "--purposes", "cx.quality.base:1",
            "--dev-account", str(OEM_KEY), names="PARENT", chain=True),
        row("licence accept", HEX32, "0x12", names="LICENCE"),
        row("licence decline", "nothex", HEX32, names="ASSET"),
        row("licence withdraw", HEX32, "0x" + "zz" * 32, names="LICENCE"),
        row("licence revoke", HEX32, HEX32, "--reason", "boredom", names="--reason"),
        row("licence check", HEX32, "--org", "BPNL", "--purpose", "cx.core.industrycore:1", names="--org"),
        row("licence access", HEX32, HEX32, "--purpose", "cx.core.industrycore:1", "--what", " ", names="--what"),
        row("licence list", "--org", "bpnl00000003ayre", names="--org"),
        # member, members, onboard
        row("member admit", "BPNL0000000NEW01", "--roles", "KING", "--operator", ADDRESS, names="--roles"),
        row("member suspend", OEM, "--reason", " ", names="--reason"),
        row("member suspend", "BPNL00000000XXXX", "--reason", "audit", "--dev-account", str(COUNCIL), names="BPNL",
            chain=True),
        row("member reinstate", "BPNL-1", names="BPNL"),
        row("member offboard", OEM, names="--reason"),
        row("member revoke-operator", "0xnothex", names="ADDRESS"),
        row("member assign-operator", SUP, "0x" + "00" * 20, names="ADDRESS"),
        row("member accept", "BPNL00000003AYR", names="BPNL"),
        row("member accept", OEM, "--account", "../elsewhere/key", names="--account"),
        row("member grant-onboarder", WRONG_CHECKSUM, names="ADDRESS"),
        row("member revoke-onboarder", "0x12", names="ADDRESS"),
        row("member grant-guardian", "", names="ADDRESS"),
        row("member revoke-guardian", ADDRESS + "00", names="ADDRESS"),
        row("members", "--index", "{folder}", names="--index"),
        row("members", "--manifest", "{chain5}", names="--manifest", chain=True),  # a manifest of another chain
        row("deploy", "--manifest", "{chain5}", "--dev-account", "0", names="--manifest", chain=True),
        row("onboard", "{folder}", names="CSV"),
        row("onboard", "{bad.csv}", "--dry-run", "--journal-dir", "{journal}", names="column bpnl", chain=True,
            prints=True),
        row("onboard", "{bad.csv}", "--journal-dir", "{journal}", "--dev-account", "10", names="--dev-account",
            chain=True),
        # order
        row("order place", "--supplier", SUP, "--part", "P-1", "--quantity", "10", "--due", TOMORROW,
            "--unit", "XYZW123", names="--unit"),
        row("order place", "--supplier", SUP, "--part", "P-1", "--quantity", "10", "--due", YESTERDAY, names="--due"),
        row("order place", "--supplier", SUP, "--part", "P-1", "--quantity", "0", "--due", TOMORROW,
            names="--quantity"),
        row("order place", "--supplier", SUP, "--part", "P-1", "--quantity", str(2**32), "--due", TOMORROW,
            names="--quantity"),
        row("order place", "--supplier", SUP, "--part", "P-1", "--quantity", "1", "--due", TOMORROW,
            "--min-score", "10001", names="--min-score"),
        row("order place", "--supplier", "BPNLXXXX", "--part", "P-1", "--quantity", "1", "--due", TOMORROW,
            names="--supplier"),
        row("order place", "--supplier", SUP, "--part", " ", "--quantity", "1", "--due", "31.12.2030", names="--part"),
        row("order place", "--supplier", SUP, "--part", "P", "--quantity", "1", "--due", "31.12.2030", names="--due"),
        row("order confirm", "-1", names="ID"),
        row("order confirm", "1", "--dev-account", "99", names="--dev-account", chain=True),
        row("order start", "0", names="ID"),
        row("order assess", "1", "--score", "10001", "--sample", "5", "--defects", "0", names="--score"),
        row("order assess", "1", "--score", "9000", "--sample", "5", "--defects", "6", names="--defects"),
        row("order assess", "1", "--score", "9000", "--sample", "0", "--defects", "0", names="--sample"),
        row("order reallocate", "1", "--to", "BPNL", "--quantity", "1", "--due", TOMORROW, names="--to"),
        row("order ship", "1", "--quantity", "0", names="--quantity"),
        row("order receive", "1", "--quantity", "-3", names="--quantity"),
        row("order close", "1", "--doc", "0x1234", names="--doc"),
        row("order cancel", "one", names="ID"),
        row("order amend", "1", "--quantity", "5", "--due", TOMORROW, "--cite-disruption", "not-a-uuid",
            names="--cite-disruption"),
        row("order accept-amendment", "1", "--proposal", "0", names="--proposal"),
        row("order decline-amendment", "-1", names="ID"),
        row("order show", "0", names="ID"),
        row("order show", "999", names="ID", chain=True),
        # notify
        row("notify investigate", "{folder}", names="FILE"),
        row("notify investigate", "--to", "BPNL00000003b2om", "--item", "P-1", names="--to"),
        row("notify investigate", "--item", "P-1", names="--to"),
        row("notify investigate", "--to", SUP, names="--item"),
        row("notify investigate", "--to", SUP, "--item", "P-1", "--severity", "SEVERE", names="--severity"),
        row("notify investigate", "--to", SUP, "--item", "P-1", "--target", YESTERDAY, names="--target"),
        row("notify alert", "--to", OEM, "--item", "P-1", "--order", "0", names="--order"),
        row("notify alert", "--to", OEM, "--item", " ", names="--item"),
        row("notify forward", "not-a-uuid", "--to", SUP, names="ID"),
        row("notify forward", NOTIFICATION, "--to", "BPNL", names="--to"),
        row("notify forward", NOTIFICATION, "--to", SUP, "--item", "P-1", "--dev-account", str(SUP_KEY), names="ID",
            chain=True),
        row("notify ack", "1234", names="ID"),
        row("notify accept", NOTIFICATION, "--reason", " ", names="--reason"),
        row("notify decline", NOTIFICATION, "--dev-account", "-1", names="--dev-account"),
        row("notify close", NOTIFICATION, "--reason", "0x12", names="--reason"),
        row("notify cancel", "", names="ID"),
        row("notify list", "--tree", "x", names="--tree"),
        row("notify export", "x", names="ID"),
        row("notify export", NOTIFICATION, "--items", "{folder}", names="--items"),
        row("notify investigate", "--to", SUP, "--item", "P-1", "--order", "999", "--dev-account", str(OEM_KEY),
            names="order ID", chain=True),
        # signal, import
        row("signal capacity", "{folder}", "--to", SUP, names="FILE"),
        row("signal disruption", DISRUPTION, "--to", "BPNL00000003B2O", names="--to"),
        row("signal list", "--to", "B2OM", names="--to"),
        row("import catenax", DISRUPTION, "--to", "BPNL00000003B2OMX", names="--to"),
        row("import catenax", DISRUPTION, "--min-score", "-1", names="--min-score"),
        # simulate
        row("simulate", "--suppliers", "1", names="--suppliers"),
        row("simulate", "--suppliers", "3", "--oems", "2", names="--suppliers"),
        row("simulate", "--weeks", "0", names="--weeks"),
        row("simulate", "--seed", "-1", names="--seed"),
        row("simulate", "--oems", "x", names="--oems"),
        row("simulate", "--run-dir", "{file}", names="--run-dir"),
        row("simulate", "--cast-prefix", " ", names="--cast-prefix"),
        row("simulate", "--suppliers", "2", "--weeks", "1", "--dev-account", "99", names="--dev-account", chain=True),
        # the chain options, before the command too
        row("order confirm", "1", before=("--dev-account", "-1"), names="--dev-account"),
        row("members", before=("--rpc-url", "localhost:8545"), names="--rpc-url"),
        row("members", before=("--dev-account", "0"), names="--dev-account"),
        row("members", before=("--network", "nosuch"), names="nosuch", bare=True),
        row("members", "--rpc-url", NOBODY, "--chain-id", "31337", names="--rpc-url", bare=True),  # connection refused
    ]


ROWS = _rows()


def commands(parser: argparse.ArgumentParser, words: tuple[str, ...] = ()) -> set[str]:
    """Every command of the parser, as its words (``order confirm``)."""
    subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subs:
        return {" ".join(words)}
    return {c for name, sub in subs[0].choices.items() for c in commands(sub, (*words, name))}


def leaf_parsers(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return [leaf for sub in (subs[0].choices.values() if subs else []) for leaf in leaf_parsers(sub)] or [parser]


def argv_for(r: Row, files: Path, chain: list[str]) -> list[str]:
    """The row's command line. Offline rows get the chain options after the command; rows
    refused by what the chain holds get them before it (the row's own options, after
    the command, win: ``--manifest {chain5}``)."""
    places = {"{file}": files / "a-file.txt", "{folder}": files / "a-folder", "{bad.csv}": files / "bad.csv",
              "{journal}": files / "journal", "{chain5}": files / "5.json"}
    args = [str(places[a]) if a in places else a for a in r.args]
    if r.command.split()[0] == "account" or r.bare:
        return [*r.before, *r.command.split(), *args]
    if r.chain:
        return [*chain, *r.before, *r.command.split(), *args]
    return [*r.before, *r.command.split(), *args, *chain]


def refused_in_one_line(code: int, capsys: Any, r: Row) -> str:
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert code == 2, (code, captured.err)
    assert len(lines) == 1 and lines[0].startswith("error: "), captured.err
    assert "Traceback" not in captured.err and (r.prints or not captured.out.strip()), captured
    assert r.names in lines[0], f"the error does not name {r.names}: {lines[0]}"
    assert "expected" in lines[0], f"the error does not say what was expected: {lines[0]}"
    return lines[0]
