"""Expected revert strings for custom errors, in the form Brownie decodes them.

Every error is looked up in the contracts' own list (``valuechain.contract_types.ERRORS``,
generated from the build): a test expecting an error the contracts do not have, or with
the wrong number of arguments, fails at once instead of comparing against a typo."""

from __future__ import annotations

from enum import Enum

import brownie
from eth_abi import encode
from eth_utils import keccak
from eth_utils.abi import collapse_if_tuple

from valuechain.contract_types import ERRORS


def signature(name: str) -> str:
    """``Name(type,...)`` of the custom error ``name`` (a full signature passes through)."""
    if "(" in name:
        return name
    found = {f"{abi['name']}({','.join(collapse_if_tuple(i) for i in abi['inputs'])})" for abi in ERRORS.values()
             if abi["name"] == name}
    if len(found) != 1:
        raise AssertionError(f"the contracts declare {len(found)} custom errors named {name!r}" +
                             (f": {sorted(found)} (pass the signature)" if found else
                              " (a new one? `make types` regenerates valuechain/contract_types.py)"))
    return found.pop()


def _fmt(value) -> str:
    if isinstance(value, Enum):
        value = int(value.value)  # Brownie renders enum and flag arguments as their numbers
    if isinstance(value, (bytes, bytearray)):
        return str(bytes(value))
    if hasattr(value, "address"):
        value = value.address
    if isinstance(value, str) and value.startswith("0x") and len(value) == 42:
        return value.lower()
    return str(value)


def error(name: str, *args) -> str:
    """``Name: arg, arg`` as Brownie renders ``error Name(args)`` (checked: the error
    exists and takes this many arguments)."""
    sig = signature(name)
    count = len([t for t in _split(sig) if t])
    if count != len(args):
        raise AssertionError(f"{sig} takes {count} arguments, the test gave {len(args)}")
    return f"{name}: {', '.join(_fmt(a) for a in args)}" if args else f"{name}: "


def reverts_with(name: str, *args):
    """``brownie.reverts`` expecting exactly the custom error ``name(args)``."""
    return brownie.reverts(error(name, *args))


def encoded(name: str, *args) -> bytes:
    """ABI encoding of a custom error by name (or signature), e.g.
    ``encoded("MalformedBpnl", b"...")``, as nested in ``BatchEntryRejected(index, reason)``."""
    sig = signature(name)
    return keccak(text=sig)[:4] + encode([t for t in _split(sig) if t], [int(a) if isinstance(a, Enum) else a for a in args])


def _split(sig: str) -> list[str]:
    """The top-level parameter types of a signature (tuples kept whole)."""
    inner, depth, out, current = sig[sig.index("(") + 1 : -1], 0, [], ""
    for ch in inner:
        depth += (ch == "(") - (ch == ")")
        if ch == "," and depth == 0:
            out.append(current)
            current = ""
        else:
            current += ch
    return [*out, current]
