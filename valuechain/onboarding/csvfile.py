"""Reading a supplier list as spreadsheet programs export it.

Comma or semicolon separated (decided from the header line), with or without a UTF-8
byte order mark, header names in any case and with spaces, underscores or hyphens.
Rows keep the number the spreadsheet shows for them (the header is row 1), so every
message can point at the cell to fix.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from valuechain.errors import InputError

#: The columns every supplier list must have, in their canonical names.
COLUMNS: tuple[str, ...] = ("bpnl", "name", "roles", "operator", "profile")

# Header spellings seen in exports, after normalising (lower case, no spaces/_/-).
_ALIASES: dict[str, str] = {
    "bpnl": "bpnl",
    "bpn": "bpnl",
    "businesspartnernumber": "bpnl",
    "name": "name",
    "orgname": "name",
    "organisationname": "name",
    "organizationname": "name",
    "companyname": "name",
    "roles": "roles",
    "role": "roles",
    "operator": "operator",
    "operatoraddress": "operator",
    "operatoraccount": "operator",
    "profile": "profile",
    "profilehash": "profile",
    "profiledocument": "profile",
    "profilepath": "profile",
}
_DELIMITERS = (",", ";", "\t")
_BOM = b"\xef\xbb\xbf"


def normalise_header(text: str) -> str:
    """``Operator Address`` / ``operator_address`` / `` OPERATOR-ADDRESS`` -> ``operatoraddress``."""
    return re.sub(r"[\s_\-]+", "", text.strip().lower())


@dataclass(frozen=True)
class RawRow:
    """One data row as read: its spreadsheet row number, the required columns' text
    (stripped) and the original fields (for the reject file)."""

    row: int
    values: dict[str, str]
    fields: tuple[str, ...]
    extra_fields: int = 0  # non-empty cells beyond the header's width


@dataclass(frozen=True)
class SupplierCsv:
    """A parsed supplier list: how it was written and its rows."""

    path: Path
    delimiter: str
    bom: bool
    header: tuple[str, ...]
    columns: dict[str, int]  # canonical column -> index in the header
    rows: tuple[RawRow, ...]

    @property
    def folder(self) -> Path:
        """Where relative profile document paths are resolved."""
        return self.path.resolve().parent


def read(path: Path | str) -> SupplierCsv:
    """Read ``path``; raises InputError when it is not a readable supplier list (not
    UTF-8, no header, a required column missing or given twice). Row contents are not
    judged here: that is validation's job, which reports every problem at once."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read the supplier list ({exc.strerror or exc})") from None
    bom = raw.startswith(_BOM)
    try:
        text = raw[len(_BOM) if bom else 0 :].decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{path}: not UTF-8 text (byte {exc.start} is 0x{raw[exc.start]:02x}); "
            "export the sheet as 'CSV UTF-8'"
        ) from None
    if not text.strip():
        raise InputError(f"{path}: the file is empty (expected a header row with {', '.join(COLUMNS)})")

    delimiter = _sniff_delimiter(text)
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    # Leading blank lines are rows too in a spreadsheet; the header is the first non-blank.
    header_index = next(i for i, rec in enumerate(records) if any(f.strip() for f in rec))
    header = tuple(records[header_index])
    columns = _map_columns(path, header)

    rows: list[RawRow] = []
    for index in range(header_index + 1, len(records)):
        fields = records[index]
        if not any(f.strip() for f in fields):
            continue  # an empty spreadsheet row
        values = {name: (fields[i].strip() if i < len(fields) else "") for name, i in columns.items()}
        extra = sum(1 for f in fields[len(header) :] if f.strip())
        rows.append(RawRow(row=index + 1, values=values, fields=tuple(fields), extra_fields=extra))
    return SupplierCsv(path, delimiter, bom, header, columns, tuple(rows))


def _sniff_delimiter(text: str) -> str:
    """The delimiter that splits the header line into the most known column names
    (ties: the one giving the most fields). A header line is short and has no quoted
    separators in practice, so this is exact where csv.Sniffer guesses."""
    first = next(line for line in text.splitlines() if line.strip())

    def score(delimiter: str) -> tuple[int, int]:
        names = next(csv.reader([first], delimiter=delimiter))
        known = {_ALIASES.get(normalise_header(n)) for n in names} - {None}
        return len(known), len(names)

    return max(_DELIMITERS, key=score)


def _map_columns(path: Path, header: tuple[str, ...]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, name in enumerate(header):
        canonical = _ALIASES.get(normalise_header(name))
        if canonical is None:
            continue  # extra columns (notes, contact, ...) are carried along untouched
        if canonical in columns:
            raise InputError(
                f"{path}: row 1: columns {header[columns[canonical]]!r} and {name!r} both mean "
                f"{canonical!r}; keep one"
            )
        columns[canonical] = index
    missing = [c for c in COLUMNS if c not in columns]
    if missing:
        found = ", ".join(repr(h) for h in header) or "nothing"
        raise InputError(
            f"{path}: row 1: missing column(s) {', '.join(missing)} (expected a header with "
            f"{', '.join(COLUMNS)}, any case, comma or semicolon separated; found {found})"
        )
    return columns


def write_rejects(source: SupplierCsv, rejects: list[tuple[RawRow, str]], path: Path) -> None:
    """Write the rejected rows with an extra ``error`` column, in the source's own
    dialect (delimiter, BOM) so the spreadsheet opens it like the original."""
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=source.delimiter, lineterminator="\r\n")
    writer.writerow([*source.header, "error"])
    width = len(source.header)
    for raw, error in rejects:
        fields = list(raw.fields[:width]) + [""] * max(0, width - len(raw.fields))
        writer.writerow([*fields, error])
    data = buffer.getvalue().encode("utf-8")
    path.write_bytes((_BOM if source.bom else b"") + data)
