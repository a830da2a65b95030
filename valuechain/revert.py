"""Turn revert data into the custom error it encodes, in words a user can act on.

``WrongState(orderId=1, state=CONFIRMED, callerOrg=BPNL00000003B2OM) — Order 1 is in
CONFIRMED, from which the step is not allowed.``: arguments by name, enums as member
names, BPNLs as text, times and days as ISO dates, role bits, role ids and purposes by
name, a custom error nested in a ``bytes`` argument decoded in turn, then the error's
NatSpec notice with the values filled in. Decoding knows every error of the suite and
of OpenZeppelin (``contract_types.ERRORS``) plus those of every loaded manifest
(``artifacts.error_abis``), so an error the registry raises through another contract
(``EnforcedPause``, ``MissingRole`` bubbling through SupplyOrders) decodes like the called
contract's own.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from eth_abi import decode
from eth_utils import to_checksum_address
from eth_utils.abi import collapse_if_tuple
from hexbytes import HexBytes

from valuechain import artifacts, contract_types
from valuechain.abi import from_day_number
from valuechain.catenax.purposes import vocabulary
from valuechain.contract_types import Role
from valuechain.errors import ChainError, Refused, SuitePaused

_PANIC = bytes.fromhex("4e487b71")
_ERROR_STRING = bytes.fromhex("08c379a0")
#: OpenZeppelin Pausable's ``EnforcedPause()``: the registry's emergency pause, which every
#: business contract meets through ``requireOperator``.
ENFORCED_PAUSE = next(bytes.fromhex(s[2:]) for s, abi in contract_types.ERRORS.items() if abi["name"] == "EnforcedPause")

#: Solidity's panic codes (``Panic(uint256)``).
PANIC_CODES = {
    0x01: "assertion failed", 0x11: "arithmetic overflow or underflow", 0x12: "division or modulo by zero",
    0x21: "value out of an enum's range", 0x22: "corrupt storage byte array", 0x31: "pop from an empty array",
    0x32: "array index out of bounds", 0x41: "out of memory", 0x51: "call to an uninitialised function",
}  # fmt: skip

# Argument names that say what a number means (the ABI only says uint40, uint8 ...).
_TIME = re.compile(r"^(start|end|deadline|schedule)$|(At|Start|End|Deadline)$")
_DAY = re.compile(r"^(today|day)$|Day$")
_DURATION = re.compile(r"^(duration|delay)$|(Duration|Delay)$")
_ROLE_BITS = {"role", "roles"}
_PURPOSE_BITS = {"purpose", "purposes", "allowed", "licensed"}
_ROLE_NAMES = {value: name for name, value in contract_types.ROLE_IDS.items()}


@dataclass(frozen=True)
class DecodedError:
    """A custom error with its arguments in words (``str()``: ``Name(arg=value, ...)``)."""

    name: str
    args: tuple[tuple[str, str], ...]  # (argument name, value in words)
    notice: str = ""  # the NatSpec @notice, values filled in

    def __str__(self) -> str:
        if self.name in ("Error", "Panic") and len(self.args) == 1 and not self.args[0][0]:
            return self.args[0][1] if self.name == "Error" else f"Panic({self.args[0][1]})"
        return f"{self.name}({', '.join(f'{k}={v}' for k, v in self.args)})"

    @property
    def explained(self) -> str:
        """``Name(args) — notice`` (just ``Name(args)`` without a notice)."""
        return f"{self} — {self.notice}" if self.notice else str(self)


def decode_error(data: bytes | str | None) -> DecodedError | None:
    """The custom error (or ``Error(string)``, ``Panic(code)``) revert ``data`` encodes,
    or None when it is empty or no known ABI has its selector."""
    if not data:
        return None
    raw = bytes(HexBytes(data))
    selector, payload = raw[:4], raw[4:]
    try:
        if selector == _ERROR_STRING:
            return DecodedError("Error", (("", decode(["string"], payload)[0]),))
        if selector == _PANIC:
            code = decode(["uint256"], payload)[0]
            return DecodedError("Panic", (("", f"0x{code:02x}: {PANIC_CODES.get(code, 'unknown code')}"),))
        abi = artifacts.error_abis().get(selector)
        if abi is None:
            return None
        inputs = abi.get("inputs", [])
        values = decode([collapse_if_tuple(dict(i)) for i in inputs], payload)
    except Exception:  # noqa: BLE001 - malformed payload: nothing to explain
        return None
    args = tuple((i.get("name") or "_", show(v, i)) for i, v in zip(inputs, values, strict=True))
    notice = contract_types.ERROR_NOTICES.get("0x" + selector.hex(), "")
    return DecodedError(abi["name"], args, _fill(notice, dict(args)))


def describe(data: bytes | str | None, notice: bool = False) -> str | None:
    """``Name(arg=value, ...)`` for revert data of a known error (with ``notice``, its
    NatSpec notice after a dash), else None."""
    decoded = decode_error(data)
    if decoded is None:
        return None
    return decoded.explained if notice else str(decoded)


def _fill(notice: str, args: Mapping[str, str]) -> str:
    """The notice with each `` `arg` `` replaced by the argument's value in words."""
    return re.sub(r"`([^`]+)`", lambda m: args.get(m.group(1), m.group(1)), notice)


