"""Decoding logs from their raw JSON, and the package's independence from Brownie."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from eth_abi import encode
from eth_utils import event_abi_to_log_topic, keccak, to_checksum_address

from valuechain.errors import ConfigError
from valuechain.events.decode import ROW_COLUMNS, Decoder

ROOT = Path(__file__).resolve().parents[2]
ADDRESS = "0x00000000000000000000000000000000000000aa"

EVENTS = [
    {
        "type": "event",
        "name": "Static",
        "anonymous": False,
        "inputs": [
            {"name": "orderId", "type": "uint256", "indexed": True},
            {"name": "oem", "type": "bytes16", "indexed": True},
            {"name": "account", "type": "address", "indexed": True},
            {"name": "delta", "type": "int32", "indexed": False},
            {"name": "ok", "type": "bool", "indexed": False},
            {"name": "unit", "type": "bytes3", "indexed": False},
            {"name": "id", "type": "bytes16", "indexed": False},
            {"name": "supplier", "type": "bytes16", "indexed": False},
        ],
    },
    {
        "type": "event",
        "name": "Dynamic",
        "anonymous": False,
        "inputs": [
            {"name": "label", "type": "string", "indexed": True},
            {"name": "note", "type": "string", "indexed": False},
            {"name": "values", "type": "uint16[]", "indexed": False},
            {
                "name": "pair",
                "type": "tuple",
                "indexed": False,
                "components": [{"name": "who", "type": "address"}, {"name": "site", "type": "bytes16"}],
            },
            {"name": "big", "type": "uint256", "indexed": False},
        ],
    },
    {
        "type": "event",
        "name": "Numbers",  # an array of uints is no uint: QualityNotifications.NotificationSent's orderIds
        "anonymous": False,
        "inputs": [
            {"name": "id", "type": "bytes16", "indexed": True},
            {"name": "orderIds", "type": "uint256[]", "indexed": False},
        ],
    },
    {"type": "event", "name": "Hidden", "anonymous": True, "inputs": []},
    {"type": "function", "name": "ignored", "inputs": [], "outputs": []},
]


def word(data: bytes) -> str:
    return "0x" + data.rjust(32, b"\x00").hex()


def raw_log(name: str, topics: list[str], data: bytes, block: int = 7, index: int = 0, timestamp: bool = True) -> dict:
    abi = next(e for e in EVENTS if e["name"] == name)
    log = {
        "address": ADDRESS,
        "topics": ["0x" + event_abi_to_log_topic(abi).hex(), *topics],
        "data": "0x" + data.hex(),
        "blockNumber": hex(block),
        "blockHash": "0x" + "11" * 32,
        "transactionHash": "0x" + "22" * 32,
        "transactionIndex": "0x0",
        "logIndex": hex(index),
    }
    if timestamp:
        log["blockTimestamp"] = hex(1_700_000_000)
    return log


@pytest.fixture(scope="module")
def decoder():
    return Decoder({"Probe": (to_checksum_address(ADDRESS), EVENTS)})


def test_static_words_are_decoded_without_eth_abi(decoder):
    operator = "0x" + "ab" * 20
    log = raw_log(
        "Static",
        [word((42).to_bytes(32, "big")), "0x" + b"BPNL00000003AYRE".hex() + "00" * 16, word(bytes.fromhex(operator[2:]))],
        encode(["int32", "bool", "bytes3", "bytes16", "bytes16"], [-5, True, b"PCE", bytes(range(16)), b"BPNL00000003B2OM"]),
    )
    spec = decoder.spec_of(log)
    assert spec is not None and spec.plan is not None  # the fast path
    (row,) = decoder.rows([log])
    values = dict(zip(ROW_COLUMNS, row, strict=True))
    args = json.loads(values.pop("args"))
    assert args == {
        "orderId": 42,
        "oem": "BPNL00000003AYRE",
        "account": to_checksum_address(operator),
        "delta": -5,
        "ok": True,
        "unit": "0x504345",
        "id": "0x" + bytes(range(16)).hex(),
        "supplier": "BPNL00000003B2OM",
    }
    assert list(args) == [i["name"] for i in EVENTS[0]["inputs"]]  # ABI order
    assert values == {
        "block": 7,
        "log_index": 0,
        "tx_hash": "0x" + "22" * 32,
        "tx_index": 0,
        "timestamp": 1_700_000_000,
        "contract": "Probe",
        "event": "Static",
        "org": "BPNL00000003AYRE",
        "counterparty": "BPNL00000003B2OM",
        "asset": None,
        "order_id": 42,
    }


def test_dynamic_data_goes_through_eth_abi(decoder):
    who = "0x" + "cd" * 20
    big = 2**200 + 7
    data = encode(["string", "uint16[]", "(address,bytes16)", "uint256"], ["grüß", [1, 2, 3], (who, b"BPNS000000000001"), big])
    log = raw_log("Dynamic", ["0x" + keccak(text="label").hex()], data, timestamp=False)
    assert decoder.spec_of(log).plan is None
    (row,) = decoder.rows([log], timestamps={7: 1_650_000_000})
    assert row[4] == 1_650_000_000  # the block time from the headers the sync fetched
    assert json.loads(row[-1]) == {
        "label": "0x" + keccak(text="label").hex(),
        "note": "grüß",
        "values": [1, 2, 3],
        "pair": {"who": to_checksum_address(who), "site": "BPNS000000000001"},
        "big": big,
    }


def test_an_array_of_uints_alone_is_dynamic(decoder):
    nid = bytes.fromhex("0b4f6c1e2a3d4e5f8a9b1c2d3e4f5a6b")
    log = raw_log("Numbers", ["0x" + nid.hex() + "00" * 16], encode(["uint256[]"], [[7, 9]]))
    assert decoder.spec_of(log).plan is None
    (row,) = decoder.rows([log])
    assert json.loads(row[-1]) == {"id": "0x" + nid.hex(), "orderIds": [7, 9]}


def test_unknown_logs_are_skipped_and_bad_ones_refused(decoder):
    foreign = raw_log("Static", [], b"")
    foreign["address"] = "0x" + "99" * 20
    unknown = raw_log("Static", [], b"")
    unknown["topics"] = ["0x" + "33" * 32]
    anonymous = raw_log("Static", [], b"")
    anonymous["topics"] = []
    assert decoder.rows([foreign, unknown, anonymous]) == []
    short = raw_log("Static", [word(b"\x01"), word(b"\x02"), word(b"\x03")], b"\x00" * 64)
    with pytest.raises(ConfigError, match=r"does not match the manifest ABI of Probe.Static\(uint256,bytes16,.*expected 160"):
        decoder.rows([short])
    missing_topic = raw_log("Static", [word(b"\x01")], b"\x00" * 160)
    with pytest.raises(ConfigError, match="1 indexed topics, expected 3"):
        decoder.rows([missing_topic])


def test_checksummed_log_addresses_are_recognised(decoder):
    log = raw_log("Static", [word(b"\x01"), word(b"\x02"), word(b"\x03")], b"\x00" * 160)
    log["address"] = to_checksum_address(ADDRESS)
    assert len(decoder.rows([log])) == 1


def test_events_package_imports_and_works_without_brownie(tmp_path):
    """valuechain.events needs web3, pandas and a manifest: Brownie must not be imported."""
    script = textwrap.dedent(
        f"""
        import importlib, pkgutil, sys

        class NoBrownie:
            def find_spec(self, name, path=None, target=None):
                if name == "brownie" or name.startswith("brownie."):
                    raise ImportError("brownie is blocked in this test")
                return None

        sys.meta_path.insert(0, NoBrownie())
        import valuechain.events as events
        for module in pkgutil.walk_packages(events.__path__, "valuechain.events."):
            importlib.import_module(module.name)
        from valuechain.events import Store, frames
        store = Store({str(tmp_path / "offline.sqlite")!r})
        assert frames.events(store).empty and frames.members(store).empty
        assert not [m for m in sys.modules if m == "brownie" or m.startswith("brownie.")]
        print("ok", len([m for m in sys.modules if m.startswith("valuechain.events")]))
        """
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("ok ")
