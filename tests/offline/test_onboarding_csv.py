"""Supplier lists as spreadsheets export them, and every problem a row can have,
reported at once with the row number the spreadsheet shows and the column.

Plain functions: nothing here touches the chain."""

from __future__ import annotations

import csv
import io

import pytest
from eth_utils import keccak

from tests.support.onboarding import HEADER, ROOT, suppliers, write_csv
from valuechain.cli import main as cli
from valuechain.errors import InputError
from valuechain.identity import Role
from valuechain.onboarding import csvfile
from valuechain.onboarding.profile import keccak_file
from valuechain.onboarding.validate import validate

# Hardhat/Anvil dev account 1, in its checksummed form and with one letter's case flipped
CHECKSUMMED = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"
BAD_CHECKSUM = "0x70997970c51812dc3A010C7d01b50e0d17dc79C8"
HASH = "0x" + "ab" * 32


@pytest.mark.parametrize("delimiter", [",", ";"])
@pytest.mark.parametrize("bom", [False, True])
def test_reads_either_delimiter_with_or_without_bom(tmp_path, delimiter, bom):
    rows = suppliers(3)
    header = ["BPNL", " Name ", "ROLES", "Operator Address", "profile_hash", "Contact person"]
    path = write_csv(tmp_path / "s.csv", [[*s.cells(), "Ms X"] for s in rows], header, delimiter, bom)
    source = csvfile.read(path)
    assert (source.delimiter, source.bom) == (delimiter, bom)
    assert source.encoding == ("UTF-8 with BOM" if bom else "UTF-8") and not source.sep_line
    assert source.columns == {"bpnl": 0, "name": 1, "roles": 2, "operator": 3, "profile": 4}
    assert [r.row for r in source.rows] == [2, 3, 4]
    assert [r.values["bpnl"] for r in source.rows] == [s.bpnl for s in rows]
    valid, problems = validate(source)
    assert problems == [] and [v.bpnl for v in valid] == [s.bpnl for s in rows]


def test_semicolon_file_with_commas_inside_cells(tmp_path):
    """A German export: semicolons between cells, commas inside names and role lists."""
    s = suppliers(1)[0]
    path = write_csv(tmp_path / "s.csv", [[s.bpnl, "Müller, Schmidt & Co. KG", "SUPPLIER, LOGISTICS", s.operator, HASH]],
                     delimiter=";", bom=True)
    (row,), problems = validate(csvfile.read(path))
    assert problems == []
    assert row.name == "Müller, Schmidt & Co. KG" and row.roles == Role.SUPPLIER | Role.LOGISTICS


def test_blank_lines_keep_spreadsheet_row_numbers(tmp_path):
    a, b = suppliers(2)
    path = tmp_path / "s.csv"
    path.write_text("\n" + ",".join(HEADER) + "\n" + ",".join(a.cells()) + "\n,,,,\n\n" + ",".join(b.cells()) + "\n")
    source = csvfile.read(path)
    assert [r.row for r in source.rows] == [3, 6]  # header on row 2, two empty rows in between


def test_missing_columns_are_named(tmp_path):
    path = write_csv(tmp_path / "s.csv", [], ["BPNL", "Name", "Operator"])
    with pytest.raises(InputError, match=r"row 1: missing column\(s\) roles, profile .*found 'BPNL', 'Name', 'Operator'"):
        csvfile.read(path)


def test_two_columns_meaning_the_same_are_refused(tmp_path):
    path = write_csv(tmp_path / "s.csv", [], [*HEADER, "Operator_Address"])
    with pytest.raises(InputError, match="columns 'operator' and 'Operator_Address' both mean 'operator'"):
        csvfile.read(path)


def german_excel_export(path, rows, sep_line=True):
    """What a German Excel saves as "CSV (Trennzeichen-getrennt)": Windows-1252, ';',
    CRLF, no BOM; with the sep=; line when the sheet came from such a file."""
    lines = (["sep=;"] if sep_line else []) + [";".join(HEADER)] + [";".join(row) for row in rows]
    path.write_bytes("\r\n".join(lines).encode("cp1252") + b"\r\n")
    return path