# ---------------------------------------------------------------- values in words


def show(value: Any, item: Mapping[str, Any]) -> str:
    """One decoded argument in words, by its ABI ``item`` (type, internalType, name)."""
    kind, name = str(item.get("type", "")), str(item.get("name") or "")
    internal = str(item.get("internalType") or "")
    if kind.endswith("]"):
        inner = dict(item, type=kind[: kind.rindex("[")], internalType=re.sub(r"\[\d*\]$", "", internal))
        return "[" + ", ".join(show(v, inner) for v in value) + "]"
    if kind.startswith("tuple"):
        comps: Sequence[Mapping[str, Any]] = item.get("components", [])
        return "(" + ", ".join(f"{c.get('name') or '_'}={show(v, c)}" for c, v in zip(comps, value, strict=True)) + ")"
    if internal.startswith("enum "):
        enum = contract_types.ENUMS.get(internal.removeprefix("enum "))
        return enum.name_of(value) if enum else str(value)
    if kind == "bytes":
        nested = decode_error(value)
        return str(nested) if nested else "0x" + bytes(value).hex()
    if kind.startswith("bytes"):
        return _fixed_bytes(bytes(value), name)
    if kind.startswith(("uint", "int")):
        return _number(int(value), name, kind)
    if kind == "address":
        return to_checksum_address(value)
    return str(value)


def _fixed_bytes(raw: bytes, name: str) -> str:
    if "role" in name.lower() and raw in _ROLE_NAMES:
        return _ROLE_NAMES[raw]
    if not any(raw):
        return "0x0"
    if len(raw) == 16 and re.search(r"(Id|id|Uuid)$", name):
        return str(uuid.UUID(bytes=raw))
    text = raw.rstrip(b"\x00")
    if len(raw) <= 16 and all(32 < c < 127 for c in text):
        return text.decode()  # a BPNL, BPNS or unit code reads better as text
    return "0x" + raw.hex()


def _number(value: int, name: str, kind: str) -> str:
    if kind == "uint8" and name in _ROLE_BITS:
        return Role.names(value, empty="0")
    if kind == "uint64" and name in _PURPOSE_BITS:
        return "|".join(vocabulary().ids(value)) or "0"
    try:
        if _TIME.search(name) and value > 0:
            return datetime.fromtimestamp(value, tz=UTC).isoformat().replace("+00:00", "Z")
        if _DAY.search(name) and value > 0:
            return from_day_number(value).isoformat()
    except (OverflowError, OSError, ValueError):
        return str(value)
    if name == "week" and 1970_01 <= value <= 9999_53:
        return f"{value // 100}-W{value % 100:02d}"
    if _DURATION.search(name):
        return f"{value // 86_400} days" if value and value % 86_400 == 0 else f"{value} s"
    return str(value)


# ---------------------------------------------------------------- the pause, and exceptions


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
        values = decode([collapse_if_tuple(dict(i)) for i in abi["inputs"]], raw[4:])
    except Exception:  # noqa: BLE001 - malformed payload: not ours to explain
        return False
    return any(is_paused(v) for i, v in zip(abi["inputs"], values, strict=True) if i["type"] == "bytes")


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
    return Refused(label, describe(data, notice=True) or str(getattr(exc, "message", None) or exc), contract)
