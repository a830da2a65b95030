"""Argument types of the command line: each refuses bad input before anything connects
or is sent, with one line that says what was expected (argparse prefixes the argument's
name: ``argument --days: 0 is out of range (expected …)``)."""

from __future__ import annotations

import argparse
import re
import uuid as uuid_
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import urlparse

from eth_utils import is_hex_address, keccak
from web3 import Web3

from valuechain import accounts, licensing
from valuechain.catenax import odrl
from valuechain.errors import InputError
from valuechain.identity import check_bpnl, parse_roles
from valuechain.onboarding.profile import ProfileResolver

UINT24_MAX, UINT32_MAX, UINT256_MAX = 2**24 - 1, 2**32 - 1, 2**256 - 1
MAX_SCORE = 10_000  # basis points (SupplyOrders.MAX_SCORE)
UNIT = re.compile(r"[A-Z0-9]{1,3}")


def _typed(name: str, parse: Callable[[str], object]) -> Callable[[str], object]:
    parse.__name__ = name  # argparse names a type in its own messages by its __name__
    return parse


class BadValue(argparse.ArgumentTypeError):
    """An argument's value refused by its type: the message, and what was expected and
    found (the command line's UsageError carries them as fields)."""

    def __init__(self, message: str, expected: object = None, found: object = None) -> None:
        super().__init__(message)
        self.expected, self.found = expected, found


def _refuse(message: str, found: object = None, expected: object = None,
            cause: InputError | None = None) -> BadValue:
    """``message`` as a refused value; ``expected`` defaults to the message's own
    "(expected …)", or to the fields of the library's ``cause``."""
    if cause is not None:
        expected, found = cause.expected if expected is None else expected, cause.found if found is None else found
    if expected is None:
        said = re.search(r"\(?expected (.*?)\)?$", message)
        expected = said.group(1) if said else None
    return BadValue(message, expected, found)


def bpnl(text: str) -> str:
    """A BPNL, checked by ``valuechain.identity.check_bpnl`` (the one BPNL check)."""
    try:
        return check_bpnl(text.strip(), "BPNL")
    except InputError as exc:
        raise _refuse(str(exc).removeprefix("BPNL: "), cause=exc) from None


def address(text: str) -> str:
    text = text.strip()
    digits = text[2:] if text[:2].lower() == "0x" else ""
    mixed = digits.lower() != digits and digits.upper() != digits
    if not is_hex_address(text) or not text.startswith("0x"):
        raise _refuse(f"{text!r} is not an account address (expected 0x followed by 40 hex digits)", found=text)
    if mixed and not Web3.is_checksum_address(text):
        raise _refuse(f"{text!r}: its mixed-case checksum is wrong, check for a typo (expected the "
                      "EIP-55 checksummed address, or all lower case)", found=text)
    if int(text, 16) == 0:
        raise _refuse("the zero address is nobody's account (expected 0x followed by 40 hex digits)", found=text)
    return Web3.to_checksum_address(text)


def roles(text: str) -> int:
    try:
        return int(parse_roles(text, "roles"))
    except InputError as exc:
        raise _refuse(str(exc).removeprefix("roles: "), cause=exc) from None


def account_name(value: str) -> str:
    try:
        return accounts.check_name(value.strip())
    except InputError as exc:
        raise _refuse(str(exc).removeprefix("account name "), cause=exc) from None


def reason(text: str) -> str:
    if not text.strip():
        raise _refuse("empty (expected the reason in words; its keccak256 goes on chain)", found=text)
    return text.strip()


def nonempty(what: str) -> Callable[[str], object]:
    """Non-empty text (``what`` says what it is)."""
    def parse(value: str) -> str:
        if not value.strip():
            raise _refuse(f"empty (expected {what})", found=value)
        return value.strip()
    return _typed("nonempty", parse)


def profile(text: str) -> bytes:
    digest, expected = ProfileResolver(Path.cwd()).resolve(text.strip())
    if digest is None:
        raise _refuse(f"{text!r}: expected {expected}", found=text)
    return digest


def integer(low: int, high: int, what: str) -> Callable[[str], object]:
    """A whole number from ``low`` to ``high``; ``what`` names it in the message."""
    span = f"from {low:,} to {high:,}" if high < 10**12 else f"{low:,} or more"
    expected = f"{what}: a whole number {span}"

    def parse(value: str) -> int:
        try:
            number = int(value.strip())
        except ValueError:
            raise _refuse(f"{value!r} is not a whole number (expected {expected})", found=value) from None
        if not low <= number <= high:
            raise _refuse(f"{number:,} is out of range (expected {expected})", found=number)
        return number
    return _typed("integer", parse)


#: order ids: the contract numbers them from 1
order_id = integer(1, UINT256_MAX, "an order id")
quantity = integer(1, UINT32_MAX, "a quantity in whole units (a uint32 on chain)")
proposal = integer(1, UINT32_MAX, "the proposal number `order amend` printed")
score = integer(0, MAX_SCORE, "basis points")
sample = integer(1, UINT24_MAX, "the number of parts inspected")
defects = integer(0, UINT24_MAX, "the number of defective parts in the sample")
days = integer(1, 100 * 365, "days")
dev_account = integer(0, UINT256_MAX, "the index of one of the node's unlocked accounts")
chain_id = integer(1, 2**64 - 1, "a chain id")
blocks = integer(0, 100_000, "blocks")


