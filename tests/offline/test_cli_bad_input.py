"""Every `valuechain` command meets bad input the command line alone refuses: exit code
2, one line on stderr naming the argument and what was expected, no traceback, and
nothing connects (the rows point at a port nothing listens on: a row that tried to
connect would say "cannot reach" instead). The rows whose refusal needs a node run in
tests/tooling/test_cli_bad_input.py; the table is tests/support/cli_bad_input.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.cli_bad_input import (
    NOBODY,
    OFFLINE,
    ROWS,
    Row,
    argv_for,
    commands,
    leaf_parsers,
    make_inputs,
    refused_in_one_line,
)
from valuechain.cli import UsageError, build_parser, parse
from valuechain.cli import main as cli
from valuechain.cli.context import CHAIN_OPTIONS


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> Path:
    return make_inputs(tmp_path_factory.mktemp("inputs"))


def test_every_command_has_a_bad_input_row():
    missing = commands(build_parser()) - {r.command for r in ROWS}
    assert not missing, f"commands without a bad-input row: {sorted(missing)}"


def test_no_argument_shadows_a_chain_option():
    """An argument stored where a chain option is (``member grant-guardian ADDRESS`` once
    kept the address in ``account``, the keystore name) is overwritten by that option."""
    chain = {flag[2:].replace("-", "_"): flag for flag, _, _ in CHAIN_OPTIONS}
    for leaf in leaf_parsers(build_parser()):
        for action in leaf._actions:
            if action.dest in chain:
                shadows = f"{leaf.prog}: {action.dest} shadows {chain[action.dest]}"
                assert chain[action.dest] in action.option_strings, shadows


@pytest.mark.parametrize("r", [r for r in ROWS if not r.chain], ids=lambda r: r.id)
def test_refused_before_connecting(r: Row, files, capsys, monkeypatch, tmp_path):
    monkeypatch.chdir(files)  # `licence terms standard` sees the folder named standard
    line = refused_in_one_line(cli(argv_for(r, files, OFFLINE)), capsys, r)
    if NOBODY not in r.args:
        assert "cannot reach" not in line, "refused only after trying to connect"


@pytest.mark.parametrize("argv, where, expected, found", [
    (["order", "place", "--supplier", "BPNL00000003B2OM", "--part", "P", "--quantity", "0", "--due", "2099-01-01"],
     "--quantity", "a quantity in whole units (a uint32 on chain): a whole number from 1 to 4,294,967,295", 0),
    (["licence", "list", "--org", "bpnl1"], "--org", "'BPNL' followed by 12 of 0-9/A-Z, e.g. BPNL00000003AYRE", "bpnl1"),
    (["licence", "revoke", "0x" + "ab" * 32, "0x" + "ab" * 32, "--reason", "boredom"], "--reason",
     "one of 'breach', 'terms_violation', 'asset_withdrawn', 'other'", "boredom"),
    (["member", "offboard", "BPNL00000003AYRE"], "--reason", None, None),
])
def test_a_refused_argument_carries_its_fields(argv, where, expected, found):
    """The one line is for people; a program reads the same facts as fields: the command,
    the argument, what was expected, what was found."""
    with pytest.raises(UsageError) as caught:
        parse([*argv, *OFFLINE])
    exc = caught.value
    assert (exc.what, exc.where, exc.found) == (f"valuechain {' '.join(argv[:2])}", where, found)
    if expected is not None:
        assert exc.expected == expected
    else:  # a missing argument: what it is, from its help
        assert "reason in words" in exc.expected
    assert exc.fields()["where"] == where
