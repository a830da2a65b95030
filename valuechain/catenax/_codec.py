"""Chain encodings of Catena-X values: fixed-size bytes and integers, both ways.

Decoding (chain -> Catena-X) raises :class:`~valuechain.errors.ChainError` when the chain
holds a value no valid payload could have produced.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any, Self
from uuid import UUID

from eth_utils.crypto import keccak

from valuechain.abi import ZERO16 as ZERO16  # the chain's empty values, for the models
from valuechain.abi import ZERO32 as ZERO32
from valuechain.abi import CatenaXEnum as CatenaXEnum
from valuechain.abi import ChainEnum

# The CX-0146 enumerations are contract enums (ISupplySignals), generated with their Catena-X
# spelling into valuechain.contract_types: RootCause (leadingRootCause), Effect (effect) and
# NotificationStatus (status), which the contract names DisruptionStatus.
from valuechain.contract_types import DisruptionStatus as NotificationStatus  # noqa: F401  (catenax.NotificationStatus)
from valuechain.contract_types import Effect as Effect
from valuechain.contract_types import RootCause as RootCause
from valuechain.errors import ChainError

#: Quantities go on chain as unsigned integers in thousandths of the unit of measure:
#: the schemas' maximum quantity, 999999999999999999.999, has three decimals.
QUANTITY_SCALE = 1000
#: On-chain quantities fit uint96 (the schema maximum times 1000 is below 2**70).
QUANTITY_BITS = 96
#: An optional quantity that is absent (agreedCapacity) goes on chain as this value.
ABSENT_QUANTITY: int = 2**QUANTITY_BITS - 1
MAX_QUANTITY = Decimal("999999999999999999.999")

BPNL_RE = re.compile(r"^BPNL[0-9A-Z]{12}$")
BPNS_RE = re.compile(r"^BPNS[a-zA-Z0-9]{12}$")
UUID_PREFIX = "urn:uuid:"
UUID_V4_RE = re.compile(
    r"^(urn:uuid:)?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-4[0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$"
)

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_SECOND = timedelta(seconds=1)


_DEMAND_CATEGORY_CODES = ("0001", "A1S1", "SR99", "PI01", "OS01", "OI01", "ED01", "PO01")


class DemandCategory(ChainEnum):
    """CX-0128 demandCategoryCode, in the order of the model (uint8 on chain)."""

    DEFAULT = 0
    AFTER_SALES = 1
    SERIES = 2
    PHASE_IN_PERIOD = 3
    SINGLE_ORDER = 4
    SMALL_SERIES = 5
    EXTRAORDINARY_DEMAND = 6
    PHASE_OUT_PERIOD = 7

    @property
    def code(self) -> str:
        """The Catena-X demandCategoryCode, e.g. ``0001``."""
        return _DEMAND_CATEGORY_CODES[self]

    @classmethod
    def codes(cls) -> tuple[str, ...]:
        return _DEMAND_CATEGORY_CODES

    @classmethod
    def from_code(cls, code: str) -> Self:
        return cls(_DEMAND_CATEGORY_CODES.index(code))


#: shared.quantity 2.0.0 ItemUnitEnumeration; on chain the 1-based position, 0 = omitted.
UNITS: tuple[str, ...] = (
    "unit:piece", "unit:set", "unit:pair", "unit:page", "unit:cycle", "unit:kilowattHour",
    "unit:gram", "unit:kilogram", "unit:tonneMetricTon", "unit:tonUsOrShortTonUkorus",
    "unit:ounceAvoirdupois", "unit:pound", "unit:metre", "unit:centimetre", "unit:kilometre",
    "unit:inch", "unit:foot", "unit:yard", "unit:squareCentimetre", "unit:squareMetre",
    "unit:squareInch", "unit:squareFoot", "unit:squareYard", "unit:cubicCentimetre",
    "unit:cubicMetre", "unit:cubicInch", "unit:cubicFoot", "unit:cubicYard", "unit:litre",
    "unit:millilitre", "unit:hectolitre", "unit:secondUnitOfTime", "unit:minuteUnitOfTime",
    "unit:hourUnitOfTime", "unit:day",
)  # fmt: skip


def unit_to_chain(unit: str | None) -> int:
    return 0 if unit is None else UNITS.index(unit) + 1


def unit_from_chain(code: int, field: str = "unitOfMeasure") -> str | None:
    if code == 0:
        return None
    if not 0 < code <= len(UNITS):
        raise ChainError(f"{field}: chain value {code} is not a unit code (0..{len(UNITS)})")
    return UNITS[code - 1]


# --- fixed-size bytes ------------------------------------------------------------------


def fixed_bytes(value: Any, size: int, field: str) -> bytes:
    """``value`` (bytes, HexBytes, or a 0x hex string as Brownie returns) as exactly ``size`` bytes."""
    if isinstance(value, str):
        text = value[2:] if value[:2] in ("0x", "0X") else value
        try:
            value = bytes.fromhex(text)
        except ValueError:
            raise ChainError(f"{field}: {value!r} is not hex") from None
    if not isinstance(value, (bytes, bytearray, memoryview)):
        raise ChainError(f"{field}: expected bytes{size}, got {type(value).__name__}")
    raw = bytes(value)
    if len(raw) != size:
        raise ChainError(f"{field}: expected bytes{size}, got {len(raw)} bytes")
    return raw


def uuid_to_bytes16(value: UUID) -> bytes:
    return value.bytes


def uuid_from_bytes16(raw: bytes, field: str) -> UUID:
    value = UUID(bytes=raw)
    if value.version != 4 or raw[8] & 0xC0 != 0x80:
        raise ChainError(f"{field}: chain value 0x{raw.hex()} is not a UUIDv4")
    return value


def format_uuid(value: UUID, urn: bool) -> str:
    return (UUID_PREFIX if urn else "") + str(value)


def parse_uuid(text: str) -> UUID:
    """The UUID of a validated (optionally ``urn:uuid:`` prefixed) UUIDv4 string."""
    return UUID(text.removeprefix(UUID_PREFIX))


def bpn_to_bytes16(value: str) -> bytes:
    """A BPNL or BPNS as its 16 ASCII bytes (the contracts' ``bytes16``)."""
    raw = value.encode("ascii")
    if len(raw) != 16:
        raise ValueError(f"{value!r} is not 16 ASCII characters")
    return raw


def bpn_from_bytes16(raw: bytes, pattern: re.Pattern[str], field: str) -> str:
    try:
        text = raw.decode("ascii")
    except UnicodeDecodeError:
        text = ""
    if not pattern.match(text):
        raise ChainError(f"{field}: chain value 0x{raw.hex()} is not a {pattern.pattern[1:5]} number")
    return text


def material_hash(material_number: str) -> bytes:
    """keccak256 of the UTF-8 material number: the material's on-chain identity."""
    return bytes(keccak(material_number.encode("utf-8")))


# --- time --------------------------------------------------------------------------------


def iso_week(day: date) -> int:
    """The ISO week of ``day`` as ``yyyyww`` (2022-08-01 -> 202231), uint24 on chain."""
    year, week, _ = day.isocalendar()
    return year * 100 + week


def week_monday(week: int, field: str) -> date:
    """The Monday of an on-chain ``yyyyww`` week."""
    year, number = divmod(int(week), 100)
    try:
        return date.fromisocalendar(year, number, 1)
    except ValueError:
        raise ChainError(f"{field}: chain value {week} is not an ISO week yyyyww") from None


def unix_seconds(moment: datetime) -> int:
    """Whole seconds since 1970-01-01T00:00:00Z (sub-second digits are dropped)."""
    return (moment - _EPOCH) // _SECOND


def from_unix(seconds: int, field: str) -> datetime:
    if seconds <= 0:
        raise ChainError(f"{field}: chain value {seconds} is not a time after 1970-01-01")
    try:
        return _EPOCH + timedelta(seconds=int(seconds))
    except OverflowError:
        raise ChainError(f"{field}: chain value {seconds} is beyond year 9999") from None


def format_datetime(moment: datetime) -> str:
    """ISO 8601 in UTC with a ``Z``, whole seconds: ``2023-12-13T14:00:00Z``."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# --- quantities --------------------------------------------------------------------------


def quantity_to_chain(quantity: Decimal | None) -> int:
    """Thousandths of the unit; ABSENT_QUANTITY for None."""
    if quantity is None:
        return ABSENT_QUANTITY
    scaled = quantity * QUANTITY_SCALE
    if scaled != scaled.to_integral_value() or not 0 <= scaled < ABSENT_QUANTITY:
        raise ValueError(f"{quantity} is not a quantity the chain can hold")
    return int(scaled)


def quantity_from_chain(value: int, field: str, optional: bool = False) -> int | Decimal | None:
    """The JSON number of an on-chain quantity (int when whole), None for ABSENT_QUANTITY."""
    value = int(value)
    if optional and value == ABSENT_QUANTITY:
        return None
    if not 0 <= value <= int(MAX_QUANTITY * QUANTITY_SCALE):
        raise ChainError(f"{field}: chain value {value} is not a quantity in thousandths")
    whole, thousandths = divmod(value, QUANTITY_SCALE)
    if thousandths == 0:
        return whole
    return (Decimal(value) / QUANTITY_SCALE).normalize()


# --- chain-level dataclasses --------------------------------------------------------------


def normalize_fields(obj: Any, sizes: dict[str, int], lists: dict[str, int] | None = None,
                     ints: tuple[str, ...] = ()) -> None:
    """Coerce the fields of a frozen chain-level dataclass built from web3/Brownie values:
    ``sizes`` names bytesN fields, ``lists`` tuples of bytesN, ``ints`` integer fields."""
    for name, size in sizes.items():
        object.__setattr__(obj, name, fixed_bytes(getattr(obj, name), size, name))
    for name, size in (lists or {}).items():
        values = tuple(fixed_bytes(v, size, f"{name}[{i}]") for i, v in enumerate(getattr(obj, name)))
        object.__setattr__(obj, name, values)
    for name in ints:
        value = getattr(obj, name)
        try:
            number = int(value)
        except (TypeError, ValueError):
            number = -1
        if isinstance(value, bool) or number < 0:
            raise ChainError(f"{name}: expected an unsigned integer, got {value!r}")
        object.__setattr__(obj, name, number)
