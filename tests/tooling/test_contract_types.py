"""valuechain.contract_types, generated from the build (tools/gen_contract_types.py), and
reading call results by name (valuechain.abi). No chain needed."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from valuechain import abi, artifacts, contract_types
from valuechain.contract_types import Order, Purpose, Role, Side, SignalKind, State
from valuechain.errors import ChainError, InputError

ROOT = Path(__file__).resolve().parents[2]


def _generator():
    spec = importlib.util.spec_from_file_location("gen_contract_types", ROOT / "tools" / "gen_contract_types.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def gen():
    return _generator()


@pytest.fixture(scope="module")
def build() -> Path:
    folder = artifacts.build_dir()
    if not (folder / "ConsortiumRegistry.json").exists():
        pytest.skip(f"no build artifacts in {folder}: `brownie compile` first")
    return folder


def test_the_committed_module_matches_the_contracts(gen, build):
    """Fails when a contract's enums, role/purpose constants, structs or errors changed
    without `make types` (tools/gen_contract_types.py) being run."""
    assert gen.generate(build) == (ROOT / "valuechain" / "contract_types.py").read_text(), (
        "valuechain/contract_types.py is stale: run `make types`")


def _set_literal(artifact: Path, contract: str, name: str, value: int) -> None:
    """Give the constant ``contract.name`` the literal ``value`` in ``artifact``'s AST."""
    data = json.loads(artifact.read_text())
    unit = data["ast"]
    node = next(n for c in unit["nodes"] if c.get("name") == contract for n in c["nodes"] if n.get("name") == name)
    node["value"] = {"id": node["value"]["id"], "nodeType": "Literal", "kind": "number", "value": str(value),
                     "hexValue": str(value).encode().hex(), "typeDescriptions": {"typeString": f"int_const {value}"}}
    artifact.write_text(json.dumps(data))


def test_contracts_that_disagree_on_a_role_bit_fail_generation(gen, build, tmp_path):
    for path in build.glob("*.json"):
        shutil.copy(path, tmp_path / path.name)
    _set_literal(tmp_path / "ConsortiumRegistry.json", "ConsortiumRegistry", "ROLE_OEM", 4)
    with pytest.raises(gen.GenerationError, match=r"ROLE_OEM = \d but .*ROLE_OEM = \d: the contracts disagree") as exc:
        gen.generate(tmp_path)
    assert "ConsortiumRegistry.ROLE_OEM = 4" in str(exc.value)


def test_a_stale_module_fails_the_check(gen, build, tmp_path, capsys):
    stale = tmp_path / "contract_types.py"
    stale.write_text((ROOT / "valuechain" / "contract_types.py").read_text().replace("CONFIRMED = 2", "CONFIRMED = 3"))
    assert gen.main(["--build", str(build), "--out", str(stale), "--check"]) == 1
    assert "stale" in capsys.readouterr().err
    assert gen.main(["--build", str(build), "--out", str(stale)]) == 0
    assert gen.main(["--build", str(build), "--out", str(stale), "--check"]) == 0


def test_generated_tables():
    assert [s.name for s in State][:3] == ["NONE", "ISSUED", "CONFIRMED"] and State.CANCELLED == 11
    assert Role.names(Role.OEM | Role.LOGISTICS) == "OEM|LOGISTICS" and Role.names(0) == "-"
    assert Purpose.names(Purpose.MANUFACTURING | 1 << 35, lower=True) == f"manufacturing|{1 << 35}"
    assert sum(Purpose) == contract_types.ALL_PURPOSES
    assert contract_types.ENUMS["ISupplyOrders.State"] is State and contract_types.STRUCTS["ISupplyOrders.Order"] is Order
    assert contract_types.RootCause.PRODUCTION_INCIDENT.cx == "production-incident"
    with pytest.raises(ChainError, match="status: chain value 7 is not a Status code"):
        contract_types.Status.from_chain(7, "status")
    with pytest.raises(InputError, match=r"roles: unknown role 'WIZARD' .*OEM, SUPPLIER, AUDITOR, LOGISTICS"):
        Role.parse_names(["OEM", "WIZARD"], "roles", "role")
    assert Purpose.parse_names(["cx-quality-base-1", "Manufacturing"], "p", "purpose") == 1 << 4 | 1 << 30