def test_a_german_excel_export_is_read_as_windows_1252(tmp_path, caplog):
    a, b = suppliers(2)
    path = german_excel_export(tmp_path / "lieferanten.csv", [
        [a.bpnl, "Müller Präzisionsteile GmbH", "SUPPLIER", a.operator, HASH],
        [b.bpnl, "Große Straße AG – Werk Süd", "SUPPLIER", b.operator, HASH],
    ], sep_line=False)
    assert b"\xfc" in path.read_bytes()  # ü as one byte: not UTF-8
    with caplog.at_level("INFO", logger="valuechain.onboarding.csvfile"):
        source = csvfile.read(path)
    assert (source.encoding, source.delimiter, source.bom, source.sep_line) == ("Windows-1252", ";", False, False)
    assert "read as Windows-1252" in caplog.text
    valid, problems = validate(source)
    assert problems == [] and [v.name for v in valid] == ["Müller Präzisionsteile GmbH", "Große Straße AG – Werk Süd"]


def test_excel_sep_line_is_honoured_and_not_a_row(tmp_path):
    """Excel reads `sep=;` as the separator and does not show the line: the header is row 1."""
    a, b = suppliers(2)
    path = german_excel_export(tmp_path / "s.csv", [
        a.cells(), ["bpnl-kaputt", "Müller, Schmidt & Co.", "SUPPLIER", b.operator, HASH]])
    source = csvfile.read(path)
    assert (source.delimiter, source.sep_line, source.encoding) == (";", True, "Windows-1252")
    assert [r.row for r in source.rows] == [2, 3]
    _, problems = validate(source)
    assert [(p.row, p.column) for p in problems] == [(3, "bpnl")]
    # the sep line wins over what the header suggests; with a BOM it still is the first line
    path.write_bytes(b"\xef\xbb\xbfsep=,\r\n" + ";".join(HEADER).encode() + b"\r\n")
    with pytest.raises(InputError, match=r"row 1: missing column\(s\) bpnl, name, .*found 'bpnl;name;roles"):
        csvfile.read(path)


def test_a_reject_file_of_an_excel_export_opens_in_excel_again(tmp_path):
    a = suppliers(1)[0]
    path = german_excel_export(tmp_path / "s.csv", [["x", "Müller", "SUPPLIER", a.operator, HASH]])
    source = csvfile.read(path)
    out = tmp_path / "rejects.csv"
    csvfile.write_rejects(source, [(source.rows[0], "bpnl: 'BPNL' followed by 12 of 0-9/A-Z")], out)
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfsep=;\r\n")  # UTF-8 with a BOM: Excel reads it, nothing is lost
    assert csvfile.read(out).rows[0].values["name"] == "Müller"


def test_neither_utf8_nor_windows_1252_names_the_byte_and_the_fix(tmp_path):
    path = tmp_path / "s.csv"
    path.write_bytes(",".join(HEADER).encode() + b"\nBPNL00000003AYRE,M\x81ller,SUPPLIER,0x0,0x0\n")
    with pytest.raises(InputError, match=r"neither UTF-8 nor Windows-1252 text \(line 2: byte \d+ is 0x81\); "
                                         r"export the sheet as 'CSV UTF-8'"):
        csvfile.read(path)
    path.write_bytes(b"\xef\xbb\xbf" + ",".join(HEADER).encode() + b"\nBPNL00000003AYRE,M\xfcller,SUPPLIER,0x0,0x0\n")
    with pytest.raises(InputError, match=r"starts with a UTF-8 byte order mark but is not UTF-8 \(line 2: byte \d+ is 0xfc\)"):
        csvfile.read(path)


