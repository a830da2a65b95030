"""A bug of ours still ends in one line (exit 70), with the traceback one variable away."""

from __future__ import annotations

import argparse

import pytest

from valuechain import cli


def _buggy(_args: argparse.Namespace) -> int:
    raise KeyError("orderId")


@pytest.fixture
def buggy_command(monkeypatch):
    monkeypatch.setattr(cli, "parse", lambda argv: argparse.Namespace(handler=_buggy))


def test_an_internal_error_is_one_line(buggy_command, capsys, monkeypatch):
    monkeypatch.delenv("VALUECHAIN_TRACEBACK", raising=False)
    assert cli.main(["order", "show"]) == 70
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "internal error (a bug in valuechain" in err and "KeyError: 'orderId'" in err and "VALUECHAIN_TRACEBACK=1" in err


def test_the_traceback_on_request(buggy_command, monkeypatch):
    monkeypatch.setenv("VALUECHAIN_TRACEBACK", "1")
    with pytest.raises(KeyError, match="orderId"):
        cli.main(["order", "show"])