ORDER_OUTPUT = {"name": "", "type": "tuple", "internalType": "struct ISupplyOrders.Order", "components": [
    {"name": f, "type": t, "internalType": i} for f, t, i in (
        ("oem", "bytes16", "bytes16"), ("supplier", "bytes16", "bytes16"), ("partNumber", "bytes32", "bytes32"),
        ("quantity", "uint32", "uint32"), ("shippedQuantity", "uint32", "uint32"), ("receivedQuantity", "uint32", "uint32"),
        ("dueDay", "uint24", "uint24"), ("unit", "bytes3", "bytes3"), ("minScore", "uint16", "uint16"),
        ("lastScore", "uint16", "uint16"), ("lastSampleSize", "uint24", "uint24"), ("lastDefects", "uint24", "uint24"),
        ("version", "uint16", "uint16"), ("state", "uint8", "enum ISupplyOrders.State"), ("hasDesignAsset", "bool", "bool"))]}
RAW_ORDER = (b"O" * 16, b"S" * 16, b"p" * 32, 100, 0, 0, 20_100, b"H87", 9_500, 0, 0, 0, 1, 2, False)


def test_decode_tuples_reads_structs_by_name():
    order = abi.decode_tuples(RAW_ORDER, [ORDER_OUTPUT])
    assert isinstance(order, Order) and order.quantity == 100 and order.state is State.CONFIRMED
    assert order._asdict()["dueDay"] == 20_100
    # an enum number this version does not know stays an int
    assert abi.decode_tuples((*RAW_ORDER[:13], 99, False), [ORDER_OUTPUT]).state == 99


def test_decode_tuples_several_outputs_arrays_and_unknown_structs():
    outputs = [{"name": "proposer", "type": "uint8", "internalType": "enum ISupplyOrders.Side"},
               {"name": "kinds", "type": "uint8[]", "internalType": "enum ISupplySignals.SignalKind[]"},
               {"name": "extra", "type": "tuple[]", "internalType": "struct INew.Thing[]",
                "components": [{"name": "a", "type": "uint8", "internalType": "uint8"}]}]
    got = abi.decode_tuples((1, (0, 2), ((7,), (8,))), outputs)
    assert got.proposer is Side.OEM and got.kinds == [SignalKind.NONE, SignalKind.DISRUPTION]
    assert [t.a for t in got.extra] == [7, 8]
    # a struct whose fields changed is not forced into the old class
    renamed = dict(ORDER_OUTPUT, components=[dict(c, name="qty") if c["name"] == "quantity" else c
                                             for c in ORDER_OUTPUT["components"]])
    thing = abi.decode_tuples(RAW_ORDER, [renamed])
    assert not isinstance(thing, Order) and thing.qty == 100 and thing.state is State.CONFIRMED


def test_analysts_need_no_build_folder_and_no_brownie(tmp_path):
    """valuechain.events, its views' enum names and revert decoding work from the committed
    module alone: no build folder, Brownie never imported."""
    code = ("import sys, valuechain.events, valuechain.events.views as v; from valuechain import revert; "
            "assert v.State.name_of(6) == 'READY_TO_SHIP' and v.purpose_names(1 << 4 | 1 << 30) == 'cx.quality.base:1|valuechain.manufacturing:1'; "
            "assert revert.describe('0x40ddeab2' + '00' * 31 + '07') == 'UnknownOrder(orderId=7)'; "
            "assert 'brownie' not in sys.modules")
    env = {**os.environ, "VALUECHAIN_BUILD": str(tmp_path / "nothing"), "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, "-c", code], check=True, env=env, cwd=tmp_path)
