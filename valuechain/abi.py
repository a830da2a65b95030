"""What the generated ``valuechain.contract_types`` builds on, and reading call results by name.

- ``ChainEnum`` / ``CatenaXEnum`` / ``ChainFlag``: the bases of the generated enums and
  flag sets (a number from the chain becomes a member, or a clear error);
- ``decode_tuples``: turns what web3 returns for a call (plain tuples) into the
  generated struct NamedTuples, fields by name and enums as members, so nothing indexes a
  struct by position (``read(fn)`` calls and decodes in one go);
- the plain values the contracts use: empty ``bytes16``/``bytes32`` and the zero
  address, and day numbers (dates on chain are whole days since 1970-01-01, UTC).

No Brownie and no build folder needed: the tables come from the generated module.
"""

from __future__ import annotations

import re
from collections import namedtuple
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from enum import IntEnum, IntFlag
from functools import cache
from typing import TYPE_CHECKING, Any, Self

from valuechain.errors import ChainError, InputError

if TYPE_CHECKING:
    from web3.contract.contract import ContractFunction

ZERO16 = bytes(16)
ZERO32 = bytes(32)
ZERO_ADDRESS = "0x" + "00" * 20
#: day number 0: dates on chain (due days, licence ends) are whole days since then, UTC
EPOCH = date(1970, 1, 1)


def day_number(day: date) -> int:
    """The contracts' day number of ``day``."""
    return (day - EPOCH).days


def from_day_number(number: int) -> date:
    """The date of the contracts' day ``number``."""
    return EPOCH + timedelta(days=int(number))


def as_bytes(value: bytes | str) -> bytes:
    """Fixed bytes as web3 returns them, or as the event index keeps them (``0x`` hex)."""
    return bytes.fromhex(value.removeprefix("0x")) if isinstance(value, str) else bytes(value)


class ChainEnum(IntEnum):
    """A contract enum: stored on chain as its number (uint8)."""

    @classmethod
    def from_chain(cls, value: int, field: str) -> Self:
        """The member for ``value`` read from the chain at ``field``; ChainError if none."""
        try:
            return cls(int(value))
        except ValueError:
            raise ChainError(
                f"{field}: chain value {value} is not a {cls.__name__} code (0..{len(cls) - 1})"
            ) from None

    @classmethod
    def name_of(cls, value: int | None) -> str:
        """The member name of ``value``, or the number as text when this version of the
        enum does not know it (a newer contract may add members)."""
        try:
            return cls(int(value)).name  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return str(value)


class CatenaXEnum(ChainEnum):
    """A contract enum mirroring a Catena-X enumeration: member ``FOO_BAR`` is ``foo-bar``."""

    @property
    def cx(self) -> str:
        """The Catena-X spelling of this value."""
        return self.name.lower().replace("_", "-")

    @classmethod
    def cx_values(cls) -> tuple[str, ...]:
        return tuple(member.cx for member in cls)

    @classmethod
    def from_cx(cls, text: str) -> Self:
        for member in cls:
            if member.cx == text:
                return member
        raise ValueError(f"{text!r} is not one of {', '.join(cls.cx_values())}")


class ChainFlag(IntFlag):
    """A set of contract constant bits (roles, purposes) held in one integer."""

    @classmethod
    def names(cls, bits: int, lower: bool = False, empty: str = "-") -> str:
        """``OEM|SUPPLIER`` for ``bits`` (bits no member names stay a number)."""
        bits = int(bits)
        parts = [m.name or "" for m in cls if bits & m]
        rest = bits & ~sum(int(m) for m in cls)
        if rest:
            parts.append(str(rest))
        text = "|".join(parts) or empty
        return text.lower() if lower else text

    @classmethod
    def parse_names(cls, names: Iterable[str], where: str, what: str) -> Self:
        """The bits of member ``names`` (any case, ``-`` or space for ``_``); InputError
        naming ``where`` for an unknown or missing one."""
        bits = cls(0)
        for name in names:
            key = name.strip().upper().replace("-", "_").replace(" ", "_")
            if key not in cls.__members__:
                raise InputError(f"{where}: unknown {what} {name.strip()!r} (expected one or more of "
                                 f"{', '.join(cls.__members__)})", what=what, where=where,
                                 expected=list(cls.__members__), found=name.strip())
            bits |= cls[key]
        if not bits:
            raise InputError(f"{where}: no {what} given (expected one or more of {', '.join(cls.__members__)})",
                             what=what, where=where, expected=list(cls.__members__), found="")
        return bits


# ---------------------------------------------------------------- reading structs by name


def _types() -> tuple[Mapping[str, type], Mapping[str, type]]:
    """(enums, structs) of the generated module by Solidity name (``ISupplyOrders.State``)."""
    from valuechain import contract_types  # generated; imports this module for its bases

    return contract_types.ENUMS, contract_types.STRUCTS


@cache
def _anonymous(fields: tuple[str, ...]) -> type:
    """A NamedTuple class for a tuple the generated module does not know (a newer ABI)."""
    return namedtuple("Tuple", fields, rename=True)  # noqa: PYI024 - fields known at run time


def decode_value(value: Any, item: Mapping[str, Any]) -> Any:
    """``value`` as web3 returned it for the ABI parameter ``item``: structs become the
    generated NamedTuple (by field name), enums their member (an unknown number stays
    an int), arrays lists; everything else as is."""
    kind = str(item.get("type", ""))
    internal = str(item.get("internalType") or "")
    if kind.endswith("]"):
        inner = dict(item, type=kind[: kind.rindex("[")], internalType=re.sub(r"\[\d*\]$", "", internal))
        return [decode_value(v, inner) for v in value]
    enums, structs = _types()
    if kind == "tuple":
        components = item.get("components", [])
        fields = [decode_value(v, c) for v, c in zip(value, components, strict=True)]
        cls = structs.get(internal.removeprefix("struct "))
        if cls is None or getattr(cls, "_fields", ()) != tuple(c.get("name") for c in components):
            cls = _anonymous(tuple(c.get("name") or f"_{n}" for n, c in enumerate(components)))
        return cls(*fields)
    if internal.startswith("enum "):
        enum = enums.get(internal.removeprefix("enum "))
        if enum is not None:
            try:
                return enum(int(value))
            except ValueError:
                return int(value)
    return value


def decode_tuples(result: Any, outputs: Sequence[Mapping[str, Any]]) -> Any:
    """A call's ``result`` (as web3 returns it) read through its ABI ``outputs``: one
    output is returned decoded (see ``decode_value``), several as a NamedTuple of their
    names, e.g. ``decode_tuples(fn.call(), fn.abi["outputs"]).state``."""
    if len(outputs) == 1:
        return decode_value(result, outputs[0])
    values = [decode_value(v, o) for v, o in zip(result, outputs, strict=True)]
    return _anonymous(tuple(o.get("name") or f"_{n}" for n, o in enumerate(outputs)))(*values)


def read(fn: ContractFunction, *args: Any, **kwargs: Any) -> Any:
    """Call ``fn`` (a bound web3 contract function) and decode its result by name."""
    return decode_tuples(fn.call(*args, **kwargs), fn.abi.get("outputs", []))
