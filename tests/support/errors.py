"""Expected revert strings for custom errors, in the form Brownie decodes them."""

from __future__ import annotations

import brownie
from eth_abi import encode
from eth_utils import keccak


def _fmt(value) -> str:
    if isinstance(value, (bytes, bytearray)):
        return str(bytes(value))
    if hasattr(value, "address"):
        value = value.address
    if isinstance(value, str) and value.startswith("0x") and len(value) == 42:
        return value.lower()
    return str(value)


def error(name: str, *args) -> str:
    """``Name: arg, arg`` as Brownie renders ``error Name(args)``."""
    return f"{name}: {', '.join(_fmt(a) for a in args)}" if args else f"{name}: "


def reverts_with(name: str, *args):
    """``brownie.reverts`` expecting exactly the custom error ``name(args)``."""
    return brownie.reverts(error(name, *args))


def encoded(signature: str, *args) -> bytes:
    """ABI encoding of a custom error, e.g. ``encoded("MalformedBpnl(bytes16)", b"...")``,
    as nested in ``BatchEntryRejected(index, reason)``."""
    types = signature[signature.index("(") + 1 : -1]
    type_list = [t for t in types.split(",") if t]
    return keccak(text=signature)[:4] + encode(type_list, list(args))
