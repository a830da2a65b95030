"""Turn revert data into the custom error it encodes, in words a user can act on."""

from __future__ import annotations

from typing import Any

from eth_abi import decode
from hexbytes import HexBytes

from valuechain import artifacts
from valuechain.errors import ChainError, Refused, SuitePaused

_PANIC = bytes.fromhex("4e487b71")
_ERROR_STRING = bytes.fromhex("08c379a0")
#: OpenZeppelin Pausable's ``EnforcedPause()``: the registry's emergency pause, which every
#: business contract meets through ``requireOperator``.
ENFORCED_PAUSE = bytes.fromhex("d93c0665")


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


def is_paused(data: bytes | str | None) -> bool:
    """Whether revert data is ``EnforcedPause()``, also when nested in a ``bytes``
    argument of another custom error (``BatchEntryRejected(index, reason)``)."""
    if not data:
        return False
    raw = bytes(HexBytes(data))
    if raw[:4] == ENFORCED_PAUSE:
        return True
    abi = artifacts.error_abis().get(raw[:4])
    if abi is None or not any(i["type"] == "bytes" for i in abi["inputs"]):
        return False
    try:
        values = decode([i["type"] for i in abi["inputs"]], raw[4:])
    except Exception:  # malformed payload: not ours to explain
        return False
    return any(is_paused(v) for i, v in zip(abi["inputs"], values) if i["type"] == "bytes")


def revert_data(exc: Exception) -> bytes | str | None:
    """The revert data web3 attached to ``exc`` (a ContractLogicError), if any."""
    data = getattr(exc, "data", None)
    return data if isinstance(data, (str, bytes)) else None


def explain(exc: Exception, label: str, contract: str | None = None) -> ChainError:
    """The error to raise for a refused call or transaction ``label`` (to ``contract``):
    SuitePaused when the chain said EnforcedPause, else Refused naming the custom error."""
    data = revert_data(exc)
    if is_paused(data):
        return SuitePaused(label)
    return Refused(label, describe(data) or str(getattr(exc, "message", None) or exc), contract)
