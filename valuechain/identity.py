"""Organisation identity as the contracts see it: Catena-X BPNL and role bits."""

from __future__ import annotations

import re
from enum import IntEnum, IntFlag

from valuechain.errors import InputError

BPNL_PATTERN = re.compile(r"^BPNL[0-9A-Z]{12}$")


class Role(IntFlag):
    """Role bits of ConsortiumRegistry (uint8 bitmask)."""

    OEM = 1
    SUPPLIER = 2
    AUDITOR = 4
    LOGISTICS = 8


class Status(IntEnum):
    """ConsortiumRegistry.Status."""

    NONE = 0
    ACTIVE = 1
    SUSPENDED = 2
    OFFBOARDED = 3


def check_bpnl(value: str, where: str = "bpnl") -> str:
    """Return ``value`` if it is a well-formed BPNL, else raise naming ``where``."""
    if not isinstance(value, str) or not BPNL_PATTERN.match(value):
        raise InputError(
            f"{where}: {value!r} is not a BPNL (expected 'BPNL' followed by 12 of 0-9/A-Z, "
            "e.g. BPNL00000003AYRE)"
        )
    return value


def bpnl_to_bytes16(value: str) -> bytes:
    """The contracts' ``bytes16`` form of a BPNL (its 16 ASCII bytes)."""
    return check_bpnl(value).encode("ascii")


def bytes16_to_bpnl(value: bytes | str) -> str:
    """The BPNL string of a ``bytes16`` value as returned by web3 or Brownie."""
    raw = bytes.fromhex(value[2:] if value.startswith("0x") else value) if isinstance(value, str) else bytes(value)
    return raw.rstrip(b"\x00").decode("ascii")


def parse_roles(text: str, where: str = "roles") -> Role:
    """Parse ``SUPPLIER|LOGISTICS`` (also ``,`` or ``+`` separated, any case) into role bits."""
    names = [n.strip().upper() for n in re.split(r"[|,+ ]+", text or "") if n.strip()]
    if not names:
        raise InputError(f"{where}: no role given (expected one or more of {role_names()})")
    roles = Role(0)
    for name in names:
        if name not in Role.__members__:
            raise InputError(f"{where}: unknown role {name!r} (expected one or more of {role_names()})")
        roles |= Role[name]
    return roles


def format_roles(bits: int) -> str:
    """``SUPPLIER|LOGISTICS`` for role bits."""
    return "|".join(r.name for r in Role if bits & r) or "-"


def role_names() -> str:
    return ", ".join(Role.__members__)
