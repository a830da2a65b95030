"""Reading a supplier list as spreadsheet programs export it.

Comma or semicolon separated (decided from the header line, or by Excel's ``sep=;``
first line, which is honoured and skipped), header names in any case and with spaces,
underscores or hyphens. The text is UTF-8, with or without a byte order mark, else
Windows-1252: what a German Excel writes as "CSV (Trennzeichen-getrennt)"; the encoding
used is logged and kept (``SupplierCsv.encoding``). Rows keep the number the spreadsheet
shows for them (the header is row 1), so every message can point at the cell to fix.
"""

from __future__ import annotations

import csv
import io
import logging
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
#: Excel's first line naming the separator (``sep=;``), sometimes quoted
_SEP_LINE = re.compile(r'^"?sep=(.)"?[ \t]*$', re.IGNORECASE)
UTF8, UTF8_BOM, CP1252 = "UTF-8", "UTF-8 with BOM", "Windows-1252"

log = logging.getLogger(__name__)


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
    encoding: str = UTF8  # UTF8, UTF8_BOM or CP1252
    sep_line: bool = False  # the file began with Excel's sep= line

    @property
    def folder(self) -> Path:
        """Where relative profile document paths are resolved."""
        return self.path.resolve().parent


def read(path: Path | str) -> SupplierCsv:
    """Read ``path``; raises InputError when it is not a readable supplier list (neither
    UTF-8 nor Windows-1252, no header, a required column missing or given twice). Row
    contents are not judged here: that is validation's job, which reports every problem
    at once."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read the supplier list ({exc.strerror or exc})", what=str(path),
                         expected="a readable CSV file", found=str(exc.strerror or exc)) from None
    text, encoding = _decode(path, raw)
    delimiter, text = _sep_line(text)
    if not text.strip():
        raise InputError(f"{path}: the file is empty (expected a header row with {', '.join(COLUMNS)})",
                         what=str(path), where="row 1", expected=list(COLUMNS), found="nothing")

    sep_given = delimiter is not None
    delimiter = delimiter or _sniff_delimiter(text)
    log.info("%s: read as %s, %r-separated%s", path, encoding, delimiter, " (Excel's sep= line)" if sep_given else "")
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
    log.debug("%s: %d rows, %r-separated, %s", path, len(rows), delimiter, encoding)
    return SupplierCsv(path, delimiter, encoding == UTF8_BOM, header, columns, tuple(rows), encoding, sep_given)


def _decode(path: Path, raw: bytes) -> tuple[str, str]:
    """The text and the encoding it was read in: UTF-8 with or without BOM first (text
    with umlauts in Windows-1252 is practically never valid UTF-8), else Windows-1252."""
    if raw.startswith(_BOM):
        try:
            return raw[len(_BOM):].decode("utf-8"), UTF8_BOM
        except UnicodeDecodeError as exc:
            where = _where(raw, exc.start + len(_BOM))
            raise InputError(f"{path}: starts with a UTF-8 byte order mark but is not UTF-8 "
                             f"({where}); export the sheet as 'CSV UTF-8'", what=str(path), where=where,
                             expected="UTF-8 text after the byte order mark", found="other bytes") from None
    try:
        return raw.decode("utf-8"), UTF8
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252"), CP1252
    except UnicodeDecodeError as exc:
        where = _where(raw, exc.start)
        raise InputError(f"{path}: neither UTF-8 nor Windows-1252 text ({where}); "
                         "export the sheet as 'CSV UTF-8'", what=str(path), where=where,
                         expected="UTF-8 or Windows-1252 text", found="other bytes") from None


def _where(raw: bytes, offset: int) -> str:
    line = raw.count(b"\n", 0, offset) + 1
    return f"line {line}: byte {offset} is 0x{raw[offset]:02x}"


def _sep_line(text: str) -> tuple[str | None, str]:
    """Excel's ``sep=X`` first line: the delimiter it names and the text without it
    (Excel does not show it as a row: the header stays row 1)."""
    first, _newline, rest = text.partition("\n")
    match = _SEP_LINE.match(first.rstrip("\r"))
    return (match.group(1), rest) if match else (None, text)


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
                f"{canonical!r}; keep one",
                what=str(path), where="row 1", expected=f"one column {canonical!r}",
                found=[header[columns[canonical]], name],
            )
        columns[canonical] = index
    missing = [c for c in COLUMNS if c not in columns]
    if missing:
        found = ", ".join(repr(h) for h in header) or "nothing"
        raise InputError(
            f"{path}: row 1: missing column(s) {', '.join(missing)} (expected a header with "
            f"{', '.join(COLUMNS)}, any case, comma or semicolon separated; found {found})",
            what=str(path), where="row 1", expected=list(COLUMNS), found=list(header),
        )
    return columns


def write_rejects(source: SupplierCsv, rejects: list[tuple[RawRow, str]], path: Path) -> None:
    """Write the rejected rows with an extra ``error`` column, in the source's own
    dialect (delimiter, ``sep=`` line, BOM) so the spreadsheet opens it like the
    original; a Windows-1252 source gets UTF-8 with a BOM (Excel reads it right, and no
    character of an error message is lost)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.StringIO(newline="")
    if source.sep_line:
        buffer.write(f"sep={source.delimiter}\r\n")
    writer = csv.writer(buffer, delimiter=source.delimiter, lineterminator="\r\n")
    writer.writerow([*source.header, "error"])
    width = len(source.header)
    for raw, error in rejects:
        fields = list(raw.fields[:width]) + [""] * max(0, width - len(raw.fields))
        writer.writerow([*fields, error])
    data = buffer.getvalue().encode("utf-8")
    path.write_bytes((_BOM if source.encoding != UTF8 else b"") + data)
    log.info("%d rejected row(s) of %s written to %s", len(rejects), source.path, path)