def day(value: str) -> date:
    """A due day: YYYY-MM-DD, today (UTC) or later (the contracts refuse a day in the past)."""
    try:
        parsed = date.fromisoformat(value.strip())
    except ValueError:
        raise _refuse(f"{value!r} is not a date (expected YYYY-MM-DD, today or later)", found=value) from None
    today = datetime.now(UTC).date()
    if parsed < today:
        raise _refuse(f"{parsed} is in the past (expected YYYY-MM-DD, today {today} UTC or later)",
                      found=str(parsed))
    return parsed


def unit(value: str) -> bytes:
    """A UN/ECE Recommendation 20 unit code, the contracts' bytes3 (a shorter one is padded)."""
    code = value.strip().upper()
    if not UNIT.fullmatch(code):
        raise _refuse(f"{value!r} does not fit (expected a UN/ECE Recommendation 20 code of at most 3 letters or "
                      "digits, e.g. H87 piece, KGM kilogram, MTR metre)", found=value)
    return code.encode("ascii").ljust(3, b"\x00")


def hex32(value: str) -> bytes:
    """A 32-byte id (an asset, a licence): 0x and 64 hex digits."""
    digits = value.strip()
    if not re.fullmatch(r"(0x)?[0-9a-fA-F]{64}", digits):
        shown = digits.removeprefix("0x")
        what = "is not hex" if not re.fullmatch(r"[0-9a-fA-F]*", shown) else f"has {len(shown)} hex digits"
        raise _refuse(f"{value!r} {what} (expected 0x followed by 64 hex digits)", found=value)
    return bytes.fromhex(digits.removeprefix("0x"))


def document(value: str) -> bytes:
    """A document reference: a 0x 32-byte hash as given, else the keccak256 of the text."""
    if value.strip().lower().startswith("0x"):
        return hex32(value)
    if not value.strip():
        raise _refuse("empty (expected a 0x 32-byte hash or reference text)", found=value)
    return keccak(text=value)


def purposes(value: str) -> licensing.Purpose:
    try:
        return licensing.parse_purposes(value, "purposes")
    except InputError as exc:
        raise _refuse(str(exc).removeprefix("purposes: "), cause=exc) from None


def terms(value: str) -> licensing.Terms:
    """A terms template: a JSON file, or the name of one in terms/."""
    try:
        return licensing.load_terms(value)
    except InputError as exc:
        raise _refuse(str(exc), cause=exc) from None


def terms_or_import(value: str) -> licensing.Terms | str:
    """``import`` (a usage policy follows), else a terms template as :func:`terms`."""
    return "import" if value.strip() == "import" else terms(value)


def policy(value: str) -> odrl.PolicyTerms:
    """A Catena-X ODRL usage policy file (JSON-LD), imported as licence terms."""
    try:
        return odrl.load(file_path(value))
    except InputError as exc:
        raise _refuse(str(exc), cause=exc) from None


def uuid(value: str) -> bytes:
    try:
        return uuid_.UUID(value.strip()).bytes
    except ValueError:
        raise _refuse(f"{value!r} is not a UUID (expected e.g. 8a3b1c2d-0000-4000-8000-000000000001)",
                      found=value) from None


def file(value: str) -> Path:
    """An existing file to read."""
    path = Path(value).expanduser()
    if path.is_dir():
        raise _refuse(f"{value} is a folder (expected a file)", found=value)
    if not path.exists():
        raise _refuse(f"{value}: no such file (expected an existing file)", found=value)
    return path


def file_path(value: str) -> Path:
    """A file to read or write: not a folder (it may not exist yet)."""
    if not value.strip():
        raise _refuse("empty (expected a file path)", found=value)
    path = Path(value).expanduser()
    if path.is_dir():
        raise _refuse(f"{value} is a folder (expected a file path)", found=value)
    return path


def folder(value: str) -> Path:
    """A folder (created when missing): not a file."""
    if not value.strip():
        raise _refuse("empty (expected a folder)", found=value)
    path = Path(value).expanduser()
    if path.exists() and not path.is_dir():
        raise _refuse(f"{value} is a file (expected a folder)", found=value)
    return path


def rpc_url(value: str) -> str:
    parsed = urlparse(value.strip())
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise _refuse(f"{value!r} is not an HTTP URL (expected e.g. http://127.0.0.1:8545)", found=value)
    return value.strip()


def network(value: str) -> str:
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*", value.strip()):
        raise _refuse(f"{value!r} is not a network name (expected a profile of valuechain.toml or a Brownie "
                      "network id)", found=value)
    return value.strip()


def env_name(value: str) -> str:
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", value.strip()):
        raise _refuse(f"{value!r} is not an environment variable name (expected e.g. VC_PASSWORD)", found=value)
    return value.strip()

