"""The usage purpose vocabulary: Catena-X purpose id -> bit of the on-chain purpose set.

The one place that maps purposes to on-chain values is ``purposes.json`` beside this
module: an append-only, versioned table (bit i stands for ``1 << i`` in the ``uint64``
purpose sets of DataLicensing; storage packs ``width`` bits). It holds every purpose of
the Catena-X ODRL profile, both generations (2024 and 2025-09), plus two valuechain
entries: ``valuechain.individual:1`` (any individually agreed purpose; the policy
document names which) and ``valuechain.manufacturing:1`` (what a supply order needs).
``contracts/libraries/Purposes.sol`` is generated from it (``--solidity``), and the
Python ``Purpose`` flag from the contract, so the three cannot drift apart
(``tests/offline/test_odrl.py`` checks the Solidity file and pins the bits).

usage: python -m valuechain.catenax.purposes --solidity > contracts/libraries/Purposes.sol
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from valuechain.errors import InputError

log = logging.getLogger(__name__)

TABLE = Path(__file__).resolve().parent / "purposes.json"
#: the purpose the profile leaves to the parties (UsagePurposeIndividualRightOperand)
INDIVIDUAL = "valuechain.individual:1"
#: designs licensed for manufacturing (SupplyOrders' entitlement check)
MANUFACTURING = "valuechain.manufacturing:1"


@dataclass(frozen=True)
class PurposeEntry:
    bit: int
    id: str
    name: str
    kind: str  # catenax | individual | valuechain
    since: str

    @property
    def value(self) -> int:
        return 1 << self.bit


@dataclass(frozen=True)
class Vocabulary:
    version: int
    width: int
    entries: tuple[PurposeEntry, ...]

    @property
    def mask(self) -> int:
        """Every known purpose bit."""
        out = 0
        for e in self.entries:
            out |= e.value
        return out

    def by_id(self, ident: str) -> PurposeEntry | None:
        for e in self.entries:
            if e.id == ident:
                return e
        return None

    def lookup(self, text: str) -> PurposeEntry | None:
        """An entry by purpose id (``cx.pcf.base:1``) or constant name (any case)."""
        found = self.by_id(text.strip())
        if found:
            return found
        key = text.strip().upper().replace("-", "_").replace(" ", "_")
        return next((e for e in self.entries if e.name == key), None)

    def bits(self, ids: Iterable[str], where: str = "purposes") -> int:
        """The purpose set of ``ids`` (ids or names); InputError naming an unknown one."""
        out = 0
        for i, text in enumerate(ids):
            entry = self.lookup(text)
            if entry is None:
                expected = "a Catena-X purpose id such as cx.quality.base:1 (see valuechain/catenax/purposes.json)"
                raise InputError(f"{where}: unknown purpose {text!r} (expected {expected})",
                                 what="purpose", where=f"{where}[{i}]", expected=expected, found=text)
            out |= entry.value
        return out

    def ids(self, bits: int) -> tuple[str, ...]:
        """The ids of the purposes set in ``bits``, in bit order (unknown bits as ``bit<i>``)."""
        out = [e.id for e in self.entries if bits & e.value]
        rest = bits & ~self.mask
        out += [f"bit{i}" for i in range(rest.bit_length()) if rest >> i & 1]
        return tuple(out)


@cache
def vocabulary() -> Vocabulary:
    data = json.loads(TABLE.read_text(encoding="utf-8"))
    entries = tuple(PurposeEntry(r["bit"], r["id"], r["name"], r["kind"], r["since"]) for r in data["purposes"])
    for i, e in enumerate(entries):
        if e.bit != i:
            raise ValueError(f"{TABLE}: purposes[{i}].bit = {e.bit}, expected {i} (the table is append-only)")
    if len(entries) > data["width"]:
        raise ValueError(f"{TABLE}: {len(entries)} purposes do not fit the on-chain width {data['width']}")
    return Vocabulary(data["version"], data["width"], entries)


def render_solidity() -> str:
    """``contracts/libraries/Purposes.sol``, generated from the table."""
    voc = vocabulary()
    lines = [
        "// SPDX-License-Identifier: MIT",
        "pragma solidity ^0.8.24;",
        "",
        "// GENERATED from valuechain/catenax/purposes.json by",
        "// `python -m valuechain.catenax.purposes --solidity`: do not edit by hand.",
        "",
        "/// @title Purposes",
        "/// @notice The usage purposes of data licences: the Catena-X ODRL profile's purpose",
        "/// vocabulary (both generations) and two valuechain entries, one bit each. Licence",
        "/// terms and licences carry an OR of them (a uint64 purpose set); `isLicensed` /",
        "/// `isEntitled` and access receipts name one.",
        f"/// @dev Vocabulary version {voc.version}: bit i is 1 << i; bits are appended, never",
        f"/// reused; DataLicensing stores {voc.width} bits. ALL_PURPOSES masks the known ones.",
        "library Purposes {",
    ]
    for e in voc.entries:
        lines += [f"    /// @dev {e.id} ({e.kind}, {e.since}).", f"    uint64 internal constant {e.name} = 1 << {e.bit};"]
    lines += [
        "    /// @dev Every known purpose bit.",
        "    uint64 internal constant ALL_PURPOSES =",
        *[f"        {e.name}{' |' if i < len(voc.entries) - 1 else ';'}" for i, e in enumerate(voc.entries)],
        "}",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover
    if sys.argv[1:] != ["--solidity"]:
        sys.exit(__doc__)
    sys.stdout.write(render_solidity())
