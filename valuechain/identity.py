"""Organisation identity as the contracts see it: Catena-X BPNL, role bits and status
(``Role`` and ``Status`` come from the contracts, through ``valuechain.contract_types``)."""

from __future__ import annotations

import re

from valuechain.abi import as_bytes
from valuechain.contract_types import Role, Status
from valuechain.errors import InputError

__all__ = ["BPNL_PATTERN", "Role", "Status", "bpnl_to_bytes16", "bytes16_to_bpnl", "check_bpnl", "format_roles",
           "parse_roles", "role_names"]

BPNL_PATTERN = re.compile(r"^BPNL[0-9A-Z]{12}$")


def check_bpnl(value: str, where: str = "bpnl") -> str:
    """Return ``value`` if it is a well-formed BPNL, else raise naming ``where``."""
    if not isinstance(value, str) or not BPNL_PATTERN.match(value):
        expected = "'BPNL' followed by 12 of 0-9/A-Z, e.g. BPNL00000003AYRE"
        raise InputError(f"{where}: {value!r} is not a BPNL (expected {expected})", what="BPNL", where=where,
                         expected=expected, found=value)
    return value


def bpnl_to_bytes16(value: str) -> bytes:
    """The contracts' ``bytes16`` form of a BPNL (its 16 ASCII bytes)."""
    return check_bpnl(value).encode("ascii")


def bytes16_to_bpnl(value: bytes | str) -> str:
    """The BPNL string of a ``bytes16`` value as returned by web3 or Brownie."""
    return as_bytes(value).rstrip(b"\x00").decode("ascii")


def parse_roles(text: str, where: str = "roles") -> Role:
    """Parse ``SUPPLIER|LOGISTICS`` (also ``,`` or ``+`` separated, any case) into role bits."""
    return Role.parse_names([n.upper() for n in re.split(r"[|,+ ]+", text or "") if n.strip()], where, "role")


def format_roles(bits: int) -> str:
    """``SUPPLIER|LOGISTICS`` for role bits (``-`` for none)."""
    return Role.names(bits)


def role_names() -> str:
    return ", ".join(Role.__members__)
