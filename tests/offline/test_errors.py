"""Every kind of valuechain error carries fields a program can act on (``what``, ``where``,
``expected``, ``found`` and the kind's own) besides the one-line message the CLI prints.
No chain needed: each error comes from the library call a user would make, or from its
constructor where raising it takes a chain."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from valuechain import accounts, catenax, identity, licensing, manifest, network, orders
from valuechain.catenax import PayloadError, UnknownAspectModel
from valuechain.deploy import BlockGasLimitTooLow, DeploymentInterrupted, ResumeRefused
from valuechain.errors import ChainError, ConfigError, InputError, Refused, SuitePaused, ValueChainError
from valuechain.events import ReorgTooDeep
from valuechain.manifest import ManifestMismatch
from valuechain.onboarding import csvfile


def raised(call, *args, **kwargs) -> ValueChainError:
    with pytest.raises(ValueChainError) as caught:
        call(*args, **kwargs)
    return caught.value


def check(exc: ValueChainError, kind: type[ValueChainError], **fields: object) -> None:
    """``exc`` is a ``kind`` with ``fields``; its message is one line, and ``fields()``
    holds the same values, JSON-able."""
    assert isinstance(exc, kind)
    for name, value in fields.items():
        assert getattr(exc, name) == value, (name, getattr(exc, name))
    assert "\n" not in str(exc) and str(exc) == exc.message
    reported = json.loads(json.dumps(exc.fields()))
    assert reported["kind"] == type(exc).__name__ and reported["message"] == str(exc)
    assert set(reported) - {"kind", "message"} <= set(exc.FIELDS)
    for name, value in fields.items():
        if value is not None and name in exc.FIELDS:
            assert reported[name] == (list(value) if isinstance(value, tuple) else value), name


def test_input_error_of_a_command_line_value_names_the_argument():
    exc = raised(identity.check_bpnl, "bpnl00000003ayre", "--to")
    check(exc, InputError, what="BPNL", where="--to", found="bpnl00000003ayre")
    assert "'BPNL' followed by 12" in exc.expected and str(exc).startswith("--to: 'bpnl00000003ayre' is not a BPNL")

    check(raised(orders.place, None, None, "BPNL00000003AYRE", b"", 0, None, 0), InputError,
          what="quantity", where=None, expected=f"1 to {2**32 - 1} whole units", found=0)


def test_input_error_of_a_file_names_the_line_or_json_path(tmp_path: Path):
    broken = tmp_path / "broken.json"
    broken.write_text('{"name": "x",\n  "purposes": [}')
    check(raised(licensing.load_terms, broken), InputError, what=str(broken), where="line 2 column 16",
          expected="well-formed JSON")

    negative = tmp_path / "negative.json"
    negative.write_text(json.dumps({"name": "n", "purposes": ["manufacturing"], "derivatives": False,
                                    "sublicensing": False, "max_duration_days": -3, "legal_text": "t"}))
    check(raised(licensing.load_terms, negative), InputError, what=str(negative), where="$.max_duration_days",
          expected="a positive whole number of days", found=-3)

    folder = tmp_path / "terms"
    folder.mkdir()
    check(raised(licensing.load_terms, folder), InputError, what=str(folder), found="a folder")


def test_input_error_of_a_csv_names_row_and_columns(tmp_path: Path):
    path = tmp_path / "suppliers.csv"
    path.write_text("bpnl;name\nBPNL00000003AYRE;Acme\n")
    exc = raised(csvfile.read, path)
    check(exc, InputError, what=str(path), where="row 1", found=["bpnl", "name"])
    assert "roles" in exc.expected and "operator" in exc.expected


def test_payload_error_has_the_first_problem_and_all_paths():
    exc = raised(catenax.loads, '{"notificationId": 1', "downtime.json")
    assert isinstance(exc, PayloadError)
    check(exc, PayloadError, what="downtime.json", where="$", expected="well-formed JSON")
    assert exc.paths == ("$",) and exc.fields()["paths"] == ["$"]

    unknown = raised(catenax.aspect_model, "DemandAndCapacityNotification", "9.9.9")
    check(unknown, UnknownAspectModel, what="semantic id", found="9.9.9", given="9.9.9")
    assert "3.0.0" in unknown.expected


def test_config_error_names_the_setting(tmp_path: Path):
    accounts.new("alice", "pw", tmp_path, kdf_iterations=1)
    check(raised(accounts.unlock, "bob", "pw", tmp_path), ConfigError, what="account",
          where=str(tmp_path / "bob.json"), expected=["alice"], found="bob")
    check(raised(accounts.unlock, "alice", "wrong", tmp_path), ConfigError, what="alice",
          expected="the keystore's password")


def test_manifest_mismatch_says_which_field(tmp_path: Path):
    path = tmp_path / "5.json"
    record = manifest.Manifest(chain_id=5, deployer="0x" + "11" * 20, commit="abc", compiler={})
    manifest.save(record, path)
    exc = raised(manifest.load, chain_id=31337, path=path)
    check(exc, ManifestMismatch, what=str(path), where="chain id", expected=31337, found=5, field="chain id")
    assert isinstance(exc, ConfigError) and exc.path == path

    exc = ResumeRefused(path, "deployer", "0xA", "0xB", "deployed by 0xA, this run is 0xB")
    check(exc, ResumeRefused, what=str(path), where="deployer", expected="0xB", found="0xA")
    assert str(exc) == f"{path}: deployed by 0xA, this run is 0xB; nothing was sent"


def test_chain_errors_name_the_node_transaction_or_block():
    exc = raised(network.connect, "http://127.0.0.1:9", timeout=2)
    check(exc, ChainError, what="node", where="http://127.0.0.1:9", expected="a node answering JSON-RPC")

    refused = Refused("placeOrder", "InvalidQuantity(quantity=0, max=4294967295)", "0x" + "ab" * 20)
    check(refused, Refused, what="placeOrder", where="0x" + "ab" * 20,
          found="InvalidQuantity(quantity=0, max=4294967295)", label="placeOrder", contract="0x" + "ab" * 20,
          reason="InvalidQuantity(quantity=0, max=4294967295)")
    assert str(refused) == "placeOrder would revert: InvalidQuantity(quantity=0, max=4294967295)"

    paused = SuitePaused("admitBatch", "EnforcedPause()")
    check(paused, SuitePaused, what="admitBatch", expected="the suite running", found="the suite paused",
          label="admitBatch", said="EnforcedPause()")
    assert isinstance(paused, ChainError) and "admitBatch refused" in str(paused)

    limit = BlockGasLimitTooLow("SupplyOrders", 5_000_000, 3_000_000, 1337, 23_000)
    check(limit, BlockGasLimitTooLow, what="block gas limit", where="chain 1337", found=3_000_000,
          contract="SupplyOrders", needed=5_000_000, limit=3_000_000, chain_id=1337)

    stopped = DeploymentInterrupted(Path("deployments/1337.json"), "deploying SupplyOrders", "out of gas")
    check(stopped, DeploymentInterrupted, where="deploying SupplyOrders", found="out of gas",
          step="deploying SupplyOrders", cause="out of gas")

    reorg = ReorgTooDeep("the chain changed below block 90: rebuild the index", 100, 80, 12)
    check(reorg, ReorgTooDeep, where="block 100", found=80, block=100, head=80, reorg_depth=12)


def test_plain_errors_keep_the_old_constructor():
    """Call sites that give only a message still work: the fields are then None."""
    exc = InputError("something is off")
    assert str(exc) == "something is off" and (exc.what, exc.where, exc.expected, exc.found) == (None,) * 4
    assert exc.fields() == {"kind": "InputError", "message": "something is off"}
