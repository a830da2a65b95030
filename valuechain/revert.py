"""Turn revert data into the custom error it encodes, in words a user can act on."""

from __future__ import annotations

from typing import Any

from eth_abi import decode
from hexbytes import HexBytes

from valuechain import artifacts

_PANIC = bytes.fromhex("4e487b71")
_ERROR_STRING = bytes.fromhex("08c379a0")


def _fmt(value: Any, abi_type: str) -> str:
    if abi_type.startswith("bytes") and abi_type != "bytes" and isinstance(value, bytes):
        stripped = value.rstrip(b"\x00")
        if stripped and all(32 <= c < 127 for c in stripped) and abi_type == "bytes16":
            return stripped.decode()  # a BPNL/BPNS reads better as text
        return "0x" + value.hex()
    if abi_type == "bytes" and isinstance(value, bytes):
        nested = describe(value)
        return nested if nested else "0x" + value.hex()
    return str(value)


def describe(data: bytes | str | None) -> str | None:
    """``Name(arg=value, ...)`` for revert data of a known custom error, else None."""
    if not data:
        return None
    raw = bytes(HexBytes(data))
    selector, payload = raw[:4], raw[4:]
    if selector == _ERROR_STRING:
        return decode(["string"], payload)[0]
    if selector == _PANIC:
        return f"Panic(0x{decode(['uint256'], payload)[0]:02x})"
    abi = artifacts.error_abis().get(selector)
    if abi is None:
        return None
    types = [i["type"] if not i["type"].startswith("tuple") else _tuple_type(i) for i in abi["inputs"]]
    values = decode(types, payload)
    args = ", ".join(f"{i['name'] or '_'}={_fmt(v, t)}" for i, v, t in zip(abi["inputs"], values, types))
    return f"{abi['name']}({args})"


def _tuple_type(item: dict) -> str:
    inner = ",".join(c["type"] for c in item["components"])
    return f"({inner}){item['type'][5:]}"