def test_empty_file(tmp_path):
    (tmp_path / "s.csv").write_bytes(b"\xef\xbb\xbf\r\n")
    with pytest.raises(InputError, match="the file is empty"):
        csvfile.read(tmp_path / "s.csv")


def test_every_kind_of_bad_row_is_reported_at_once(tmp_path):
    ok = suppliers(4, seed=7)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "acme.pdf").write_bytes(b"%PDF profile of Acme")
    rows = [
        ok[0].cells(),                                                        # 2 valid
        ["bpnl00000003ayre", "Lower", "SUPPLIER", ok[1].operator, HASH],      # 3 lower-case BPNL
        ["BPNL123", "Short", "SUPPLIER", ok[2].operator, HASH],               # 4 too short
        [ok[0].bpnl, "Again", "SUPPLIER", ok[3].operator, HASH],              # 5 duplicate BPNL
        ["BPNL00000000000A", "Typo", "SUPPLIER", BAD_CHECKSUM, HASH],         # 6 wrong checksum
        ["BPNL00000000000B", "NoAddr", "SUPPLIER", "0x1234", HASH],           # 7 not an address
        ["BPNL00000000000C", "Zero", "SUPPLIER", "0x" + "0" * 40, HASH],      # 8 zero address
        ["BPNL00000000000D", "Pirate", "SUPPLIER|PIRATE", CHECKSUMMED, HASH],  # 9 unknown role
        ["BPNL00000000000E", "NoRole", "", "0x" + "e" * 40, HASH],            # 10 no role
        ["BPNL00000000000F", "SameOp", "OEM", ok[0].operator.lower(), HASH],  # 11 operator of row 2
        ["BPNL00000000000G", "NoDoc", "OEM", "0x" + "a" * 40, "docs/missing.pdf"],  # 12 no such file
        ["BPNL00000000000H", "ShortHash", "OEM", "0x" + "b" * 40, "0x1234"],  # 13 hash too short
        ["BPNL00000000000I", "", "OEM", "0x" + "c" * 40, "docs/acme.pdf"],    # 14 no name
        ["BPNL00000000000J", "Wide", "OEM", "0x" + "d" * 40, HASH, "stray"],  # 15 cell beyond the header
        ["BPNL00000000000K", "Fine", "oem|auditor", "0x" + "f" * 40, "docs/acme.pdf"],  # 16 valid
    ]
    valid, problems = validate(csvfile.read(write_csv(tmp_path / "s.csv", rows)))
    found = {(p.row, p.column) for p in problems}
    assert found == {
        (3, "bpnl"), (4, "bpnl"), (5, "bpnl"), (6, "operator"), (7, "operator"), (8, "operator"),
        (9, "roles"), (10, "roles"), (11, "operator"), (12, "profile"), (13, "profile"), (14, "name"), (15, "-"),
    }, "\n".join(map(str, problems))
    assert len(problems) == len(found)
    by = {(p.row, p.column): p for p in problems}
    assert by[(3, "bpnl")].value == "bpnl00000003ayre" and "upper case: BPNL00000003AYRE" in by[(3, "bpnl")].expected
    assert "'BPNL' followed by 12 of 0-9/A-Z" in by[(4, "bpnl")].expected
    assert "row 2 has it" in by[(5, "bpnl")].expected
    assert by[(6, "operator")].value == BAD_CHECKSUM and "EIP-55 checksum" in by[(6, "operator")].expected
    assert "0x followed by 40 hex digits" in by[(7, "operator")].expected
    assert "not the zero address" in by[(8, "operator")].expected
    assert "unknown: PIRATE" in by[(9, "roles")].expected and "OEM, SUPPLIER, AUDITOR, LOGISTICS" in by[(9, "roles")].expected
    assert by[(10, "roles")].value == ""
    assert "row 2 has it" in by[(11, "operator")].expected
    assert str(tmp_path / "docs" / "missing.pdf") in by[(12, "profile")].expected
    assert "64 hex digits, this has 4" in by[(13, "profile")].expected
    assert by[(15, "-")].value == "'stray'"
    assert str(by[(6, "operator")]).startswith(f"row 6, column operator: '{BAD_CHECKSUM}': expected ")
    assert [v.row for v in valid] == [2, 16]
    assert valid[1].roles == Role.OEM | Role.AUDITOR


