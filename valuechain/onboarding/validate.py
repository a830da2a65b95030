"""Validating every row of a supplier list before anything is sent.

All problems are collected, none stops the others: the operator fixes the sheet once.
This module judges the file on its own (form, duplicates); ``plan`` adds the checks
that need the chain (operators in use, orgs already admitted differently).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from eth_utils import is_checksum_address, to_checksum_address

from valuechain.abi import ZERO_ADDRESS
from valuechain.errors import InputError
from valuechain.identity import BPNL_PATTERN, Role, format_roles, parse_roles, role_names
from valuechain.members import Admission
from valuechain.onboarding.csvfile import RawRow, SupplierCsv
from valuechain.onboarding.profile import ProfileResolver

_ADDRESS = re.compile(r"^0x[0-9a-fA-F]{40}$")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one cell: where, what it holds, what was expected.

    ``kind`` is ``invalid`` (the file is wrong) or ``conflict`` (the file disagrees
    with what the chain already holds)."""

    row: int
    column: str
    value: str
    expected: str
    kind: str = "invalid"

    def __str__(self) -> str:
        return f"row {self.row}, column {self.column}: {self.value!r}: expected {self.expected}"

    def to_json(self) -> dict[str, object]:
        return {"row": self.row, "column": self.column, "value": self.value, "expected": self.expected, "kind": self.kind}


@dataclass(frozen=True)
class SupplierRow:
    """A valid row: what will be admitted (``name`` stays off chain)."""

    row: int
    bpnl: str
    name: str
    roles: int
    operator: str  # checksummed
    profile_hash: bytes

    def admission(self) -> Admission:
        return Admission(self.bpnl, self.roles, self.operator, self.profile_hash)

    @property
    def roles_text(self) -> str:
        return format_roles(self.roles)


def validate(source: SupplierCsv) -> tuple[list[SupplierRow], list[Problem]]:
    """The valid rows and every problem of the file. A row with any problem is left
    out of the valid rows; for a duplicate BPNL or operator the later row is the one
    reported (naming the row it repeats)."""
    resolver = ProfileResolver(source.folder)
    seen_bpnl: dict[str, int] = {}
    seen_operator: dict[str, int] = {}
    valid: list[SupplierRow] = []
    problems: list[Problem] = []
    for raw in source.rows:
        found: list[Problem] = []

        def bad(column: str, expected: str, raw: RawRow = raw, found: list[Problem] = found) -> None:
            found.append(Problem(raw.row, column, raw.values.get(column, ""), expected))

        if raw.extra_fields:
            extra = ", ".join(repr(f) for f in raw.fields[len(source.header) :] if f.strip())
            found.append(Problem(raw.row, "-", extra, f"at most {len(source.header)} cells, as many as the header has"))

        bpnl = raw.values["bpnl"]
        if not BPNL_PATTERN.match(bpnl):
            hint = f" (upper case: {bpnl.upper()})" if BPNL_PATTERN.match(bpnl.upper()) else ""
            bad("bpnl", f"'BPNL' followed by 12 of 0-9/A-Z, e.g. BPNL00000003AYRE{hint}")
        elif bpnl in seen_bpnl:
            bad("bpnl", f"a BPNL not used before in the file (row {seen_bpnl[bpnl]} has it)")
        else:
            seen_bpnl[bpnl] = raw.row

        name = raw.values["name"]
        if not name:
            bad("name", "the organisation's name (kept off chain, in the report)")

        roles = 0
        try:
            roles = int(parse_roles(raw.values["roles"]))
        except InputError:
            bad("roles", _roles_expected(raw.values["roles"]))

        operator = _check_operator(raw.values["operator"], bad)
        if operator is not None:
            key = operator.lower()
            if key in seen_operator:
                bad("operator", f"an address not used before in the file (row {seen_operator[key]} has it; "
                                "an account operates one org)")
                operator = None
            else:
                seen_operator[key] = raw.row

        profile, expected = resolver.resolve(raw.values["profile"])
        if expected:
            bad("profile", expected)

        problems += found
        if not found and operator is not None and profile is not None:
            valid.append(SupplierRow(raw.row, bpnl, name, roles, operator, profile))
    return valid, problems


def _roles_expected(text: str) -> str:
    names = [n.strip() for n in re.split(r"[|,+ ]+", text) if n.strip()]
    unknown = [n for n in names if n.upper() not in Role.__members__]
    what = f"; unknown: {', '.join(unknown)}" if unknown else ""
    return f"one or more of {role_names()}, separated by '|'{what}"


def _check_operator(value: str, bad: Callable[[str, str], None]) -> str | None:
    """The checksummed address, or None after reporting why not. An all-lower or
    all-upper case address carries no checksum and is accepted; a mixed-case one must
    carry the right EIP-55 checksum (a wrong one means a mistyped character)."""
    if not _ADDRESS.match(value):
        bad("operator", "an account address: 0x followed by 40 hex digits")
        return None
    digits = value[2:]
    if digits != digits.lower() and digits != digits.upper() and not is_checksum_address(value):
        bad("operator", "an address whose mixed case matches its EIP-55 checksum (it does not: "
                        "a character is probably mistyped; copy the address again from its source)")
        return None
    if value.lower() == ZERO_ADDRESS:
        bad("operator", "a real account, not the zero address")
        return None
    return to_checksum_address(value)