def test_addresses_without_checksum_are_accepted_and_checksummed(tmp_path):
    a, b = suppliers(2)
    rows = [[a.bpnl, "lower", "SUPPLIER", CHECKSUMMED.lower(), HASH],
            [b.bpnl, "upper", "SUPPLIER", "0x" + CHECKSUMMED[2:].upper(), HASH]]
    valid, problems = validate(csvfile.read(write_csv(tmp_path / "s.csv", rows)))
    # the upper-case form passes the address check and is then seen as the same account
    assert [(p.row, p.column) for p in problems] == [(3, "operator")] and "row 2 has it" in problems[0].expected
    assert valid[0].operator == CHECKSUMMED


def test_profile_documents_are_hashed_relative_to_the_csv(tmp_path):
    folder = tmp_path / "export"
    (folder / "docs").mkdir(parents=True)
    content = b"profile" * 400_000  # 2.8 MB: read in chunks
    (folder / "docs" / "a.pdf").write_bytes(content)
    absolute = tmp_path / "b.pdf"
    absolute.write_bytes(b"other")
    a, b, c = suppliers(3)
    rows = [[a.bpnl, "A", "SUPPLIER", a.operator, "docs/a.pdf"], [b.bpnl, "B", "SUPPLIER", b.operator, str(absolute)],
            [c.bpnl, "C", "SUPPLIER", c.operator, HASH.upper().replace("0X", "0x")]]
    valid, problems = validate(csvfile.read(write_csv(folder / "s.csv", rows)))
    assert problems == []
    assert [v.profile_hash for v in valid] == [keccak(content), keccak(b"other"), bytes.fromhex("ab" * 32)]
    assert keccak_file(folder / "docs" / "a.pdf") == keccak(content)


def test_reject_file_keeps_the_dialect_and_adds_an_error_column(tmp_path):
    a = suppliers(1)[0]
    path = write_csv(tmp_path / "s.csv", [a.cells(), ["x", "Bad; name", "SUPPLIER", a.operator, HASH]],
                     ["BPNL", "Name", "Roles", "Operator", "Profile"], delimiter=";", bom=True)
    source = csvfile.read(path)
    out = tmp_path / "rejects.csv"
    csvfile.write_rejects(source, [(source.rows[1], "bpnl: 'BPNL' followed by 12 of 0-9/A-Z")], out)
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    lines = list(csv.reader(io.StringIO(data[3:].decode()), delimiter=";"))
    assert lines == [["BPNL", "Name", "Roles", "Operator", "Profile", "error"],
                     ["x", "Bad; name", "SUPPLIER", a.operator, HASH, "bpnl: 'BPNL' followed by 12 of 0-9/A-Z"]]


def test_the_sample_supplier_list_is_valid():
    """fixtures/onboarding/suppliers.csv: the sample for demos (semicolons, BOM, documents)."""
    source = csvfile.read(ROOT / "fixtures" / "onboarding" / "suppliers.csv")
    valid, problems = validate(source)
    assert problems == [] and len(valid) == 6 and (source.delimiter, source.bom) == (";", True)
    document = ROOT / "fixtures" / "onboarding" / "profiles" / f"{valid[0].bpnl}.txt"
    assert valid[0].profile_hash == keccak(document.read_bytes())


# --- the command's help -----------------------------------------------------------------------


def test_help_documents_the_exit_codes_and_where_files_go(capsys):
    with pytest.raises(SystemExit):
        cli(["onboard", "--help"])
    text = capsys.readouterr().out
    assert "2  a row was rejected, also with --dry-run and --skip-invalid" in text and ".onboarding/" in text
